"""GET /api/v4/websocket: upgrade, authentication, resumption, the read loop.

Upstream: server/channels/api4/websocket.go connectWebSocket (APIHandlerTrustRequester: a bad or missing
token still upgrades; a non-OAuth token in the query string is a 401 before the upgrade),
platform/web_conn.go PopulateWebConnConfig, NewWebConn (sets the user online), readPump, writePump
(authTicker: a socket still unauthenticated after 5 s is closed), app/server.go OriginChecker.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import traceback
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlsplit

from starlette.responses import Response
from starlette.routing import WebSocketRoute
from starlette.websockets import WebSocket

from mockmost.auth.sessions import resolve
from mockmost.auth.tokens import find_token, parse_cookies
from mockmost.errors import AppError, internal_error
from mockmost.http.replies import encode
from mockmost.ids import is_valid_id
from mockmost.ws import actions
from mockmost.ws.hub import Conn, Hub
from mockmost.ws.hub import abort as _abort

if TYPE_CHECKING:
    from mockmost.state import AppState

AUTH_TIMEOUT_SECONDS = 5.0


def websocket_routes(state: AppState) -> list[WebSocketRoute]:
    """The routes create_app puts before the dispatcher; the hub is kept in `state.hub`."""
    hub = Hub(state.bus, lambda: state.store, lambda: state.version_id)
    state.on_reset.append(hub.on_reset)
    state.hub = hub

    async def endpoint(ws: WebSocket) -> None:
        await _serve(state, hub, ws)

    return [WebSocketRoute("/api/v4/websocket", endpoint), WebSocketRoute("/api/v4/websocket/", endpoint)]


def _origin_ok(state: AppState, headers: dict[str, str]) -> bool:
    """OriginChecker: no Origin is fine; else its host must be the request's (or SiteURL's)."""
    origin = headers.get("origin")
    if origin is None:
        return True
    if origin == "null":
        return False
    site = state.settings.get("ServiceSettings.SiteURL")
    allowed = state.settings.get("ServiceSettings.AllowCorsFrom")
    if allowed:
        return allowed == "*" or origin in allowed.split()
    parsed = urlsplit(origin)
    if site:
        want = urlsplit(site)
        return (parsed.scheme, parsed.netloc) == (want.scheme, want.netloc)
    return parsed.netloc == headers.get("host", "")


async def _deny(ws: WebSocket, state: AppState, status: int, err: AppError, prefix: bytes = b"") -> None:
    body = prefix + encode(err.body(state.store.new_id()))
    headers = {"X-Version-Id": state.version_id}
    await ws.send_denial_response(Response(body, status, headers=headers, media_type="application/json"))
    _journal_upgrade(state, ws, status, "", body)


def _journal_upgrade(state: AppState, ws: WebSocket, status: int, user_id: str, body: bytes = b"") -> None:
    """The upgrade request in the journal: 101 when accepted, else the refusal's status."""
    state.journal.record(
        "GET",
        ws.scope["path"],
        "/api/v4/websocket",
        "ConnectWebSocket",
        user_id,
        status,
        ws.scope.get("query_string", b""),
        b"",
        body,
        state.clock.now_ms(),
    )


async def _serve(state: AppState, hub: Hub, ws: WebSocket) -> None:
    hub.attach_loop()
    if state.faults.refusing_websockets():
        # Injected (faults.refuse_websockets): refused as by a proxy in front of a restarting server.
        err = AppError(
            "mockmost.fault.websocket_refused",
            503,
            message="mockmost refuses WebSocket connections for now (refuse_websockets).",
        )
        return await _deny(ws, state, 503, err)
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in ws.scope["headers"]}
    query = dict(parse_qsl(ws.scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True))
    store = state.store
    if not _origin_ok(state, headers):
        # gorilla answers 403 "Forbidden" itself, then the handler's AppError is appended.
        err = AppError(
            "api.web_socket.connect.upgrade.app_error",
            400,
            message=f"URL Blocked because of CORS. Url: {headers.get('origin', '')}",
        )
        return await _deny(ws, state, 403, err, b"Forbidden\n")
    found = find_token(headers, parse_cookies(headers.get("cookie", "")), query)
    session = resolve(store, found) if found.token else None
    if session is not None and found.location == "query" and not session.is_oauth:
        return await _deny(ws, state, 401, AppError("api.context.token_provided.app_error", 401))
    await ws.accept()
    _journal_upgrade(state, ws, 101, session.user_id if session is not None else "")
    conn = Conn(connection_id="", posted_ack=query.get("posted_ack") == "true")
    conn.wake = asyncio.Event()
    conn.socket = ws
    wanted = query.get("connection_id", "")
    if session is not None and wanted:
        seq = actions.parse_sequence(query.get("sequence_number", ""))
        if not is_valid_id(wanted) or seq is None:
            return await _abort(ws)
        old = hub.take_inactive(session.user_id, wanted)
        if old is not None:
            return await _run(state, hub, ws, _reuse(old, ws, seq, conn), resumed=True)
    conn.connection_id = store.new_id()
    if session is not None:
        conn.token, conn.user_id = found.token, session.user_id
    await _run(state, hub, ws, conn, resumed=False)


def _reuse(old: Conn, ws: WebSocket, seq: int, fresh: Conn) -> Conn:
    old.seq, old.reuse_count = seq, old.reuse_count + 1
    old.posted_ack, old.wake, old.socket, old.closing = fresh.posted_ack, fresh.wake, ws, False
    return old


async def _run(state: AppState, hub: Hub, ws: WebSocket, conn: Conn, resumed: bool) -> None:
    if conn.token:
        hub.register(conn, send_hello=not resumed)
        if resumed:
            await hub.resume(conn, ws, state.store.new_id())
        state.store.statuses.set_online(conn.user_id, manual=False)
    pump = asyncio.ensure_future(hub.pump(conn, ws))
    timer = (
        None
        if conn.token
        else asyncio.get_running_loop().call_later(
            AUTH_TIMEOUT_SECONDS, lambda: None if conn.token else asyncio.ensure_future(_abort(ws))
        )
    )
    ctx = actions.WsCtx(state, hub, conn)
    try:
        await _read(ctx, ws)
    finally:
        if timer is not None:
            timer.cancel()
        conn.socket = None
        if conn.wake is not None:
            conn.wake.set()
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await pump
        if hub.unregister(conn) and conn.user_id:
            state.store.statuses.set_offline(conn.user_id, manual=False)


def _journal(ctx: actions.WsCtx, req: actions.Request) -> None:
    """A WebSocket action in the request journal: method "WS", the action as path and operation."""
    state = ctx.state
    body = json.dumps(req.data, default=str).encode()
    status = ctx.last_status or 200
    state.journal.record(
        "WS",
        req.action,
        "",
        req.action,
        ctx.conn.user_id,
        status,
        b"",
        body,
        ctx.last_response.encode(),
        state.clock.now_ms(),
    )


async def _read(ctx: actions.WsCtx, ws: WebSocket) -> None:
    while True:
        message = await ws.receive()
        if message["type"] == "websocket.disconnect":
            return
        try:
            text = message.get("text")
            req = (
                actions.decode_text(text)
                if text is not None
                else actions.decode_binary(message.get("bytes") or b"")
            )
        except actions.Abort:
            await _abort(ws)
            return
        except Exception as exc:  # noqa: BLE001 - a mockmost bug: logged, recorded; a frame readPump cannot
            # decode ends the connection (web_conn.go), so this one ends it too.
            ctx.state.record_crash("websocket frame", exc, traceback.format_exc())
            await _abort(ws)
            return
        ctx.last_status, ctx.last_response = 0, ""
        ctx.state.journal.in_flight += 1
        try:
            actions.serve(ctx, req)
            _journal(ctx, req)
        except actions.Abort:
            await _abort(ws)
            return
        except Exception as exc:  # noqa: BLE001 - a mockmost bug: logged, recorded, answered as a failed request
            ctx.state.record_crash(f"websocket action {req.action[:64]!r}", exc, traceback.format_exc())
            if not actions.fail_safely(ctx, req.seq, internal_error()):
                await _abort(ws)
                return
        finally:
            ctx.state.journal.in_flight -= 1
