"""Outgoing webhooks: a bus subscriber that fires the team's hooks for each new post.

Upstream: app/post.go handlePostEvents (only posts created with TriggerWebhooks) and app/webhook.go
handleWebhookEvents / TriggerWebhook. The bus may call from the server loop or a test thread; the
subscriber only matches hooks and hands each callback URL to the outbound pool.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING

from mockmost.integrations import Outbound, deliver_outgoing, outbound_for, outgoing_payload

if TYPE_CHECKING:
    from mockmost.app import AppState
    from mockmost.events.catalog import Event
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
    outbound = outbound_for(state)
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
