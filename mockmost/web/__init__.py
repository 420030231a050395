"""The browser chat client and inspector: static files served at `/` and `/static/`, as the real server serves
its web app. The files talk to the server only through /api/v4, the WebSocket and /__mockmost__/."""

from __future__ import annotations

import hashlib
import mimetypes
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent
_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}


def is_web_path(path: str) -> bool:
    """`/` and `/static/...`; every other path stays the API's (unknown ones answer its JSON 404)."""
    return path == "/" or path.startswith("/static/")


def _resolve(path: str) -> Path | None:
    rel = "index.html" if path == "/" else path[len("/static/") :]
    target = (ROOT / rel).resolve()
    if ROOT not in target.parents or not target.is_file() or target.suffix == ".py":
        return None
    return target


async def serve(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """GET/HEAD a file, with an ETag so a reload costs 304s; files are read per request (edit and reload)."""
    target = _resolve(scope["path"])
    method = scope["method"]
    if target is None or method not in ("GET", "HEAD"):
        status, body, headers = (
            (404 if target is None else 405),
            b"Not Found",
            [(b"content-type", b"text/plain")],
        )
    else:
        data = target.read_bytes()
        etag = b'"' + hashlib.sha1(data).hexdigest()[:16].encode() + b'"'
        ctype = (
            _TYPES.get(target.suffix) or mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        )
        headers = [
            (b"content-type", ctype.encode()),
            (b"etag", etag),
            (b"cache-control", b"no-cache"),
            (b"x-content-type-options", b"nosniff"),
        ]
        sent = dict(scope.get("headers") or []).get(b"if-none-match")
        status, body = (304, b"") if sent == etag else (200, data)
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if method == "HEAD" else body})
