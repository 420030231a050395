"""Replies and the one JSON encoder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mockmost import gojson


def encode(obj: Any) -> bytes:
    """Compact JSON, UTF-8; the bare app in the benchmark uses this same function. Never fails on what the
    store holds (gojson.dumps falls back from orjson for deep nesting and wide integers)."""
    return gojson.dumps(obj)


@dataclass(slots=True)
class Reply:
    status: int
    body: bytes
    content_type: str = "application/json"
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)

    def header(self, name: str, value: str) -> Reply:
        self.headers.append((name.encode(), value.encode()))
        return self


def ok(obj: Any, status: int = 200) -> Reply:
    return Reply(status, encode(obj))


def created(obj: Any) -> Reply:
    return Reply(201, encode(obj))


def status_ok(**extra: Any) -> Reply:
    return Reply(200, encode({"status": "OK", **extra}))


def raw(body: bytes, content_type: str, status: int = 200) -> Reply:
    return Reply(status, body, content_type)


def no_content() -> Reply:
    return Reply(204, b"")
