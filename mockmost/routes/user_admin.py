"""Account administration: token search, revoking every session, verifying an email, clearing failed
password attempts, resetting a password by recovery token. Upstream: server/channels/api4/user.go
(searchUserAccessTokens, revokeAllSessionsAllUsers, verifyUserEmailWithoutToken, resetPasswordFailedAttempts,
resetPassword), app/session.go, app/user.go, store/sqlstore/user_access_token_store.go Search."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.operations import ANSWERED

TOKEN_SIZE = 64  # model.TokenSize: recovery and invite tokens


def search_user_access_tokens(ctx: Ctx) -> Reply:
    """POST /users/tokens/search {"term"}: the term equals a token id, a user id or a username (a LIKE
    without wildcards); token values are blanked."""
    perms.require_system(ctx.store, ctx.session, "manage_system")
    body = ctx.json("user_access_token_search")
    if not isinstance(body, dict) or not isinstance(body.get("term", ""), str):
        raise invalid_body_param("user_access_token_search")
    term = body.get("term") or ""
    if not term:
        raise invalid_body_param("term")
    store = ctx.store
    found = []
    for token in store.token_by_id.values():
        owner = store.users.find(token.user_id)
        if owner is not None and term in (token.id, token.user_id, owner.username):
            found.append(token)
    return ok([wire.user_access_token(t) for t in found])


def revoke_sessions_from_all_users(ctx: Ctx) -> Reply:
    """POST /users/sessions/revoke/all: every session goes, the caller's own included; personal access
    tokens stay usable (their sessions are made again on use)."""
    perms.require_system(ctx.store, ctx.session, "manage_system")
    ctx.store.sessions.revoke_all()
    ctx.audit("")
    return status_ok()


def verify_user_email_without_token(ctx: Ctx) -> Reply:
    """POST /users/{id}/email/verify/member: the user is looked up before the permission check, and that
    copy, read before the update, is the answer (so email_verified shows as it was). app/user.go
    VerifyUserEmail sends user_updated."""
    user = ctx.store.users.get(ctx.user_id())
    perms.require_system(ctx.store, ctx.session, "manage_system")
    answer = wire.user(user, "admin", True, True)
    ctx.store.users.verify_email(user)
    ctx.audit("user verified")
    return ok(answer)


def reset_password_failed_attempts(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    if not perms.has_system(ctx.store, ctx.session, "sysconsole_write_user_management_users"):
        raise AppError(
            "api.user.reset_password_failed_attempts.permissions.app_error",
            403,
            message="You do not have permission to update this resource.",
        )
    user = ctx.store.users.get(user_id)
    if user.is_system_admin:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    if user.auth_service not in ("", "ldap"):
        raise AppError(
            "api.user.reset_password_failed_attempts.ldap_and_email_only.app_error",
            400,
            message="User auth service must be LDAP or Email.",
        )
    ctx.store.users.reset_failed_attempts(user)
    return status_ok()


def reset_password(ctx: Ctx) -> Reply:
    """POST /users/password/reset {token, new_password}: mockmost sends no recovery emails, so a well-formed
    token is never found (app/user.go GetPasswordRecoveryToken)."""
    token = ctx.string_map().get("token", "")
    if len(token) != TOKEN_SIZE:
        raise invalid_body_param("token")
    ctx.audit(f"attempt - token={token}")
    ctx.audit(f"fail - token={token}")
    raise AppError(
        "api.user.reset_password.invalid_link.app_error",
        400,
        message="The reset password link does not appear to be valid.",
    )


ROUTES = [
    Route("POST", "/api/v4/users/tokens/search", search_user_access_tokens),
    Route("POST", "/api/v4/users/sessions/revoke/all", revoke_sessions_from_all_users),
    Route("POST", "/api/v4/users/{user_id}/email/verify/member", verify_user_email_without_token),
    Route(
        "POST",
        "/api/v4/users/{user_id}/reset_failed_attempts",
        reset_password_failed_attempts,
        operation_id="resetPasswordFailedAttempts",
    ),
    Route("POST", "/api/v4/users/password/reset", reset_password, auth=PUBLIC, kind=ANSWERED),
]
