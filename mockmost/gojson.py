"""JSON as Go's encoding/json reads and writes it; the one home of inbound JSON (ARCHITECTURE §13).

Reading (json.NewDecoder(r.Body).Decode, what nearly every handler in server/channels/api4 does):
- the first JSON value only; whatever follows it is never read (`decode`); json.Unmarshal instead refuses
  anything but whitespace after the value (`unmarshal`);
- invalid UTF-8 bytes inside strings become U+FFFD one byte at a time, and a `\\uXXXX` surrogate that is not
  half of a valid pair becomes U+FFFD (decode.go unquoteBytes);
- nesting up to 10,000 arrays/objects (scanner.go maxNestingDepth), deeper is a syntax error;
- numbers: integers within int64 stay int, wider ones become float64 (what an `any` holds; a typed int field
  then refuses them), beyond float64 is an error; NaN and Infinity are not JSON;
- object keys match struct fields exactly or case-insensitively (fold.go foldName), the last matching key
  winning (`struct_view`, `field`); map targets keep their keys verbatim.

Writing (`dumps`): orjson, with an iterative fallback for what orjson refuses (nesting beyond its 254-level
limit, integers beyond 64 bits, lone surrogates), so rendering never fails on anything the store holds.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from json.decoder import scanstring  # type: ignore[attr-defined]  # the C-accelerated one
from typing import Any

# orjson is loaded on first use: the store reads struct fields with this module and never needs it.
_orjson: Any = None


def _fast() -> Any:
    global _orjson
    if _orjson is None:
        import orjson

        _orjson = orjson
    return _orjson


MAX_DEPTH = 10000
_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_GO_SPACE = " \t\r\n"
_NUMBER = re.compile(r"-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?")
_SPACE = re.compile(r"[ \t\r\n]*")
# Integers of 19+ digits may leave int64 (orjson keeps them up to 2**64-1); such bodies take the slow path.
_WIDE_DIGITS = re.compile(rb"[0-9]{19}")
_NOT_DIGITS = bytes(b for b in range(256) if not 0x30 <= b <= 0x39)

_SURROGATE = re.compile("[\ud800-\udfff]")


class GoEOF(ValueError):
    """io.EOF: the body holds no JSON value at all (empty or only whitespace)."""


# ---- reading ---------------------------------------------------------------------------------------
def _maybe_wide(data: bytes | bytearray) -> bool:
    # Counting digits first is several times cheaper than the search on ordinary bodies.
    return len(data.translate(None, _NOT_DIGITS)) >= 19 and _WIDE_DIGITS.search(data) is not None


def decode(data: str | bytes | bytearray, max_depth: int = MAX_DEPTH) -> Any:
    """json.Decoder.Decode: the first JSON value of `data`; ValueError (GoEOF when there is none).
    `max_depth` other than Go's is for reading what a server wrote (a response may wrap a stored value)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not _maybe_wide(data):
        orjson = _orjson or _fast()
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass  # trailing data, lone surrogates, invalid UTF-8, deep nesting: the exact reader decides
    return _Reader(data, max_depth).first_value()


def unmarshal(data: str | bytes | bytearray) -> Any:
    """json.Unmarshal: exactly one JSON value, surrounded by whitespace only."""
    if isinstance(data, str):
        data = data.encode("utf-8", "surrogatepass")
    if not _maybe_wide(data):
        orjson = _orjson or _fast()
        try:
            return orjson.loads(data)
        except orjson.JSONDecodeError:
            pass
    reader = _Reader(data)
    value = reader.first_value()
    if reader.pos != len(reader.text):
        raise ValueError("invalid character after top-level value")
    return value


def loads(data: str | bytes | bytearray) -> Any:
    """json.Unmarshal (kept for callers that read a whole document, e.g. an integration's reply)."""
    return unmarshal(data)


def clean(text: str) -> str:
    """A string as Go would hold it after decoding: lone surrogates (from Python callers) become U+FFFD."""
    return _SURROGATE.sub("\ufffd", text) if _SURROGATE.search(text) else text


class _Reader:
    """An iterative reader (no recursion, so 10,000 levels cost nothing) with Go's scanner rules."""

    __slots__ = ("text", "pos", "max_depth")

    def __init__(self, data: bytes | bytearray, max_depth: int = MAX_DEPTH) -> None:
        self.max_depth = max_depth
        # surrogateescape keeps one character per invalid byte; strings turn each into U+FFFD, and anywhere
        # else it is an invalid character, as in Go.
        self.text = bytes(data).decode("utf-8", "surrogateescape")
        self.pos = 0

    def _space(self) -> None:
        self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]

    def _fail(self, what: str) -> ValueError:
        return ValueError(f"{what} at offset {self.pos}")

    def first_value(self) -> Any:
        self._space()
        if self.pos >= len(self.text):
            raise GoEOF("EOF")
        value = self._value()
        self._space()
        return value

    def _value(self) -> Any:  # noqa: C901 - one state machine reads better whole
        text = self.text
        # Each open container: [container, pending key (objects)]; the value just read goes into the top one.
        stack: list[list[Any]] = []
        while True:
            self._space()
            if self.pos >= len(text):
                raise self._fail("unexpected end of JSON input")
            c = text[self.pos]
            if c == "{" or c == "[":
                if len(stack) >= self.max_depth:
                    raise self._fail("exceeded max depth")
                self.pos += 1
                self._space()
                closing = "}" if c == "{" else "]"
                if self.pos < len(text) and text[self.pos] == closing:
                    self.pos += 1
                    value: Any = {} if c == "{" else []
                else:
                    container: Any = {} if c == "{" else []
                    stack.append([container, self._key() if c == "{" else None])
                    continue
            else:
                value = self._scalar(c)
            # Put the finished value into its parent; close as many containers as end here.
            while True:
                if not stack:
                    return value
                top = stack[-1]
                container, key = top
                if key is None:
                    container.append(value)
                else:
                    container.pop(key, None)  # the last duplicate wins, and takes the last place
                    container[key] = value
                self._space()
                sep = text[self.pos] if self.pos < len(text) else ""
                if sep == ",":
                    self.pos += 1
                    if key is not None:
                        top[1] = self._key()
                    break
                if sep == ("}" if key is not None else "]"):
                    self.pos += 1
                    stack.pop()
                    value = container
                    continue
                raise self._fail("invalid character after value" if sep else "unexpected end of JSON input")

    def _key(self) -> str:
        self._space()
        if self.pos >= len(self.text) or self.text[self.pos] != '"':
            raise self._fail("invalid character looking for beginning of object key string")
        key = self._string()
        self._space()
        if self.pos >= len(self.text) or self.text[self.pos] != ":":
            raise self._fail("invalid character after object key")
        self.pos += 1
        return key

    def _string(self) -> str:
        value, self.pos = scanstring(self.text, self.pos + 1, True)
        return _SURROGATE.sub("\ufffd", value) if _SURROGATE.search(value) else value

    def _scalar(self, c: str) -> Any:
        text = self.text
        if c == '"':
            return self._string()
        for literal, value in (("true", True), ("false", False), ("null", None)):
            if text.startswith(literal, self.pos):
                self.pos += len(literal)
                return value
        match = _NUMBER.match(text, self.pos)
        if match is None:
            raise self._fail("invalid character looking for beginning of value")
        end = match.end()
        after = text[end] if end < len(text) else ""
        # Go's scanner is still inside the number here (1. or 1e): an error, never a shorter number.
        if (after == "." and not match.group(1) and not match.group(2)) or (
            after and after in "eE" and not match.group(2)
        ):
            raise self._fail("invalid character in numeric literal")
        self.pos = end
        number = match.group(0)
        if match.group(1) or match.group(2):
            return _float(number)
        integer = int(number)
        return integer if _INT64_MIN <= integer <= _INT64_MAX else _float(number)


def _float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:32]} out of range")
    return value


# ---- struct fields ---------------------------------------------------------------------------------
def fold(name: str) -> str:
    """fold.go foldName for matching: ASCII letters fold together, and so do ſ with s and the Kelvin sign
    with k (the only non-ASCII runes whose fold orbit reaches an ASCII letter)."""
    if name.isascii():
        return name.lower()
    return name.replace("\u017f", "s").replace("\u212a", "k").lower()


def field(obj: dict[str, Any], name: str) -> Any:
    """The value Go's decoder puts in the struct field tagged `name`: the last key matching it exactly or
    case-insensitively (a null leaves the field as it was)."""
    folded = fold(name)
    value = None
    for key, item in obj.items():
        if item is not None and (key == name or fold(key) == folded):
            value = item
    return value


def struct_view(obj: dict[str, Any], raw: bytes | None = None) -> dict[str, Any]:
    """The top-level keys of a decoded object as a struct with lower-case JSON tags sees them: each key
    folded to lower case, the last of a case-insensitive group winning (objects merging), a null leaving an
    earlier value.
    Nested values are left as they are (maps keep their keys). `raw`, the body `obj` was decoded from, lets
    keys that repeat be taken in the order they were written."""
    if all(key.isascii() and key == key.lower() for key in obj):
        return obj
    out = _folded(obj)
    if raw is not None and len(out) < len(obj):
        ordered = _Reader(raw).first_value()
        if isinstance(ordered, dict):
            out = _folded(ordered)
    return out


def _folded(obj: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, item in obj.items():
        name = fold(key)
        prior = out.get(name)
        if item is None and name in out:
            continue
        # A second object for the same map or struct field decodes into the value already there.
        out[name] = {**prior, **item} if isinstance(prior, dict) and isinstance(item, dict) else item
    return out


def as_any(value: Any) -> Any:
    """A decoded value as a Go `any` (map[string]any, as post props) holds it and writes it back: every number
    is a float64, so integers beyond 2**53 lose their low digits and 1.0 is written 1 (strconv 'f' format
    below 1e21). Containers are changed in place, without recursion."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return _float64(value)
    todo = [value]
    while todo:
        item = todo.pop()
        pairs = item.items() if isinstance(item, dict) else enumerate(item) if isinstance(item, list) else ()
        for key, child in list(pairs):
            if isinstance(child, dict | list):
                todo.append(child)
            elif isinstance(child, int | float) and not isinstance(child, bool):
                item[key] = _float64(child)
    return value


def _float64(number: float) -> int | float:
    as_float = float(number)
    negative_zero = as_float == 0 and math.copysign(1, as_float) < 0
    if as_float.is_integer() and abs(as_float) < 1e21 and not negative_zero:
        # Go writes the shortest digits that read back as this float64 (12345678901234567000, not ...168).
        return int(as_float) if abs(as_float) <= 2**53 else int(Decimal(repr(as_float)))
    return as_float


# ---- field types -----------------------------------------------------------------------------------
LIST_OF_STR = "[]string"  # a field kind for fits(): a JSON array of strings


def fits(value: Any, kind: Any) -> bool:
    """Whether Go's decoder accepts this JSON value for a struct field of `kind` (bool, int, float, str, list,
    dict, or LIST_OF_STR). null fits every field (it leaves the zero value); booleans are not numbers, and a
    fractional or out-of-range number is not an int."""
    if value is None:
        return True
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is LIST_OF_STR:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, kind)


def fields_fit(body: dict[str, Any], kinds: dict[str, Any]) -> bool:
    """Every field of `kinds` present in the decoded object has a JSON type its Go field accepts."""
    return all(fits(body.get(name), kind) for name, kind in kinds.items())


# ---- writing ---------------------------------------------------------------------------------------
def dumps(obj: Any) -> bytes:
    """Compact JSON, UTF-8, as orjson writes it; never fails on data Go could hold."""
    orjson = _orjson or _fast()
    try:
        return orjson.dumps(obj)  # type: ignore[no-any-return]
    except (orjson.JSONEncodeError, RecursionError):
        return _dumps_slow(obj)


_HTML_ESCAPES = (
    (b"<", b"\\u003c"),
    (b">", b"\\u003e"),
    (b"&", b"\\u0026"),
    ("\u2028".encode(), b"\\u2028"),
    ("\u2029".encode(), b"\\u2029"),
)


def marshal(obj: Any) -> bytes:
    """encoding/json.Marshal: compact, with <, >, & and the line separators escaped as Go does."""
    out = dumps(obj)
    for raw, escaped in _HTML_ESCAPES:
        if raw in out:
            out = out.replace(raw, escaped)
    return out


def _dumps_slow(obj: Any) -> bytes:
    """An iterative writer for what orjson refuses: deep nesting, integers beyond 64 bits (written as the
    float64 Go holds), lone surrogates (written as U+FFFD, as Go's encoder does with invalid UTF-8)."""
    out: list[bytes] = []
    # Work items: a value to write, or a literal chunk (bytes) to append.
    todo: list[Any] = [obj]
    while todo:
        item = todo.pop()
        if isinstance(item, _Chunk):
            out.append(item.data)
        elif isinstance(item, dict):
            if not item:
                out.append(b"{}")
                continue
            out.append(b"{")
            pending: list[Any] = []
            for i, (key, value) in enumerate(item.items()):
                prefix = b"," if i else b""
                pending.append(_Chunk(prefix + _scalar(str(key)) + b":"))
                pending.append(value)
            pending.append(_Chunk(b"}"))
            todo.extend(reversed(pending))
        elif isinstance(item, list | tuple):
            if not item:
                out.append(b"[]")
                continue
            out.append(b"[")
            pending = []
            for i, value in enumerate(item):
                if i:
                    pending.append(_Chunk(b","))
                pending.append(value)
            pending.append(_Chunk(b"]"))
            todo.extend(reversed(pending))
        else:
            out.append(_scalar(item))
    return b"".join(out)


class _Chunk:
    __slots__ = ("data",)

    def __init__(self, data: bytes) -> None:
        self.data = data


def _scalar(value: Any) -> bytes:
    if isinstance(value, str):
        value = clean(value)
    elif isinstance(value, int) and not isinstance(value, bool) and not -(2**63) <= value < 2**64:
        value = float(value)
    out: bytes = (_orjson or _fast()).dumps(value)
    return out
