"""POST /users/{user_id}/typing (users tag, split off).

Upstream: server/channels/api4/user.go publishUserTyping.
"""

from __future__ import annotations

from mockmost import gojson
from mockmost.auth import permissions as perms
from mockmost.errors import invalid_body_param, permission_denied
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, status_ok
from mockmost.store.entities import Session


def publish_user_typing(ctx: Ctx) -> Reply:
    """Another user's typing needs manage_system; the typist (not the caller) needs create_post."""
    user_id = ctx.user_id()
    try:
        body = gojson.decode(ctx.body)
    except ValueError:
        body = None
    else:
        body = {} if body is None else gojson.struct_view(body) if isinstance(body, dict) else body
    if not isinstance(body, dict) or not all(
        isinstance(body.get(k, ""), str) for k in ("channel_id", "parent_id")
    ):
        raise invalid_body_param("typing_request")
    if user_id != ctx.session.user_id and not perms.is_system_admin(ctx.session):
        raise permission_denied()
    channel_id, parent_id = body.get("channel_id") or "", body.get("parent_id") or ""
    user = ctx.store.users.find(user_id)
    channel = ctx.store.channels.find(channel_id) if channel_id else None
    # HasPermissionToChannel works on the user's roles, not the caller's session.
    typist = Session(
        id="",
        token="",
        user_id=user_id,
        create_at=0,
        expires_at=0,
        last_activity_at=0,
        roles=user.roles if user is not None else "",
    )
    perms.require(
        user is not None
        and channel is not None
        and perms.has_channel(ctx.store, typist, channel, "create_post")
    )
    ctx.store.statuses.publish_typing(user_id, channel_id, parent_id)
    return status_ok()


ROUTES = [
    Route("POST", "/api/v4/users/{user_id}/typing", publish_user_typing),
]
