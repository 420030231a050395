"""JSON read as Go's encoding/json reads it, so request bodies decode as on the real server: integers
beyond int64 become float64 (what a map[string]any holds; a typed int field then refuses them as a wrong
type), numbers beyond float64 and the NaN/Infinity literals are syntax errors."""

from __future__ import annotations

import json
import math
from typing import Any

_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1


def _parse_int(text: str) -> int | float:
    value = int(text)
    if _INT64_MIN <= value <= _INT64_MAX:
        return value
    return _parse_float(text)


def _parse_float(text: str) -> float:
    value = float(text)
    if math.isinf(value):
        raise ValueError(f"number {text[:32]} out of range")
    return value


def _no_constant(name: str) -> Any:
    raise ValueError(f"invalid character in literal {name}")


def loads(data: str | bytes | bytearray) -> Any:
    """json.loads with Go's number rules; raises ValueError (json.JSONDecodeError) like json.loads."""
    return json.loads(data, parse_int=_parse_int, parse_float=_parse_float, parse_constant=_no_constant)


LIST_OF_STR = "[]string"   # a field kind for fits(): a JSON array of strings


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
