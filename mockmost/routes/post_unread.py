"""Mark a channel unread from a post. Upstream: server/channels/api4/post.go setPostUnread,
app/channel.go MarkChannelAsUnreadFromPost."""

from __future__ import annotations

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok


def _bool_map(body: bytes) -> dict[str, bool]:
    """model.MapBoolFromJSON: anything but an object of booleans reads as {}."""
    try:
        value = gojson.decode(body)
    except ValueError:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, bool) for v in value.values()):
        return {}
    return value


def set_post_unread(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    user_id = ctx.user_id()
    supported = _bool_map(ctx.body).get("collapsed_threads_supported", False)
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require(perms.has_channel_by_post(ctx.store, ctx.session, post_id, "read_channel_content"))
    channel, member = ctx.store.unreads.mark_from_post(post_id, user_id, supported)
    return ok(wire.channel_unread_at(channel, member))


ROUTES = [
    Route("POST", "/api/v4/users/{user_id}/posts/{post_id}/set_unread", set_post_unread),
]
