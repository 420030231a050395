"""The reading side of the WebSocket fan-out benchmark, in a process of its own (uvloop when installed): N
raw WebSocket connections that note when a `posted` frame reaches each of them.

A client here costs a few microseconds per frame (one `data_received`, a frame header parsed, a prefix
compared), so on a 2-core machine the thousand readers neither starve the server nor queue behind each other
in the measuring process: the figure is the server's fan-out, not the `websockets` library's read loop.
Arrival times are `time.perf_counter()` (CLOCK_MONOTONIC on Linux: one clock for every process), so the
parent subtracts its own send time from them.

Protocol on stdin/stdout, one JSON line each way:
  in:  {"port": P, "path": "/api/v4/websocket", "headers": [{"Authorization": "Bearer …"}, …]}
  out: {"ready": N}
  in:  {"wait": k}     out: {"done": true} once every client has had k `posted` frames (false after 60 s)
  in:  {"report": true} out: {"arrivals": [[t1, t2, …] per client]}: the i-th `posted` frame's arrival
  in:  {"quit": true}
Frames are matched to posts by their order on each connection, not by when they came, so a frame that
arrives before the parent has heard of the previous round's completion is still counted for its own post.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import sys
import time
from typing import Any

_POSTED = (b'{"event": "posted"', b'{"event":"posted"')  # precomputed / per-recipient frames


def _pong(payload: bytes) -> bytes:
    """A client's pong (RFC 6455 5.5.3), masked as client frames must be; control payloads are < 126 bytes."""
    mask = os.urandom(4)
    masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
    return bytes((0x8A, 0x80 | len(payload))) + mask + masked


class _Reader(asyncio.Protocol):
    """A WebSocket client connection that only reads (text frames are server → client, unmasked)."""

    def __init__(self, owner: Clients, handshake: bytes) -> None:
        self.owner = owner
        self.handshake = handshake
        self.buf = bytearray()
        self.arrivals: list[float] = []
        self.upgraded = asyncio.get_running_loop().create_future()
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: Any) -> None:
        self.transport = transport
        transport.write(self.handshake)

    def data_received(self, data: bytes) -> None:
        buf = self.buf
        buf += data
        if not self.upgraded.done():
            end = buf.find(b"\r\n\r\n")
            if end < 0:
                return
            status = bytes(buf[:12])
            del buf[: end + 4]
            if status[9:12] != b"101":
                self.upgraded.set_exception(RuntimeError(f"upgrade refused: {status!r}"))
                return
            self.upgraded.set_result(None)
        while len(buf) >= 2:
            n = buf[1] & 0x7F
            start = 2
            if n == 126:
                if len(buf) < 4:
                    return
                n, start = int.from_bytes(buf[2:4], "big"), 4
            elif n == 127:
                if len(buf) < 10:
                    return
                n, start = int.from_bytes(buf[2:10], "big"), 10
            if len(buf) < start + n:
                return
            opcode = buf[0] & 0x0F
            if opcode == 1 and bytes(buf[start : start + 18]).startswith(_POSTED):
                self.arrivals.append(time.perf_counter())
                self.owner.arrived(len(self.arrivals))
            elif opcode == 9 and self.transport is not None:  # ping: a masked pong with its payload
                self.transport.write(_pong(bytes(buf[start : start + n])))
            del buf[: start + n]

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.upgraded.done():
            self.upgraded.set_exception(RuntimeError("closed before the upgrade"))


class Clients:
    def __init__(self) -> None:
        self.readers: list[_Reader] = []
        self.want = 0
        self.behind = 0  # readers with fewer than `want` frames
        self.done: asyncio.Event | None = None

    def arrived(self, count: int) -> None:
        if count == self.want:
            self.behind -= 1
            if self.behind == 0 and self.done is not None:
                self.done.set()

    async def connect(self, port: int, path: str, headers: list[dict[str, str]]) -> None:
        loop = asyncio.get_running_loop()
        for start in range(0, len(headers), 100):
            batch = []
            for extra in headers[start : start + 100]:
                key = base64.b64encode(os.urandom(16)).decode()
                lines = [
                    f"GET {path} HTTP/1.1",
                    f"Host: 127.0.0.1:{port}",
                    "Upgrade: websocket",
                    "Connection: Upgrade",
                    f"Sec-WebSocket-Key: {key}",
                    "Sec-WebSocket-Version: 13",
                    *(f"{k}: {v}" for k, v in extra.items()),
                ]
                handshake = ("\r\n".join(lines) + "\r\n\r\n").encode()
                _, reader = await loop.create_connection(
                    lambda h=handshake: _Reader(self, h),
                    "127.0.0.1",
                    port,  # type: ignore[misc]
                )
                batch.append(reader)
            await asyncio.gather(*(r.upgraded for r in batch))
            self.readers.extend(batch)

    async def wait(self, want: int) -> bool:
        """Until every reader has had `want` posted frames (False after 60 s)."""
        self.want = want
        self.behind = sum(1 for r in self.readers if len(r.arrivals) < want)
        self.done = asyncio.Event()
        if self.behind == 0:
            return True
        try:
            await asyncio.wait_for(self.done.wait(), 60)
        except asyncio.TimeoutError:
            return False
        return True

    def close(self) -> None:
        for r in self.readers:
            if r.transport is not None:
                r.transport.close()


async def _main() -> None:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), sys.stdin)

    def say(obj: dict[str, Any]) -> None:
        sys.stdout.write(json.dumps(obj) + "\n")
        sys.stdout.flush()

    setup = json.loads(await reader.readline())
    clients = Clients()
    await clients.connect(setup["port"], setup["path"], setup["headers"])
    say({"ready": len(clients.readers)})
    while True:
        line = await reader.readline()
        if not line:
            break
        msg = json.loads(line)
        if msg.get("quit"):
            break
        if "wait" in msg:
            say({"done": await clients.wait(msg["wait"])})
        elif msg.get("report"):
            say({"arrivals": [r.arrivals for r in clients.readers]})
    clients.close()


def main() -> None:
    try:
        import uvloop
    except ImportError:  # pragma: no cover - depends on the platform
        asyncio.run(_main())
    else:
        uvloop.run(_main())


if __name__ == "__main__":
    main()
