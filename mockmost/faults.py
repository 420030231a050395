"""Injected faults: failing or slow operations, refused WebSocket upgrades. All undone by reset.

Faults are matched like the journal's targets (operationId, path or route template, optionally after a
method); the dispatcher asks `for_request` only when at least one is set, so they cost nothing otherwise.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Any

from mockmost.errors import AppError
from mockmost.journal import RequestRecord, matches_target

FAULT_ERROR_ID = "mockmost.fault.injected"


@dataclass(slots=True)
class FailRule:
    target: str
    status: int
    error_id: str
    message: str
    times: int  # how many more requests fail; -1: until reset

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": "fail",
            "target": self.target,
            "status": self.status,
            "error_id": self.error_id,
            "message": self.message,
            "times": self.times,
        }


@dataclass(slots=True)
class DelayRule:
    target: str
    seconds: float
    times: int  # -1: until reset

    def as_json(self) -> dict[str, Any]:
        return {"kind": "delay", "target": self.target, "seconds": self.seconds, "times": self.times}


class Faults:
    def __init__(self) -> None:
        self._fails: list[FailRule] = []
        self._delays: list[DelayRule] = []
        self._refuse_ws_until = 0.0
        self._lock = threading.Lock()
        self.active = False  # read without the lock on every request: any rule set

    def fail_next(
        self,
        target: str,
        status: int = 500,
        error_id: str | None = None,
        times: int = 1,
        message: str | None = None,
    ) -> FailRule:
        if not 400 <= status <= 599:
            raise ValueError("status must be a 4xx or 5xx code")
        if times == 0 or times < -1:
            raise ValueError("times must be positive (or -1: until reset)")
        rule = FailRule(
            target,
            status,
            error_id or FAULT_ERROR_ID,
            message or f"mockmost injected this failure (fail_next {target!r}).",
            times,
        )
        with self._lock:
            self._fails.append(rule)
            self.active = True
        return rule

    def delay(self, target: str, seconds: float, times: int = -1) -> DelayRule:
        if seconds < 0:
            raise ValueError("seconds must not be negative")
        rule = DelayRule(target, seconds, times)
        with self._lock:
            self._delays.append(rule)
            self.active = True
        return rule

    def refuse_websockets(self, seconds: float) -> None:
        with self._lock:
            self._refuse_ws_until = time.monotonic() + seconds

    def refusing_websockets(self) -> bool:
        return self._refuse_ws_until > time.monotonic()

    def clear(self) -> None:
        with self._lock:
            self._fails.clear()
            self._delays.clear()
            self._refuse_ws_until = 0.0
            self.active = False

    def rules(self) -> list[dict[str, Any]]:
        with self._lock:
            out = [r.as_json() for r in self._fails] + [r.as_json() for r in self._delays]
            if self.refusing_websockets():
                out.append(
                    {
                        "kind": "refuse_websockets",
                        "seconds_left": round(self._refuse_ws_until - time.monotonic(), 3),
                    }
                )
            return out

    def for_request(self, probe: RequestRecord) -> tuple[float, AppError | None]:
        """The delay (seconds) and the failure to apply to this request; each use counts down its rule."""
        delay, failure = 0.0, None
        with self._lock:
            for rule in self._delays:
                if rule.times and matches_target(probe, rule.target):
                    delay += rule.seconds
                    rule.times -= 1 if rule.times > 0 else 0
            for fail in self._fails:
                if fail.times and matches_target(probe, fail.target):
                    failure = AppError(fail.error_id, fail.status, message=fail.message)
                    fail.times -= 1 if fail.times > 0 else 0
                    break
            self._fails = [r for r in self._fails if r.times]
            self._delays = [r for r in self._delays if r.times]
            self.active = bool(self._fails or self._delays)
        return delay, failure
