"""WebSocket fan-out: one post delivered to 100 and 1,000 connected clients, next to a bare `websockets`
broadcast loop; plus one deliberately slow (never-reading) client to show the others unaffected.

Each server runs in its own process (mockmost through its real uvicorn stack; the bare one is
`websockets.serve` + `websockets.broadcast` of a pre-encoded frame of the same size). The reading clients
run in a third process (`bench/ws_clients.py`: raw WebSocket connections on uvloop, a few µs per frame), so
that on a 2-core machine a thousand readers neither starve the server nor wait behind each other in the
measuring process. Latency is from just before the POST is sent (here) to the moment each client has the
`posted` frame (there; `time.perf_counter` is CLOCK_MONOTONIC, one clock for both processes); events/s counts
frames delivered per second of the fan-out of one post.
Run: `python -m bench.ws_fanout` (also part of `make bench`).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from typing import Any

import httpx
import websockets

from bench.loadgen import cpu_seconds

ROUNDS = 20
# Server CPU per post's fan-out (ms), by scenario: steady where wall-clock latency is not (a loaded machine,
# and the 1,000 reading clients share this one Python process).
SERVER_CPU_MS: dict[tuple[str, int], float] = {}

MOCKMOST_SERVER = r"""
import json, sys
from mockmost.app import create_app, state_of
from mockmost.server import listening_socket, serve
from mockmost.settings import Settings
from mockmost.testing import MockMattermost

n = int(sys.argv[1])
settings = Settings(port=0)
settings.set("TeamSettings.MaxUsersPerTeam", n + 10)
app = create_app(settings)
state = state_of(app)
mm = MockMattermost(state, "http://127.0.0.1:0")
users = [mm.make_user(f"u{i}") for i in range(n)]
team = mm.make_team("bench")
channel = mm.make_channel(team, "fanout")
for u in users:
    state.store.teams.join(team, u)
    state.store.channels.add_member(channel, u, u)
state.bus.take_recorded()
sock = listening_socket("127.0.0.1", 0)
sock.listen(2048)
print(json.dumps({"port": sock.getsockname()[1], "channel": channel.id, "poster": mm.admin_token,
                  "tokens": [mm.make_token(u) for u in users]}), flush=True)
serve(app, "127.0.0.1", sock.getsockname()[1], sock, log_level="warning")
"""

BARE_SERVER = r"""
import asyncio, json, sys
import orjson, websockets
from mockmost.server import listening_socket

async def main():
    clients = set()
    size = int(sys.argv[1])

    async def handler(ws):
        if ws.path == "/control":
            async for _ in ws:
                frame = orjson.dumps({"event": "posted", "data": {"post": "x" * size}, "seq": 0}).decode()
                websockets.broadcast(clients, frame)
                await ws.send("ok")
            return
        clients.add(ws)
        try:
            await ws.wait_closed()
        finally:
            clients.discard(ws)

    sock = listening_socket("127.0.0.1", 0)
    async with websockets.serve(handler, sock=sock, compression=None, max_queue=None):
        print(json.dumps({"port": sock.getsockname()[1]}), flush=True)
        await asyncio.Future()

asyncio.run(main())
"""


def _start(code: str, *args: str) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError("benchmark server did not start")
    return proc, json.loads(line)


class Clients:
    """N reading clients in a process of their own (bench/ws_clients.py)."""

    def __init__(self) -> None:
        self.proc: asyncio.subprocess.Process | None = None
        self.sent: list[float] = []  # perf_counter just before each post was triggered

    async def _say(self, obj: dict[str, Any]) -> None:
        assert self.proc is not None and self.proc.stdin is not None
        self.proc.stdin.write((json.dumps(obj) + "\n").encode())
        await self.proc.stdin.drain()

    async def _hear(self) -> dict[str, Any]:
        assert self.proc is not None and self.proc.stdout is not None
        line = await self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the benchmark's client process stopped")
        return json.loads(line)  # type: ignore[no-any-return]

    async def connect(self, port: int, path: str, headers: list[dict[str, str]]) -> None:
        self.proc = await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "bench.ws_clients",
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            limit=2**24,
        )
        await self._say({"port": port, "path": path, "headers": headers})
        ready = await self._hear()
        if ready.get("ready") != len(headers):
            raise RuntimeError(f"clients not connected: {ready}")

    async def round(self, trigger: Any) -> None:
        """Post once and wait until every client has the frame."""
        self.sent.append(time.perf_counter())
        await trigger()
        await self._say({"wait": len(self.sent)})
        if not (await self._hear())["done"]:
            raise RuntimeError(f"not every client got post {len(self.sent)} within 60 s")

    async def latencies(self, skip: int) -> list[list[float]]:
        """Per post after the first `skip`: each client's arrival time minus the time the post was sent."""
        await self._say({"report": True})
        arrivals = (await self._hear())["arrivals"]
        return [[client[i] - sent for client in arrivals] for i, sent in enumerate(self.sent) if i >= skip]

    async def close(self) -> None:
        if self.proc is not None and self.proc.returncode is None:
            with contextlib.suppress(Exception):
                await self._say({"quit": True})
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except asyncio.TimeoutError:
                self.proc.kill()


async def _slow_client(port: int, path: str, token: str | None) -> socket.socket:
    """A raw TCP WebSocket that completes the handshake and then never reads again."""
    sock = socket.create_connection(("127.0.0.1", port))
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    auth = f"Authorization: Bearer {token}\r\n" if token else ""
    sock.sendall(
        (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            f"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n{auth}\r\n"
        ).encode()
    )
    await asyncio.sleep(0.2)
    return sock


def _record_cpu(kind: str, n: int, pid: int, before: float | None) -> None:
    after = cpu_seconds(pid)
    if before is not None and after is not None:
        SERVER_CPU_MS[(kind, n)] = (after - before) / ROUNDS * 1000


def _stats(samples: list[float], n: int, rounds: list[float]) -> tuple[float, float, float]:
    ms = sorted(s * 1000 for s in samples)
    p99 = ms[min(len(ms) - 1, int(len(ms) * 0.99))]
    events_per_s = n / statistics.median(rounds)
    return statistics.median(ms), p99, events_per_s


async def _mockmost(n: int, slow: bool, message_size: int) -> tuple[tuple[float, float, float], int]:
    proc, info = _start(MOCKMOST_SERVER, str(n))
    port, tokens = info["port"], info["tokens"]
    clients = Clients()
    raw = None
    try:
        if slow:
            raw = await _slow_client(port, "/api/v4/websocket", tokens[-1])
            tokens = tokens[:-1]
        await clients.connect(port, "/api/v4/websocket", [{"Authorization": f"Bearer {t}"} for t in tokens])
        await asyncio.sleep(0.5)
        message = "m" * message_size
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}/api/v4", headers={"Authorization": f"Bearer {info['poster']}"}
        ) as api:

            async def post() -> None:
                resp = await api.post("/posts", json={"channel_id": info["channel"], "message": message})
                resp.raise_for_status()

            await clients.round(post)  # warm-up
            cpu_before = cpu_seconds(proc.pid)
            for _ in range(ROUNDS):
                await clients.round(post)
            _record_cpu("mockmost", len(tokens), proc.pid, cpu_before)
        per_post = await clients.latencies(skip=1)
        samples = [t for post in per_post for t in post]
        return _stats(samples, len(tokens), [max(post) for post in per_post]), len(tokens)
    finally:
        await clients.close()
        if raw is not None:
            raw.close()
        proc.terminate()
        proc.wait(10)


async def _bare(n: int, size: int) -> tuple[float, float, float]:
    proc, info = _start(BARE_SERVER, str(size))
    port = info["port"]
    clients = Clients()
    try:
        await clients.connect(port, "/", [{} for _ in range(n)])
        async with websockets.connect(f"ws://127.0.0.1:{port}/control", compression=None) as control:

            async def trigger() -> None:
                await control.send("go")
                await control.recv()

            await clients.round(trigger)  # warm-up
            cpu_before = cpu_seconds(proc.pid)
            for _ in range(ROUNDS):
                await clients.round(trigger)
            _record_cpu("bare", n, proc.pid, cpu_before)
        per_post = await clients.latencies(skip=1)
        samples = [t for post in per_post for t in post]
        return _stats(samples, n, [max(post) for post in per_post])
    finally:
        await clients.close()
        proc.terminate()
        proc.wait(10)


async def run(sizes: tuple[int, ...], message_size: int) -> None:
    print(f"WebSocket fan-out of one post ({ROUNDS} posts each; latency from POST sent to frame received)")
    print(f"{'scenario':<44}{'p50 ms':>9}{'p99 ms':>9}{'events/s':>11}{'server CPU ms/post':>20}")
    frame_size = 1100 + message_size  # a posted frame with its double-encoded post, roughly
    for n in sizes:
        (p50, p99, eps), _ = await _mockmost(n, False, message_size)
        cpu = SERVER_CPU_MS.get(("mockmost", n), float("nan"))
        print(f"{f'mockmost, {n} clients':<44}{p50:>9.1f}{p99:>9.1f}{eps:>11.0f}{cpu:>20.1f}")
        bp50, bp99, beps = await _bare(n, frame_size)
        cpu = SERVER_CPU_MS.get(("bare", n), float("nan"))
        name = f"bare websockets.broadcast, {n} clients"
        print(f"{name:<44}{bp50:>9.1f}{bp99:>9.1f}{beps:>11.0f}{cpu:>20.1f}")
    n = sizes[0]
    (p50, p99, eps), _ = await _mockmost(n, True, 15_000)
    (q50, q99, qeps), _ = await _mockmost(n, False, 15_000)
    print(
        f"{f'mockmost, {n - 1} clients + 1 never reading, 15 KB posts':<44}{p50:>9.1f}{p99:>9.1f}{eps:>11.0f}"
    )
    print(f"{f'mockmost, {n - 1} clients, same posts, no slow one':<44}{q50:>9.1f}{q99:>9.1f}{qeps:>11.0f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="100,1000")
    parser.add_argument("--message-size", type=int, default=100)
    args, _ = parser.parse_known_args()
    asyncio.run(run(tuple(int(s) for s in args.sizes.split(",")), args.message_size))


if __name__ == "__main__":
    main()
