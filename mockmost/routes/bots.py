"""Bots: create, read, list, patch, disable/enable, assign, convert to and from users.
Upstream: server/channels/api4/bot.go, api4/user.go (convertUserToBot), app/bot.go, app/authorization.go."""

from __future__ import annotations

from typing import Any, cast

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, permission_denied
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, ok
from mockmost.store.bots import bot_not_found
from mockmost.store.entities import Bot
from mockmost.wire.users import Viewer

_USER_PATCH_FIELDS = {
    "username": str,
    "password": str,
    "nickname": str,
    "first_name": str,
    "last_name": str,
    "position": str,
    "email": str,
    "locale": str,
    "props": dict,
    "notify_props": dict,
    "timezone": dict,
    "disable_welcome_email": bool,
    "remote_id": str,
}


def _handle_etag(ctx: Ctx, reply: Reply, etag: str) -> Reply:
    """web/context.go HandleEtag: getBot and getBots send an ETag only with the 304 of a matching
    If-None-Match."""
    if ctx.headers.get("if-none-match") == etag:
        return Reply(304, b"", headers=[(b"etag", etag.encode())])
    return reply


def _may_manage(ctx: Ctx, bot_user_id: str) -> Bot:
    """SessionHasPermissionToManageBot: without read permission the bot looks absent (404), else 403."""
    bot = ctx.store.bots.get(bot_user_id, include_deleted=True)
    if perms.is_system_admin(ctx.session):
        return bot
    own = bot.owner_id == ctx.session.user_id
    manage, read = ("manage_bots", "read_bots") if own else ("manage_others_bots", "read_others_bots")
    if not perms.has_system(ctx.store, ctx.session, manage):
        if not perms.has_system(ctx.store, ctx.session, read):
            raise bot_not_found()
        raise permission_denied()
    return bot


def _bot_patch_body(ctx: Ctx) -> dict[str, Any]:
    body = ctx.json("bot")
    if not isinstance(body, dict):
        raise invalid_body_param("bot")
    for name in ("username", "display_name", "description"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise invalid_body_param("bot")
    return body


def create_bot(ctx: Ctx) -> Reply:
    body = _bot_patch_body(ctx)
    perms.require_system(ctx.store, ctx.session, "create_bot")
    if ctx.me.is_bot:
        raise permission_denied()
    if not ctx.settings.get("ServiceSettings.EnableBotAccountCreation"):
        raise AppError("api.bot.create_disabled", 403, message="Bot creation has been disabled.")
    bot = ctx.store.bots.create(ctx.session.user_id, body, welcome=True)
    return created(wire.bot(bot))


def get_bot(ctx: Ctx) -> Reply:
    bot_user_id = ctx.path_id("bot_user_id")
    bot = ctx.store.bots.get(bot_user_id, include_deleted=ctx.query_bool("include_deleted"))
    if not perms.has_system(ctx.store, ctx.session, "read_others_bots") and not (
        bot.owner_id == ctx.session.user_id and perms.has_system(ctx.store, ctx.session, "read_bots")
    ):
        raise bot_not_found()  # api4/bot.go: pretend the bot does not exist
    return _handle_etag(ctx, ok(wire.bot(bot)), wire.etags.bot(bot))


def get_bots(ctx: Ctx) -> Reply:
    if perms.has_system(ctx.store, ctx.session, "read_others_bots"):
        owner_id = ""
    elif perms.has_system(ctx.store, ctx.session, "read_bots"):
        owner_id = ctx.session.user_id
    else:
        raise permission_denied()
    page, per_page = ctx.paging()
    bots = ctx.store.bots.list_bots(
        owner_id,
        include_deleted=ctx.query_bool("include_deleted"),
        only_orphaned=ctx.query_bool("only_orphaned"),
        page=page,
        per_page=per_page,
    )
    return _handle_etag(ctx, ok([wire.bot(b) for b in bots]), wire.etags.bots(bots))


def patch_bot(ctx: Ctx) -> Reply:
    bot_user_id = ctx.path_id("bot_user_id")
    body = _bot_patch_body(ctx)
    bot = _may_manage(ctx, bot_user_id)
    return ok(wire.bot(ctx.store.bots.patch(bot, body)))


def _set_active(ctx: Ctx, active: bool) -> Reply:
    bot = _may_manage(ctx, ctx.path_id("bot_user_id"))
    return ok(wire.bot(ctx.store.bots.set_active(bot, active)))


def disable_bot(ctx: Ctx) -> Reply:
    return _set_active(ctx, False)


def enable_bot(ctx: Ctx) -> Reply:
    return _set_active(ctx, True)


def assign_bot(ctx: Ctx) -> Reply:
    """The new owner need not exist (app/bot.go UpdateBotOwner); a bot cannot own a bot."""
    user_id = ctx.path_id("user_id")
    bot = _may_manage(ctx, ctx.path_id("bot_user_id"))
    owner = ctx.store.users.find(user_id)
    if owner is not None and owner.is_bot:
        raise permission_denied()
    return ok(wire.bot(ctx.store.bots.assign(bot, user_id)))


def convert_bot_to_user(ctx: Ctx) -> Reply:
    """The bot must exist and be active; the body is checked before the permission (api4/bot.go)."""
    bot = ctx.store.bots.get(ctx.path_id("bot_user_id"))
    body = ctx.json("userPatch")
    if (
        not isinstance(body, dict)
        or any(body.get(k) is not None and not isinstance(body[k], t) for k, t in _USER_PATCH_FIELDS.items())
        or not body.get("password")
    ):
        raise invalid_body_param("userPatch")
    perms.require_system(ctx.store, ctx.session, "manage_system")
    before = ctx.store.users.get(bot.user_id).last_password_update
    user = ctx.store.bots.convert_bot_to_user(bot, body, body["password"], ctx.query_bool("set_system_admin"))
    # app/user.go ConvertBotToUser answers the user as UpdateUser returned it, unsanitised: still is_bot, and
    # the password time from before UpdatePassword (observed on 11.2.0).
    out = wire.user(user, cast(Viewer, perms.viewer_kind(ctx.session, user)))
    out["is_bot"] = True
    if before:
        out["last_password_update"] = before
    return ok(out)


def convert_user_to_bot(ctx: Ctx) -> Reply:
    user = ctx.store.users.get(ctx.user_id())
    perms.require_system(ctx.store, ctx.session, "manage_system")
    return ok(wire.bot(ctx.store.bots.convert_user_to_bot(user)))


ROUTES = [
    Route("POST", "/api/v4/bots", create_bot),
    Route("GET", "/api/v4/bots", get_bots),
    Route("GET", "/api/v4/bots/{bot_user_id}", get_bot),
    Route("PUT", "/api/v4/bots/{bot_user_id}", patch_bot),
    Route("POST", "/api/v4/bots/{bot_user_id}/disable", disable_bot),
    Route("POST", "/api/v4/bots/{bot_user_id}/enable", enable_bot),
    Route("POST", "/api/v4/bots/{bot_user_id}/assign/{user_id}", assign_bot),
    Route("POST", "/api/v4/bots/{bot_user_id}/convert_to_user", convert_bot_to_user),
    Route("POST", "/api/v4/users/{user_id}/convert_to_bot", convert_user_to_bot),
]
