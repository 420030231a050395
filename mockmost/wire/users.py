"""Users, sessions, tokens, bots as JSON. Upstream: model/user.go (Sanitize), model/session.go,
model/bot.go."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Literal

from mockmost.auth import permissions as perms
from mockmost.settings import Settings
from mockmost.store.entities import Bot, ChannelMember, Session, TeamMember, User, UserAccessToken

# "raw": the unsanitised row some server events send to the user themself (password hash, last login).
Viewer = Literal["self", "admin", "other", "raw"]


def users_for(settings: Settings, session: Session, users: list[User]) -> list[dict[str, Any]]:
    """Lists sanitise every entry as another user's, the caller's own included (GetUsersByIds)."""
    viewer: Viewer = "admin" if perms.is_system_admin(session) else "other"
    email, names = (
        settings.get("PrivacySettings.ShowEmailAddress"),
        settings.get("PrivacySettings.ShowFullName"),
    )
    return [user(u, viewer, email, names) for u in users]


def user(
    u: User, viewer: Viewer = "other", show_email: bool = True, show_full_name: bool = True
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": u.id,
        "create_at": u.create_at,
        "update_at": u.update_at,
        "delete_at": u.delete_at,
        "username": u.username,
    }
    if viewer in ("self", "admin", "raw"):
        if u.auth_data is not None:
            out["auth_data"] = u.auth_data
        out["auth_service"] = u.auth_service
    else:
        out["auth_data"] = ""
        out["auth_service"] = ""
    out["email"] = u.email if (viewer != "other" or show_email) else ""
    if viewer in ("self", "raw") and u.email_verified:
        out["email_verified"] = True
    out["nickname"] = u.nickname
    out["first_name"] = u.first_name if (viewer != "other" or show_full_name) else ""
    out["last_name"] = u.last_name if (viewer != "other" or show_full_name) else ""
    out["position"] = u.position
    out["roles"] = u.roles
    if viewer in ("self", "raw") and u.allow_marketing:
        out["allow_marketing"] = True
    if u.props:
        out["props"] = dict(u.props)
    if viewer != "other":
        out["notify_props"] = dict(u.notify_props)
    if viewer in ("self", "raw") and u.last_password_update:
        out["last_password_update"] = u.last_password_update
    if u.last_picture_update:
        out["last_picture_update"] = u.last_picture_update
    if viewer != "other" and u.failed_attempts:  # ClearNonProfileFields keeps it for admins
        out["failed_attempts"] = u.failed_attempts
    out["locale"] = u.locale
    out["timezone"] = None if u.timezone_null else dict(u.timezone)
    if u.mfa_active:
        out["mfa_active"] = True
    if u.remote_id is not None:
        out["remote_id"] = u.remote_id
    if u.last_activity_at:
        out["last_activity_at"] = u.last_activity_at
    if u.is_bot:
        out["is_bot"] = True
        if u.bot_description:
            out["bot_description"] = u.bot_description
        if u.bot_last_icon_update:
            out["bot_last_icon_update"] = u.bot_last_icon_update
    out["disable_welcome_email"] = u.disable_welcome_email
    if viewer == "raw":
        if u.password_hash:
            out["password"] = u.password_hash
        if u.last_login:
            out["last_login"] = u.last_login
    return out


def users_with_groups(
    settings: Settings, rows: Sequence[tuple[User, ChannelMember | TeamMember]], total: int
) -> dict[str, Any]:
    """model.UsersWithGroupsAndCount: profiles sanitised as another user's (the handlers pass asAdmin=false),
    the groups each user is in (none without a licence) and the member's scheme flags (app/group.go
    ChannelMembersMinusGroupMembers)."""
    email, names = (
        settings.get("PrivacySettings.ShowEmailAddress"),
        settings.get("PrivacySettings.ShowFullName"),
    )
    users = []
    for u, member in rows:
        out = user(u, "other", email, names)
        out.pop("last_activity_at", None)  # not a column of the query (sqlstore getUsersColumns)
        out.update(
            {
                "groups": [],
                "scheme_guest": member.scheme_guest,
                "scheme_user": member.scheme_user,
                "scheme_admin": member.scheme_admin,
            }
        )
        users.append(out)
    return {"users": users, "total_count": total}


def session(
    s: Session, with_token: bool = False, team_members: list[dict[str, Any]] | None = None
) -> dict[str, Any]:
    return {
        "id": s.id,
        "token": s.token if with_token else "",
        "create_at": s.create_at,
        "expires_at": s.expires_at,
        "last_activity_at": s.last_activity_at,
        "user_id": s.user_id,
        "device_id": s.device_id,
        "roles": s.roles,
        "is_oauth": s.is_oauth,
        "expired_notify": s.expired_notify,
        "props": dict(s.props),
        "team_members": team_members or [],
        "local": s.local,
    }


def user_access_token(t: UserAccessToken, with_token: bool = False) -> dict[str, Any]:
    out: dict[str, Any] = {"id": t.id}
    if with_token:
        out["token"] = t.token
    out.update({"user_id": t.user_id, "description": t.description, "is_active": t.is_active})
    return out


def bot(b: Bot) -> dict[str, Any]:
    out: dict[str, Any] = {"user_id": b.user_id, "username": b.username}
    if b.display_name:
        out["display_name"] = b.display_name
    if b.description:
        out["description"] = b.description
    out.update(
        {"owner_id": b.owner_id, "create_at": b.create_at, "update_at": b.update_at, "delete_at": b.delete_at}
    )
    if b.last_icon_update:
        out["last_icon_update"] = b.last_icon_update
    return out
