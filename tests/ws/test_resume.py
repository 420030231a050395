"""Reconnection with connection_id and sequence_number: replay from the dead queue, lossless continue,
a new hello when the gap is not covered.

Upstream: server/channels/api4/websocket.go connectWebSocket, app/platform/web_conn.go
PopulateWebConnConfig, writePump (isInDeadQueue, drainDeadQueue, hasMsgLoss), web_hub.go CheckConn.
"""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.ws.conftest import Socket, World, authed, connect, run

upstream = pytest.mark.upstream


async def _start(world: World) -> tuple[Socket, str]:
    """alice connected; hello (0) and her status_change (1) read."""
    sock = await connect(world.mm, world.tokens["alice"])
    hello = await sock.event("hello")
    await sock.event("status_change")
    return sock, hello["data"]["connection_id"]


async def _drop(sock: Socket) -> None:
    await sock.ws.close()
    await asyncio.sleep(0.2)  # let the server see the disconnect


async def _posts(sock: Socket, count: int) -> list[dict]:
    return [await sock.event("posted") for _ in range(count)]


@upstream("server/channels/app/platform/web_conn.go", "drainDeadQueue")
def test_resume_replays_from_the_dead_queue_with_original_seq(world):
    async def go():
        sock, conn_id = await _start(world)
        world.mm.make_post(world.bob, world.channel, "one")
        world.mm.make_post(world.bob, world.channel, "two")
        before = await _posts(sock, 2)
        assert [p["seq"] for p in before] == [2, 3]
        await _drop(sock)
        world.mm.make_post(world.bob, world.channel, "three")  # queued for the inactive connection
        again = await connect(world.mm, world.tokens["alice"], f"connection_id={conn_id}&sequence_number=2")
        replay = [await again.recv() for _ in range(2)]
        assert replay == before  # same frames, same seq, no hello
        rest = await again.event("posted")
        assert '"message":"three"' in rest["data"]["post"]
        # what was queued while away follows on (her own offline status_change included), seq unbroken
        assert [m["seq"] for m in again.seen if "seq" in m] == list(range(2, rest["seq"] + 1))
        assert not any(m.get("event") == "hello" for m in again.seen)
        await again.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "hasMsgLoss")
def test_resume_lossless_continues_without_hello(world):
    async def go():
        sock, conn_id = await _start(world)
        await _drop(sock)
        world.mm.make_post(world.bob, world.channel, "while away")
        again = await connect(world.mm, world.tokens["alice"], f"connection_id={conn_id}&sequence_number=2")
        first = await again.recv()
        assert first["event"] != "hello" and first["seq"] == 2
        posted = await again.event("posted")
        assert '"message":"while away"' in posted["data"]["post"]
        await again.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "writePump")
def test_resume_with_uncovered_gap_gets_a_new_hello_and_connection_id(world):
    async def go():
        sock, conn_id = await _start(world)
        await _drop(sock)
        again = await connect(world.mm, world.tokens["alice"], f"connection_id={conn_id}&sequence_number=500")
        hello = await again.recv()
        assert hello["event"] == "hello" and hello["seq"] == 0
        assert hello["data"]["connection_id"] != conn_id
        world.mm.make_post(world.bob, world.channel, "after")
        posted = await again.event("posted")
        assert posted["seq"] > 0
        await again.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "PopulateWebConnConfig")
def test_unknown_or_active_connection_id_is_a_fresh_connection(world):
    async def go():
        sock, conn_id = await _start(world)
        # still active: CheckConn only hands over inactive connections
        other = await connect(world.mm, world.tokens["alice"], f"connection_id={conn_id}&sequence_number=2")
        hello = await other.event("hello")
        assert hello["seq"] == 0 and hello["data"]["connection_id"] != conn_id
        unknown = await connect(
            world.mm, world.tokens["alice"], f"connection_id={'z' * 26}&sequence_number=3"
        )
        assert (await unknown.event("hello"))["data"]["connection_id"] != "z" * 26
        for s in (sock, other, unknown):
            await s.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "PopulateWebConnConfig")
@pytest.mark.parametrize(
    "query",
    ["connection_id={id}", "connection_id={id}&sequence_number=x", "connection_id=bad&sequence_number=1"],
)
def test_connection_id_without_a_usable_sequence_number_is_closed(world, query):
    async def go():
        sock, conn_id = await _start(world)
        await _drop(sock)
        again = await connect(world.mm, world.tokens["alice"], query.format(id=conn_id))
        closed = await again.closed()
        assert closed.rcvd is None and again.seen == []

    run(go())


@upstream("server/channels/api4/websocket.go", "connectWebSocket")
def test_resume_needs_a_session_at_upgrade(world):
    """With the token sent by authentication_challenge only, a connection_id cannot be resumed."""

    async def go():
        sock, conn_id = await _start(world)
        await _drop(sock)
        again = await connect(world.mm, query=f"connection_id={conn_id}&sequence_number=2")
        await again.send(1, "authentication_challenge", {"token": world.tokens["alice"]})
        hello = await again.recv()
        assert hello["event"] == "hello" and hello["data"]["connection_id"] != conn_id
        await again.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_hub.go", "Start")
def test_other_user_cannot_take_over_a_connection(world):
    async def go():
        sock, conn_id = await _start(world)
        await _drop(sock)
        bob = await connect(world.mm, world.tokens["bob"], f"connection_id={conn_id}&sequence_number=2")
        hello = await bob.event("hello")
        assert hello["broadcast"]["user_id"] == world.bob.id and hello["data"]["connection_id"] != conn_id
        await bob.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_hub.go", "Start")
def test_queue_overflow_on_inactive_connection_forgets_it(world):
    async def go():
        sock, conn_id = await _start(world)
        await _drop(sock)
        for i in range(260):  # more than the 256-frame send queue
            world.mm.make_post(world.bob, world.channel, f"m{i}")
        again = await authed(world.mm, world.tokens["alice"], f"connection_id={conn_id}&sequence_number=2")
        assert again.seen[0]["data"]["connection_id"] != conn_id
        await again.ws.close()

    run(go())


@upstream("server/channels/api4/system.go", "restart")
def test_a_restart_by_the_admin_answers_ok_after_a_second_and_cuts_every_socket(world: World) -> None:
    """POST /restart: a plain user gets the permission 403; the admin's OK leaves after the handler's 1 s
    sleep, then the restart closes every connection (the state stays, as the real server keeps its
    database)."""
    mm = world.mm
    plain = mm.client_for(world.tokens["alice"])
    try:
        refused = plain.post("/restart")
        assert refused.status_code == 403 and refused.json()["id"] == "api.context.permissions.app_error"
    finally:
        plain.close()

    async def scenario() -> None:
        sock = await authed(mm, world.tokens["alice"])
        started = time.monotonic()
        answer = await asyncio.to_thread(mm.client.post, "/restart")
        assert answer.status_code == 200 and answer.json() == {"status": "OK"}
        assert time.monotonic() - started >= 1.0
        assert await sock.closed() is not None

    run(scenario())
    assert mm.client.get(f"/users/{world.alice.id}").status_code == 200
