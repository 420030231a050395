"""Reactions: save, delete, list per post and in bulk. Upstream: server/channels/api4/reaction.go."""

from __future__ import annotations

import re
from typing import Any

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param, not_found_route
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.ids import is_valid_id
from mockmost.store.emoji import EMOJI_NAME_MAX_LENGTH

_ROUTE_EMOJI_NAME = re.compile(r"^[A-Za-z0-9_\-+]+$")  # the router's {emoji_name} pattern
_REACTION_FIELDS = {
    "user_id": str,
    "post_id": str,
    "emoji_name": str,
    "channel_id": str,
    "remote_id": str,
    "create_at": int,
    "update_at": int,
    "delete_at": int,
}


def _reaction_body(ctx: Ctx) -> dict[str, Any]:
    body = ctx.json("reaction")
    if body is None and ctx.body.strip():
        body = {}
    if not isinstance(body, dict):
        raise invalid_body_param("reaction")
    if not gojson.fields_fit(body, _REACTION_FIELDS):
        raise invalid_body_param("reaction")
    return body


def save_reaction(ctx: Ctx) -> Reply:
    """Answers 200 (not the document's 201) with the saved reaction."""
    body = _reaction_body(ctx)
    user_id, post_id = body.get("user_id") or "", body.get("post_id") or ""
    emoji_name = body.get("emoji_name") or ""
    if (
        not is_valid_id(user_id)
        or not is_valid_id(post_id)
        or not emoji_name
        or len(emoji_name) > EMOJI_NAME_MAX_LENGTH
    ):
        raise AppError("api.reaction.save_reaction.invalid.app_error", 400, message="Reaction is not valid.")
    if user_id != ctx.session.user_id:
        raise AppError(
            "api.reaction.save_reaction.user_id.app_error",
            403,
            message="You cannot save reaction for the other user.",
        )
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, post_id, "add_reaction"))
    return ok(wire.reaction(ctx.store.reactions.save(user_id, post_id, emoji_name)))


def get_reactions(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, post_id, "read_channel_content"))
    return ok(wire.reactions_or_null(ctx.store.reactions.for_post(post_id)))


def delete_reaction(ctx: Ctx) -> Reply:
    user_id, post_id = ctx.user_id(), ctx.path_id("post_id")
    emoji_name = ctx.params.get("emoji_name", "")
    if not _ROUTE_EMOJI_NAME.match(emoji_name):
        raise not_found_route(ctx.path)
    if len(emoji_name) > EMOJI_NAME_MAX_LENGTH:
        raise invalid_url_param("emoji_name")
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, post_id, "remove_reaction"))
    if user_id != ctx.session.user_id:
        perms.require_system(ctx.store, ctx.session, "remove_others_reactions")
    ctx.store.reactions.delete(user_id, post_id, emoji_name)
    return status_ok()


def get_bulk_reactions(ctx: Ctx) -> Reply:
    """Ids are sorted and deduplicated (model.SortedArrayFromJSON); unreadable posts refuse the whole call."""
    post_ids = sorted(set(ctx.json_str_list()))
    if not post_ids:  # the store's query with no ids fails (observed on 11.2)
        raise AppError(
            "app.reaction.bulk_get_for_post_ids.app_error", 500, message="Unable to get reactions for post."
        )
    for post_id in post_ids:
        perms.require(perms.has_channel_by_post(ctx.store, ctx.session, post_id, "read_channel_content"))
    bulk = ctx.store.reactions.bulk(post_ids)
    return ok({pid: [wire.reaction(r) for r in rows] for pid, rows in bulk.items()})


ROUTES = [
    Route("POST", "/api/v4/reactions", save_reaction),
    Route("GET", "/api/v4/posts/{post_id}/reactions", get_reactions),
    Route("DELETE", "/api/v4/users/{user_id}/posts/{post_id}/reactions/{emoji_name}", delete_reaction),
    Route("POST", "/api/v4/posts/ids/reactions", get_bulk_reactions),
]
