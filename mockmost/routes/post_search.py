"""Post search in a team or in all the user's teams. Upstream: server/channels/api4/post.go
(searchPostsInTeam, searchPostsInAllTeams, searchPosts), app/post.go SearchPostsForUser."""

from __future__ import annotations

from typing import Any

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok

_FIELDS = {
    "terms": str,
    "is_or_search": bool,
    "time_zone_offset": int,
    "page": int,
    "per_page": int,
    "include_deleted_channels": bool,
}


def decode_search_parameter(ctx: Ctx, invalid_body_id: str) -> dict[str, Any]:
    """json.Decode into model.SearchParameter (posts and files searches): any decoding failure is the given
    invalid_body error; empty terms are invalid param terms."""
    bad = AppError(invalid_body_id, 400, message="Unable to parse the request body.")
    try:
        body = gojson.loads(ctx.body)
    except (ValueError, UnicodeDecodeError):
        raise bad from None
    if body is None:
        body = {}
    if not isinstance(body, dict) or not gojson.fields_fit(body, _FIELDS):
        raise bad
    if not body.get("terms"):
        raise invalid_body_param("terms")
    return body


def _search(ctx: Ctx, team_id: str) -> Reply:
    assert ctx.session is not None
    body = decode_search_parameter(ctx, "api.post.search_posts.invalid_body.app_error")
    order = ctx.store.post_search.search(
        ctx.session.user_id,
        team_id,
        body["terms"],
        is_or=bool(body.get("is_or_search")),
        include_deleted_channels=bool(body.get("include_deleted_channels")),
        time_zone_offset=body.get("time_zone_offset") or 0,
        page=body.get("page") or 0,
    )
    reply = ok(wire.post_search_results(ctx.store, order))
    return reply.header("Cache-Control", "no-cache, no-store, must-revalidate")


def search_posts(ctx: Ctx) -> Reply:
    """SearchPosts (api4 searchPostsInTeam)."""
    team_id = ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    return _search(ctx, team_id)


def search_posts_in_all_teams(ctx: Ctx) -> Reply:
    """Not in the OpenAPI document; the real server has it (api4/post.go searchPostsInAllTeams)."""
    return _search(ctx, "")


ROUTES = [
    Route("POST", "/api/v4/teams/{team_id}/posts/search", search_posts),
    Route("POST", "/api/v4/posts/search", search_posts_in_all_teams),
]
