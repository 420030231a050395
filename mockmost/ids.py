"""Ids and timestamps in Mattermost's form. Upstream: server/public/model/utils.go (NewId, GetMillis)."""

from __future__ import annotations

import base64
import os
import random
import re
import threading
import time

_STD = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_MM = "ybndrfg8ejkmcpqxot1uwisza345h769"
_TRANSLATE = bytes.maketrans(_STD.encode(), _MM.encode())
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
        raw = self._rng.getrandbits(128).to_bytes(16, "big")
        return base64.b32encode(raw).translate(_TRANSLATE)[:26].decode().lower()

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
