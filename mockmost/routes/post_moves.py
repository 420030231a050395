"""post_moves: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (not, post.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail

ROUTES = [
    answered(
        "POST",
        "/api/v4/posts/rewrite",
        "rewrite_message",
        fail(500, "app.post.rewrite.agent_call_failed", "Failed to call AI agent."),
    ),  # post.go rewriteMessage
    answered(
        "POST",
        "/api/v4/posts/{post_id}/move",
        "move_thread",
        fail(501, "api.post.move_thread.disabled.app_error", "Thread moving is disabled"),
    ),  # post.go moveThread
    answered(
        "POST",
        "/api/v4/posts/{post_id}/restore/{restore_version_id}",
        "restore_post_version",
        fail(403, "api.context.permissions.app_error", "You do not have the appropriate permissions."),
    ),  # not registered (the router's 404)
]
