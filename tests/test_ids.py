"""Ids and timestamps in Mattermost's form. Upstream: server/public/model/utils.go (NewId, IsValidId,
GetMillis)."""

from __future__ import annotations

import re
import time

import pytest

from mockmost.ids import IdSource, is_valid_id

upstream = pytest.mark.upstream


@upstream("server/public/model/utils.go", "NewId")
def test_new_ids_are_26_chars_of_the_mattermost_alphabet():
    source = IdSource()
    ids = {source.new_id() for _ in range(2000)}
    assert len(ids) == 2000
    assert all(re.fullmatch(r"[ybndrfg8ejkmcpqxot1uwisza345h769]{26}", i) for i in ids)
    assert not any(c in "".join(ids) for c in "02lv")


@upstream("server/public/model/utils.go", "IsValidId")
@pytest.mark.parametrize(
    ("value", "valid"),
    [
        ("a" * 26, True),
        ("A" * 26, True),
        ("a" * 25, False),
        ("a" * 27, False),
        ("a" * 25 + "-", False),
        ("a" * 25 + "_", False),
        (None, False),
        (5, False),
    ],
)
def test_is_valid_id(value, valid):
    assert is_valid_id(value) is valid


def test_seeded_ids_are_deterministic():
    assert IdSource(seed=7).new_id() == IdSource(seed=7).new_id()


@upstream("server/public/model/utils.go", "GetMillis")
def test_now_is_milliseconds():
    assert abs(IdSource().now_ms() - int(time.time() * 1000)) < 5000
    fixed = IdSource(start_ms=1_000)
    assert (fixed.now_ms(), fixed.now_ms()) == (1_001, 1_002)


@upstream("server/public/model/utils.go", "NewId")
def test_new_id_is_base32_of_16_random_bytes_with_mattermosts_alphabet():
    import base64
    import random

    # NewId: encoding.EncodeToString(16 random bytes) with the alphabet below, padding dropped: 26 chars.
    alphabet = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", b"ybndrfg8ejkmcpqxot1uwisza345h769")
    source, bits = IdSource(seed=7), random.Random(7)
    for _ in range(500):
        raw = bits.getrandbits(128).to_bytes(16, "big")
        assert source.new_id() == base64.b32encode(raw).translate(alphabet)[:26].decode()
