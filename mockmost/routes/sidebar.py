"""Sidebar categories of a user on a team. Upstream: server/channels/api4/channel_category.go,
app/authorization.go SessionHasPermissionToCategory."""

from __future__ import annotations

import re
from typing import Any

from mockmost import gojson
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.ids import is_valid_id

_DEFAULT_CATEGORY_ID = re.compile(r"(favorites|channels|direct_messages)_[a-z0-9]{26}_[a-z0-9]{26}")
# model.SidebarCategoryWithChannels as the JSON decoder accepts it.
_FIELDS: dict[str, Any] = {
    "id": str,
    "user_id": str,
    "team_id": str,
    "sort_order": int,
    "sorting": str,
    "type": str,
    "display_name": str,
    "muted": bool,
    "collapsed": bool,
    "channel_ids": gojson.LIST_OF_STR,
}


def _check_category(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid_body_param("category")
    if not gojson.fields_fit(value, _FIELDS):
        raise invalid_body_param("category")
    return value


def _user_and_team(ctx: Ctx) -> tuple[str, str]:
    """RequireUserId, RequireTeamId, then SessionHasPermissionToUser and view_team."""
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    perms.require(perms.can_act_on_user(ctx.store, ctx.session, user_id))
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    return user_id, team_id


def _may_use_category(ctx: Ctx, user_id: str, team_id: str, category_id: str) -> bool:
    """SessionHasPermissionToCategory: edit_other_users, or the caller's own category on that team."""
    if perms.has_system(ctx.store, ctx.session, "edit_other_users"):
        return True
    category = ctx.store.sidebar.find(category_id)
    return (
        category is not None
        and category.user_id == ctx.session.user_id == user_id
        and category.team_id == team_id
    )


def _category_in_path(ctx: Ctx) -> tuple[str, str, str]:
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    category_id = ctx.params.get("category_id", "")
    if not (is_valid_id(category_id) or _DEFAULT_CATEGORY_ID.match(category_id)):
        raise invalid_url_param("category_id")
    perms.require(_may_use_category(ctx, user_id, team_id, category_id))
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    return user_id, team_id, category_id


def _member_channels(ctx: Ctx, user_id: str, team_id: str, channel_ids: list[str]) -> list[str]:
    """validateSidebarCategoryChannels: keep the user's channels of this team (archived too) and DMs/GMs,
    once each, in the given order; drop the rest silently."""
    mine = {c.id for c in ctx.store.channels.for_user(user_id, team_id, include_deleted=True)}
    return list(dict.fromkeys(c for c in channel_ids if c in mine))


def get_sidebar_categories_for_team_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    return ok(ctx.store.sidebar.categories(user_id, team_id))


def create_sidebar_category_for_team_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    body = _check_category(ctx.json("category"))
    if body.get("user_id") != user_id or body.get("team_id") != team_id:
        raise invalid_body_param("category")
    channel_ids = _member_channels(ctx, user_id, team_id, body.get("channel_ids") or [])
    return ok(
        ctx.store.sidebar.create(
            user_id,
            team_id,
            body.get("display_name") or "",
            body.get("sorting") or "",
            bool(body.get("muted")),
            channel_ids,
        )
    )


def get_sidebar_category_order_for_team_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    return ok(ctx.store.sidebar.order(user_id, team_id))


def update_sidebar_category_order_for_team_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    order = ctx.json_str_list()
    for category_id in order:
        if not _may_use_category(ctx, user_id, team_id, category_id):
            raise invalid_body_param("category")
    ctx.store.sidebar.update_order(user_id, team_id, order)
    return ok(order)


def get_sidebar_category_for_team_for_user(ctx: Ctx) -> Reply:
    _, _, category_id = _category_in_path(ctx)
    category = ctx.store.sidebar.find(category_id)
    if category is None:
        raise AppError(
            "app.channel.sidebar_categories.app_error", 404, message="Failed to insert record to database."
        )
    return ok(ctx.store.sidebar.populated(category))


def update_sidebar_categories_for_team_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = _user_and_team(ctx)
    body = ctx.json("category")
    if not isinstance(body, list):
        raise invalid_body_param("category")
    requests = [_check_category(item) for item in body]
    for request in requests:
        if not _may_use_category(ctx, user_id, team_id, request.get("id") or ""):
            raise invalid_body_param("category")
    for request in requests:
        request["channel_ids"] = _member_channels(ctx, user_id, team_id, request.get("channel_ids") or [])
    return ok(ctx.store.sidebar.update(user_id, team_id, requests))


def update_sidebar_category_for_team_for_user(ctx: Ctx) -> Reply:
    user_id, team_id, category_id = _category_in_path(ctx)
    body = _check_category(ctx.json("category"))
    if body.get("team_id") != team_id or body.get("user_id") != user_id:
        raise invalid_body_param("category")
    body["channel_ids"] = _member_channels(ctx, user_id, team_id, body.get("channel_ids") or [])
    body["id"] = category_id
    return ok(ctx.store.sidebar.update(user_id, team_id, [body])[0])


def remove_sidebar_category_for_team_for_user(ctx: Ctx) -> Reply:
    _, _, category_id = _category_in_path(ctx)
    ctx.store.sidebar.delete(category_id)
    return status_ok()


_BASE = "/api/v4/users/{user_id}/teams/{team_id}/channels/categories"
ROUTES = [
    Route("GET", _BASE, get_sidebar_categories_for_team_for_user),
    Route("POST", _BASE, create_sidebar_category_for_team_for_user),
    Route("PUT", _BASE, update_sidebar_categories_for_team_for_user),
    Route("GET", _BASE + "/order", get_sidebar_category_order_for_team_for_user),
    Route("PUT", _BASE + "/order", update_sidebar_category_order_for_team_for_user),
    Route("GET", _BASE + "/{category_id}", get_sidebar_category_for_team_for_user),
    Route("PUT", _BASE + "/{category_id}", update_sidebar_category_for_team_for_user),
    Route("DELETE", _BASE + "/{category_id}", remove_sidebar_category_for_team_for_user),
]
