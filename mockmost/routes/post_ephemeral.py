"""Ephemeral posts: POST /posts/ephemeral. Upstream: server/channels/api4/post.go createEphemeralPost."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created
from mockmost.store.ephemeral import check_post_json


def create_post_ephemeral(ctx: Ctx) -> Reply:
    """Body {user_id, post}; only create_post_ephemeral (system admins) may; the post is not stored."""
    body = ctx.json("body")
    if not isinstance(body, dict) or (
        body.get("user_id") is not None and not isinstance(body["user_id"], str)
    ):
        raise invalid_body_param("body")
    if body.get("post") is not None and not isinstance(body["post"], dict):
        raise invalid_body_param("body")
    if not body.get("user_id"):
        raise invalid_body_param("user_id")
    if body.get("post") is None:
        raise invalid_body_param("post")
    check_post_json(body["post"])
    perms.require_system(ctx.store, ctx.session, "create_post_ephemeral")
    target = ctx.store.users.find(body["user_id"])
    post = ctx.store.ephemeral.send(
        ctx.session.user_id,
        body["user_id"],
        body["post"],
        ctx.site_url,
        lambda channel: perms.user_can_read_channel(ctx.store, target, channel),
    )
    return created(wire.post(post, ctx.store, reply_count=0))


ROUTES = [
    Route("POST", "/api/v4/posts/ephemeral", create_post_ephemeral),
]
