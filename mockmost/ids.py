"""Ids and timestamps in Mattermost's form. Upstream: server/public/model/utils.go (NewId, GetMillis)."""

from __future__ import annotations

import os
import random
import re
import threading
import time
from datetime import datetime, timezone

_MM = "ybndrfg8ejkmcpqxot1uwisza345h769"  # model/utils.go encoding (base32 with this alphabet)
_PAIRS = [a + b for a in _MM for b in _MM]  # every 10-bit value as two characters
_TRIPLES = [a + b for a in _MM for b in _PAIRS]  # every 15-bit value as three characters
_VALID_ID = re.compile(r"^[^\W_]{26}$")


class Clock:
    """The server's time, in Mattermost's unit (milliseconds since the epoch): the wall clock, or frozen.

    Every timestamp the store writes (create_at, update_at, last_activity_at, ...), every expiry it checks
    (sessions, tokens, reminders, DND and custom statuses, busy) and the jobs read this clock. `advance` moves
    it forward whether frozen or not (an offset on the wall clock).
    """

    def __init__(self) -> None:
        self._frozen_ms: int | None = None
        self._offset_ms = 0
        self._lock = threading.Lock()

    def now_ms(self) -> int:
        frozen = self._frozen_ms
        if frozen is not None:
            return frozen
        return int(time.time() * 1000) + self._offset_ms

    def now(self) -> datetime:
        """The clock's time as an aware UTC datetime."""
        return datetime.fromtimestamp(self.now_ms() / 1000, timezone.utc)

    @property
    def frozen(self) -> bool:
        return self._frozen_ms is not None

    def freeze(self, at: datetime | int | float | str | None = None) -> int:
        """Stop the clock at `at` (an aware datetime, an ISO 8601 string, or epoch milliseconds; default:
        now). Returns the frozen time in milliseconds."""
        with self._lock:
            self._frozen_ms = self.now_ms() if at is None else to_ms(at)
            return self._frozen_ms

    def advance(self, seconds: float) -> int:
        """Move the clock forward (frozen or not); returns the new time in milliseconds."""
        if seconds < 0:
            raise ValueError("the clock only moves forward")
        step = int(round(seconds * 1000))
        with self._lock:
            if self._frozen_ms is not None:
                self._frozen_ms += step
            else:
                self._offset_ms += step
        return self.now_ms()

    def unfreeze(self) -> None:
        """Run again from where it stands (the time it was frozen at becomes an offset on the wall clock)."""
        with self._lock:
            if self._frozen_ms is not None:
                self._offset_ms = self._frozen_ms - int(time.time() * 1000)
                self._frozen_ms = None

    def reset(self) -> None:
        """Back to the wall clock: not frozen, no offset."""
        with self._lock:
            self._frozen_ms, self._offset_ms = None, 0


def to_ms(at: datetime | int | float | str) -> int:
    """Epoch milliseconds from an aware datetime (naive: UTC), an ISO 8601 string or a number of ms."""
    if isinstance(at, str):
        at = datetime.fromisoformat(at.replace("Z", "+00:00"))
    if isinstance(at, datetime):
        if at.tzinfo is None:
            at = at.replace(tzinfo=timezone.utc)
        return int(at.timestamp() * 1000)
    if isinstance(at, bool) or not isinstance(at, int | float):
        raise TypeError(f"a time must be a datetime, an ISO 8601 string or epoch milliseconds, not {at!r}")
    return int(at)


class IdSource:
    """Makes 26-character ids and reads the clock for timestamps; seedable for deterministic tests.

    Ids carry no time: model.NewId is 16 random bytes (uuid.NewRandom), so the clock does not show in them.
    """

    def __init__(
        self, seed: int | None = None, start_ms: int | None = None, clock: Clock | None = None
    ) -> None:
        # A PRNG seeded once from the OS: os.urandom costs ~30 µs a call on this kind of VM, and ids and
        # tokens of a local test server need uniqueness, not secrecy.
        self._rng = random.Random(seed if seed is not None else os.urandom(32))
        self._clock_ms = start_ms
        self._lock = threading.Lock()
        self.clock = clock or Clock()

    def new_id(self) -> str:
        """model.NewId: 16 random bytes in base32 with Mattermost's alphabet, unpadded: 26 characters, the
        last carrying the final 3 bits (so 128 bits shifted left by 2 read as 13 ten-bit pairs)."""
        n = self._rng.getrandbits(128) << 2
        t = _TRIPLES
        return (
            t[n >> 115]
            + t[(n >> 100) & 32767]
            + t[(n >> 85) & 32767]
            + t[(n >> 70) & 32767]
            + t[(n >> 55) & 32767]
            + t[(n >> 40) & 32767]
            + t[(n >> 25) & 32767]
            + t[(n >> 10) & 32767]
            + _PAIRS[n & 1023]
        )

    def now_ms(self) -> int:
        if self._clock_ms is None:
            return self.clock.now_ms()
        with self._lock:
            self._clock_ms += 1
            return self._clock_ms


_default = IdSource()


def new_id() -> str:
    return _default.new_id()


def now_ms() -> int:
    return _default.now_ms()


def is_valid_id(value: object) -> bool:
    """model.IsValidId: exactly 26 letters or digits (uppercase passes, as upstream)."""
    return isinstance(value, str) and bool(_VALID_ID.match(value))
