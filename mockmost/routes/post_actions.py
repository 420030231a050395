"""Interactive message actions: a click on a post's button or menu. Upstream: api4/integration_action.go
(doPostAction, tagged `posts` in the OpenAPI document), app/integration_action.go."""

from __future__ import annotations

from typing import Any

from mockmost.auth import permissions as perms
from mockmost.http.bodies import decode_body
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, status_ok
from mockmost.integrations import actions


def _action_request(ctx: Ctx) -> tuple[str, str]:
    """model.DoPostActionRequest; upstream only logs a body that does not decode."""
    try:
        body = decode_body(ctx, "action")
    except Exception:  # noqa: BLE001 - a bad body is ignored upstream, not refused
        body = {}
    option, cookie = body.get("selected_option"), body.get("cookie")
    return (option if isinstance(option, str) else ""), (cookie if isinstance(cookie, str) else "")


async def do_post_action(ctx: Ctx) -> Reply:
    post_id = ctx.path_id("post_id")
    action_id = ctx.params["action_id"]
    selected_option, sealed = _action_request(ctx)
    cookie: dict[str, Any] | None = None
    if sealed:
        cookie = ctx.store.commands.open_cookie(sealed)
        channel = ctx.store.channels.find(str(cookie.get("channel_id", "")))
    else:
        post = ctx.store.posts.find(post_id)
        channel = ctx.store.channels.find(post.channel_id) if post is not None else None
    perms.require_channel(ctx.store, ctx.session, channel, "read_channel")
    target = actions.action_target(ctx.store, post_id, action_id, cookie)
    trigger_id = await actions.do_post_action(ctx.state, ctx.session, target, selected_option)
    return status_ok(trigger_id=trigger_id)


ROUTES = [
    Route("POST", "/api/v4/posts/{post_id}/actions/{action_id}", do_post_action),
]
