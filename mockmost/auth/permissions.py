"""Permission checks, answered by the roles the store holds (store/roles.py: the built-in roles of a fresh
11.2, patchable through PUT /roles/{id}/patch). Upstream: app/authorization.go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.errors import AppError, permission_denied
from mockmost.store.entities import Channel, Session, User

if TYPE_CHECKING:
    from mockmost.store import Store


def _granted(store: Store, roles: str, permission: str) -> bool:
    """app/authorization.go RolesGrantPermission: any of the roles (as the store holds them now) grants it."""
    return permission in store.roles.granted_any(roles)


def is_system_admin(session: Session) -> bool:
    return "system_admin" in session.roles.split()


def has_system(store: Store, session: Session, permission: str) -> bool:
    """SessionHasPermissionTo: the session's system roles (system_admin grants what its role lists)."""
    return _granted(store, session.roles, permission)


def has_team(store: Store, session: Session, team_id: str, permission: str) -> bool:
    member = store.teams.member(team_id, session.user_id)
    if member is not None and _granted(store, member.roles, permission):
        return True
    return has_system(store, session, permission)


def has_channel(store: Store, session: Session, channel: Channel | None, permission: str) -> bool:
    """SessionHasPermissionToChannel: channel roles, then the channel's team, then system roles (an unknown
    channel falls through to the system roles)."""
    if channel is None:
        return has_system(store, session, permission)
    member = store.channels.member(channel.id, session.user_id)
    if member is not None and _granted(store, member.roles, permission):
        return True
    if channel.team_id:
        return has_team(store, session, channel.team_id, permission)
    return has_system(store, session, permission)


def can_read_channel(store: Store, session: Session, channel: Channel | None) -> bool:
    if channel is None:
        return False
    if has_channel(store, session, channel, "read_channel_content"):
        return True
    return channel.type == "O" and has_team(store, session, channel.team_id, "read_public_channel")


def user_can_read_channel(store: Store, user: User | None, channel: Channel) -> bool:
    """HasPermissionToReadChannel(userId): as can_read_channel, with the user's own roles."""
    if user is None:
        return False
    session = Session(
        id="", token="", user_id=user.id, create_at=0, expires_at=0, last_activity_at=0, roles=user.roles
    )
    return can_read_channel(store, session, channel)


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
        return has_system(store, session, "manage_system")
    return has_system(store, session, "edit_other_users")


def can_act_on_user_or_bot(store: Store, session: Session, user_id: str) -> bool:
    """SessionHasPermissionToUserOrBot: a bot needs manage_bots (owner) or manage_others_bots; else a user."""
    if is_system_admin(session):
        return True
    bot = store.bots.find(user_id)
    if bot is not None:
        return has_system(
            store, session, "manage_bots" if bot.owner_id == session.user_id else "manage_others_bots"
        )
    return can_act_on_user(store, session, user_id)


def require(condition: bool, error: AppError | None = None) -> None:
    if not condition:
        raise error or permission_denied()


def require_system(store: Store, session: Session, permission: str) -> None:
    require(has_system(store, session, permission))


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
        return has_system(store, session, permission)
    return has_channel(store, session, channel, permission)
