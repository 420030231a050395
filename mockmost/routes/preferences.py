"""Preferences: read, update, delete, by category and name. Upstream: server/channels/api4/preference.go."""

from __future__ import annotations

import re

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import invalid_body_param, not_found_route
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.entities import Preference
from mockmost.store.preferences import FLAGGED_POST, parse_preferences

MAX_UPDATE_PREFERENCES = 100
_ROUTE_WORD = re.compile(r"^[A-Za-z0-9_]+$")  # the router's {category} / {preference_name} patterns


def _user(ctx: Ctx) -> str:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    return user_id


def _route_word(ctx: Ctx, name: str) -> str:
    value = ctx.params.get(name, "")
    if not _ROUTE_WORD.match(value):
        raise not_found_route(ctx.path)
    return value


def _body(ctx: Ctx) -> list[Preference]:
    body = ctx.json("preferences")
    if body is None and not ctx.body.strip():
        raise invalid_body_param("preferences")
    prefs = parse_preferences([] if body is None else body)
    if not prefs or len(prefs) > MAX_UPDATE_PREFERENCES:
        raise invalid_body_param("preferences")
    return prefs


def get_preferences(ctx: Ctx) -> Reply:
    user_id = _user(ctx)
    found = [wire.preference(p) for p in ctx.store.preferences.for_user(user_id)]
    return ok(found or None)  # no rows: Go's nil slice, null


def get_preferences_by_category(ctx: Ctx) -> Reply:
    category = _route_word(ctx, "category")
    user_id = _user(ctx)
    return ok([wire.preference(p) for p in ctx.store.preferences.by_category(user_id, category)])


def get_preferences_by_category_by_name(ctx: Ctx) -> Reply:
    category, name = _route_word(ctx, "category"), _route_word(ctx, "preference_name")
    user_id = _user(ctx)
    return ok(wire.preference(ctx.store.preferences.get(user_id, category, name)))


def update_preferences(ctx: Ctx) -> Reply:
    """A flagged_post preference must name a post the caller can read (api4/preference.go)."""
    user_id = _user(ctx)
    prefs = _body(ctx)
    for pref in prefs:
        if pref.category != FLAGGED_POST:
            continue
        post = ctx.store.posts.find(pref.name)
        if post is None or post.delete_at:
            raise invalid_body_param("preference.name")
        channel = ctx.store.channels.find(post.channel_id)
        perms.require(
            channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "read_channel")
        )
    ctx.store.preferences.save(user_id, prefs)
    return status_ok()


def delete_preferences(ctx: Ctx) -> Reply:
    user_id = _user(ctx)
    ctx.store.preferences.delete(user_id, _body(ctx))
    return status_ok()


ROUTES = [
    Route("GET", "/api/v4/users/{user_id}/preferences", get_preferences),
    Route("PUT", "/api/v4/users/{user_id}/preferences", update_preferences),
    Route("POST", "/api/v4/users/{user_id}/preferences/delete", delete_preferences),
    Route("GET", "/api/v4/users/{user_id}/preferences/{category}", get_preferences_by_category),
    Route(
        "GET",
        "/api/v4/users/{user_id}/preferences/{category}/name/{preference_name}",
        get_preferences_by_category_by_name,
    ),
]
