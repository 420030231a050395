"""Client → server WebSocket actions: decoding, the router, and each action's handler.

Upstream: server/channels/app/platform/web_conn.go readPump (decoding: a frame that does not decode as a
WebSocketRequest closes the socket), platform/websocket_router.go ServeWebSocket (no_action, bad_seq,
authentication_challenge, presence, not_authenticated, bad_action), wsapi/*.go (handlers) and
wsapi/websocket_handler.go (responses; AppErrors with detailed_error wiped).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.auth import permissions as perms
from mockmost.errors import AppError
from mockmost.ids import is_valid_id
from mockmost.settings import SERVER_VERSION
from mockmost.ws import render

if TYPE_CHECKING:
    from mockmost.state import AppState
    from mockmost.store.entities import Session
    from mockmost.ws.hub import Conn, Hub

import msgpack  # type: ignore[import-untyped]  # binary frames carry MessagePack (web_conn.go readPump)

MESSAGES = {
    "api.websocket_handler.server_busy.app_error": (
        "Server is busy, non-critical services are temporarily unavailable."
    ),
    "api.web_socket_router.no_action.app_error": "No websocket action.",
    "api.web_socket_router.bad_seq.app_error": "Invalid sequence for WebSocket message.",
    "api.web_socket_router.bad_action.app_error": "Unknown WebSocket action.",
    "api.web_socket_router.not_authenticated.app_error": (
        "WebSocket connection is not authenticated. Please log in and try again."
    ),
    "api.websocket_handler.invalid_param.app_error": "Invalid {name} parameter.",
}
_INT = re.compile(r"-?\d+\Z")
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


class Abort(Exception):
    """The real server closes the socket without a word (readPump returns, or the router calls Close)."""


@dataclass(slots=True)
class Request:
    seq: int = 0
    action: str = ""
    data: dict[str, Any] = field(default_factory=dict)


def _request(value: Any) -> Request:
    if value is None:
        return Request()
    if not isinstance(value, dict):
        raise Abort("not an object")
    seq, action, data = gojson.field(value, "seq"), gojson.field(value, "action"), gojson.field(value, "data")
    if seq is not None and (
        isinstance(seq, bool) or not isinstance(seq, int) or not _INT64_MIN <= seq <= _INT64_MAX
    ):
        raise Abort("seq")  # model.WebSocketRequest.Seq is an int64: anything else fails json.Decode
    if action is not None and not isinstance(action, str):
        raise Abort("action")
    if data is not None and not isinstance(data, dict):
        raise Abort("data")
    return Request(seq or 0, action or "", data or {})


def decode_text(text: str) -> Request:
    """json.Decoder.Decode: the first JSON value of the frame (anything after it is ignored)."""
    try:
        value = gojson.decode(text)
    except ValueError:
        raise Abort("malformed") from None
    if isinstance(value, float):
        raise Abort("number")
    return _request(value)


def decode_binary(data: bytes) -> Request:
    try:
        unpacker = msgpack.Unpacker(raw=False, strict_map_key=False)
        unpacker.feed(data)
        value = unpacker.unpack()
    except Exception:  # noqa: BLE001 - any decoding failure closes the socket upstream
        raise Abort("malformed msgpack") from None
    return _request(value)


def _error(err: AppError) -> dict[str, Any]:
    """AppError JSON after WipeDetailed: detailed_error empty, no request_id."""
    return {"id": err.id, "message": err.message, "detailed_error": "", "status_code": err.status}


def ws_error(error_id: str, status: int, name: str = "") -> AppError:
    message = MESSAGES.get(error_id, error_id).format(name=name)
    return AppError(error_id, status, message=message, params={"name": name} if name else {})


def invalid_param(name: str) -> AppError:
    return ws_error("api.websocket_handler.invalid_param.app_error", 400, name)


@dataclass(slots=True)
class WsCtx:
    state: AppState
    hub: Hub
    conn: Conn
    presence: dict[str, str] = field(default_factory=dict)
    # The last answer sent, for the request journal: its status (200 for OK) and text.
    last_status: int = 0
    last_response: str = ""

    def respond(self, seq: int, data: dict[str, Any] | None = None) -> None:
        self.last_status, self.last_response = 200, render.response("OK", seq, data)
        self.hub.send_response(self.conn, self.last_response)

    def fail(self, seq: int, err: AppError) -> None:
        self.last_status, self.last_response = err.status, render.response("FAIL", seq, error=_error(err))
        self.hub.send_response(self.conn, self.last_response)


def fail_safely(ctx: WsCtx, seq: int, err: AppError) -> bool:
    """`ctx.fail` after a mockmost bug; False when even that cannot be sent (the caller closes the socket)."""
    try:
        ctx.fail(seq, err)
    except Exception:  # noqa: BLE001 - already recorded by the caller
        return False
    return True


def serve(ctx: WsCtx, req: Request) -> None:
    """WebSocketRouter.ServeWebSocket. Raises Abort where the real server closes the socket."""
    if req.action.startswith("custom_"):
        return  # plugin actions never reach the core router
    if not req.action:
        return ctx.fail(req.seq, ws_error("api.web_socket_router.no_action.app_error", 400))
    if req.seq <= 0:
        return ctx.fail(req.seq, ws_error("api.web_socket_router.bad_seq.app_error", 400))
    if req.action == "authentication_challenge":
        return _authenticate(ctx, req)
    if req.action == "presence":
        for key in ("channel_id", "team_id", "thread_channel_id"):
            if isinstance(req.data.get(key), str):
                ctx.presence[key] = req.data[key]
        return ctx.respond(req.seq)
    session = _session(ctx)
    if session is None:
        return ctx.fail(req.seq, ws_error("api.web_socket_router.not_authenticated.app_error", 401))
    handler = HANDLERS.get(req.action)
    if handler is None:
        return ctx.fail(req.seq, ws_error("api.web_socket_router.bad_action.app_error", 500))
    try:
        data = handler(ctx, session, req)
    except AppError as err:
        return ctx.fail(req.seq, err)
    return ctx.respond(req.seq, data)


def _session(ctx: WsCtx) -> Session | None:
    if not ctx.conn.token:
        return None
    return ctx.state.store.sessions.find_by_token(ctx.conn.token)


def _authenticate(ctx: WsCtx, req: Request) -> None:
    """A second challenge on an authenticated socket is ignored; a bad token closes the socket."""
    if ctx.conn.token:
        return
    token = req.data.get("token")
    if not isinstance(token, str):
        raise Abort("token")
    store = ctx.state.store
    session = store.sessions.find_by_token(token)
    if session is None:
        raise Abort("session")
    ctx.conn.token, ctx.conn.user_id = token, session.user_id
    ctx.hub.register(ctx.conn, send_hello=True)
    ctx.respond(req.seq)
    store.statuses.set_online(session.user_id, manual=False)


Handler = Callable[[WsCtx, "Session", Request], "dict[str, Any] | None"]


def user_typing(ctx: WsCtx, session: Session, req: Request) -> None:
    """wsapi/user.go userTyping: refused while the server is busy, then a valid channel id where the
    session may create_post."""
    store = ctx.state.store
    if store.is_busy():
        raise ws_error("api.websocket_handler.server_busy.app_error", 503)
    channel_id = req.data.get("channel_id")
    if not isinstance(channel_id, str) or not is_valid_id(channel_id):
        raise invalid_param("channel_id")
    channel = store.channels.find(channel_id)
    if channel is None or not perms.has_channel(store, session, channel, "create_post"):
        raise invalid_param("channel_id")
    parent_id = req.data.get("parent_id")
    store.statuses.publish_typing(
        session.user_id, channel_id, parent_id if isinstance(parent_id, str) else ""
    )
    return None


def user_update_active_status(ctx: WsCtx, session: Session, req: Request) -> None:
    active = req.data.get("user_is_active")
    if not isinstance(active, bool):
        raise invalid_param("user_is_active")
    manual = req.data.get("manual")
    manual = manual if isinstance(manual, bool) else False
    if active:
        ctx.state.store.statuses.set_online(session.user_id, manual)
    else:
        ctx.state.store.statuses.set_away_if_needed(session.user_id, manual)
    return None


def get_statuses(ctx: WsCtx, session: Session, req: Request) -> dict[str, Any]:
    """StatusMapToInterfaceMap: every known status except offline."""
    return ctx.state.store.statuses.all_not_offline()


def get_statuses_by_ids(ctx: WsCtx, session: Session, req: Request) -> dict[str, Any]:
    """model.ArrayFromInterface keeps the string entries; none left is invalid user_ids."""
    raw = req.data.get("user_ids")
    ids = [v for v in raw if isinstance(v, str)] if isinstance(raw, list) else []
    if not ids:
        raise invalid_param("user_ids")
    return ctx.state.store.statuses.map_by_ids(ids)


def ping(ctx: WsCtx, session: Session, req: Request) -> dict[str, Any]:
    """wsapi/system.go ping."""
    return {"node_id": "", "server_time": ctx.state.store.now(), "text": "pong", "version": SERVER_VERSION}


def posted_notify_ack(ctx: WsCtx, session: Session, req: Request) -> None:
    """Metrics only upstream."""
    return None


HANDLERS: dict[str, Handler] = {
    "user_typing": user_typing,
    "user_update_active_status": user_update_active_status,
    "get_statuses": get_statuses,
    "get_statuses_by_ids": get_statuses_by_ids,
    "ping": ping,
    "posted_notify_ack": posted_notify_ack,
}


def parse_sequence(value: str) -> int | None:
    """strconv.ParseInt(seqVal, 10, 0): an optional sign and digits."""
    text = value[1:] if value.startswith("+") else value
    return int(text) if _INT.match(text) else None
