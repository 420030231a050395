"""In-process transport: httpx requests run straight through the ASGI app on a private event loop, no socket.

httpx.ASGITransport is async-only and probes for trio on every request; this sync transport builds the ASGI
scope itself, which keeps one in-process request to a few hundred microseconds.
"""

from __future__ import annotations

import asyncio
from typing import Any

import httpx


class InProcessTransport(httpx.BaseTransport):
    def __init__(self, app: Any) -> None:
        self.app = app
        self._loop = asyncio.new_event_loop()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        body = request.read()
        url = request.url
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": request.method,
            "scheme": url.scheme,
            "path": url.path,
            "raw_path": url.raw_path.split(b"?", 1)[0],
            "query_string": url.query,
            "root_path": "",
            "headers": [(k.lower(), v) for k, v in request.headers.raw],
            "server": (url.host, url.port or 80),
            "client": ("127.0.0.1", 0),
        }
        status = 500
        headers: list[tuple[bytes, bytes]] = []
        chunks: list[bytes] = []
        sent_body = False

        async def receive() -> dict[str, Any]:
            nonlocal sent_body
            if sent_body:
                await asyncio.sleep(3600)
            sent_body = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status, headers = message["status"], list(message.get("headers", []))
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        self._loop.run_until_complete(self.app(scope, receive, send))
        return httpx.Response(status, headers=headers, content=b"".join(chunks), request=request)

    def close(self) -> None:
        if not self._loop.is_closed():
            self._loop.close()
