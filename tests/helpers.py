"""Helpers shared by the core tests: AppError assertions and a store fingerprint."""

from __future__ import annotations

import dataclasses
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


def store_fingerprint(store: Any, ignore: tuple[str, ...] = ("failed_attempts",)) -> str:
    """A digest of every table of the store: equal before and after a refused request.

    `failed_attempts` is left out by default: the real server bumps it on every refused password check
    (app/authentication.go DoubleCheckPassword), so a refusal may change it.
    """

    def shown(value: Any) -> str:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            blanked = {name: 0 for name in ignore if hasattr(value, name)}
            return repr(dataclasses.replace(value, **blanked) if blanked else value)
        return repr(value)

    parts: list[str] = []
    for name, table in sorted(vars(store).items()):
        if isinstance(table, dict) and not name.endswith("_cache"):  # caches (wire renders) are not state
            parts.append(f"{name}={sorted((repr(k), shown(v)) for k, v in table.items())}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()
