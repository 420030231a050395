"""Checks the contract adds to schemathesis' own: Mattermost's error body.

Upstream: server/public/model/utils.go (AppError: id, message, detailed_error, request_id and
status_code both omitempty; is_oauth is never serialised).
"""

from __future__ import annotations

import json
from typing import Any

_FIELDS = {"id": str, "message": str, "detailed_error": str, "status_code": int}


def app_error_problem(status: int, content_type: str, body: bytes) -> str | None:
    """What is wrong with an error response's body as a Mattermost AppError (None: nothing)."""
    if status < 400 or status == 429:  # 429 is plain text `limit exceeded` (app/ratelimit.go)
        return None
    if "json" not in content_type:
        return f"error body is {content_type or 'untyped'}, not an AppError JSON object"
    try:
        data: Any = json.loads(body)
    except ValueError:
        return "error body is not JSON"
    if not isinstance(data, dict):
        return "error body is not a JSON object"
    for name, kind in _FIELDS.items():
        if not isinstance(data.get(name), kind):
            return f"AppError field {name!r} missing or not {kind.__name__}: {data!r}"[:400]
    # request_id is `omitempty`: the router's own 404 (web/web.go Handle404) has none.
    if not isinstance(data.get("request_id", ""), str):
        return f"AppError request_id is not a string: {data!r}"[:400]
    if data["status_code"] != status:
        return f"AppError status_code {data['status_code']} differs from the HTTP status {status}"
    if not data["id"]:
        return "AppError id is empty"
    return None


def app_error_shape(ctx: Any, response: Any, case: Any) -> bool | None:
    """schemathesis check: error responses are Mattermost AppErrors."""
    content_type = (response.headers.get("content-type") or [""])[0]
    problem = app_error_problem(response.status_code, content_type, response.content or b"")
    if problem:
        raise AssertionError(problem)
    return None
