"""A client that stops reading never holds up the others; it is dropped once its writes stall.

Upstream: server/channels/app/platform/web_hub.go (a full send queue closes and forgets the connection),
web_conn.go writeMessageBuf (writeWaitTime: a write blocked that long fails and the socket is closed).
"""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from mockmost.ws import hub as hub_module
from tests.ws.conftest import authed, run

upstream = pytest.mark.upstream


def _never_reading(port: int, token: str) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    sock.connect(("127.0.0.1", port))
    sock.sendall(
        (
            f"GET /api/v4/websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\n"
            "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
            "Sec-WebSocket-Version: 13\r\n"
            f"Authorization: Bearer {token}\r\n\r\n"
        ).encode()
    )
    return sock


def _closed_by_server(sock: socket.socket, timeout: float) -> bool:
    """Drain what the kernel holds; the server's abort shows as EOF or a reset."""
    sock.settimeout(0.5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if sock.recv(1 << 20) == b"":
                return True
        except TimeoutError:
            continue
        except OSError:
            return True
    return False


@upstream("server/channels/app/platform/web_conn.go", "writeMessageBuf")
def test_slow_client_does_not_block_others_and_is_dropped(world, monkeypatch):
    monkeypatch.setattr(hub_module, "WRITE_WAIT_SECONDS", 1.0)
    mm = world.mm
    hub = mm._state.hub
    slow = _never_reading(mm.port, world.tokens["alice"])
    message = "x" * 15000

    async def go():
        bob = await authed(mm, world.tokens["bob"])
        for _ in range(50):
            if hub.active_count(world.alice.id):
                break
            await asyncio.sleep(0.02)
        assert hub.active_count(world.alice.id) == 1
        # a small server-side send buffer, so that a few frames fill the pipe (loopback autotunes to 4 MB)
        [conn] = hub.by_user[world.alice.id].values()
        hub_module._transport(conn.socket).get_extra_info("socket").setsockopt(
            socket.SOL_SOCKET, socket.SO_SNDBUF, 4096
        )

        def flood() -> None:
            for i in range(300):  # far more than the pipe holds for alice, who reads nothing
                mm.make_post(world.bob, world.channel, f"{i} {message}")

        started = time.monotonic()
        await asyncio.get_running_loop().run_in_executor(None, flood)
        for _ in range(300):
            await bob.event("posted", timeout=5)
        assert time.monotonic() - started < 15
        # its writer is stuck; past the write deadline the socket is dropped
        for _ in range(100):
            if conn.socket is None:
                break
            await asyncio.sleep(0.05)
        assert conn.socket is None and hub.active_count(world.alice.id) == 0
        await bob.ws.close()

    try:
        run(go())
        assert _closed_by_server(slow, timeout=5)
    finally:
        slow.close()
