"""Channels and channel members as JSON. Upstream: model/channel.go, model/channel_member.go."""

from __future__ import annotations

from typing import Any

from mockmost.store.entities import Channel, ChannelMember


def channel(c: Channel) -> dict[str, Any]:
    return {
        "id": c.id,
        "create_at": c.create_at,
        "update_at": c.update_at,
        "delete_at": c.delete_at,
        "team_id": c.team_id,
        "type": c.type,
        "display_name": c.display_name,
        "name": c.name,
        "header": c.header,
        "purpose": c.purpose,
        "last_post_at": c.last_post_at,
        "total_msg_count": c.total_msg_count,
        "extra_update_at": c.extra_update_at,
        "creator_id": c.creator_id,
        "scheme_id": c.scheme_id,
        "props": c.props,
        "group_constrained": c.group_constrained,
        "shared": c.shared,
        "total_msg_count_root": c.total_msg_count_root,
        "policy_id": c.policy_id,
        "last_root_post_at": c.last_root_post_at,
        "banner_info": c.banner_info,
        "policy_enforced": c.policy_enforced,
        "default_category_name": c.default_category_name,
    }


def channel_member(m: ChannelMember, viewer_id: str | None = None) -> dict[str, Any]:
    """Other users' records have last_viewed_at and last_update_at of -1 (SanitizeForCurrentUser)."""
    own = viewer_id is None or viewer_id == m.user_id
    return {
        "channel_id": m.channel_id,
        "user_id": m.user_id,
        "roles": m.roles,
        "last_viewed_at": m.last_viewed_at if own else -1,
        "msg_count": m.msg_count,
        "mention_count": m.mention_count,
        "mention_count_root": m.mention_count_root,
        "urgent_mention_count": m.urgent_mention_count,
        "msg_count_root": m.msg_count_root,
        "notify_props": dict(m.notify_props),
        "last_update_at": m.last_update_at if own else -1,
        "scheme_guest": m.scheme_guest,
        "scheme_user": m.scheme_user,
        "scheme_admin": m.scheme_admin,
        "explicit_roles": m.explicit_roles,
    }


def channel_unread(c: Channel, m: ChannelMember) -> dict[str, Any]:
    """app/channel.go GetChannelUnread: a member marking unread on mentions only has no unread messages."""
    mentions_only = m.notify_props.get("mark_unread") == "mention"
    return {
        "team_id": c.team_id,
        "channel_id": c.id,
        "msg_count": 0 if mentions_only else c.total_msg_count - m.msg_count,
        "mention_count": m.mention_count,
        "mention_count_root": m.mention_count_root,
        "urgent_mention_count": m.urgent_mention_count,
        "msg_count_root": 0 if mentions_only else c.total_msg_count_root - m.msg_count_root,
    }
