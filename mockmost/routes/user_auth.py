"""Login, logout, sessions. Upstream: server/channels/api4/user.go (login, logout, getSessions),
app/login.go."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.auth.user_agent import session_props
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.entities import User


def _find_login_user(ctx: Ctx, user_id: str, login_id: str) -> User | None:
    if user_id:
        return ctx.store.users.find(user_id)
    return ctx.store.users.find_by_login(login_id)


def _masked_credentials_error(ctx: Ctx) -> AppError:
    """api4/user.go login: unknown user and wrong password share one id, chosen by the sign-in settings."""
    by_username = ctx.settings.get("EmailSettings.EnableSignInWithUsername")
    by_email = ctx.settings.get("EmailSettings.EnableSignInWithEmail")
    suffix = (
        "username"
        if by_username and not by_email
        else "email"
        if by_email and not by_username
        else "email_username"
    )
    return AppError(
        f"api.user.login.invalid_credentials_{suffix}",
        401,
        message="Enter a valid email or username and/or password.",
    )


def _check_login(ctx: Ctx, user: User, password: str) -> None:
    """app/authentication.go CheckPasswordAndAllCriteria: inactive, bot, attempts, then the password."""
    if user.delete_at:
        raise AppError("api.user.login.inactive.app_error", 401)
    if user.is_bot:
        raise AppError("api.user.login.bot_login_forbidden.app_error", 401)
    if user.failed_attempts >= ctx.settings.get("ServiceSettings.MaximumLoginAttempts"):
        raise AppError("api.user.check_user_login_attempts.too_many.app_error", 401)
    if not ctx.store.users.check_password(user, password):
        ctx.store.users.record_login(user, ok=False)
        raise _masked_credentials_error(ctx)
    if ctx.settings.get("EmailSettings.RequireEmailVerification") and not user.email_verified:
        raise AppError(
            "api.user.login.not_verified.app_error",
            401,
            message="Login failed because email address has not been verified.",
        )


def _authenticate(ctx: Ctx, props: dict[str, str]) -> User:
    """app/login.go AuthenticateUserForLogin."""
    password = props.get("password", "")
    if not password:
        raise AppError("api.user.login.blank_pwd.app_error", 400)
    user = _find_login_user(ctx, props.get("id", ""), props.get("login_id", ""))
    if user is None:
        raise _masked_credentials_error(ctx)
    _check_login(ctx, user, password)
    return user


def login(ctx: Ctx) -> Reply:
    """The body is read like model.MapFromJSON: malformed JSON is an empty map, so a blank password."""
    props = ctx.string_map()
    login_id = props.get("login_id", "")
    ctx.audit_for(props.get("id", ""), f"attempt - login_id={login_id}")
    try:
        user = _authenticate(ctx, props)
    except AppError:
        ctx.audit_for(props.get("id", ""), f"failure - login_id={login_id}")
        raise
    # The user as the login read it from the database, before this login: failed_attempts still counted,
    # and update_at moved by every earlier login (sqlstore UpdateLastLogin), which the cached user that
    # GET /users/{id} answers does not show until something invalidates it.
    body = {**wire.user(user, "self"), "update_at": max(user.update_at, user.last_login)}
    ctx.store.users.record_login(user, ok=True)
    ctx.audit_for(user.id, "authenticated")
    session = ctx.store.sessions.create(
        user, device_id=props.get("device_id", ""), props=session_props(ctx.headers.get("user-agent", ""))
    )
    ctx.audit_for(user.id, "success", session)
    reply = ok(body).header("token", session.token)
    if ctx.headers.get("x-requested-with") == "XMLHttpRequest":
        max_age = ctx.settings.get("ServiceSettings.SessionLengthWebInHours") * 3600
        ctx.set_cookie("MMAUTHTOKEN", session.token, max_age, http_only=True)
        ctx.set_cookie("MMUSERID", user.id, max_age, http_only=False)
        ctx.set_cookie("MMCSRF", session.csrf, max_age, http_only=False)
    return reply


def logout(ctx: Ctx) -> Reply:
    ctx.audit("")
    ctx.response_headers.append((b"set-cookie", b"MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly"))
    if ctx.optional_session is not None:
        ctx.store.sessions.revoke_token_session(ctx.optional_session.token)
    return status_ok()


def get_sessions(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    # Each session answers with the user's current team memberships (app/session.go GetSessions).
    members = [wire.team_member(m) for m in ctx.store.teams.memberships_in_join_order(user_id)]
    return ok([wire.session(s, team_members=members) for s in ctx.store.sessions.list_for_user(user_id)])


def revoke_session(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    session_id = ctx.string_map().get("session_id", "")
    if not session_id:
        raise invalid_body_param("session_id")
    ctx.store.sessions.revoke(session_id, user_id)
    ctx.audit("")
    return status_ok()


def revoke_all_sessions(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    ctx.store.sessions.revoke_all_for_user(user_id)
    ctx.audit("")
    return status_ok()


ROUTES = [
    Route("POST", "/api/v4/users/login", login, auth=PUBLIC),
    Route("POST", "/api/v4/users/logout", logout, auth=PUBLIC),
    Route("GET", "/api/v4/users/{user_id}/sessions", get_sessions),
    Route("POST", "/api/v4/users/{user_id}/sessions/revoke", revoke_session),
    Route("POST", "/api/v4/users/{user_id}/sessions/revoke/all", revoke_all_sessions),
]
