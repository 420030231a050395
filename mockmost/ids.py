"""Ids and timestamps in Mattermost's form. Upstream: server/public/model/utils.go (NewId, GetMillis)."""

from __future__ import annotations

import os
import random
import re
import threading
import time

_MM = "ybndrfg8ejkmcpqxot1uwisza345h769"   # model/utils.go encoding (base32 with this alphabet)
_PAIRS = [a + b for a in _MM for b in _MM]   # every 10-bit value as two characters
_VALID_ID = re.compile(r"^[^\W_]{26}$")


class IdSource:
    """Makes 26-character ids and millisecond timestamps; seedable for deterministic tests."""

    def __init__(self, seed: int | None = None, start_ms: int | None = None) -> None:
        # A PRNG seeded once from the OS: os.urandom costs ~30 µs a call on this kind of VM, and ids and
        # tokens of a local test server need uniqueness, not secrecy.
        self._rng = random.Random(seed if seed is not None else os.urandom(32))
        self._clock_ms = start_ms
        self._lock = threading.Lock()

    def new_id(self) -> str:
        """model.NewId: 16 random bytes in base32 with Mattermost's alphabet, unpadded: 26 characters, the
        last carrying the final 3 bits (so 128 bits shifted left by 2 read as 13 ten-bit pairs)."""
        n = self._rng.getrandbits(128) << 2
        p = _PAIRS
        return (p[n >> 120] + p[(n >> 110) & 1023] + p[(n >> 100) & 1023] + p[(n >> 90) & 1023]
                + p[(n >> 80) & 1023] + p[(n >> 70) & 1023] + p[(n >> 60) & 1023] + p[(n >> 50) & 1023]
                + p[(n >> 40) & 1023] + p[(n >> 30) & 1023] + p[(n >> 20) & 1023] + p[(n >> 10) & 1023]
                + p[n & 1023])

    def now_ms(self) -> int:
        if self._clock_ms is None:
            return int(time.time() * 1000)
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
