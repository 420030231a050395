"""ChannelUnreadAt and post search results as JSON. Upstream: model/channel_member.go (ChannelUnreadAt),
model/post_search_results.go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.store.entities import Channel, ChannelMember
from mockmost.wire.posts import post_list

if TYPE_CHECKING:
    from mockmost.store import Store


def channel_unread_at(c: Channel, m: ChannelMember) -> dict[str, Any]:
    """The member's own counters (msg_count is what it has read), not the unread difference."""
    return {
        "team_id": c.team_id,
        "user_id": m.user_id,
        "channel_id": c.id,
        "msg_count": m.msg_count,
        "mention_count": m.mention_count,
        "mention_count_root": m.mention_count_root,
        "urgent_mention_count": m.urgent_mention_count,
        "msg_count_root": m.msg_count_root,
        "last_viewed_at": m.last_viewed_at,
    }


def post_search_results(store: Store, order: list[str]) -> dict[str, Any]:
    """PostSearchResults: a PostList plus `matches`, null for the database search."""
    out = post_list(store, order)
    out["matches"] = None
    return out
