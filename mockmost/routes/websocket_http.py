"""`/api/v4/websocket` reached without a WebSocket upgrade. Upstream: server/channels/api4/websocket.go
connectWebSocket: gorilla's Upgrader writes a plain-text "Bad Request" (with Sec-Websocket-Version: 13),
then the handler's AppError (api.web_socket.connect.upgrade.app_error, 400) follows it in the same body."""

from __future__ import annotations

from mockmost.errors import AppError
from mockmost.http.context import Ctx
from mockmost.http.dispatch import TRUST, Route
from mockmost.http.replies import Reply, encode, raw


def connect_websocket_without_upgrade(ctx: Ctx) -> Reply:
    origin = ctx.headers.get("origin", "")
    error = AppError(
        "api.web_socket.connect.upgrade.app_error", 400, message=f"URL Blocked because of CORS. Url: {origin}"
    )
    body = b"Bad Request\n" + encode(error.body(ctx.request_id))
    reply = raw(body, "text/plain; charset=utf-8", status=400)
    return reply.header("sec-websocket-version", "13").header("x-content-type-options", "nosniff")


ROUTES = [
    # api4/websocket.go InitWebSocket: a GET without an upgrade (trailing slash too); not in the document.
    Route("GET", "/api/v4/websocket", connect_websocket_without_upgrade, auth=TRUST, documented=False),
]
