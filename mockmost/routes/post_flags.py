"""Posts (tag `posts`): a user's flagged (saved) posts. Upstream: server/channels/api4/post.go
getFlaggedPostsForUser, server/channels/store/sqlstore/post_store.go getFlaggedPosts."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok


def get_flagged_posts_for_user(ctx: Ctx) -> Reply:
    """channel_id wins over team_id; posts the caller cannot read are dropped; newest first."""
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    page, per_page = ctx.paging()
    ids = ctx.store.preferences.flagged_post_ids(
        user_id,
        channel_id=ctx.query.get("channel_id", ""),
        team_id="" if ctx.query.get("channel_id") else ctx.query.get("team_id", ""),
    )
    ids = ids[page * per_page : (page + 1) * per_page]
    readable = [
        pid
        for pid in ids
        if perms.can_read_channel(
            ctx.store, ctx.session, ctx.store.channels.find(ctx.store.post_by_id[pid].channel_id)
        )
    ]
    return ok(wire.post_list(ctx.store, readable))


ROUTES = [
    Route("GET", "/api/v4/users/{user_id}/posts/flagged", get_flagged_posts_for_user),
]
