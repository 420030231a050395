"""Replies and the one JSON encoder."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import orjson


def encode(obj: Any) -> bytes:
    """Compact JSON, UTF-8; the bare app in the benchmark uses this same function."""
    try:
        return orjson.dumps(obj)
    except orjson.JSONEncodeError:
        # Integers beyond 64 bits (orjson's limit) can only come from data that bypassed gojson (seeds, test
        # helpers): write them as Go would hold them, float64.
        return orjson.dumps(_wide_ints_as_floats(obj))


def _wide_ints_as_floats(obj: Any) -> Any:
    if isinstance(obj, bool):
        return obj
    if isinstance(obj, int):
        return obj if -(2**63) <= obj < 2**64 else float(obj)
    if isinstance(obj, dict):
        return {k: _wide_ints_as_floats(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [_wide_ints_as_floats(v) for v in obj]
    return obj


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
