"""Helpers shared by the core tests: AppError assertions and a store fingerprint."""

from __future__ import annotations

import hashlib
from typing import Any

import httpx

from mockmost.ids import is_valid_id


def assert_app_error(resp: httpx.Response | Any, status: int, error_id: str) -> dict[str, Any]:
    """The response is the real server's AppError body with this status and id."""
    assert resp.status_code == status, f"{resp.status_code} {resp.text}"
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert body["id"] == error_id, body
    assert body["status_code"] == status
    assert isinstance(body["message"], str) and body["message"]
    assert body["detailed_error"] == ""
    assert is_valid_id(body["request_id"]) and body["request_id"] == resp.headers["x-request-id"]
    return body


def store_fingerprint(store: Any) -> str:
    """A digest of every table of the store: equal before and after a refused request."""
    parts: list[str] = []
    for name, value in sorted(vars(store).items()):
        if isinstance(value, dict):
            parts.append(f"{name}={sorted((repr(k), repr(v)) for k, v in value.items())}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
