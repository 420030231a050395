"""Personal access tokens. Upstream: server/channels/api4/user.go (createUserAccessToken ...),
app/user_access_token.go."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.entities import UserAccessToken


def _token_body(ctx: Ctx) -> dict[str, object]:
    try:
        return ctx.json_object("user_access_token")
    except AppError:
        raise invalid_body_param("user_access_token") from None


def create_user_access_token(ctx: Ctx) -> Reply:
    """api4/user.go createUserAccessToken: user, body, description, permissions, then the config switch."""
    user_id = ctx.user_id()
    user = ctx.store.users.get(user_id)
    body = _token_body(ctx)
    description = body.get("description")
    if description is not None and not isinstance(description, str):
        raise invalid_body_param("user_access_token")
    if not description:
        raise invalid_body_param("description")
    ctx.audit("")
    perms.require_system(ctx.store, ctx.session, "create_user_access_token")
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, user_id))
    if user.is_system_admin:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    if not user.is_bot and not ctx.settings.get("ServiceSettings.EnableUserAccessTokens"):
        raise AppError(
            "app.user_access_token.disabled",
            501,
            message="Personal access tokens are disabled on this server. Please contact your system "
            "administrator for details.",
        )
    pat = ctx.store.sessions.create_token(user, description)
    ctx.audit(f"success - token_id={pat.id}")
    return ok(wire.user_access_token(pat, with_token=True))


def get_user_access_tokens_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_system(ctx.store, ctx.session, "read_user_access_token")
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, user_id))
    page, per_page = ctx.paging()
    tokens = ctx.store.sessions.tokens_for_user(user_id)[page * per_page : (page + 1) * per_page]
    return ok([wire.user_access_token(t) for t in tokens])


def get_user_access_tokens(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "manage_system")
    page, per_page = ctx.paging()
    tokens = list(ctx.store.token_by_id.values())[page * per_page : (page + 1) * per_page]
    return ok([wire.user_access_token(t) for t in tokens])


def _owned_token(ctx: Ctx, token_id: str, permission: str) -> UserAccessToken:
    perms.require_system(ctx.store, ctx.session, permission)
    pat = ctx.store.sessions.get_token(token_id)
    perms.require(perms.can_act_on_user_or_bot(ctx.store, ctx.session, pat.user_id))
    return pat


def get_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, ctx.path_id("token_id"), "read_user_access_token")
    return ok(wire.user_access_token(pat))


def _token_id_from_body(ctx: Ctx) -> str:
    """A missing token_id is not answered with 400 upstream: the lookup of "" answers 404 after the
    permission check (api4/user.go revokeUserAccessToken sets the param error without returning). The
    audit is written before any check."""
    token_id = ctx.string_map().get("token_id", "")
    ctx.audit("")
    return token_id


def revoke_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, _token_id_from_body(ctx), "revoke_user_access_token")
    ctx.store.sessions.revoke_token(pat)
    ctx.audit(f"success - token_id={pat.id}")
    return status_ok()


def disable_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, _token_id_from_body(ctx), "revoke_user_access_token")
    ctx.store.sessions.set_token_active(pat, False)
    ctx.audit(f"success - token_id={pat.id}")
    return status_ok()


def enable_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, _token_id_from_body(ctx), "create_user_access_token")
    ctx.store.sessions.set_token_active(pat, True)
    ctx.audit(f"success - token_id={pat.id}")
    return status_ok()


ROUTES = [
    Route("GET", "/api/v4/users/{user_id}/tokens", get_user_access_tokens_for_user),
    Route("POST", "/api/v4/users/{user_id}/tokens", create_user_access_token),
    Route("GET", "/api/v4/users/tokens", get_user_access_tokens),
    Route("POST", "/api/v4/users/tokens/revoke", revoke_user_access_token),
    Route("GET", "/api/v4/users/tokens/{token_id}", get_user_access_token),
    Route("POST", "/api/v4/users/tokens/disable", disable_user_access_token),
    Route("POST", "/api/v4/users/tokens/enable", enable_user_access_token),
]
