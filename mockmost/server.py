"""Serving: ThreadedServer (uvicorn in a thread, port 0) for tests, serve() for the CLI."""

from __future__ import annotations

import asyncio
import gc
import socket
import threading
import time
from typing import Any

import uvicorn

try:  # uvicorn[standard]'s fast stack where the platform has it (not on Windows, not on PyPy)
    import uvloop
except ImportError:  # pragma: no cover - depends on the platform
    uvloop = None  # type: ignore[assignment]
try:
    import httptools  # noqa: F401

    HTTP_IMPL = "httptools"
except ImportError:  # pragma: no cover - depends on the platform
    HTTP_IMPL = "h11"
LOOP_IMPL = "uvloop" if uvloop is not None else "asyncio"


def new_event_loop() -> asyncio.AbstractEventLoop:
    """A uvloop loop when uvloop is installed, else asyncio's."""
    return uvloop.new_event_loop() if uvloop is not None else asyncio.new_event_loop()


def _server_config(
    app: Any, host: str, port: int, log_level: str = "warning", access_log: bool = False
) -> uvicorn.Config:
    return uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=log_level,
        access_log=access_log,
        ws="wsproto",
        lifespan="off",
        loop=LOOP_IMPL,
        http=HTTP_IMPL,
        timeout_keep_alive=30,
        # web_conn.go: ping every 60 s, closed 100 s after the last pong; 8 KiB read limit
        # (1009 beyond); gorilla's upgrader negotiates no compression.
        ws_ping_interval=60.0,
        ws_ping_timeout=40.0,
        ws_max_size=8192,
        ws_per_message_deflate=False,
    )


def listening_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket for uvicorn. The protocol must be IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY on
    accepted connections only for such sockets, and without it every keep-alive response waits ~40 ms on
    Nagle's algorithm and the client's delayed ACK."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


class ThreadedServer:
    """uvicorn on 127.0.0.1 (port 0 → a free port) in a daemon thread."""

    def __init__(self, app: Any, host: str = "127.0.0.1", port: int = 0) -> None:
        self.app = app
        self.host = host
        self.sock = listening_socket(host, port)
        self.port = self.sock.getsockname()[1]
        self.server = uvicorn.Server(_server_config(app, host, self.port))
        self.thread = threading.Thread(target=self._run, name="mockmost-server", daemon=True)
        self.loop: asyncio.AbstractEventLoop | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def _run(self) -> None:
        self.loop = new_event_loop()
        asyncio.set_event_loop(self.loop)
        self.loop.run_until_complete(self.server.serve(sockets=[self.sock]))

    def start(self) -> ThreadedServer:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("mockmost server did not start")
            time.sleep(0.01)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.sock.close()

    def __enter__(self) -> ThreadedServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def tune_gc_for_serving() -> None:
    """A server process holds a large heap of long-lived rows: move what exists at start (the seed) out of
    the collector's sight and collect the young generation less often, so a write does not pay for
    rescanning the store (measured: a tenth of POST /posts). Only `serve`, never a test process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


def serve(
    app: Any,
    host: str,
    port: int,
    sock: socket.socket | None = None,
    log_level: str = "info",
    access_log: bool = False,
) -> None:
    """Blocking serve for the CLI; Ctrl-C stops cleanly. `sock`: an already bound socket (port 0 support)."""
    tune_gc_for_serving()
    config = _server_config(app, host, port, log_level=log_level, access_log=access_log)
    uvicorn.Server(config).run(sockets=[sock] if sock is not None else None)
