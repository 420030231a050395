"""Post search in a team or in all the user's teams. Upstream: server/channels/api4/post.go
(searchPostsInTeam, searchPostsInAllTeams, searchPosts), app/post.go SearchPostsForUser."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.http.bodies import decode_search_parameter
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok


def _search(ctx: Ctx, team_id: str) -> Reply:
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
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    return _search(ctx, team_id)


def search_posts_in_all_teams(ctx: Ctx) -> Reply:
    """Not in the OpenAPI document; the real server has it (api4/post.go searchPostsInAllTeams)."""
    return _search(ctx, "")


ROUTES = [
    Route("POST", "/api/v4/teams/{team_id}/posts/search", search_posts),
    # api4/post.go InitPost: searchPostsInAllTeams, not in the OpenAPI document.
    Route("POST", "/api/v4/posts/search", search_posts_in_all_teams, documented=False),
]
