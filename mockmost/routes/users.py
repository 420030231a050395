"""Users: create, read, lists, patch, update, deactivate, roles, search, images.
Upstream: server/channels/api4/user.go."""

from __future__ import annotations

import hashlib
import re
import struct
import zlib
from typing import TYPE_CHECKING, Any

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.http import multipart
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, SESSION_TRUST, Route
from mockmost.http.replies import Reply, created, encode, ok, raw, status_ok
from mockmost.images import ImageError, check_limits, icon_png
from mockmost.store.entities import User, default_user_notify_props
from mockmost.store.user_deletion import permanently_delete
from mockmost.store.users import check_user_json
from mockmost.wire.users import Viewer

if TYPE_CHECKING:
    from mockmost.store import Store

_USERNAME = re.compile(r"^[a-z0-9.\-_]+$")
_ROLE_NAME = re.compile(r"^[a-z0-9_]{1,64}$")


def user_json(ctx: Ctx, user: User) -> dict[str, Any]:
    return wire.user(
        user,
        perms.viewer_kind(ctx.session, user),  # type: ignore[arg-type]
        ctx.settings.get("PrivacySettings.ShowEmailAddress"),
        ctx.settings.get("PrivacySettings.ShowFullName"),
    )


def create_user(ctx: Ctx) -> Reply:
    """api4/user.go createUser: `t` (an email-invite token) is looked up first, and mockmost holds none;
    `iid` joins the team with that invite id, found before the account is made; otherwise open sign-up
    rules apply to non-admins."""
    body = ctx.json_object("user")
    store = ctx.store
    is_admin = ctx.optional_session is not None and perms.is_system_admin(ctx.optional_session)
    if ctx.query.get("t"):
        raise AppError(
            "api.user.create_user.signup_link_invalid.app_error",
            404,
            message="The signup link does not appear to be valid.",
        )
    if not ctx.settings.get("TeamSettings.EnableUserCreation") or not ctx.settings.get(
        "EmailSettings.EnableSignUpWithEmail"
    ):
        raise AppError(
            "api.user.create_user.signup_email_disabled.app_error",
            501,
            message="User sign-up with email is disabled.",
        )
    invite = ctx.query.get("iid")
    team = None
    if invite:
        team = next((t for t in store.team_by_id.values() if t.invite_id == invite), None)
        if team is None:
            raise AppError(
                "app.team.get_by_invite_id.finding.app_error",
                404,
                message="Unable to find the existing team.",
            )
        email = body.get("email")
        if not _email_in_domains(email if isinstance(email, str) else "", team.allowed_domains):
            raise AppError(
                "api.team.invite_members.invalid_email.app_error",
                403,
                message=f"The following email addresses do not belong to an accepted domain: "
                f"{team.allowed_domains}. Please contact your System Administrator for "
                "details.",
            )
    elif (
        not (is_admin or ctx.settings.get("TeamSettings.EnableOpenServer")) and store.users.has_human_users()
    ):
        raise AppError(
            "api.user.create_user.no_open_server",
            403,
            message="This server does not allow open signups.  Please speak with your Administrator "
            "to receive an invitation.",
        )
    check_user_json(body)
    if at_user_limit(store):
        raise AppError(
            "api.user.create_user.user_limits.exceeded",
            400,
            message="Can't create user. Server exceeds safe user limit. Contact your administrator "
            "with: ERROR_SAFETY_LIMITS_EXCEEDED.",
        )
    # app/users/users.go CreateUser: new accounts get system_user whatever the client sends.
    fields = {k: v for k, v in body.items() if k not in ("roles", "id")}
    user = store.users.create(fields, trusted=is_admin)
    if team is not None:
        store.teams.join(team, user)
    return created(wire.user(user, "self"))


# app/limits.go: an unlicensed server refuses new or reactivated accounts once this many active, non-bot,
# local users exist (the soft limit is 200).
MAX_USERS_LIMIT, MAX_USERS_HARD_LIMIT = 200, 250


def active_user_count(store: Store) -> int:
    """sqlstore UserStore.Count with default options: not deleted, not bots, not remote."""
    return sum(1 for u in store.user_by_id.values() if not u.delete_at and not u.is_bot and not u.remote_id)


def at_user_limit(store: Store) -> bool:
    return active_user_count(store) >= MAX_USERS_HARD_LIMIT


def get_server_limits(ctx: Ctx) -> Reply:
    """GET /limits/server: the figures for admins; others see zeros (api4/limits.go)."""
    admin = perms.is_system_admin(ctx.session)
    return ok(
        {
            "maxUsersLimit": MAX_USERS_LIMIT if admin else 0,
            "maxUsersHardLimit": MAX_USERS_HARD_LIMIT if admin else 0,
            "activeUserCount": active_user_count(ctx.store) if admin else 0,
            "postHistoryLimit": 0,
            "lastAccessiblePostTime": 0,
        }
    )


def _email_in_domains(email: str, domains: str) -> bool:
    """app/users CheckUserDomain: '@' and ',' separate the allowed domains; none means any."""
    allowed = domains.replace("@", " ").replace(",", " ").lower().split()
    return not allowed or any(email.lower().endswith("@" + d) for d in allowed)


def get_user(ctx: Ctx) -> Reply:
    user = ctx.store.users.get(ctx.user_id())
    return ok(user_json(ctx, user)).header("etag", wire.etags.user(user, ctx.settings))


def get_user_by_username(ctx: Ctx) -> Reply:
    """RequireUsername: an invalid username is a 400 invalid *body* param (web/context.go)."""
    username = ctx.params["username"]
    if not (1 <= len(username) <= 64) or not _USERNAME.match(username.lower()):
        raise invalid_body_param("username")
    user = ctx.store.users.get_by_username(username)
    return ok(user_json(ctx, user)).header("etag", wire.etags.user(user, ctx.settings))


def get_user_by_email(ctx: Ctx) -> Reply:
    email = ctx.params["email"].lower()
    if not email or "@" not in email:
        raise invalid_url_param("email")
    if not ctx.settings.get("PrivacySettings.ShowEmailAddress") and not perms.is_system_admin(ctx.session):
        raise AppError(
            "api.user.get_user_by_email.permissions.app_error", 403, message="Unable to get user by email."
        )
    user = ctx.store.users.find_by_email(email)
    if user is None:
        raise AppError("app.user.missing_account.const", 404)
    # getUserByEmail sanitizes as for another user even when it is the caller (SanitizeProfile).
    viewer: Viewer = "admin" if perms.is_system_admin(ctx.session) else "other"
    body = wire.user(user, viewer, True, ctx.settings.get("PrivacySettings.ShowFullName"))
    return ok(body).header("etag", wire.etags.user(user, ctx.settings))


def get_users_by_ids(ctx: Ctx) -> Reply:
    ids = ctx.json_str_list()
    if not ids:
        raise invalid_body_param("user_ids")
    since = 0
    if ctx.query.get("since"):
        try:
            since = int(ctx.query["since"])
        except ValueError:
            raise invalid_body_param("since") from None
    users = [
        u for i in dict.fromkeys(ids) if (u := ctx.store.users.find(i)) is not None and u.update_at > since
    ]
    return ok(wire.users_for(ctx.settings, ctx.session, users))


def get_users_by_usernames(ctx: Ctx) -> Reply:
    names = ctx.json_str_list()
    if not names:
        raise invalid_body_param("usernames")
    users = [u for n in dict.fromkeys(names) if (u := ctx.store.users.find_by_username(n)) is not None]
    return ok(wire.users_for(ctx.settings, ctx.session, users))


def _check_sort(q: dict[str, str]) -> str:
    """api4/user.go getUsers: which sorts go with which filters."""
    sort = q.get("sort", "")
    filters = {
        k
        for k in (
            "in_team",
            "not_in_team",
            "in_channel",
            "not_in_channel",
            "without_team",
            "in_group",
            "not_in_group",
        )
        if q.get(k)
    }
    allowed = {
        "": True,
        "last_activity_at": filters == {"in_team"},
        "create_at": filters == {"in_team"},
        "status": "in_channel" in filters,
        "admin": "in_channel" in filters,
        "display_name": filters == {"in_group"},
    }
    if not allowed.get(sort, False):
        raise invalid_url_param("sort")
    return sort


def _authorize_user_filters(ctx: Ctx) -> None:
    """The permission each getUsers filter needs, in upstream's order of precedence."""
    store, q, session = ctx.store, ctx.query, ctx.session
    if ctx.query_bool("without_team"):
        perms.require_system(ctx.store, session, "list_users_without_team")
    elif q.get("not_in_channel"):
        perms.require_channel(store, session, store.channels.find(q["not_in_channel"]), "read_channel")
    elif q.get("not_in_team"):
        perms.require_team(store, session, q["not_in_team"], "view_team")
    elif q.get("in_team"):
        perms.require_team(store, session, q["in_team"], "view_team")
    elif q.get("in_channel"):
        perms.require_channel(store, session, store.channels.find(q["in_channel"]), "read_channel")


def _filter_users(ctx: Ctx) -> list[User]:
    store, q = ctx.store, ctx.query
    if q.get("not_in_channel") and not q.get("in_team"):
        raise invalid_url_param("team_id")
    sort = _check_sort(q)
    active, inactive = ctx.query_bool("active"), ctx.query_bool("inactive")
    role = q.get("role", "")
    if role and role not in store.roles.id_by_name:
        raise invalid_body_param("role")
    _authorize_user_filters(ctx)
    users: list[User] = list(store.users.all())
    if q.get("in_team"):
        users = [u for u in users if store.teams.member(q["in_team"], u.id)]
    if q.get("not_in_team"):
        users = [u for u in users if not store.teams.member(q["not_in_team"], u.id)]
    if q.get("in_channel"):
        members = store.channels.member_ids(q["in_channel"])
        users = [u for u in users if u.id in members]
    if q.get("not_in_channel"):
        members = store.channels.member_ids(q["not_in_channel"])
        users = [u for u in users if u.id not in members]
    if ctx.query_bool("without_team"):
        users = [u for u in users if not store.teams.teams_for_user(u.id)]
    if active or inactive:
        users = [u for u in users if bool(u.delete_at) == inactive]
    if role:
        users = [u for u in users if u.has_role(role)]
    wanted = [r for key in ("roles", "team_roles", "channel_roles") for r in q.get(key, "").split(",") if r]
    if wanted:  # sqlstore applyMultiRoleFilters: any of the system, team or channel roles asked for
        users = [u for u in users if _has_any_role(ctx, u, wanted)]
    if sort == "create_at":
        return sorted(users, key=lambda u: u.create_at, reverse=True)
    if sort == "last_activity_at":
        return sorted(users, key=lambda u: u.last_activity_at, reverse=True)
    return sorted(users, key=lambda u: u.username)


def _has_any_role(ctx: Ctx, user: User, wanted: list[str]) -> bool:
    system = set(user.roles.split())
    if "system_admin" in system:
        system.discard("system_user")
    team_id = ctx.query.get("in_team", "")
    member = ctx.store.teams.member(team_id, user.id) if team_id else None
    team: set[str] = set()
    if member is not None:
        team.add(
            "team_admin" if member.scheme_admin else "team_guest" if member.scheme_guest else "team_user"
        )
    return bool(set(wanted) & (system | team))


def get_users(ctx: Ctx) -> Reply:
    page, per_page = ctx.paging()
    users = _filter_users(ctx)
    reply = ok(wire.users_for(ctx.settings, ctx.session, users[page * per_page : (page + 1) * per_page]))
    query = ctx.query
    if (
        query.get("in_team")
        and not (query.get("not_in_channel") or query.get("not_in_team"))
        and query.get("sort", "") not in ("last_activity_at", "create_at")
    ):
        members = [u for u in ctx.store.users.all() if ctx.store.teams.member(query["in_team"], u.id)]
        reply = reply.header("etag", wire.etags.users_in_team(members, ctx.settings))
    if ctx.query_bool("active") and ctx.query_bool("inactive"):
        # api4/user.go getUsers sets the error without returning: the inactive users are written, then the
        # error after them, and the status is the error's.
        error = invalid_url_param("inactive")
        reply.status, reply.body = error.status, reply.body + encode(error.body(ctx.request_id))
    return reply


def _search_body(ctx: Ctx) -> dict[str, Any]:
    """model.UserSearch: a body that does not decode is a 400 invalid param `props`."""
    try:
        body = ctx.json_object("props")
    except AppError:
        raise invalid_body_param("props") from None
    types = {
        "term": str,
        "team_id": str,
        "not_in_team_id": str,
        "in_channel_id": str,
        "not_in_channel_id": str,
        "allow_inactive": bool,
        "without_team": bool,
        "limit": int,
        "role": str,
    }
    if not gojson.fields_fit(body, types):
        raise invalid_body_param("props")
    return body


def _authorize_search(ctx: Ctx, body: dict[str, Any]) -> None:
    store, session = ctx.store, ctx.session
    for key in ("in_channel_id", "not_in_channel_id"):
        if body.get(key):
            perms.require_channel(store, session, store.channels.find(body[key]), "read_channel")
    for key in ("team_id", "not_in_team_id"):
        if body.get(key):
            perms.require_team(store, session, body[key], "view_team")


def search_users(ctx: Ctx) -> Reply:
    body = _search_body(ctx)
    limit = body.get("limit") or 100
    if not body.get("term"):
        raise invalid_body_param("term")
    if not body.get("team_id") and body.get("not_in_channel_id"):
        raise invalid_body_param("team_id")
    _authorize_search(ctx, body)
    if limit <= 0 or limit > 1000:
        raise invalid_body_param("limit")
    store = ctx.store
    candidates: list[User] = list(store.users.all())
    if body.get("team_id"):
        candidates = [u for u in candidates if store.teams.member(body["team_id"], u.id)]
    if body.get("not_in_team_id"):
        candidates = [u for u in candidates if not store.teams.member(body["not_in_team_id"], u.id)]
    if body.get("in_channel_id"):
        members = store.channels.member_ids(body["in_channel_id"])
        candidates = [u for u in candidates if u.id in members]
    if body.get("not_in_channel_id"):
        members = store.channels.member_ids(body["not_in_channel_id"])
        candidates = [u for u in candidates if u.id not in members]
    if body.get("without_team"):
        candidates = [u for u in candidates if not store.teams.teams_for_user(u.id)]
    if body.get("role"):
        candidates = [u for u in candidates if u.has_role(body["role"])]
    found = store.users.search(body["term"], candidates, bool(body.get("allow_inactive")), limit)
    return ok(wire.users_for(ctx.settings, ctx.session, found))


def autocomplete_users(ctx: Ctx) -> Reply:
    store, name = ctx.store, ctx.query.get("name", "")
    limit_text = ctx.query.get("limit", "")
    # strconv.Atoi: a limit that is not a number counts as 0 (api4/user.go autocompleteUsers)
    limit = 100 if not limit_text else min(int(limit_text) if limit_text.lstrip("-").isdigit() else 0, 1000)
    team_id, channel_id = ctx.query.get("in_team", ""), ctx.query.get("in_channel", "")
    if channel_id:
        perms.require_channel(store, ctx.session, store.channels.find(channel_id), "read_channel")
    if team_id:
        perms.require_team(store, ctx.session, team_id, "view_team")
    candidates = list(store.users.all())
    if team_id:
        candidates = [u for u in candidates if store.teams.member(team_id, u.id)]
    if channel_id:
        if not team_id:
            raise AppError(
                "api.user.autocomplete_users.missing_team_id.app_error",
                500,
                message="Team id parameter is required to autocomplete by channel.",
            )
        members = store.channels.member_ids(channel_id)
        in_channel = store.users.search(name, [u for u in candidates if u.id in members], False, limit)
        out_channel = store.users.search(name, [u for u in candidates if u.id not in members], False, limit)
        found: dict[str, Any] = {"users": wire.users_for(ctx.settings, ctx.session, in_channel)}
        if out_channel:  # model.UserAutocompleteInChannel: out_of_channel is omitempty
            found["out_of_channel"] = wire.users_for(ctx.settings, ctx.session, out_channel)
        return ok(found)
    return ok(
        {
            "users": wire.users_for(
                ctx.settings, ctx.session, store.users.search(name, candidates, False, limit)
            )
        }
    )


def _editable(ctx: Ctx, user_id: str, missing: AppError | None = None) -> User:
    """SessionHasPermissionToUserOrBot, the user, and manage_system to edit a system admin."""
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, user_id))
    user = ctx.store.users.find(user_id)
    if user is None:
        raise missing or AppError("app.user.missing_account.const", 404, detailed_error=f"user_id={user_id}")
    if user.is_system_admin:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    return user


def patch_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    body = ctx.json_object("user")
    user = _editable(ctx, user_id, missing=invalid_body_param("user_id"))
    email = body.get("email")
    if email is not None and email != user.email and ctx.session.user_id == user.id:
        password = body.get("password")
        if not isinstance(password, str):
            raise invalid_body_param("password")
        _double_check_password(ctx, user, password)
    patched = ctx.store.users.patch(user, body)
    ctx.audit("")
    return ok(wire.user(patched, "self"))


def _double_check_password(ctx: Ctx, user: User, password: str) -> None:
    """app/authentication.go DoubleCheckPassword."""
    if user.failed_attempts >= ctx.settings.get("ServiceSettings.MaximumLoginAttempts"):
        raise AppError("api.user.check_user_login_attempts.too_many.app_error", 401)
    if not ctx.store.users.check_password(user, password):
        ctx.store.users.record_login(user, ok=False)
        raise AppError(
            "api.user.check_user_password.invalid.app_error",
            401,
            message="Login failed because of invalid password.",
        )
    if user.failed_attempts:
        ctx.store.users.reset_failed_attempts(user)


def update_user(ctx: Ctx) -> Reply:
    """PUT /users/{id} replaces the profile: omitted text fields become empty (and then fail validation)."""
    user_id = ctx.user_id()
    body = ctx.json_object("user")
    if body.get("id") != user_id:
        raise invalid_body_param("user_id")
    user = _editable(ctx, user_id)
    email = body.get("email")
    if email and email != user.email and ctx.session.user_id == user.id:
        try:
            password = body.get("password")
            _double_check_password(ctx, user, password if isinstance(password, str) else "")
        except AppError:
            raise invalid_body_param("password") from None
    fields = {
        name: body.get(name) if body.get(name) is not None else ""
        for name in ("username", "email", "nickname", "first_name", "last_name", "position", "locale")
    }
    # Omitted maps are replaced too: props emptied, notify_props back to the defaults (User.PreUpdate).
    fields["props"] = body.get("props") or {}
    fields["notify_props"] = body.get("notify_props") or default_user_notify_props()
    if body.get("timezone") is not None:
        fields["timezone"] = body["timezone"]
    if "remote_id" in body:
        fields["remote_id"] = body["remote_id"]
    updated = ctx.store.users.patch(user, fields, replace=True)
    ctx.audit("")
    return ok(wire.user(updated, "self"))


def delete_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, user_id))
    if (
        ctx.session.user_id == user_id
        and not ctx.settings.get("TeamSettings.EnableUserDeactivation")
        and not perms.has_system(ctx.store, ctx.session, "manage_system")
    ):
        raise AppError(
            "api.user.update_active.not_enable.app_error",
            401,
            message="You cannot deactivate yourself because this feature is not enabled.",
        )
    user = ctx.store.users.get(user_id)
    if user.is_system_admin:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    if ctx.query_bool("permanent"):
        if not ctx.settings.get("ServiceSettings.EnableAPIUserDeletion"):
            if ctx.me.is_system_admin:  # a more verbose message for admins
                raise AppError(
                    "api.user.delete_user.not_enabled.for_admin.app_error",
                    401,
                    message="Permanent user deletion feature is not enabled. "
                    "ServiceSettings.EnableAPIUserDeletion must be set to true to use this "
                    "command. See https://mattermost.com/pl/environment-configuration-settings "
                    "for more information.",
                )
            raise AppError(
                "api.user.delete_user.not_enabled.app_error",
                401,
                message="Permanent user deletion feature is not enabled. Please contact your System "
                "Administrator.",
            )
        permanently_delete(ctx.store, user)
        return status_ok()
    ctx.store.users.set_active(user, False)
    return status_ok()


def update_user_active(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    active = ctx.any_map().get("active")
    if not isinstance(active, bool):
        raise invalid_body_param("active")
    self_deactivate = not active and user_id == ctx.session.user_id
    if not self_deactivate and not perms.is_system_admin(ctx.session):
        raise AppError(
            "api.user.update_active.permissions.app_error",
            403,
            message="You do not have the appropriate permissions.",
        )
    if self_deactivate and not ctx.settings.get("TeamSettings.EnableUserDeactivation"):
        raise AppError(
            "api.user.update_active.not_enable.app_error",
            401,
            message="You cannot deactivate yourself because this feature is not enabled.",
        )
    user = ctx.store.users.get(user_id)
    if user.is_system_admin:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    if active and at_user_limit(ctx.store):
        raise AppError(
            "app.user.update_active.user_limit.exceeded",
            400,
            message="Can't activate user. Server exceeds safe user limit. ERROR_SAFETY_LIMITS_EXCEEDED.",
        )
    ctx.store.users.set_active(user, active)
    ctx.audit(f"user_id={user.id} active={'true' if active else 'false'}")
    return status_ok()


def update_user_roles(ctx: Ctx) -> Reply:
    """model.IsValidUserRoles (a lone system_admin is refused), manage_roles, then the user (400 if
    unknown)."""
    user_id = ctx.user_id()
    roles = ctx.string_map().get("roles", "")
    parts = roles.split()
    if any(not _ROLE_NAME.match(p) for p in parts) or parts == ["system_admin"]:
        raise invalid_body_param("roles")
    # The newer system roles need a license with custom permission schemes (model.NewSystemRoleIDs).
    if set(parts) & {"system_user_manager", "system_read_only_admin", "system_manager"}:
        raise AppError(
            "api.user.update_user_roles.license.app_error",
            400,
            message="Custom Permission Schemes not supported by current license",
        )
    perms.require_system(ctx.store, ctx.session, "manage_roles")
    user = ctx.store.users.find(user_id)
    if user is None:
        raise AppError("app.user.missing_account.const", 400, detailed_error=f"user_id={user_id}")
    ctx.store.users.set_roles(user, roles)
    ctx.audit(f"user={user_id} roles={roles}")
    return status_ok()


def update_user_password(ctx: Ctx) -> Reply:
    """Audited "attempted", then "failed" or "completed" (a missing current password writes neither)."""
    user_id = ctx.user_id()
    props = ctx.string_map()
    ctx.audit("attempted")
    if user_id == ctx.session.user_id and not props.get("current_password"):
        raise invalid_body_param("current_password")
    try:
        _change_password(ctx, user_id, props)
    except AppError:
        ctx.audit("failed")
        raise
    ctx.audit("completed")
    return status_ok()


def _change_password(ctx: Ctx, user_id: str, props: dict[str, str]) -> None:
    target = ctx.store.users.find(user_id)
    can_update = target is not None and perms.has_system(ctx.store, ctx.session, "manage_system")
    if user_id == ctx.session.user_id:
        user = ctx.store.users.get(user_id)
        try:
            _double_check_password(ctx, user, props["current_password"])
        except AppError as err:
            if err.id != "api.user.check_user_password.invalid.app_error":
                raise
            raise AppError(
                "api.user.update_password.incorrect.app_error",
                400,
                message='The "Current Password" you entered is incorrect. Please check that Caps Lock '
                "is off and try again.",
            ) from None
    elif not can_update:
        raise AppError(
            "api.user.update_password.context.app_error",
            403,
            message="Update password failed because context user_id did not match props user_id.",
        )
    ctx.store.users.set_password(ctx.store.users.get(user_id), props.get("new_password", ""))


def get_profile_image(ctx: Ctx) -> Reply:
    user = ctx.store.users.get(ctx.user_id())
    image = ctx.store.profile_image_by_user.get(user.id)
    if image is None:  # the generated picture: a short cache and no ETag (api4/user.go getProfileImage)
        return raw(default_image_png(user.id), "image/png").header("cache-control", "max-age=300, private")
    return (
        raw(image, "image/png")
        .header("cache-control", "max-age=86400, private")
        .header("etag", str(user.last_picture_update))
    )


def _upload_error(error_id: str, status: int, message: str) -> AppError:
    return AppError(f"api.user.upload_profile_user.{error_id}", status, message=message)


async def set_profile_image(ctx: Ctx) -> Reply:
    """POST /users/{id}/image, multipart `image`. Upstream: api4/user.go setProfileImage, app/user.go
    SetProfileImageFromMultiPartFile (image limits first, then decode and adjust)."""
    user_id = ctx.user_id()
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, user_id))
    try:
        parts = multipart.parse_form(ctx.headers.get("content-type", ""), ctx.body)
    except multipart.MultipartError:
        raise _upload_error("parse.app_error", 500, "Could not parse multipart form.") from None
    images = multipart.form_files(parts, "image")
    if not images:
        raise _upload_error("no_file.app_error", 400, "No file under 'image' in request.")
    user = ctx.store.users.find(user_id)
    if user is None:
        raise invalid_url_param("user_id")
    try:
        check_limits(images[0], ctx.settings.get("FileSettings.MaxImageResolution"))
        png = await ctx.off_loop(icon_png, images[0])
    except ImageError as err:
        if err.stage == "dimensions":
            raise _upload_error(
                "check_image_limits.app_error", 400, "Image limits check failed. Resolution is too high."
            ) from None
        raise _upload_error("decode.app_error", 400, "Could not decode profile image.") from None
    ctx.store.users.set_profile_image(user, png)
    ctx.audit("")
    return status_ok()


def set_default_profile_image(ctx: Ctx) -> Reply:
    """DELETE /users/{id}/image: back to the generated picture. Upstream: api4/user.go
    setDefaultProfileImage."""
    user_id = ctx.user_id()
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, user_id))
    ctx.store.users.set_profile_image(ctx.store.users.get(user_id), None)
    ctx.audit("")
    return status_ok()


def get_default_profile_image(ctx: Ctx) -> Reply:
    return raw(default_image_png(ctx.store.users.get(ctx.user_id()).id), "image/png")


def default_image_png(user_id: str, size: int = 128) -> bytes:
    """A solid square in a colour picked from the user id, as app/user.go picks one for the initials image."""
    colour = bytes.fromhex(hashlib.md5(user_id.encode()).hexdigest()[:6])
    rows = b"".join(b"\x00" + colour * size for _ in range(size))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def get_known_users(ctx: Ctx) -> Reply:
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
    Route("GET", "/api/v4/limits/server", get_server_limits),
    Route("GET", "/api/v4/users/{user_id}", get_user),
    Route("PUT", "/api/v4/users/{user_id}", update_user),
    Route("DELETE", "/api/v4/users/{user_id}", delete_user),
    Route("PUT", "/api/v4/users/{user_id}/patch", patch_user),
    Route("PUT", "/api/v4/users/{user_id}/roles", update_user_roles),
    Route("PUT", "/api/v4/users/{user_id}/active", update_user_active),
    Route("PUT", "/api/v4/users/{user_id}/password", update_user_password),
    Route("GET", "/api/v4/users/{user_id}/image", get_profile_image, auth=SESSION_TRUST),
    Route(
        "POST",
        "/api/v4/users/{user_id}/image",
        set_profile_image,
        body_limit="FileSettings.MaxFileSize",
        too_large_id="api.user.upload_profile_user.too_large.app_error",
    ),
    Route("DELETE", "/api/v4/users/{user_id}/image", set_default_profile_image),
    Route("GET", "/api/v4/users/{user_id}/image/default", get_default_profile_image, auth=SESSION_TRUST),
    Route("GET", "/api/v4/users/username/{username}", get_user_by_username),
    Route("GET", "/api/v4/users/email/{email}", get_user_by_email),
]
