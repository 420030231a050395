"""usage: what the server counts of its own use. Upstream: server/channels/api4/usage.go, app/usage.go."""

from __future__ import annotations

from mockmost.http.checks import answered, reply
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok


def get_posts_usage(ctx: Ctx) -> Reply:
    """getPostsUsage: any session; the users' posts, rounded down."""
    return ok({"count": ctx.store.posts.usage_count()})


ROUTES = [
    Route("GET", "/api/v4/usage/posts", get_posts_usage),
    # On PostgreSQL the server reads the `file_stats` materialised view, which its nightly job refreshes: a
    # server answers 0 until that job first ran, whatever was uploaded.
    answered(
        "GET", "/api/v4/usage/storage", "get_storage_usage", reply({"bytes": 0}, 200)
    ),  # usage.go getStorageUsage
]
