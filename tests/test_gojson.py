"""Request bodies decode as Go's encoding/json decodes them. Upstream: Go's encoding/json (numbers into
interface{} are float64; into int64 fields an out-of-range number is an UnmarshalTypeError; NaN/Infinity are
not JSON), model.StringInterface for post props."""

from __future__ import annotations

import pytest

from mockmost import gojson
from mockmost.http.replies import encode
from tests.helpers import assert_app_error


def test_loads_number_rules():
    assert gojson.loads(b'{"a": 5, "b": -9223372036854775808, "c": 9223372036854775807}') == {
        "a": 5,
        "b": -(2**63),
        "c": 2**63 - 1,
    }
    wide = gojson.loads(b'{"n": 100000000000000000000000000000}')["n"]
    assert isinstance(wide, float) and wide == 1e29
    for bad in (b'{"n": 1e400}', b"[NaN]", b'{"x": Infinity}', b"[" + b"9" * 400 + b"]"):
        with pytest.raises(ValueError):
            gojson.loads(bad)


def test_encode_never_fails_on_wide_ints():
    # Go writes float64 1e30 as 1e+30 too.
    assert encode({"n": 10**30, "ok": [1, True]}) == b'{"n":1e+30,"ok":[1,true]}'


def test_post_props_with_a_huge_number_are_kept_as_float(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    team = mm.make_team("nums")
    channel = mm.make_channel(team, "nums")
    body = b'{"channel_id": "%s", "message": "x", "props": {"n": 100000000000000000000000000000}}' % (
        channel.id.encode()
    )
    reply = mm.client.post("/posts", content=body)
    assert reply.status_code == 201 and reply.json()["props"]["n"] == 1e29
    too_big = body.replace(b"100000000000000000000000000000", b"1e400")
    assert_app_error(
        mm.client.post("/posts", content=too_big), 400, "api.context.invalid_body_param.app_error"
    )


def test_config_int_beyond_int64_is_a_wrong_type(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    reply = mm.client.put(
        "/config/patch", content=b'{"PasswordSettings": {"MinimumLength": 100000000000000000000}}'
    )
    assert_app_error(reply, 400, "api.context.invalid_body_param.app_error")


def test_fits_as_go_struct_fields():
    assert gojson.fields_fit(
        {"a": 1, "b": "x", "c": None, "d": ["x"]}, {"a": int, "b": str, "c": int, "d": gojson.LIST_OF_STR}
    )
    for value, kind in (
        (True, int),
        (1.5, int),
        (1e29, int),
        (1, str),
        ("1", bool),
        (["x", 1], gojson.LIST_OF_STR),
        ({}, list),
        (True, float),
    ):
        assert not gojson.fits(value, kind), (value, kind)
    assert gojson.fits(2, float) and gojson.fits(False, bool) and gojson.fits({}, dict)
