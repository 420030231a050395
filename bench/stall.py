"""Does anything long stall the event loop? Light requests (GET /users/me) run without pause while, in
turn, post searches over 100,000 posts and 7680x4320 PNG uploads are sent; the light requests' latency
(p50, p99, max) is reported for each phase. Nothing should wait more than 50 ms behind the heavy ones.

The server runs in its own process on mockmost's real uvicorn stack; the 100,000 posts are written
through the store before it listens. Run: `python -m bench.stall` (also part of `make bench`).
"""

from __future__ import annotations

import asyncio
import io
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

import httpx

from bench.loadgen import Result, build_request, run_load

POSTS = 100_000
AIM_MS = 50.0

SERVER = r"""
import gc, json, random, sys
from mockmost.app import create_app, state_of
from mockmost.server import listening_socket, serve
from mockmost.settings import Settings
from mockmost.testing import MockMattermost

posts = int(sys.argv[1])
app = create_app(Settings(port=0))
state = state_of(app)
mm = MockMattermost(state, "http://127.0.0.1:0")
team = mm.make_team("stall")
channels = [mm.make_channel(team, f"c{i}") for i in range(10)]
rng = random.Random(13)
letters = "abcdefghijklmnopqrstuvwxyz"
vocab = ["".join(rng.choice(letters) for _ in range(rng.randint(3, 9))) for _ in range(5000)]
gc.disable()
for i in range(posts):
    words = " ".join(rng.choice(vocab) for _ in range(12))
    fields = {"message": f"{words} release {i}"}
    state.store.posts.create(mm.admin, channels[i % 10], fields, set_online=False)
gc.enable()
gc.freeze()
state.bus.take_recorded()
sock = listening_socket("127.0.0.1", 0)
sock.listen(512)
print(json.dumps({"port": sock.getsockname()[1], "token": mm.admin_token, "team": team.id,
                  "channel": channels[0].id, "words": vocab[:50]}), flush=True)
serve(app, "127.0.0.1", sock.getsockname()[1], sock)
"""


def _big_png() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize((7680, 4320)).convert("RGB")
    draw = ImageDraw.Draw(image)
    for i in range(0, 7680, 240):
        draw.line((i, 0, 7680 - i, 4320), fill=(i % 255, 80, 160), width=9)
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def _photo_jpeg() -> bytes:
    """A photo-like JPEG just under mockmost's limit for Go-exact decoding (150,000 pixels), so the upload's
    mini preview takes the slow pure-Python path (decode, Lanczos resize, encode) in a worker thread."""
    from PIL import Image

    image = Image.effect_mandelbrot((440, 330), (-2.0, -1.2, 1.0, 1.2), 60).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=85)
    return out.getvalue()


def _start(posts: int) -> tuple[subprocess.Popen[str], dict[str, Any]]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen(
        [sys.executable, "-c", SERVER, str(posts)], stdout=subprocess.PIPE, text=True, env=env
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()
    if not line:
        raise RuntimeError("benchmark server did not start")
    return proc, json.loads(line)


async def _phase(info: dict[str, Any], heavy: Any, seconds: float) -> tuple[Result, list[float]]:
    """Light load for `seconds` while `heavy` runs back to back; heavy request durations in ms."""
    port = info["port"]
    request = build_request("GET", "/api/v4/users/me", f"127.0.0.1:{port}", info["token"])
    durations: list[float] = []
    stop = time.perf_counter() + seconds

    async def heavy_loop() -> None:
        if heavy is None:
            return
        async with httpx.AsyncClient(
            base_url=f"http://127.0.0.1:{port}/api/v4",
            timeout=60,
            headers={"Authorization": f"Bearer {info['token']}"},
        ) as api:
            i = 0
            while time.perf_counter() < stop:
                start = time.perf_counter()
                resp = await heavy(api, i)
                resp.raise_for_status()
                durations.append((time.perf_counter() - start) * 1000)
                i += 1

    light, _ = await asyncio.gather(run_load("127.0.0.1", port, lambda: request, seconds, 4), heavy_loop())
    return light, durations


def main(seconds: float = 4.0, posts: int = POSTS) -> None:
    png = _big_png()
    jpeg = _photo_jpeg()
    proc, info = _start(posts)
    words = info["words"]

    async def search(api: httpx.AsyncClient, i: int) -> httpx.Response:
        terms = [
            words[i % 50],
            f"{words[i % 50]} {words[(i + 1) % 50]}",
            "release",
            f"{words[i % 50][:2]}*",
            f"release -{words[i % 50]}",
            f'"{words[i % 50]} {words[(i + 7) % 50]}"',
        ][i % 6]
        body = {"terms": terms, "is_or_search": bool(i % 2)}
        return await api.post(f"/teams/{info['team']}/posts/search", json=body)

    async def upload(api: httpx.AsyncClient, i: int) -> httpx.Response:
        return await api.post(
            "/files", params={"channel_id": info["channel"], "filename": f"big{i}.png"}, content=png
        )

    async def upload_jpeg(api: httpx.AsyncClient, i: int) -> httpx.Response:
        return await api.post(
            "/files", params={"channel_id": info["channel"], "filename": f"photo{i}.jpg"}, content=jpeg
        )

    try:
        print(
            f"Event-loop stalls: GET /users/me latency (4 concurrent) while heavy requests run "
            f"({posts:,} posts; aim: max < {AIM_MS:.0f} ms)"
        )
        print(f"{'phase':<56}{'heavy n':>8}{'heavy ms (median)':>19}{'light p50':>11}{'p99':>8}{'max':>8}")
        phases = [
            ("idle", None),
            (f"post search over {posts:,} posts", search),
            (f"7680x4320 PNG upload ({len(png) / 1e6:.1f} MB)", upload),
            (f"440x330 JPEG upload ({len(jpeg) / 1e3:.0f} kB, exact mini preview)", upload_jpeg),
        ]
        for name, heavy in phases:
            light, durations = asyncio.run(_phase(info, heavy, seconds))
            heavy_ms = f"{statistics.median(durations):.1f}" if durations else "-"
            worst = max(light.latencies_ms)
            flag = "" if worst < AIM_MS else "  (over the aim)"
            print(
                f"{name:<56}{len(durations):>8}{heavy_ms:>19}{light.percentile(0.5):>11.2f}"
                f"{light.percentile(0.99):>8.2f}{worst:>8.2f}{flag}"
            )
    finally:
        proc.terminate()
        proc.wait(10)


if __name__ == "__main__":
    main(float(sys.argv[1]) if len(sys.argv) > 1 else 4.0)
