"""Users: create, read, lists, patch, update, deactivate, roles, search, images.
Upstream: server/channels/api4/user.go."""

from __future__ import annotations

import hashlib
from typing import Any

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param, permission_denied
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, SESSION_TRUST, Route
from mockmost.http.replies import Reply, created, ok, raw, status_ok
from mockmost.store.entities import User


def user_json(ctx: Ctx, user: User) -> dict[str, Any]:
    assert ctx.session is not None
    return wire.user(user, perms.viewer_kind(ctx.session, user),  # type: ignore[arg-type]
                     ctx.settings.get("PrivacySettings.ShowEmailAddress"),
                     ctx.settings.get("PrivacySettings.ShowFullName"))


def others_json(ctx: Ctx, users: list[User]) -> list[dict[str, Any]]:
    """Lists sanitise every entry as another user's, the caller's own included (GetUsersByIds)."""
    assert ctx.session is not None
    viewer = "admin" if perms.is_system_admin(ctx.session) else "other"
    email, names = ctx.settings.get("PrivacySettings.ShowEmailAddress"), ctx.settings.get("PrivacySettings.ShowFullName")
    return [wire.user(u, viewer, email, names) for u in users]  # type: ignore[arg-type]


def create_user(ctx: Ctx) -> Reply:
    body = ctx.json_object("user")
    store = ctx.store
    is_admin = ctx.session is not None and perms.is_system_admin(ctx.session)
    if not ctx.settings.get("TeamSettings.EnableUserCreation") or \
            not ctx.settings.get("EmailSettings.EnableSignUpWithEmail"):
        raise AppError("api.user.create_user.signup_email_disabled.app_error", 501,
                       message="User sign-up with email is disabled.")
    open_server = ctx.settings.get("TeamSettings.EnableOpenServer")
    if not is_admin and store.users.has_human_users() and not open_server and not ctx.query.get("iid") \
            and not ctx.query.get("t"):
        raise AppError("api.user.create_user.no_open_server", 403,
                       message="This server does not allow open signups.  Please speak with your Administrator "
                               "to receive an invitation.")
    user = store.users.create(body, trusted=is_admin)
    invite = ctx.query.get("iid")
    if invite:
        team = next((t for t in store.team_by_id.values() if t.invite_id == invite), None)
        if team is not None:
            store.teams.join(team, user)
    return created(wire.user(user, "self"))


def get_user(ctx: Ctx) -> Reply:
    user = ctx.store.users.get(ctx.user_id())
    return ok(user_json(ctx, user)).header("etag", f"11.2.0.{user.id}.{user.update_at}")


def get_user_by_username(ctx: Ctx) -> Reply:
    username = ctx.params["username"]
    if not username or len(username) > 64:
        raise invalid_body_param("username")
    return ok(user_json(ctx, ctx.store.users.get_by_username(username)))


def get_user_by_email(ctx: Ctx) -> Reply:
    email = ctx.params["email"]
    if not email or "@" not in email:
        raise invalid_url_param("email")
    assert ctx.session is not None
    if not ctx.settings.get("PrivacySettings.ShowEmailAddress") and not perms.is_system_admin(ctx.session):
        raise AppError("api.user.get_user_by_email.permissions.app_error", 403,
                       message="Unable to get user by email.")
    user = ctx.store.users.find_by_email(email)
    if user is None:
        raise AppError("app.user.missing_account.const", 404)
    return ok(user_json(ctx, user))


def get_users_by_ids(ctx: Ctx) -> Reply:
    ids = ctx.json_str_list()
    since = ctx.query_int("since", 0)
    users = [u for i in ids if (u := ctx.store.users.find(i)) is not None and u.update_at > since]
    return ok(others_json(ctx, users))


def get_users_by_usernames(ctx: Ctx) -> Reply:
    names = ctx.json_str_list()
    users = [u for n in names if (u := ctx.store.users.find_by_username(n)) is not None]
    return ok(others_json(ctx, users))


def _filter_users(ctx: Ctx) -> list[User]:
    store, q = ctx.store, ctx.query
    users: list[User] = list(store.users.all())
    if q.get("in_team"):
        team_id = q["in_team"]
        users = [u for u in users if store.teams.member(team_id, u.id)]
    if q.get("not_in_team"):
        users = [u for u in users if not store.teams.member(q["not_in_team"], u.id)]
    if q.get("in_channel"):
        members = store.channels.member_ids(q["in_channel"])
        users = [u for u in users if u.id in members]
    if q.get("not_in_channel"):
        if not q.get("in_team"):
            raise invalid_url_param("team_id")
        members = store.channels.member_ids(q["not_in_channel"])
        users = [u for u in users if u.id not in members]
    if ctx.query_bool("without_team"):
        users = [u for u in users if not store.teams.teams_for_user(u.id)]
    active, inactive = ctx.query_bool("active"), ctx.query_bool("inactive")
    if active and inactive:
        raise invalid_url_param("inactive")
    if active:
        users = [u for u in users if not u.delete_at]
    if inactive:
        users = [u for u in users if u.delete_at]
    role = q.get("role")
    if role:
        users = [u for u in users if u.has_role(role)]
    sort = q.get("sort", "")
    if sort and sort not in ("last_activity_at", "create_at", "status", "admin", "display_name"):
        raise invalid_url_param("sort")
    if sort == "create_at":
        return sorted(users, key=lambda u: u.create_at, reverse=True)
    if sort == "last_activity_at":
        return sorted(users, key=lambda u: u.last_activity_at, reverse=True)
    return sorted(users, key=lambda u: u.username)


def get_users(ctx: Ctx) -> Reply:
    page, per_page = ctx.paging()
    users = _filter_users(ctx)
    return ok(others_json(ctx, users[page * per_page:(page + 1) * per_page]))


def search_users(ctx: Ctx) -> Reply:
    body = ctx.json_object("search")
    term = body.get("term")
    if not isinstance(term, str):
        raise invalid_body_param("term")
    store = ctx.store
    candidates: list[User] = list(store.users.all())
    if isinstance(body.get("team_id"), str) and body["team_id"]:
        candidates = [u for u in candidates if store.teams.member(body["team_id"], u.id)]
    if isinstance(body.get("in_channel_id"), str) and body["in_channel_id"]:
        members = store.channels.member_ids(body["in_channel_id"])
        candidates = [u for u in candidates if u.id in members]
    if isinstance(body.get("not_in_channel_id"), str) and body["not_in_channel_id"]:
        members = store.channels.member_ids(body["not_in_channel_id"])
        candidates = [u for u in candidates if u.id not in members]
    if body.get("without_team"):
        candidates = [u for u in candidates if not store.teams.teams_for_user(u.id)]
    limit = body.get("limit") if isinstance(body.get("limit"), int) and body["limit"] > 0 else 100
    found = store.users.search(term, candidates, bool(body.get("allow_inactive")), min(limit, 1000))
    return ok(others_json(ctx, found))


def autocomplete_users(ctx: Ctx) -> Reply:
    store, name = ctx.store, ctx.query.get("name", "")
    limit = min(max(ctx.query_int("limit", 100), 1), 100)
    candidates = list(store.users.all())
    team_id, channel_id = ctx.query.get("in_team", ""), ctx.query.get("in_channel", "")
    if team_id:
        candidates = [u for u in candidates if store.teams.member(team_id, u.id)]
    if channel_id:
        members = store.channels.member_ids(channel_id)
        in_channel = store.users.search(name, [u for u in candidates if u.id in members], False, limit)
        out_channel = store.users.search(name, [u for u in candidates if u.id not in members], False, limit)
        return ok({"users": others_json(ctx, in_channel), "out_of_channel": others_json(ctx, out_channel)})
    return ok({"users": others_json(ctx, store.users.search(name, candidates, False, limit))})


def _editable(ctx: Ctx) -> User:
    user_id = ctx.user_id()
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    return ctx.store.users.get(user_id)


def patch_user(ctx: Ctx) -> Reply:
    body = ctx.json_object("user")
    user = _editable(ctx)
    assert ctx.session is not None
    if "email" in body and body["email"] != user.email and ctx.session.user_id == user.id \
            and not perms.is_system_admin(ctx.session):
        password = body.get("password")
        if not isinstance(password, str) or not password:
            raise invalid_body_param("password")
        if not ctx.store.users.check_password(user, password):
            raise AppError("api.user.check_user_password.invalid.app_error", 401,
                           message="Login failed because of invalid password.")
    return ok(wire.user(ctx.store.users.patch(user, body), "self"))


def update_user(ctx: Ctx) -> Reply:
    body = ctx.json_object("user")
    user = _editable(ctx)
    if body.get("id") != user.id:
        raise invalid_body_param("user_id")
    return ok(wire.user(ctx.store.users.patch(user, body, replace=True), "self"))


def delete_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    assert ctx.session is not None
    if ctx.session.user_id == user_id and not perms.is_system_admin(ctx.session):
        raise AppError("api.user.update_active.not_enable.app_error", 401,
                       message="You cannot deactivate yourself because this feature is not enabled.")
    if ctx.session.user_id != user_id:
        perms.require_system(ctx.session, "edit_other_users")
    user = ctx.store.users.get(user_id)
    if ctx.query_bool("permanent"):
        raise AppError("api.user.delete_user.not_enabled.app_error", 401,
                       message="Permanent user deletion feature is not enabled.")
    ctx.store.users.set_active(user, False)
    return status_ok()


def update_user_active(ctx: Ctx) -> Reply:
    body = ctx.json_object("active")
    active = body.get("active")
    if not isinstance(active, bool):
        raise invalid_body_param("active")
    user_id = ctx.user_id()
    assert ctx.session is not None
    if ctx.session.user_id == user_id and not active and not perms.is_system_admin(ctx.session):
        raise AppError("api.user.update_active.not_enable.app_error", 401,
                       message="You cannot deactivate yourself because this feature is not enabled.")
    if ctx.session.user_id != user_id:
        perms.require_system(ctx.session, "manage_system")
    ctx.store.users.set_active(ctx.store.users.get(user_id), active)
    return status_ok()


def update_user_roles(ctx: Ctx) -> Reply:
    body = ctx.json_object("roles")
    roles = body.get("roles")
    if not isinstance(roles, str):
        raise invalid_body_param("roles")
    user_id = ctx.user_id()
    assert ctx.session is not None
    perms.require_system(ctx.session, "manage_roles")
    ctx.store.users.set_roles(ctx.store.users.get(user_id), roles)
    return status_ok()


def update_user_password(ctx: Ctx) -> Reply:
    body = ctx.json_object("password")
    new = body.get("new_password")
    if not isinstance(new, str):
        raise invalid_body_param("new_password")
    user = _editable(ctx)
    assert ctx.session is not None
    if ctx.session.user_id == user.id:
        current = body.get("current_password")
        if not isinstance(current, str) or not current:
            raise invalid_body_param("current_password")
        if not ctx.store.users.check_password(user, current):
            raise AppError("api.user.check_user_password.invalid.app_error", 401,
                           message="Login failed because of invalid password.")
    elif not perms.is_system_admin(ctx.session):
        raise permission_denied()
    ctx.store.users.set_password(user, new)
    return status_ok()


def _initials_svg(user: User) -> bytes:
    colour = "#" + hashlib.md5(user.id.encode()).hexdigest()[:6]
    letter = (user.username[:1] or "?").upper()
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="128" height="128"><rect width="128" height="128" '
            f'fill="{colour}"/><text x="64" y="84" font-size="64" text-anchor="middle" fill="#fff">{letter}</text>'
            f"</svg>").encode()


def get_profile_image(ctx: Ctx) -> Reply:
    user = ctx.store.users.get(ctx.user_id())
    image = ctx.store.extra.get("profile_images", {}).get(user.id)
    if image:
        return raw(image[0], image[1])
    return raw(_initials_svg(user), "image/svg+xml")


def get_default_profile_image(ctx: Ctx) -> Reply:
    return raw(_initials_svg(ctx.store.users.get(ctx.user_id())), "image/svg+xml")


def get_known_users(ctx: Ctx) -> Reply:
    assert ctx.session is not None
    mine = ctx.store.channels.for_user(ctx.session.user_id)
    known = sorted({uid for c in mine for uid in ctx.store.channels.member_ids(c.id)} - {ctx.session.user_id})
    return ok(known)


def get_total_users_stats(ctx: Ctx) -> Reply:
    return ok({"total_users_count": sum(1 for u in ctx.store.users.all() if not u.delete_at)})


ROUTES = [
    Route("GET", "/api/v4/users", get_users),
    Route("POST", "/api/v4/users", create_user, auth=PUBLIC),
    Route("POST", "/api/v4/users/ids", get_users_by_ids),
    Route("POST", "/api/v4/users/usernames", get_users_by_usernames),
    Route("POST", "/api/v4/users/search", search_users),
    Route("GET", "/api/v4/users/autocomplete", autocomplete_users),
    Route("GET", "/api/v4/users/known", get_known_users),
    Route("GET", "/api/v4/users/stats", get_total_users_stats),
    Route("GET", "/api/v4/users/{user_id}", get_user),
    Route("PUT", "/api/v4/users/{user_id}", update_user),
    Route("DELETE", "/api/v4/users/{user_id}", delete_user),
    Route("PUT", "/api/v4/users/{user_id}/patch", patch_user),
    Route("PUT", "/api/v4/users/{user_id}/roles", update_user_roles),
    Route("PUT", "/api/v4/users/{user_id}/active", update_user_active),
    Route("PUT", "/api/v4/users/{user_id}/password", update_user_password),
    Route("GET", "/api/v4/users/{user_id}/image", get_profile_image, auth=SESSION_TRUST),
    Route("GET", "/api/v4/users/{user_id}/image/default", get_default_profile_image, auth=SESSION_TRUST),
    Route("GET", "/api/v4/users/username/{username}", get_user_by_username),
    Route("GET", "/api/v4/users/email/{email}", get_user_by_email),
]
