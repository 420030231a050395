"""Unhandled exceptions and hostile frames on the WebSocket: a mockmost bug in an action is logged with its
traceback, recorded for the fixture and answered as a failed request (the connection lives on); a frame the
real server cannot decode closes the connection without a crash.

Upstream: server/channels/app/platform/websocket_router.go (returnWebSocketError),
wsapi/websocket_handler.go (NewWebSocketError after WipeDetailed), app/platform/web_conn.go readPump (a
Decode error ends the connection), public/model/websocket_request.go (Seq int64)."""

from __future__ import annotations

import logging

import pytest

from mockmost.ws import actions
from tests.ws.conftest import authed, run

upstream = pytest.mark.upstream


@upstream("server/channels/wsapi/websocket_handler.go", "ServeWebSocket")
def test_a_crashing_action_answers_fail_and_the_connection_lives_on(world, monkeypatch, caplog):
    def explode(ctx, session, req):
        raise ZeroDivisionError("secret python detail")

    monkeypatch.setitem(actions.HANDLERS, "get_statuses", explode)

    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.send(1, "get_statuses")
        failed = await sock.reply(1)
        await sock.send(2, "ping")
        pong = await sock.reply(2)
        await sock.ws.close()
        return failed, pong

    with caplog.at_level(logging.ERROR, logger="mockmost"):
        failed, pong = run(go())
    assert failed == {
        "status": "FAIL",
        "seq_reply": 1,
        "error": {
            "id": "api.context.unexpected_error",
            "message": "Internal Server Error",
            "detailed_error": "",
            "status_code": 500,
        },
    }
    assert pong["status"] == "OK" and pong["data"]["text"] == "pong"
    crashes = world.mm._state.take_crashes()
    assert [(c.where, c.error) for c in crashes] == [
        ("websocket action 'get_statuses'", "ZeroDivisionError: secret python detail")
    ]
    logged = [r.getMessage() for r in caplog.records if r.name == "mockmost"]
    assert len(logged) == 1 and "Traceback (most recent call last)" in logged[0]
    assert "ZeroDivisionError: secret python detail" in logged[0]


@upstream("server/public/model/websocket_request.go", "WebSocketRequest")
@pytest.mark.parametrize("seq", ["18446744073709551616", "9223372036854775808", "-9223372036854775809"])
def test_a_seq_beyond_int64_closes_the_connection_cleanly(world, seq):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.ws.send(f'{{"seq": {seq}, "action": "ping"}}')
        return await sock.closed()

    assert run(go()) is not None
    assert world.mm._state.take_crashes() == []


def test_a_seq_at_the_int64_limit_is_answered(world):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.ws.send('{"seq": 9223372036854775807, "action": "ping"}')
        reply = await sock.reply(9223372036854775807)
        await sock.ws.close()
        return reply

    assert run(go())["status"] == "OK"
