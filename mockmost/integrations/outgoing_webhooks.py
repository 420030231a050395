"""Outgoing webhooks: a bus subscriber that fires the team's hooks for each new post, and posts what they
answer.

Upstream: app/post.go handlePostEvents (only posts created with TriggerWebhooks) and app/webhook.go
handleWebhookEvents / TriggerWebhook / doOutgoingWebhookRequest, model/outgoing_webhook.go. The bus may call
from the server loop or a test thread; the subscriber only matches hooks and hands each callback URL to the
outbound pool.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError
from mockmost.integrations.outbound import Outbound, OutboundError, form_encode, go_json, timeout_of
from mockmost.store import attachments as slack

if TYPE_CHECKING:
    from mockmost.events.catalog import Event
    from mockmost.state import AppState
    from mockmost.store import Store
    from mockmost.store.entities import Channel, OutgoingWebhook, Post


def install(state: AppState) -> None:
    """Subscribe once per app; each event is judged against the store current when it is published."""

    def on_events(events: list[Event]) -> None:
        for event in events:
            if event.name == "posted":
                try:
                    _fire(state, event.data["post"])
                except Exception as exc:  # noqa: BLE001 - a subscriber bug must fail the test, not the poster
                    state.record_crash("outgoing webhooks", exc, traceback.format_exc())

    state.bus.subscribe(on_events)


def _fire(state: AppState, post: Post) -> None:
    store = state.store
    if not store.webhooks.outgoing:  # the common case, checked before anything else on every post
        return
    if store.post_by_id.get(post.id) is not post or not store.webhooks.triggers_webhooks(post):
        return
    if not store.settings.get("ServiceSettings.EnableOutgoingWebhooks"):
        return
    channel = store.channels.find(post.channel_id)
    if channel is None or channel.type != "O":
        return
    with store.lock:
        hooks, trigger_word = store.webhooks.match_outgoing(post, channel)
        payloads = [(hook, outgoing_payload(store, hook, post, channel, trigger_word)) for hook in hooks]
    outbound = state.outbound_pool()
    for hook, payload in payloads:
        for url in hook.callback_urls:
            outbound.submit(_deliver, state, outbound, store, hook, url, post, channel, payload)


def _deliver(
    state: AppState,
    outbound: Outbound,
    store: Store,
    hook: OutgoingWebhook,
    url: str,
    post: Post,
    channel: Channel,
    payload: dict[str, object],
) -> None:
    try:
        deliver_outgoing(outbound, store, hook, url, post, channel, payload)
    except Exception as exc:  # noqa: BLE001 - recorded so the fixture fails the test that caused it
        state.record_crash(f"outgoing webhook {hook.id} → {url}", exc, traceback.format_exc())


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
        answer = gojson.decode(resp.body) if resp.body.strip(b" \t\r\n") else None
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
    text = gojson.field(answer, "text")
    attachments = slack.decode_attachments(gojson.field(answer, "attachments"))
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
        priority=gojson.field(answer, "priority"),
    )
