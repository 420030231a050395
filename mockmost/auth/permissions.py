"""Role → permission table (fresh-install defaults) and the checks. Upstream: app/authorization.go,
model/role.go, app/permissions_migrations.go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.errors import AppError, permission_denied
from mockmost.store.entities import Channel, Session, User

if TYPE_CHECKING:
    from mockmost.store import Store

_CHANNEL_USER = {
    "read_channel",
    "read_channel_content",
    "add_reaction",
    "remove_reaction",
    "manage_public_channel_members",
    "upload_file",
    "get_public_link",
    "create_post",
    "use_channel_mentions",
    "manage_public_channel_properties",
    "manage_private_channel_properties",
    "delete_public_channel",
    "delete_private_channel",
    "manage_private_channel_members",
    "delete_post",
    "edit_post",
    "use_slash_commands",
    "add_bookmark_public_channel",
    "edit_bookmark_public_channel",
    "delete_bookmark_public_channel",
    "order_bookmark_public_channel",
}
_TEAM_USER = {
    "list_team_channels",
    "join_public_channels",
    "read_public_channel",
    "view_team",
    "create_public_channel",
    "create_private_channel",
    "invite_user",
    "add_user_to_team",
    "use_slash_commands",
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    "system_user": {
        "create_team",
        "create_direct_channel",
        "create_group_channel",
        "view_members",
        "list_public_teams",
        "join_public_teams",
        "create_emojis",
        "delete_emojis",
        "create_custom_group",
        "list_users_without_team",
    },
    "system_guest": {"create_direct_channel", "create_group_channel"},
    "system_user_access_token": {
        "create_user_access_token",
        "read_user_access_token",
        "revoke_user_access_token",
    },
    "system_post_all": {"create_post"},
    "system_post_all_public": {"create_post_public"},
    "team_user": _TEAM_USER,
    "team_guest": {"view_team"},
    "team_post_all": {"create_post"},
    "team_post_all_public": {"create_post_public"},
    "team_admin": _TEAM_USER
    | {
        "remove_user_from_team",
        "manage_team",
        "manage_team_roles",
        "manage_channel_roles",
        "manage_incoming_webhooks",
        "manage_outgoing_webhooks",
        "manage_others_incoming_webhooks",
        "manage_others_outgoing_webhooks",
        "manage_slash_commands",
        "manage_others_slash_commands",
        "convert_public_channel_to_private",
        "convert_private_channel_to_public",
        "delete_others_posts",
        "delete_post",
        "create_post",
        "import_team",
        "read_public_channel_groups",
        "read_private_channel_groups",
        # observed on 11.2 (GET /api/v4/roles/name/team_admin after the permission migrations)
        "add_reaction",
        "remove_reaction",
        "upload_file",
        "use_channel_mentions",
        "use_group_mentions",
        "manage_public_channel_members",
        "manage_private_channel_members",
        "manage_public_channel_banner",
        "manage_private_channel_banner",
        "manage_channel_access_rules",
        "add_bookmark_public_channel",
        "edit_bookmark_public_channel",
        "delete_bookmark_public_channel",
        "order_bookmark_public_channel",
        "add_bookmark_private_channel",
        "edit_bookmark_private_channel",
        "delete_bookmark_private_channel",
        "order_bookmark_private_channel",
        "playbook_public_manage_roles",
        "playbook_private_manage_roles",
    },
    "channel_user": _CHANNEL_USER,
    "channel_guest": {
        "read_channel",
        "read_channel_content",
        "add_reaction",
        "remove_reaction",
        "upload_file",
        "create_post",
        "use_channel_mentions",
        "edit_post",
        "delete_post",
    },
    "channel_admin": _CHANNEL_USER | {"manage_channel_roles", "use_group_mentions"},
}


def _granted(roles: str, permission: str) -> bool:
    return any(permission in ROLE_PERMISSIONS.get(role, ()) for role in roles.split())


def is_system_admin(session: Session) -> bool:
    return "system_admin" in session.roles.split()


def has_system(session: Session, permission: str) -> bool:
    return is_system_admin(session) or _granted(session.roles, permission)


def has_team(store: Store, session: Session, team_id: str, permission: str) -> bool:
    if has_system(session, permission):
        return True
    member = store.teams.member(team_id, session.user_id)
    return member is not None and _granted(member.roles, permission)


def has_channel(store: Store, session: Session, channel: Channel | None, permission: str) -> bool:
    if is_system_admin(session):
        return True
    if channel is None:
        return False
    member = store.channels.member(channel.id, session.user_id)
    if member is not None and _granted(member.roles, permission):
        return True
    if channel.team_id:
        return has_team(store, session, channel.team_id, permission)
    return has_system(session, permission)


def can_read_channel(store: Store, session: Session, channel: Channel | None) -> bool:
    if channel is None:
        return False
    if has_channel(store, session, channel, "read_channel_content"):
        return True
    return channel.type == "O" and has_team(store, session, channel.team_id, "read_public_channel")


def can_post(store: Store, session: Session, channel: Channel | None) -> bool:
    """api4/post_utils.go: create_post via membership, or create_post_public for public channels.
    An unknown channel is refused even for system admins."""
    if channel is None:
        return False
    if has_channel(store, session, channel, "create_post"):
        return True
    return (
        channel is not None
        and channel.type == "O"
        and has_team(store, session, channel.team_id, "create_post_public")
    )


def can_act_on_user(store: Store, session: Session, user_id: str) -> bool:
    """SessionHasPermissionToUser: self, or edit_other_users; nobody but admins may act on an admin."""
    if session.user_id == user_id:
        return True
    target = store.users.find(user_id)
    if target is not None and target.is_system_admin:
        return has_system(session, "manage_system")
    return has_system(session, "edit_other_users")


def can_act_on_user_or_bot(store: Store, session: Session, user_id: str) -> bool:
    """SessionHasPermissionToUserOrBot: a bot needs manage_bots (owner) or manage_others_bots; else a user."""
    if is_system_admin(session):
        return True
    bot = store.bots.find(user_id)
    if bot is not None:
        return has_system(session, "manage_bots" if bot.owner_id == session.user_id else "manage_others_bots")
    return can_act_on_user(store, session, user_id)


def require(condition: bool, error: AppError | None = None) -> None:
    if not condition:
        raise error or permission_denied()


def require_system(session: Session, permission: str) -> None:
    require(has_system(session, permission))


def require_team(store: Store, session: Session, team_id: str, permission: str) -> None:
    require(has_team(store, session, team_id, permission))


def require_channel(store: Store, session: Session, channel: Channel | None, permission: str) -> None:
    require(has_channel(store, session, channel, permission))


def require_user(store: Store, session: Session, user_id: str) -> None:
    require(can_act_on_user(store, session, user_id))


def viewer_kind(session: Session, user: User) -> str:
    if session.user_id == user.id:
        return "self"
    return "admin" if is_system_admin(session) else "other"


def has_channel_by_post(store: Store, session: Session, post_id: str, permission: str) -> bool:
    """SessionHasPermissionToChannelByPost: the post's channel roles, then team, then system roles."""
    post = store.posts.find(post_id)
    channel = store.channels.find(post.channel_id) if post is not None else None
    if channel is None:
        return has_system(session, permission)
    return has_channel(store, session, channel, permission)
