"""Request bodies decode as Go's encoding/json decodes them. Upstream: Go's encoding/json (numbers into
interface{} are float64; into int64 fields an out-of-range number is an UnmarshalTypeError; NaN/Infinity are
not JSON), model.StringInterface for post props."""

from __future__ import annotations

from pathlib import Path

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


# ---- json.Decoder.Decode as the handlers read bodies (each observed on 11.2 through POST /posts) ---------
@pytest.mark.upstream("go/src/encoding/json/stream.go", "Decoder.Decode")
def test_decode_reads_the_first_value_and_ignores_the_rest():
    assert gojson.decode(b'{"message":"a"} garbage') == {"message": "a"}
    assert gojson.decode(b" \t\r\n[1] [2]") == [1]
    with pytest.raises(ValueError):
        gojson.unmarshal(b'{"message":"a"} garbage')  # json.Unmarshal refuses what follows
    with pytest.raises(gojson.GoEOF):
        gojson.decode(b" \n")
    for bad in (b"1.", b"1e", b"-", b"[1,]", b"tru", b"\xef\xbb\xbf{}", b"\x0b{}"):
        with pytest.raises(ValueError):
            gojson.decode(bad)


@pytest.mark.upstream("go/src/encoding/json/decode.go", "unquoteBytes")
def test_invalid_surrogates_and_bytes_become_replacement_characters():
    assert gojson.decode(b'"x\\ud800y\\udc00z"') == "x\ufffdy\ufffdz"
    assert gojson.decode(b'"\\ud83d\\ude00 \\udc00\\ud800"') == "\U0001f600 \ufffd\ufffd"
    assert gojson.decode(b'{"k\\ud800":"v\\udfff"}') == {"k\ufffd": "v\ufffd"}
    # One U+FFFD per invalid byte: an encoded surrogate (3), a cut 3-byte sequence (2), a stray 0xff (1).
    assert gojson.decode(b'"x\xed\xa0\x80y\xe2\x82z\xff"') == "x\ufffd\ufffd\ufffdy\ufffd\ufffdz\ufffd"


@pytest.mark.upstream("go/src/encoding/json/scanner.go", "maxNestingDepth")
def test_depth_up_to_10000():
    assert gojson.decode(b"[" * 10000 + b"]" * 10000) is not None
    with pytest.raises(ValueError):
        gojson.decode(b"[" * 10001 + b"]" * 10001)
    deep = gojson.decode(b'{"a":' * 9999 + b"1" + b"}" * 9999)
    assert gojson.dumps(deep) == b'{"a":' * 9999 + b"1" + b"}" * 9999  # beyond orjson's 254 levels


@pytest.mark.upstream("go/src/encoding/json/fold.go", "foldName")
def test_struct_keys_match_case_insensitively_last_wins():
    # POST /posts with {"CHANNEL_ID":…,"Message":"b","meſſage":"c"} created a post with message "c".
    body = gojson.decode('{"CHANNEL_ID":"x","Message":"b","meſſage":"c"}'.encode())
    view = gojson.struct_view(body)
    assert view["channel_id"] == "x" and view["message"] == "c"
    assert gojson.struct_view({"message": "a", "Message": None}) == {"message": "a"}
    assert gojson.struct_view({"props": {"a": 1}, "PROPS": {"b": 2}}) == {"props": {"a": 1, "b": 2}}
    assert gojson.field({"Seq": 1, "SEQ": 2}, "seq") == 2 and gojson.field({}, "seq") is None
    raw = b'{"a":1,"A":2,"a":3}'
    assert gojson.struct_view(gojson.decode(raw), raw) == {"a": 3}


@pytest.mark.upstream("server/public/model/utils.go", "StringInterface")
def test_any_values_hold_float64():
    # Observed: props {"n":12345678901234567890,"m":1.0,"big":9007199254740993} read back as
    # {"big":9007199254740992,"m":1,"n":12345678901234567000}.
    props = gojson.as_any(gojson.decode(b'{"n":12345678901234567890,"m":1.0,"big":9007199254740993,"f":1.5}'))
    assert gojson.dumps(props) == b'{"n":12345678901234567000,"m":1,"big":9007199254740992,"f":1.5}'


_ORACLE = r"""
package main

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	sc := bufio.NewScanner(os.Stdin)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	for sc.Scan() {
		data, _ := base64.StdEncoding.DecodeString(sc.Text())
		var v any
		if err := json.NewDecoder(bytes.NewReader(data)).Decode(&v); err != nil {
			fmt.Println("ERR")
			continue
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		enc.Encode(v)
		fmt.Println("OK " + base64.StdEncoding.EncodeToString(bytes.TrimSpace(buf.Bytes())))
	}
}
"""


@pytest.fixture(scope="module")
def go_decoder(tmp_path_factory):
    """Go's own encoding/json, built from a 25-line program (skipped where Go is not installed)."""
    import shutil
    import subprocess

    go = shutil.which("go") or ("/usr/local/go/bin/go" if Path("/usr/local/go/bin/go").exists() else None)
    if go is None:
        pytest.skip("Go toolchain not installed")
    folder = tmp_path_factory.mktemp("oracle")
    (folder / "main.go").write_text(_ORACLE)
    (folder / "go.mod").write_text("module oracle\n\ngo 1.21\n")
    built = subprocess.run([go, "build", "-o", "oracle", "."], cwd=folder, capture_output=True, timeout=300)
    if built.returncode:
        pytest.skip(f"go build failed: {built.stderr.decode()[:200]}")
    return folder / "oracle"


_PIECES = [
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    '"a"',
    '"message"',
    "1",
    "-1",
    "01",
    "1.",
    "1.5",
    "1e",
    "1e5",
    "-",
    "9223372036854775808",
    "18446744073709551616",
    "1e400",
    "true",
    "null",
    "tru",
    " ",
    "\n",
    "\x0b",
    '"\\ud800"',
    '"\\udc00\\ud800"',
    '"\\ud83d\\ude00"',
    '"\\u00"',
    '"\x01"',
    '"é"',
    "x",
]
_BYTES = [b'"\xed\xa0\x80"', b'"\xe2\x82"', b'"\xff"', b"\xff", b'"\xf0\x9f\x98"']


def test_decode_agrees_with_gos_decoder(go_decoder):
    """Thousands of random fragments through Go's json.Decoder and through gojson.decode: the same values
    (compared as Go writes them back) and the same refusals."""
    import base64
    import random
    import subprocess

    rng = random.Random(13)
    inputs = [
        b"".join(
            rng.choice(_BYTES) if rng.random() < 0.1 else rng.choice(_PIECES).encode()
            for _ in range(rng.randint(1, 10))
        )
        for _ in range(4000)
    ]
    feed = "".join(base64.b64encode(i).decode() + "\n" for i in inputs).encode()
    lines = subprocess.run(
        [str(go_decoder)], input=feed, capture_output=True, timeout=120
    ).stdout.splitlines()
    assert len(lines) == len(inputs)
    for data, line in zip(inputs, lines, strict=True):
        try:
            mine = gojson.as_any(gojson.decode(data))
        except ValueError:
            assert line == b"ERR", data
            continue
        assert line.startswith(b"OK "), (data, line)
        assert gojson.as_any(gojson.decode(base64.b64decode(line[3:]))) == mine, data
