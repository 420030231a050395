"""Personal access tokens. Upstream: server/channels/api4/user.go (createUserAccessToken ...), app/user_access_token.go."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.entities import UserAccessToken


def _require_enabled(ctx: Ctx, for_bot: bool = False) -> None:
    if not for_bot and not ctx.settings.get("ServiceSettings.EnableUserAccessTokens"):
        raise AppError("api.user.create_user_access_token.disabled.app_error", 501,
                       message="Personal access tokens are disabled on this server. Please contact your system "
                               "administrator for details.")


def create_user_access_token(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    body = ctx.json_object("token")
    user = ctx.store.users.get(user_id)
    _require_enabled(ctx, for_bot=user.is_bot)
    assert ctx.session is not None
    if ctx.session.is_bot and not perms.is_system_admin(ctx.session):
        raise AppError("api.context.permissions.app_error", 403)
    perms.require_system(ctx.session, "create_user_access_token")
    if user.is_bot:
        bot = ctx.store.bot_by_user_id.get(user.id)
        perms.require(perms.is_system_admin(ctx.session) or (bot is not None and bot.owner_id == ctx.session.user_id))
    else:
        perms.require_user(ctx.store, ctx.session, user_id)
    pat = ctx.store.sessions.create_token(user, body.get("description"))
    return ok(wire.user_access_token(pat, with_token=True))


def get_user_access_tokens_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    assert ctx.session is not None
    perms.require_system(ctx.session, "read_user_access_token")
    perms.require_user(ctx.store, ctx.session, user_id)
    page, per_page = ctx.paging()
    tokens = ctx.store.sessions.tokens_for_user(user_id)[page * per_page:(page + 1) * per_page]
    return ok([wire.user_access_token(t) for t in tokens])


def get_user_access_tokens(ctx: Ctx) -> Reply:
    assert ctx.session is not None
    perms.require_system(ctx.session, "manage_system")
    page, per_page = ctx.paging()
    tokens = list(ctx.store.token_by_id.values())[page * per_page:(page + 1) * per_page]
    return ok([wire.user_access_token(t) for t in tokens])


def _owned_token(ctx: Ctx, token_id: str, permission: str) -> UserAccessToken:
    assert ctx.session is not None
    perms.require_system(ctx.session, permission)
    pat = ctx.store.sessions.get_token(token_id)
    perms.require_user(ctx.store, ctx.session, pat.user_id)
    return pat


def get_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, ctx.path_id("token_id"), "read_user_access_token")
    return ok(wire.user_access_token(pat))


def _token_id_from_body(ctx: Ctx) -> str:
    body = ctx.json_object("token_id")
    token_id = body.get("token_id")
    if not isinstance(token_id, str) or not token_id:
        raise invalid_body_param("token_id")
    return token_id


def revoke_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, _token_id_from_body(ctx), "revoke_user_access_token")
    ctx.store.sessions.revoke_token(pat)
    return status_ok()


def disable_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, _token_id_from_body(ctx), "revoke_user_access_token")
    ctx.store.sessions.set_token_active(pat, False)
    return status_ok()


def enable_user_access_token(ctx: Ctx) -> Reply:
    pat = _owned_token(ctx, _token_id_from_body(ctx), "create_user_access_token")
    ctx.store.sessions.set_token_active(pat, True)
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
