"""usage: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (usage.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, reply

ROUTES = [
    answered(
        "GET", "/api/v4/usage/posts", "get_posts_usage", reply({"count": 10}, 200)
    ),  # usage.go getPostsUsage
    answered(
        "GET", "/api/v4/usage/storage", "get_storage_usage", reply({"bytes": 0}, 200)
    ),  # usage.go getStorageUsage
]
