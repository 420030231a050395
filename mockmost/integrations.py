"""Outbound HTTP to integrations: outgoing webhooks, slash command URLs, interactive actions and dialogs.

Upstream: app/webhook.go (TriggerWebhook, doOutgoingWebhookRequest), app/command.go (DoCommandRequest),
app/integration_action.go (DoPostActionWithCookie, DoActionRequest, OpenInteractiveDialog,
SubmitInteractiveDialog), model/outgoing_webhook.go, model/integration_action.go.

Requests run on a worker pool with one shared httpx client and the configured
OutgoingIntegrationRequestsTimeout, so a slow or dead integration never blocks the server loop;
async handlers await them through `Outbound.call`.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from mockmost import gojson
from mockmost.errors import AppError
from mockmost.store import attachments as slack

if TYPE_CHECKING:
    from mockmost.app import AppState
    from mockmost.store import Store
    from mockmost.store.entities import Channel, OutgoingWebhook, Post, Session

MAX_RESPONSE_BYTES = 1024 * 1024  # app/webhook.go MaxIntegrationResponseSize
USER_AGENT = "Mattermost-Bot/1.1"  # platform/services/httpservice defaultUserAgent
T = TypeVar("T")


class OutboundError(Exception):
    """The integration could not be reached or did not answer in time."""


@dataclass(slots=True)
class OutboundResponse:
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def media_type(self) -> str:
        return self.headers.get("content-type", "").split(";")[0].strip().lower()


def go_json(obj: Any) -> bytes:
    """encoding/json.Marshal: compact, with <, > and & escaped as Go does."""
    text = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
    for char, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, escaped)
    return text.encode()


def form_encode(values: list[tuple[str, str]]) -> str:
    """url.Values.Encode: keys sorted, each key's values in insertion order."""
    return urllib.parse.urlencode(sorted(values, key=lambda kv: kv[0]))


class Outbound:
    """A worker pool and one httpx client shared by every outbound integration call."""

    def __init__(self, workers: int = 16) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mockmost-integration")
        self._client = httpx.Client(
            follow_redirects=True, trust_env=False, headers={"User-Agent": USER_AGENT}
        )
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def request(
        self,
        method: str,
        url: str,
        *,
        timeout: float,
        headers: dict[str, str] | None = None,
        content: bytes | str | None = None,
    ) -> OutboundResponse:
        """Blocking request (call it on the pool); the body is read up to the 1 MiB integration limit."""
        try:
            with self._client.stream(method, url, headers=headers, content=content, timeout=timeout) as resp:
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= MAX_RESPONSE_BYTES:
                        break
                return OutboundResponse(resp.status_code, resp.headers, b"".join(chunks)[:MAX_RESPONSE_BYTES])
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError) as exc:
            raise OutboundError(f"{type(exc).__name__}: {exc}") from exc

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future = self._pool.submit(fn, *args)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking call on the pool and await it from whichever event loop serves the request."""
        return await asyncio.wrap_future(self.submit(fn, *args))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no outbound work is pending (tests use it after a post that fires webhooks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                pending = list(self._pending)
            if not pending:
                return True
            for future in pending:
                try:
                    future.result(timeout=max(0.0, deadline - time.monotonic()))
                except Exception:  # noqa: BLE001 - failures are reported where the work ran
                    pass
        return False


def outbound_for(state: AppState) -> Outbound:
    """The app's Outbound, made on first use."""
    outbound = state.extensions.get("integrations")
    if outbound is None:
        with state._lock:
            outbound = state.extensions.get("integrations")
            if outbound is None:
                outbound = state.extensions["integrations"] = Outbound()
    return outbound  # type: ignore[no-any-return]


def timeout_of(store: Store) -> float:
    return float(store.settings.get("ServiceSettings.OutgoingIntegrationRequestsTimeout"))


# ---- outgoing webhooks ---------------------------------------------------------------------------
def outgoing_payload(
    store: Store, hook: OutgoingWebhook, post: Post, channel: Channel, trigger_word: str
) -> dict[str, Any]:
    """model.OutgoingWebhookPayload, in its field order."""
    team = store.teams.find(channel.team_id)
    user = store.users.find(post.user_id)
    return {
        "token": hook.token,
        "team_id": hook.team_id,
        "team_domain": team.name if team else "",
        "channel_id": post.channel_id,
        "channel_name": channel.name,
        "timestamp": post.create_at,
        "user_id": post.user_id,
        "user_name": user.username if user else "",
        "post_id": post.id,
        "text": post.message,
        "trigger_word": trigger_word,
        "file_ids": ",".join(post.file_ids),
    }


def outgoing_request(hook: OutgoingWebhook, payload: dict[str, Any]) -> tuple[dict[str, str], bytes]:
    """app/webhook.go TriggerWebhook: JSON (timestamp in ms) or a form (timestamp in seconds)."""
    if hook.content_type == "application/json":
        return {"Content-Type": "application/json", "Accept": "application/json"}, go_json(payload)
    form = {**payload, "timestamp": str(payload["timestamp"] // 1000)}
    body = form_encode([(k, str(v)) for k, v in form.items()])
    return {"Content-Type": "application/x-www-form-urlencoded", "Accept": "application/json"}, body.encode()


def deliver_outgoing(
    outbound: Outbound,
    store: Store,
    hook: OutgoingWebhook,
    url: str,
    post: Post,
    channel: Channel,
    payload: dict[str, Any],
) -> None:
    """One callback URL: POST the payload, then post the answer as the hook's creator."""
    headers, body = outgoing_request(hook, payload)
    try:
        resp = outbound.request("POST", url, timeout=timeout_of(store), headers=headers, content=body)
        answer = (
            json.JSONDecoder().raw_decode(resp.body.decode("utf-8", "replace").lstrip())[0]
            if resp.body.strip()
            else None
        )
    except (OutboundError, ValueError):
        return  # upstream logs the failure and posts nothing
    if not isinstance(answer, dict):
        return
    try:
        _post_outgoing_answer(store, hook, post, channel, answer)
    except (AppError, slack.DecodeError):
        return  # "Failed to create response post." is only logged upstream


def _post_outgoing_answer(
    store: Store, hook: OutgoingWebhook, post: Post, channel: Channel, answer: dict[str, Any]
) -> None:
    text = slack.go_key(answer, "text")
    attachments = slack.decode_attachments(slack.go_key(answer, "attachments"))
    if not isinstance(text, str) and not attachments:
        return
    props = dict(slack.go_object(answer, "props") or {})
    props["webhook_display_name"] = hook.display_name
    processed = slack.process_attachments(store, attachments)
    username = slack.go_str(answer, "username")
    icon_url = slack.go_str(answer, "icon_url")
    settings = store.settings
    if settings.get("ServiceSettings.EnablePostUsernameOverride") and hook.username and not username:
        username = hook.username
    if settings.get("ServiceSettings.EnablePostIconOverride") and hook.icon_url and not icon_url:
        icon_url = hook.icon_url
    root_id = post.id if slack.go_str(answer, "response_type") == "comment" else ""
    store.webhooks.create_webhook_post(
        hook.creator_id,
        channel,
        slack.process_slack_text(store, text if isinstance(text, str) else ""),
        username=username,
        icon_url=icon_url,
        props=props,
        attachments=processed or None,
        post_type=slack.go_str(answer, "type"),
        root_id=root_id,
        priority=slack.go_key(answer, "priority"),
    )


# ---- interactive actions -------------------------------------------------------------------------
def _action_request(outbound: Outbound, store: Store, url: str, body: dict[str, Any]) -> OutboundResponse:
    """app/integration_action.go DoActionRequest: JSON POST that must answer 200."""
    try:
        resp = outbound.request(
            "POST",
            url,
            timeout=timeout_of(store),
            content=go_json(body),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
        )
    except OutboundError as exc:
        raise AppError(
            "api.post.do_action.action_integration.app_error",
            400,
            message="Action integration error.",
            detailed_error=f"err={exc}",
        ) from None
    if resp.status != 200:
        raise AppError(
            "api.post.do_action.action_integration.app_error",
            400,
            message="Action integration error.",
            detailed_error=f"status={resp.status}",
        )
    return resp


@dataclass(slots=True)
class ActionTarget:
    """What DoPostActionWithCookie learns from the stored post or from the action cookie."""

    post_id: str
    channel_id: str
    root_id: str
    type: str
    data_source: str
    url: str
    context: dict[str, Any] | None
    retain: dict[str, Any]
    remove: list[str]
    original: Post | None


def action_target(store: Store, post_id: str, action_id: str, cookie: dict[str, Any] | None) -> ActionTarget:
    post = store.posts.find(post_id)
    if post is None or post.delete_at:
        if cookie is None:
            raise AppError("app.post.get.app_error", 404, message="Unable to get the post.")
        return _cookie_target(store, post_id, cookie)
    action = slack.find_action(post.props, action_id)
    if action is None or "integration" not in action:
        raise AppError("api.post.do_action.action_id.app_error", 404, message="Invalid action id.")
    integration = action["integration"]
    retain = {k: post.props[k] for k in slack.RETAIN_PROP_KEYS if k in post.props}
    return ActionTarget(
        post.id,
        post.channel_id,
        post.root_id or post.id,
        action.get("type", ""),
        action.get("data_source", ""),
        integration.get("url", ""),
        integration.get("context"),
        retain,
        [k for k in slack.RETAIN_PROP_KEYS if k not in post.props],
        post,
    )


def _cookie_target(store: Store, post_id: str, cookie: dict[str, Any]) -> ActionTarget:
    integration = cookie.get("integration")
    if not isinstance(integration, dict):
        raise AppError(
            "api.post.do_action.action_integration.app_error",
            400,
            message="Action integration error.",
            detailed_error="no Integration in action cookie",
        )
    if cookie.get("post_id") != post_id:
        raise AppError(
            "api.post.do_action.action_integration.app_error",
            400,
            message="Action integration error.",
            detailed_error="postId doesn't match",
        )
    store.channels.get(str(cookie.get("channel_id", "")))
    return ActionTarget(
        post_id,
        str(cookie.get("channel_id", "")),
        str(cookie.get("root_post_id", "")),
        str(cookie.get("type", "")),
        str(cookie.get("data_source", "")),
        str(integration.get("url", "")),
        integration.get("context"),
        dict(cookie.get("retain_props") or {}),
        list(cookie.get("remove_props") or []),
        None,
    )


async def do_post_action(
    state: AppState, session: Session, target: ActionTarget, selected_option: str
) -> str:
    """app/integration_action.go DoPostActionWithCookie → the client's trigger id."""
    store = state.store
    user = store.users.get(session.user_id)
    channel = store.channels.get(target.channel_id)
    team = store.teams.find(channel.team_id) if channel.team_id else None
    if channel.team_id and team is None:
        raise AppError("app.team.get.find.app_error", 404, message="Unable to find the existing team.")
    context = dict(target.context) if target.context is not None else None
    request: dict[str, Any] = {
        "user_id": user.id,
        "user_name": user.username,
        "channel_id": channel.id,
        "channel_name": channel.name,
        "team_id": channel.team_id,
        "team_domain": team.name if team else "",
        "post_id": target.post_id,
        "trigger_id": "",
        "type": target.type,
        "data_source": "",
    }
    if target.type == "select" and selected_option:
        context = context if context is not None else {}
        request["data_source"] = target.data_source
        context["selected_option"] = selected_option
    if context is not None:
        request["context"] = context
    client_trigger_id, request["trigger_id"] = store.commands.new_trigger_id(user.id)
    resp = await outbound_for(state).call(_action_request, outbound_for(state), store, target.url, request)
    answer = _decode_action_answer(resp.body)
    if answer.get("update") is not None and target.original is not None:
        _apply_update(store, target, answer["update"])
    ephemeral = answer.get("ephemeral_text")
    if ephemeral:
        text = ephemeral if answer.get("skip_slack_parsing") else slack.parse_slack_links(ephemeral)
        store.commands.send_ephemeral(
            user.id, channel.id, text, root_id=target.root_id, props=dict(target.retain)
        )
    return client_trigger_id


def _decode_action_answer(body: bytes) -> dict[str, Any]:
    """model.PostActionIntegrationResponse; an empty body is fine, anything undecodable is not."""
    if not body:
        return {}
    try:
        answer = gojson.loads(body)
        if answer is None:
            return {}
        if not isinstance(answer, dict):
            raise ValueError("not an object")
        update = slack.go_object(answer, "update")
        text = slack.go_str(answer, "ephemeral_text")
        skip = slack.go_bool(answer, "skip_slack_parsing")
        if update is not None:
            for name in ("message", "type", "root_id"):
                slack.go_str(update, name)
            slack.go_object(update, "props")
    except (ValueError, slack.DecodeError):
        raise AppError(
            "api.post.do_action.action_integration.app_error", 400, message="Action integration error."
        ) from None
    return {"update": update, "ephemeral_text": text, "skip_slack_parsing": skip}


def _apply_update(store: Store, target: ActionTarget, update: dict[str, Any]) -> None:
    """The integration's post replaces the clicked one: same id, pin and reaction flags kept, and the
    webhook/override props retained (app/integration_action.go)."""
    post = target.original
    assert post is not None
    props = slack.go_object(update, "props")
    if props is None:
        props = dict(post.props)
    else:
        props = {k: v for k, v in props.items() if k not in target.remove}
        props.update(target.retain)
    file_ids = slack.go_list(update, "file_ids") or []
    body = {
        "message": slack.go_str(update, "message"),
        "props": props,
        "is_pinned": post.is_pinned,
        "has_reactions": post.has_reactions,
        "file_ids": [f for f in file_ids if isinstance(f, str)],
    }
    store.posts.update(post, body, patch=False)


# ---- interactive dialogs -------------------------------------------------------------------------
async def submit_dialog(state: AppState, url: str, submission: dict[str, Any]) -> dict[str, Any]:
    """app/integration_action.go SubmitInteractiveDialog: the integration's errors come back to the client."""
    store = state.store
    outbound = outbound_for(state)
    resp = await outbound.call(_action_request, outbound, store, url, submission)
    try:
        answer = json.JSONDecoder().raw_decode(resp.body.decode("utf-8", "replace").lstrip())[0]
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        return {}
    out: dict[str, Any] = {}
    for name, kind in (("error", str), ("errors", dict), ("type", str), ("form", dict)):
        value = slack.go_key(answer, name)
        if value and isinstance(value, kind):
            out[name] = value
    return out
