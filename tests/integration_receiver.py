"""A tiny integration server for tests: records what mockmost sends and answers as told.

A threaded http.server on 127.0.0.1 port 0. `receiver.reply("/hook", json={...})` sets the answer for
a path; `receiver.wait(n)` waits until n requests arrived. Import `receiver_fixture` to get the
`receiver` fixture.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest


@dataclass
class Received:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    @property
    def form(self) -> dict[str, list[str]]:
        return parse_qs(self.body.decode(), keep_blank_values=True)

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Answer:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    requests: list[Received] = field(default_factory=list)
    answers: dict[str, Answer] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    def reply(
        self,
        path: str,
        status: int = 200,
        json_body: Any = None,
        text: str | None = None,
        content_type: str | None = None,
        delay: float = 0.0,
    ) -> str:
        """Answer `path` like this from now on; returns the full URL of the path."""
        if json_body is not None:
            body, kind = json.dumps(json_body).encode(), "application/json"
        else:
            body, kind = (text or "").encode(), "text/plain"
        self.answers[path] = Answer(status, body, content_type or kind, delay)
        return self.url + path

    def wait(self, count: int = 1, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.requests) >= count:
                    return list(self.requests)
            time.sleep(0.01)
        raise AssertionError(f"expected {count} request(s), got {len(self.requests)}")


def _handler(receiver_ref: list[Receiver]) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _handle(self) -> None:
            receiver = receiver_ref[0]
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            received = Received(
                self.command,
                parts.path,
                parse_qs(parts.query, keep_blank_values=True),
                {k.lower(): v for k, v in self.headers.items()},
                body,
            )
            answer = receiver.answers.get(parts.path, Answer())
            if answer.delay:
                time.sleep(answer.delay)
            with receiver.lock:
                receiver.requests.append(received)
            self.send_response(answer.status)
            self.send_header("Content-Type", answer.content_type)
            self.send_header("Content-Length", str(len(answer.body)))
            self.end_headers()
            self.wfile.write(answer.body)

        do_GET = do_POST = _handle  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
            pass

    return Handler


@pytest.fixture(name="receiver")
def receiver_fixture() -> Iterator[Receiver]:
    ref: list[Receiver] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(ref))
    server.daemon_threads = True
    ref.append(Receiver(server))
    thread = threading.Thread(target=server.serve_forever, name="integration-receiver", daemon=True)
    thread.start()
    try:
        yield ref[0]
    finally:
        server.shutdown()
        server.server_close()
