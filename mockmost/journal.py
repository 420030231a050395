"""The request journal: every HTTP request and WebSocket action the server received, for test assertions.

Entries are recorded by the dispatcher and the WebSocket read loop after the answer is known; the bodies are
kept as bytes and parsed only when read. The journal is emptied by reset, as the events are.
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from mockmost.openapi import snake_case

WEBSOCKET = "WS"  # the method of a WebSocket action entry (its path is the action, e.g. "user_typing")


@dataclass(slots=True)
class RequestRecord:
    """One request as the server saw it.

    Attributes:
        seq: position in the journal since the last reset (1, 2, ...).
        method: "GET", "POST", ... or "WS" for a WebSocket action.
        path: the request path ("/api/v4/posts"), or the action name for "WS".
        route: the route template ("/api/v4/channels/{channel_id}/posts"); "" for an unknown path.
        operation_id: the OpenAPI operationId ("CreatePost"), or the action name for "WS"; "" if unknown.
        user_id: the session's user, "" without one.
        status: the HTTP status answered (WebSocket actions: 200 "OK", else the error's status).
        query: the raw query string.
        body: the request body (bytes); `json` parses it.
        response_body: the answer's body (bytes); `response_json` parses it.
        time_ms: the server clock when it was answered.
    """

    seq: int
    method: str
    path: str
    route: str
    operation_id: str
    user_id: str
    status: int
    query: str
    body: bytes
    response_body: bytes
    time_ms: int

    @property
    def json(self) -> Any:
        """The request body as JSON (None when empty or not JSON)."""
        return _parse(self.body)

    @property
    def response_json(self) -> Any:
        """The answer as JSON (None when empty or not JSON)."""
        return _parse(self.response_body)

    def describe(self) -> str:
        who = f" as {self.user_id}" if self.user_id else ""
        op = f" ({self.operation_id})" if self.operation_id and self.method != WEBSOCKET else ""
        return f"#{self.seq} {self.method} {self.path}{op}{who} → {self.status}"

    def as_json(self) -> dict[str, Any]:
        """The record as the control API returns it (bodies parsed when JSON, else text)."""
        return {
            "seq": self.seq,
            "method": self.method,
            "path": self.path,
            "route": self.route,
            "operation_id": self.operation_id,
            "user_id": self.user_id,
            "status": self.status,
            "query": self.query,
            "body": _parse_or_text(self.body),
            "response": _parse_or_text(self.response_body),
            "time": self.time_ms,
        }


def _parse(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None


def _parse_or_text(raw: bytes) -> Any:
    if not raw:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return raw.decode("utf-8", "replace") if len(raw) <= 4096 else f"<{len(raw)} bytes>"


class Journal:
    """A bounded, thread-safe list of RequestRecords (oldest dropped beyond `limit`). A request appends a
    plain tuple; the RequestRecord is built when the journal is read (most journals are never read)."""

    def __init__(self, limit: int = 10000) -> None:
        self._records: deque[tuple[Any, ...] | RequestRecord] = deque(maxlen=limit)
        self._unbuilt = False  # some entries are still tuples
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        # Requests received and not answered yet (changed on the server's event loop only).
        self.in_flight = 0

    def settle(self, timeout: float = 2.0) -> None:
        """Wait (up to `timeout`) until no request is being answered, so that what a client already saw the
        effect of (an event, a post) is in the journal too."""
        deadline = time.monotonic() + timeout
        while self.in_flight > 0 and time.monotonic() < deadline:
            time.sleep(0.002)

    def record(
        self,
        method: str,
        path: str,
        route: str,
        operation_id: str,
        user_id: str,
        status: int,
        query: bytes | str,
        body: bytes,
        response_body: bytes,
        time_ms: int,
    ) -> None:
        with self._lock:
            self._unbuilt = True
            self._records.append(
                (
                    next(self._seq),
                    method,
                    path,
                    route,
                    operation_id,
                    user_id,
                    status,
                    query,
                    body,
                    response_body,
                    time_ms,
                )
            )

    def entries(self, since: int = 0) -> list[RequestRecord]:
        with self._lock:
            if self._unbuilt:  # each entry is built once, at the first read that finds it
                self._records = deque(
                    (r if isinstance(r, RequestRecord) else _record(*r) for r in self._records),
                    maxlen=self._records.maxlen,
                )
                self._unbuilt = False
            return [r for r in self._records if isinstance(r, RequestRecord) and r.seq > since]

    def clear(self) -> None:
        with self._lock:
            self._records.clear()
            self._seq = itertools.count(1)


def _record(
    seq: int,
    method: str,
    path: str,
    route: str,
    operation_id: str,
    user_id: str,
    status: int,
    query: bytes | str,
    body: bytes,
    response_body: bytes,
    time_ms: int,
) -> RequestRecord:
    query_text = query.decode("latin-1") if isinstance(query, bytes) else query
    return RequestRecord(
        seq, method, path, route, operation_id, user_id, status, query_text, body, response_body, time_ms
    )


def matches_target(record: RequestRecord, target: str) -> bool:
    """`target` names an operation ("CreatePost" or "create_post"), a WebSocket action ("user_typing"), a path
    or route template ("/api/v4/posts", "/api/v4/channels/{channel_id}/posts"), optionally after a method
    ("POST /api/v4/posts")."""
    method, _, rest = target.partition(" ")
    if rest and method.isupper():
        if record.method != method:
            return False
        target = rest
    if target.startswith("/"):
        return target.rstrip("/") in (record.path.rstrip("/"), record.route)
    return bool(record.operation_id) and (
        target == record.operation_id or snake_case(target) == snake_case(record.operation_id)
    )


def _subset(want: Any, got: Any) -> bool:
    """Every key of `want` is in `got` with a matching value (recursively for dicts)."""
    if isinstance(want, dict):
        return isinstance(got, dict) and all(k in got and _subset(v, got[k]) for k, v in want.items())
    return bool(want == got)


def matches_fields(record: RequestRecord, match: dict[str, Any]) -> bool:
    """Keyword filters: method, status, user (a User or an id), user_id, query (substring), json (a subset of
    the request body), response (a subset of the answer)."""
    for key, want in match.items():
        if key == "user":
            want = getattr(want, "id", want)
            key = "user_id"
        if key == "json":
            if not _subset(want, record.json):
                return False
        elif key == "response":
            if not _subset(want, record.response_json):
                return False
        elif key == "query":
            if str(want) not in record.query:
                return False
        elif key in ("method", "status", "user_id", "path", "route", "operation_id"):
            if getattr(record, key) != want:
                return False
        else:
            raise TypeError(
                f"unknown filter {key!r}: use method, status, user, user_id, query, json or response"
            )
    return True


def select(
    records: Iterable[RequestRecord], target: str | None, match: dict[str, Any]
) -> list[RequestRecord]:
    return [r for r in records if (target is None or matches_target(r, target)) and matches_fields(r, match)]
