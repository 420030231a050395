"""Interactive message buttons and menus: the click goes to the integration, whose answer may update the post
and send an ephemeral message. Upstream: app/integration_action.go (DoPostActionWithCookie, DoActionRequest),
model/integration_action.go.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError
from mockmost.integrations.outbound import Outbound, OutboundError, OutboundResponse, go_json, timeout_of
from mockmost.store import attachments as slack

if TYPE_CHECKING:
    from mockmost.state import AppState
    from mockmost.store import Store
    from mockmost.store.entities import Post, Session


def action_request(outbound: Outbound, store: Store, url: str, body: dict[str, Any]) -> OutboundResponse:
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
    outbound = state.outbound_pool()
    resp = await outbound.call(action_request, outbound, store, target.url, request)
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
