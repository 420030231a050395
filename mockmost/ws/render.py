"""Event → WebSocket frame text, as the real server writes it.

Upstream: server/public/model/websocket_message.go. A broadcast event is "precomputed" once by the hub
and written as `{"event": …, "data": …, "broadcast": …, "seq": N}` (a space after each top-level colon,
no newline); an event made for one connection (hello, or a broadcast changed per recipient by a broadcast
hook such as posted's `mentions`) goes through json.Encoder: compact, with a trailing newline. `data` is a
Go map, so its keys are sorted; entities inside it are JSON strings except `user_updated`'s `user`.
Frames are split into a head and a tail around the sequence number so that one rendering serves every
connection of an audience.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost import gojson, wire
from mockmost.events.catalog import Broadcast, Event
from mockmost.store.entities import (
    Channel,
    ChannelMember,
    Draft,
    Emoji,
    Post,
    Preference,
    Reaction,
    Role,
    Team,
    TeamMember,
    User,
    UserThread,
)

if TYPE_CHECKING:
    from mockmost.store import Store

# data keys whose values the real server double-encodes (model/websocket_message.go callers use
# json.Marshal then msg.Add(key, string(bytes))).
_STRING_KEYS = frozenset(
    {
        "post",
        "reaction",
        "channel",
        "team",
        "member",
        "channelMember",
        "preferences",
        "preference",
        "emoji",
        "thread",
        "mentions",
        "followers",
        "teammate_ids",
        "role",
        "draft",
    }
)


def go_json(obj: Any) -> str:
    """encoding/json.Marshal: compact, HTML characters and line separators escaped."""
    return gojson.marshal(obj).decode()


def broadcast_json(b: Broadcast) -> dict[str, Any]:
    out: dict[str, Any] = {
        "omit_users": {uid: True for uid in sorted(b.omit_users)} if b.omit_users else None,
        "user_id": b.user_id,
        "channel_id": b.channel_id,
        "team_id": b.team_id,
        "connection_id": b.connection_id,
        "omit_connection_id": b.omit_connection_id,
    }
    if b.contains_sanitized_data:
        out["contains_sanitized_data"] = True
    if b.contains_sensitive_data:
        out["contains_sensitive_data"] = True
    return out


def _entity(
    store: Store,
    event_name: str,
    value: Any,
    viewer: str,
    show: tuple[bool, bool],
    reply_count: int | None = None,
) -> Any:
    if isinstance(value, Post):
        # post_deleted carries the post as it was, without metadata (app/post.go CleanUpAfterPostDeletion).
        # pending_post_id is not stored: only the posted event echoes it (observed on 11.2)
        return wire.post(
            value,
            store,
            reply_count=reply_count,
            with_metadata=event_name != "post_deleted",
            read=event_name != "posted",
        )
    if isinstance(value, Reaction):
        return wire.reaction(value)
    if isinstance(value, Draft):
        # draft_created carries the answer (with metadata); draft_deleted the stored row (app/draft.go).
        return wire.draft(value, store if event_name == "draft_created" else None)
    if isinstance(value, Channel):
        return wire.channel(value)
    if isinstance(value, ChannelMember):
        return wire.channel_member(value)
    if isinstance(value, Team):
        # app/team.go sendTeamEvent sanitises the team for everyone (email and invite_id blanked).
        return wire.team(value, show_email=False, show_invite_id=False)
    if isinstance(value, TeamMember):
        return wire.team_member(value)
    if isinstance(value, Emoji):
        return wire.emoji(value)
    if isinstance(value, Preference):
        return wire.preference(value)
    if isinstance(value, User):
        return wire.user(value, viewer, *show)  # type: ignore[arg-type]
    if isinstance(value, Role):
        return wire.role(value)
    if isinstance(value, UserThread):
        # thread_updated's `thread` (model/thread.go ThreadResponse)
        return wire.user_thread(store, value)
    if isinstance(value, list):
        return [_entity(store, event_name, v, viewer, show, reply_count) for v in value]
    if isinstance(value, dict):
        return {k: value[k] for k in sorted(value)}
    return value


def render_data(
    store: Store, event: Event, extra: dict[str, Any] | None = None, viewer: str = "other"
) -> dict[str, Any]:
    """`data` as the real server fills it, keys sorted like a Go map; `viewer` picks the user_updated copy."""
    show = (
        store.settings.get("PrivacySettings.ShowEmailAddress"),
        store.settings.get("PrivacySettings.ShowFullName"),
    )
    merged = dict(event.data)
    if extra:
        merged.update(extra)
    out: dict[str, Any] = {}
    for key in sorted(merged):
        value = _entity(store, event.name, merged[key], viewer, show, event.post_reply_count)
        if key in _STRING_KEYS and not isinstance(value, str):
            value = go_json(value)
        out[key] = value
    return out


def precomputed(name: str, data: dict[str, Any], broadcast: Broadcast) -> tuple[str, str]:
    """WebSocketEvent.PrecomputeJSON + precomputedJSONBuf: head and tail around the seq."""
    bc = go_json(broadcast_json(broadcast))
    head = f'{{"event": {go_json(name)}, "data": {go_json(data)}, "broadcast": {bc}, "seq": '
    return head, "}"


def encoded(name: str, data: dict[str, Any], broadcast: Broadcast) -> tuple[str, str]:
    """json.Encoder.Encode(webSocketEventJSON): compact, newline-terminated."""
    bc = go_json(broadcast_json(broadcast))
    head = f'{{"event":{go_json(name)},"data":{go_json(data)},"broadcast":{bc},"seq":'
    return head, "}\n"


def response(
    status: str, seq_reply: int, data: dict[str, Any] | None = None, error: dict[str, Any] | None = None
) -> str:
    """model.WebSocketResponse through json.Encoder: seq_reply, data and error are omitempty."""
    out: dict[str, Any] = {"status": status}
    if seq_reply:
        out["seq_reply"] = seq_reply
    if data:
        out["data"] = {k: data[k] for k in sorted(data)}
    if error is not None:
        out["error"] = error
    return go_json(out) + "\n"
