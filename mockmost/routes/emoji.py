"""Custom emoji: create (multipart), list, get, by name, image, delete, search, autocomplete, by names.
Upstream: server/channels/api4/emoji.go."""

from __future__ import annotations

import re
from typing import Any

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param, not_found_route
from mockmost.http import multipart
from mockmost.http.context import Ctx
from mockmost.http.dispatch import SESSION_TRUST, Route
from mockmost.http.replies import Reply, ok, raw, status_ok
from mockmost.store.emoji import EMOJI_NAME_MAX_LENGTH, MAX_EMOJI_FILE_SIZE
from mockmost.store.entities import Emoji

EMOJI_MAX_AUTOCOMPLETE_ITEMS = 100
GET_EMOJIS_BY_NAMES_MAX = 200
PER_PAGE_MAXIMUM = 200
_ROUTE_EMOJI_NAME = re.compile(r"^[A-Za-z0-9_\-+]+$")  # the router's {emoji_name} pattern
_EMOJI_FIELDS = {
    "id": str,
    "creator_id": str,
    "name": str,
    "create_at": int,
    "update_at": int,
    "delete_at": int,
}


def _enabled(ctx: Ctx) -> None:
    if not ctx.settings.get("ServiceSettings.EnableCustomEmoji"):
        raise AppError(
            "api.emoji.disabled.app_error",
            501,
            message="Custom emoji have been disabled by the system admin.",
        )


def _has_emoji_permission(ctx: Ctx, permission: str) -> bool:
    """The system roles, or the roles of any team the caller belongs to."""
    if perms.has_system(ctx.store, ctx.session, permission):
        return True
    teams = ctx.store.teams_of_user.get(ctx.session.user_id, ())
    return any(perms.has_team(ctx.store, ctx.session, team_id, permission) for team_id in teams)


def _parse_error(detail: str) -> AppError:
    return AppError(
        "api.emoji.create.parse.app_error",
        400,
        message="Unable to create emoji. Could not understand request.",
        detailed_error=detail,
    )


def _emoji_form(ctx: Ctx) -> tuple[dict[str, Any], bytes | None]:
    """ParseMultipartForm, then the `emoji` JSON value and the `image` file."""
    try:
        boundary = multipart.boundary_of(ctx.headers.get("content-type", ""))
        if boundary is None:
            raise _parse_error("request Content-Type isn't multipart/form-data")
        parts = multipart.parse(ctx.body, boundary)
    except multipart.MultipartError as exc:
        raise _parse_error(str(exc)) from None
    perms.require(_has_emoji_permission(ctx, "create_emojis"))
    values = [p for p in parts if p.name == "emoji" and not p.filename]
    if not values:
        raise invalid_body_param("emoji")
    try:
        fields = gojson.loads(values[0].data)
    except (ValueError, UnicodeDecodeError):
        raise invalid_body_param("emoji") from None
    fields = {} if fields is None else fields
    if not isinstance(fields, dict) or any(
        fields.get(k) is not None and (not isinstance(fields[k], t) or isinstance(fields[k], bool))
        for k, t in _EMOJI_FIELDS.items()
    ):
        raise invalid_body_param("emoji")
    images = [p.data for p in parts if p.name == "image" and p.filename]
    return fields, images[0] if images else None


def create_emoji(ctx: Ctx) -> Reply:
    """Answers 200 (not the document's 201) with the new emoji."""
    _enabled(ctx)
    declared = ctx.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_EMOJI_FILE_SIZE:
        raise AppError(
            "api.emoji.create.too_large.app_error",
            413,
            message="Unable to create emoji. Image must be less than 512 KiB in size.",
        )
    fields, image = _emoji_form(ctx)
    emoji = ctx.store.emoji.create(
        ctx.session.user_id, fields.get("creator_id") or "", fields.get("name") or "", image
    )
    return ok(wire.emoji(emoji))


def get_emoji_list(ctx: Ctx) -> Reply:
    _enabled(ctx)
    sort = ctx.query.get("sort", "")
    if sort not in ("", "name"):
        raise invalid_url_param("sort")
    page, per_page = ctx.paging()
    return ok([wire.emoji(e) for e in ctx.store.emoji.list(page, per_page, sort)])


def _path_emoji(ctx: Ctx) -> Emoji:
    emoji_id = ctx.path_id("emoji_id")
    _enabled(ctx)
    return ctx.store.emoji.get(emoji_id)


def get_emoji(ctx: Ctx) -> Reply:
    return ok(wire.emoji(_path_emoji(ctx)))


def get_emoji_by_name(ctx: Ctx) -> Reply:
    name = ctx.params.get("emoji_name", "")
    if not _ROUTE_EMOJI_NAME.match(name):
        raise not_found_route(ctx.path)
    if len(name) > EMOJI_NAME_MAX_LENGTH:
        raise invalid_url_param("emoji_name")
    _enabled(ctx)
    return ok(wire.emoji(ctx.store.emoji.get_by_name(name)))


def get_emoji_image(ctx: Ctx) -> Reply:
    emoji = _path_emoji(ctx)
    return raw(emoji.image, emoji.content_type).header("cache-control", "max-age=2592000, private")


def delete_emoji(ctx: Ctx) -> Reply:
    emoji = ctx.store.emoji.get(ctx.path_id("emoji_id"))
    perms.require(_has_emoji_permission(ctx, "delete_emojis"))
    if emoji.creator_id != ctx.session.user_id:
        perms.require(_has_emoji_permission(ctx, "delete_others_emojis"))
    ctx.store.emoji.delete(emoji)
    return status_ok()


def search_emoji(ctx: Ctx) -> Reply:
    body = ctx.json("term")
    if body is None and ctx.body.strip():
        body = {}
    if (
        not isinstance(body, dict)
        or not isinstance(body.get("term", ""), str)
        or not isinstance(body.get("prefix_only", False), bool)
    ):
        raise invalid_body_param("term")
    if not body.get("term"):
        raise invalid_body_param("term")
    found = ctx.store.emoji.search(body["term"], bool(body.get("prefix_only")), PER_PAGE_MAXIMUM)
    return ok([wire.emoji(e) for e in found])


def autocomplete_emoji(ctx: Ctx) -> Reply:
    name = ctx.query.get("name", "")
    if not name:
        raise invalid_url_param("name")
    return ok([wire.emoji(e) for e in ctx.store.emoji.search(name, True, EMOJI_MAX_AUTOCOMPLETE_ITEMS)])


def get_emojis_by_names(ctx: Ctx) -> Reply:
    names = sorted(set(ctx.json_str_list()))
    if not names:
        raise invalid_body_param("names")
    _enabled(ctx)
    if len(names) > GET_EMOJIS_BY_NAMES_MAX:
        raise AppError(
            "api.emoji.get_multiple_by_name_too_many.request_error",
            400,
            message=f"Unable to get that many emojis by name. Only {GET_EMOJIS_BY_NAMES_MAX} emojis can "
            "be requested at once.",
        )
    return ok([wire.emoji(e) for e in ctx.store.emoji.by_names(names)])


ROUTES = [
    Route("POST", "/api/v4/emoji", create_emoji, body_limit="FileSettings.MaxFileSize"),
    Route("GET", "/api/v4/emoji", get_emoji_list),
    Route("POST", "/api/v4/emoji/names", get_emojis_by_names),
    Route("POST", "/api/v4/emoji/search", search_emoji),
    Route("GET", "/api/v4/emoji/autocomplete", autocomplete_emoji),
    Route("DELETE", "/api/v4/emoji/{emoji_id}", delete_emoji),
    Route("GET", "/api/v4/emoji/{emoji_id}", get_emoji),
    Route("GET", "/api/v4/emoji/name/{emoji_name}", get_emoji_by_name),
    Route("GET", "/api/v4/emoji/{emoji_id}/image", get_emoji_image, auth=SESSION_TRUST),
]
