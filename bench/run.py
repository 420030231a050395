"""`make bench`: mockmost against a bare Starlette app on the same uvicorn set-up, side by side in one run,
plus the fixture's reset time, the in-process request cost, and page reads at 100 vs 1,000,000 posts.

Run: .venv/bin/python -m bench.run [--seconds 3] [--skip-million] [--skip-ws]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bench.loadgen import build_request, cpu_seconds, run_load
from mockmost.server import HTTP_IMPL, LOOP_IMPL

ROOT = Path(__file__).resolve().parent.parent
ADMIN_TOKEN = "admintokenxxxxxxxxxxxxxxxx"
DEV_CHANNEL = "devchannelyyyyyyyyyyyyyyya"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=0.5)
            return
        except httpx.HTTPError:
            time.sleep(0.05)
    raise RuntimeError(f"server at {url} did not start")


def start_mockmost(port: int) -> subprocess.Popen[bytes]:
    proc = subprocess.Popen(
        [sys.executable, "-m", "mockmost", "serve", "--port", str(port)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_ready(f"http://127.0.0.1:{port}/api/v4/system/ping")
    return proc


def start_bare(port: int, payloads: dict[str, object]) -> subprocess.Popen[bytes]:
    env = {**os.environ, "BENCH_BARE_PAYLOADS": json.dumps(payloads)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "uvicorn",
            "bench.bare_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--log-level",
            "warning",
            "--no-access-log",
            "--lifespan",
            "off",
            "--ws",
            "wsproto",
            "--loop",
            LOOP_IMPL,
            "--http",
            HTTP_IMPL,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wait_ready(f"http://127.0.0.1:{port}/api/v4/users/me")
    return proc


def _measured(
    port: int, pid: int, request: bytes, seconds: float, concurrency: int
) -> tuple[float, float, float | None]:
    """(requests/s, p99 ms, CPU µs per request) of one run."""
    before = cpu_seconds(pid)
    r = asyncio.run(run_load("127.0.0.1", port, lambda: request, seconds, concurrency))
    after = cpu_seconds(pid)
    cpu = None
    if before is not None and after is not None and r.requests:
        cpu = (after - before) / r.requests * 1e6
    return r.rps, r.percentile(0.99), cpu


Row = tuple[str, float, float, float, float, "float | None", "float | None"]


def http_scenarios(seconds: float, concurrency: int) -> list[Row]:
    mm_port, bare_port = free_port(), free_port()
    mm = start_mockmost(mm_port)
    bare = None
    try:
        api = httpx.Client(
            base_url=f"http://127.0.0.1:{mm_port}/api/v4", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"}
        )
        for i in range(100):
            api.post("/posts", json={"channel_id": DEV_CHANNEL, "message": f"filler {i}"}).raise_for_status()
        payloads = {
            "me": api.get("/users/me").json(),
            "post": api.post("/posts", json={"channel_id": DEV_CHANNEL, "message": "bench"}).json(),
            "posts": api.get(f"/channels/{DEV_CHANNEL}/posts").json(),
        }
        bare = start_bare(bare_port, payloads)
        post_body = json.dumps({"channel_id": DEV_CHANNEL, "message": "bench post"}).encode()
        cases = [
            ("GET /api/v4/users/me", lambda h: build_request("GET", "/api/v4/users/me", h, ADMIN_TOKEN)),
            (
                "POST /api/v4/posts",
                lambda h: build_request("POST", "/api/v4/posts", h, ADMIN_TOKEN, post_body),
            ),
            (
                "GET /api/v4/channels/{id}/posts",
                lambda h: build_request("GET", f"/api/v4/channels/{DEV_CHANNEL}/posts", h, ADMIN_TOKEN),
            ),
        ]
        rows = []
        for name, make in cases:
            mm_req, bare_req = make(f"127.0.0.1:{mm_port}"), make(f"127.0.0.1:{bare_port}")
            runs: dict[str, list[tuple[float, float, float | None]]] = {"mm": [], "bare": []}
            for _ in range(3):  # interleaved rounds: A B A B A B
                runs["mm"].append(_measured(mm_port, mm.pid, mm_req, seconds, concurrency))
                runs["bare"].append(_measured(bare_port, bare.pid, bare_req, seconds, concurrency))
            m, b = (statistics.median(r[0] for r in runs[k]) for k in ("mm", "bare"))
            cpus = [[r[2] for r in runs[k] if r[2] is not None] for k in ("mm", "bare")]
            mm_cpu, bare_cpu = (statistics.median(c) if c else None for c in cpus)
            rows.append(
                (name, m, b, max(r[1] for r in runs["mm"]), max(r[1] for r in runs["bare"]), mm_cpu, bare_cpu)
            )
        return rows
    finally:
        mm.terminate()
        if bare is not None:
            bare.terminate()


def reset_time(posts: int = 10_000, runs: int = 7) -> float:
    from mockmost.app import create_app, state_of
    from mockmost.settings import Settings
    from mockmost.testing import MockMattermost

    app = create_app(Settings(openapi_path=None))
    state = state_of(app)
    mock = MockMattermost(state, "http://127.0.0.1:1")
    times = []
    for _ in range(runs):
        team = mock.make_team()
        channel = mock.make_channel(team)
        store = state.store
        for i in range(posts):
            store.posts.create(mock.admin, channel, {"message": f"post {i}"})
        start = time.perf_counter()
        state.reset()
        MockMattermost(state, "http://127.0.0.1:1")  # what the fixture does after the swap
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def inprocess_request_cost(runs: int = 2000) -> float:
    from mockmost.app import create_app, state_of
    from mockmost.inprocess import InProcessTransport
    from mockmost.settings import Settings
    from mockmost.testing import MockMattermost

    app = create_app(Settings(openapi_path=None))
    mock = MockMattermost(state_of(app), "http://mockmost.local:80", transport=InProcessTransport(app))
    client = mock.client
    for _ in range(200):
        client.get("/users/me")
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        client.get("/users/me")
        samples.append((time.perf_counter() - start) * 1e6)
    return statistics.median(samples)


async def _asgi_get(app, path: str, token: str) -> int:
    sent: list[dict] = []

    async def receive() -> dict:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "GET",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "headers": [(b"authorization", f"Bearer {token}".encode())],
        "root_path": "",
        "scheme": "http",
        "server": ("127.0.0.1", 80),
        "client": ("127.0.0.1", 1),
        "http_version": "1.1",
    }
    await app(scope, receive, send)
    return int(sent[0]["status"])


def page_cost(sizes: tuple[int, ...], runs: int = 300) -> list[tuple[int, float, float]]:
    """(posts in the channel, µs for a page read again with nothing written since (the kept page), µs for a
    page rendered afresh (what the first read after a write costs))."""
    from mockmost.app import create_app, state_of
    from mockmost.settings import Settings
    from mockmost.testing import MockMattermost

    app = create_app(Settings(openapi_path=None))
    mock = MockMattermost(state_of(app), "http://127.0.0.1:1")
    team = mock.make_team()
    out = []
    loop = asyncio.new_event_loop()
    for size in sizes:
        channel = mock.make_channel(team)
        store = mock.store
        gc.disable()
        for i in range(size):
            store.posts.create(mock.admin, channel, {"message": f"post {i}"})
        gc.enable()
        gc.freeze()
        path = f"/api/v4/channels/{channel.id}/posts"
        for _ in range(20):
            assert loop.run_until_complete(_asgi_get(app, path, mock.admin_token)) == 200
        kept, fresh = [], []
        for _ in range(runs):
            start = time.perf_counter()
            loop.run_until_complete(_asgi_get(app, path, mock.admin_token))
            kept.append((time.perf_counter() - start) * 1e6)
            store.post_page_cache.clear()
            start = time.perf_counter()
            loop.run_until_complete(_asgi_get(app, path, mock.admin_token))
            fresh.append((time.perf_counter() - start) * 1e6)
        out.append((size, statistics.median(kept), statistics.median(fresh)))
    loop.close()
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--skip-million", action="store_true")
    parser.add_argument("--skip-ws", action="store_true")
    parser.add_argument("--skip-stall", action="store_true")
    args = parser.parse_args()

    print(
        "mockmost benchmark (ratios: mockmost throughput / bare Starlette throughput, same uvicorn, "
        f"same JSON; loop={LOOP_IMPL}, http={HTTP_IMPL} for both)"
    )
    print(
        "ratio: throughput (median of 3 interleaved runs); cpu ratio: server CPU per request, bare / "
        "mockmost (steady when the machine is shared)"
    )
    print(
        f"{'scenario':<34}{'mockmost req/s':>16}{'bare req/s':>14}{'ratio':>8}{'µs CPU/req (mm/bare)':>23}"
        f"{'cpu ratio':>11}{'p99 ms (mm/bare)':>20}"
    )
    for name, m, b, mp99, bp99, mcpu, bcpu in http_scenarios(args.seconds, args.concurrency):
        cpu = f"{mcpu:>11.0f}/{bcpu:<11.0f}" if mcpu and bcpu else f"{'-':>23}"
        cpu_ratio = f"{bcpu / mcpu:>11.2f}" if mcpu and bcpu else f"{'-':>11}"
        judged = (
            bcpu / mcpu if mcpu and bcpu else m / b
        )  # the CPU ratio when known: steadier on a shared machine
        flag = "" if judged >= 0.8 else "  (below the 0.8 aim)"
        print(f"{name:<34}{m:>16.0f}{b:>14.0f}{m / b:>8.2f}{cpu}{cpu_ratio}{mp99:>11.1f}/{bp99:<8.1f}{flag}")
    print()
    print(f"fixture reset with 10,000 posts in the store: {reset_time():.3f} ms median (aim < 1 ms)")
    print(
        f"one in-process request (mockmost.inprocess transport, GET /users/me): "
        f"{inprocess_request_cost():.0f} µs median "
        f"(aim < 300 µs)"
    )
    sizes = (100, 1_000_000) if not args.skip_million else (100, 10_000)
    for size, kept, fresh in page_cost(sizes):
        print(
            f"GET /channels/{{id}}/posts (60 per page) with {size:>9,} posts in the channel: "
            f"{kept:.0f} µs median read again, {fresh:.0f} µs rendered afresh (after a write)"
        )
    if not args.skip_stall:
        from bench import stall

        print()
        stall.main(args.seconds)
    if not args.skip_ws:
        try:
            from bench import ws_fanout
        except ImportError:
            print("\n(WebSocket fan-out benchmark not available)")
        else:
            print()
            ws_fanout.main()


if __name__ == "__main__":
    main()
