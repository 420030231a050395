"""WebSocket events as plain data, one builder per event, named as the event.

Upstream: server/public/model/websocket_message.go (names), server/channels/app/*.go (who sends what).
Payload values may be entities; the hub renders them with `wire` per recipient at delivery time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockmost.store.entities import (
    Channel,
    ChannelMember,
    Draft,
    Emoji,
    Post,
    Reaction,
    Role,
    Team,
    TeamMember,
    User,
)


@dataclass(slots=True)
class Broadcast:
    user_id: str = ""
    channel_id: str = ""
    team_id: str = ""
    omit_users: frozenset[str] | None = None
    connection_id: str = ""
    omit_connection_id: str = ""
    contains_sanitized_data: bool = False
    contains_sensitive_data: bool = False


@dataclass(slots=True)
class Event:
    name: str
    data: dict[str, Any]
    broadcast: Broadcast
    # Extra data for particular recipients, e.g. posted.mentions for the mentioned users only.
    per_user: dict[str, dict[str, Any]] = field(default_factory=dict)
    # user_updated only: False for the one sanitised copy sent to everyone (app/user.go
    # invalidateUserCacheAndPublish) instead of the admin/other/self variants.
    per_viewer: bool = True
    # user_updated only: the user's own copy is the unsanitised row (app/user.go VerifyUserEmail).
    raw_to_self: bool = False
    # (user id, channel ids): channels that user was just made a member of without their connections being
    # told (app/channel.go JoinDefaultChannels saves the members and publishes, and JoinUserToTeam invalidates
    # the connections' cached channel memberships only after): set on every event published in between.
    quiet_joins: tuple[str, frozenset[str]] | None = None
    # The post's reply count as read when the event was made, for a post whose thread changes with it
    # (post_deleted); None: counted at delivery.
    post_reply_count: int | None = None


def posted(
    post: Post,
    channel: Channel,
    sender_name: str,
    channel_display_name: str,
    mentions: set[str],
    followers: set[str],
    set_online: bool = True,
) -> Event:
    per_user: dict[str, dict[str, Any]] = {}
    for uid in mentions:
        per_user.setdefault(uid, {})["mentions"] = [uid]
    for uid in followers:
        per_user.setdefault(uid, {})["followers"] = [uid]
    data = {
        "channel_display_name": channel_display_name,
        "channel_name": channel.name,
        "channel_type": channel.type,
        "post": post,
        "sender_name": sender_name,
        "set_online": set_online,
        "team_id": channel.team_id,
    }
    return Event("posted", data, Broadcast(channel_id=channel.id), per_user)


def post_edited(post: Post) -> Event:
    return Event("post_edited", {"post": post}, Broadcast(channel_id=post.channel_id))


def post_deleted(post: Post, deleted_by: str, reply_count: int) -> list[Event]:
    """app/post.go DeletePost: the post as read before the deletion (GetSingle), its reply count with it."""
    sanitized = Event(
        "post_deleted",
        {"post": post},
        Broadcast(channel_id=post.channel_id, contains_sanitized_data=True),
        post_reply_count=reply_count,
    )
    sensitive = Event(
        "post_deleted",
        {"post": post, "delete_by": deleted_by},
        Broadcast(channel_id=post.channel_id, contains_sensitive_data=True),
        post_reply_count=reply_count,
    )
    return [sanitized, sensitive]


def ephemeral_message(post: Post, user_id: str) -> Event:
    """app/post.go SendEphemeralPost: the post as made, never read back (no reply count)."""
    return Event(
        "ephemeral_message",
        {"post": post},
        Broadcast(channel_id=post.channel_id, user_id=user_id),
        post_reply_count=0,
    )


def reaction_added(reaction: Reaction) -> Event:
    return Event("reaction_added", {"reaction": reaction}, Broadcast(channel_id=reaction.channel_id))


def reaction_removed(reaction: Reaction, channel_id: str) -> Event:
    return Event("reaction_removed", {"reaction": reaction}, Broadcast(channel_id=channel_id))


def draft_created(draft: Draft, connection_id: str) -> Event:
    """app/draft.go UpsertDraft: to the owner's connections but the one that saved it. The server never
    sends draft_updated: an update is another draft_created."""
    return Event("draft_created", {"draft": draft}, _to_draft_owner(draft, connection_id))


def draft_deleted(draft: Draft, connection_id: str) -> Event:
    return Event("draft_deleted", {"draft": draft}, _to_draft_owner(draft, connection_id))


def _to_draft_owner(draft: Draft, connection_id: str) -> Broadcast:
    return Broadcast(user_id=draft.user_id, channel_id=draft.channel_id, omit_connection_id=connection_id)


def typing(user_id: str, channel_id: str, parent_id: str) -> Event:
    return Event(
        "typing",
        {"parent_id": parent_id, "user_id": user_id},
        Broadcast(channel_id=channel_id, omit_users=frozenset({user_id})),
    )


def status_change(user_id: str, status: str) -> Event:
    return Event("status_change", {"status": status, "user_id": user_id}, Broadcast(user_id=user_id))


def channel_created(channel: Channel, creator_id: str) -> Event:
    return Event(
        "channel_created",
        {"channel_id": channel.id, "team_id": channel.team_id},
        Broadcast(user_id=creator_id),
    )


def channel_updated(channel: Channel) -> Event:
    return Event("channel_updated", {"channel": channel}, Broadcast(channel_id=channel.id))


def channel_deleted(channel: Channel) -> Event:
    data = {"channel_id": channel.id, "delete_at": channel.delete_at}
    if channel.type == "O":
        return Event("channel_deleted", data, Broadcast(team_id=channel.team_id))
    return Event("channel_deleted", data, Broadcast(channel_id=channel.id))


def channel_restored(channel: Channel) -> Event:
    data = {"channel_id": channel.id}
    if channel.type == "O":
        return Event("channel_restored", data, Broadcast(team_id=channel.team_id))
    return Event("channel_restored", data, Broadcast(channel_id=channel.id))


def channel_converted(channel: Channel) -> Event:
    return Event("channel_converted", {"channel_id": channel.id}, Broadcast(team_id=channel.team_id))


def channel_member_updated(member: ChannelMember) -> Event:
    return Event("channel_member_updated", {"channelMember": member}, Broadcast(user_id=member.user_id))


def multiple_channels_viewed(user_id: str, channel_times: dict[str, int]) -> Event:
    return Event(
        "multiple_channels_viewed", {"channel_times": dict(channel_times)}, Broadcast(user_id=user_id)
    )


def user_added(channel: Channel, user_id: str, omit_added: bool) -> list[Event]:
    data = {"team_id": channel.team_id, "user_id": user_id}
    if not omit_added:
        return [Event("user_added", data, Broadcast(channel_id=channel.id))]
    return [
        Event("user_added", dict(data), Broadcast(channel_id=channel.id, omit_users=frozenset({user_id}))),
        Event("user_added", dict(data), Broadcast(channel_id=channel.id, user_id=user_id)),
    ]


def user_removed(channel_id: str, user_id: str, remover_id: str) -> list[Event]:
    return [
        Event(
            "user_removed", {"remover_id": remover_id, "user_id": user_id}, Broadcast(channel_id=channel_id)
        ),
        Event(
            "user_removed", {"channel_id": channel_id, "remover_id": remover_id}, Broadcast(user_id=user_id)
        ),
    ]


def user_updated(user: User) -> Event:
    # The hub sends the sanitised copy to others and the full record to the user (platform/web_conn.go).
    return Event("user_updated", {"user": user}, Broadcast())


def user_updated_raw_to_self(user: User) -> Event:
    return Event("user_updated", {"user": user}, Broadcast(), raw_to_self=True)


def user_updated_for_all(user: User) -> Event:
    """The profile picture's user_updated: one copy, sanitised as for others, to every connection."""
    return Event("user_updated", {"user": user}, Broadcast(), per_viewer=False)


def user_role_updated(user: User) -> Event:
    return Event("user_role_updated", {"roles": user.roles, "user_id": user.id}, Broadcast(user_id=user.id))


def new_user(user_id: str) -> Event:
    return Event("new_user", {"user_id": user_id}, Broadcast())


def direct_added(channel: Channel, creator_id: str, teammate_id: str) -> Event:
    return Event(
        "direct_added",
        {"creator_id": creator_id, "teammate_id": teammate_id},
        Broadcast(channel_id=channel.id),
    )


def group_added(channel: Channel, member_ids: list[str]) -> list[Event]:
    return [
        Event(
            "group_added", {"teammate_ids": list(member_ids)}, Broadcast(user_id=uid, channel_id=channel.id)
        )
        for uid in member_ids
    ]


def added_to_team(team_id: str, user_id: str) -> Event:
    return Event("added_to_team", {"team_id": team_id, "user_id": user_id}, Broadcast(user_id=user_id))


def leave_team(team_id: str, user_id: str) -> list[Event]:
    data = {"team_id": team_id, "user_id": user_id}
    return [
        Event("leave_team", dict(data), Broadcast(team_id=team_id, omit_users=frozenset({user_id}))),
        Event("leave_team", dict(data), Broadcast(user_id=user_id)),
    ]


def update_team(team: Team) -> Event:
    return Event("update_team", {"team": team}, Broadcast(team_id=team.id))


def delete_team(team: Team) -> Event:
    return Event("delete_team", {"team": team}, Broadcast(team_id=team.id))


def restore_team(team: Team) -> Event:
    return Event("restore_team", {"team": team}, Broadcast(team_id=team.id))


def memberrole_updated(member: TeamMember) -> Event:
    return Event("memberrole_updated", {"member": member}, Broadcast(user_id=member.user_id))


def preferences_changed(user_id: str, preferences: list[Any]) -> Event:
    return Event("preferences_changed", {"preferences": list(preferences)}, Broadcast(user_id=user_id))


def preference_changed(user_id: str, preference: Any) -> Event:
    """One preference saved by the server itself (the /collapse and /expand commands)."""
    return Event("preference_changed", {"preference": preference}, Broadcast(user_id=user_id))


def preferences_deleted(user_id: str, preferences: list[Any]) -> Event:
    return Event("preferences_deleted", {"preferences": list(preferences)}, Broadcast(user_id=user_id))


def sidebar_category_updated(user_id: str) -> Event:
    # app/preference.go sends it (with no data) before preferences_changed / preferences_deleted.
    return Event("sidebar_category_updated", {}, Broadcast(user_id=user_id))


def sidebar_category_created(team_id: str, user_id: str, category_id: str) -> Event:
    """app/channel_category.go CreateSidebarCategory."""
    return Event(
        "sidebar_category_created", {"category_id": category_id}, Broadcast(team_id=team_id, user_id=user_id)
    )


def sidebar_categories_updated(team_id: str, user_id: str, categories_json: str) -> Event:
    """app/channel_category.go UpdateSidebarCategories: `updatedCategories` is a JSON string."""
    return Event(
        "sidebar_category_updated",
        {"updatedCategories": categories_json},
        Broadcast(team_id=team_id, user_id=user_id),
    )


def sidebar_category_order_updated(team_id: str, user_id: str, order: list[str]) -> Event:
    return Event(
        "sidebar_category_order_updated", {"order": order}, Broadcast(team_id=team_id, user_id=user_id)
    )


def sidebar_category_deleted(team_id: str, user_id: str, category_id: str) -> Event:
    return Event(
        "sidebar_category_deleted", {"category_id": category_id}, Broadcast(team_id=team_id, user_id=user_id)
    )


def emoji_added(emoji: Emoji) -> Event:
    return Event("emoji_added", {"emoji": emoji}, Broadcast())


def open_dialog(user_id: str, dialog: str) -> Event:
    """app/integration_action.go OpenInteractiveDialog: `dialog` is the request as a JSON string."""
    return Event("open_dialog", {"dialog": dialog}, Broadcast(user_id=user_id))


def config_changed(client_config: dict[str, str]) -> Event:
    """platform/service.go config listener: the regenerated client config, to every connection."""
    return Event("config_changed", {"config": client_config}, Broadcast())


def thread_updated(
    team_id: str, user_id: str, thread: Any, previous_unread_mentions: int, previous_unread_replies: int
) -> Event:
    """app/notification.go SendNotifications: to each following user; `thread` is a UserThread."""
    data = {
        "thread": thread,
        "previous_unread_mentions": previous_unread_mentions,
        "previous_unread_replies": previous_unread_replies,
    }
    return Event("thread_updated", data, Broadcast(team_id=team_id, user_id=user_id))


def thread_follow_changed(team_id: str, user_id: str, thread_id: str, state: bool, reply_count: int) -> Event:
    """app/user.go UpdateThreadFollowForUser."""
    data = {"thread_id": thread_id, "state": state, "reply_count": reply_count}
    return Event("thread_follow_changed", data, Broadcast(team_id=team_id, user_id=user_id))


def thread_read_changed(team_id: str, user_id: str, data: dict[str, Any] | None = None) -> Event:
    """app/user.go UpdateThreadReadForUser (thread fields) and UpdateThreadsReadForUser (no data)."""
    return Event("thread_read_changed", dict(data or {}), Broadcast(team_id=team_id, user_id=user_id))


def thread_read_changed_in_channel(channel_id: str, user_id: str, timestamp: int) -> Event:
    """app/channel.go MarkChannelsAsViewed: a channel's threads read, to the user (channel and user set)."""
    return Event(
        "thread_read_changed", {"timestamp": timestamp}, Broadcast(channel_id=channel_id, user_id=user_id)
    )


def post_unread(team_id: str, channel_id: str, user_id: str, data: dict[str, Any]) -> Event:
    """app/channel.go sendWebSocketPostUnreadEvent: to the user only (team, channel and user set)."""
    return Event(
        "post_unread", dict(data), Broadcast(team_id=team_id, channel_id=channel_id, user_id=user_id)
    )


def role_updated(role: Role) -> Event:
    """app/role.go sendUpdatedRoleEvent: the patched role, to every connection."""
    return Event("role_updated", {"role": role}, Broadcast())


def first_admin_visit_marketplace_status_received(value: str) -> Event:
    """api4/plugin.go setFirstAdminVisitMarketplaceStatus: to every connection."""
    return Event(
        "first_admin_visit_marketplace_status_received",
        {"firstAdminVisitMarketplaceStatus": value},
        Broadcast(),
    )
