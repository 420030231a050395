"""Request bodies read the way a Go handler's json.Decoder reads them into one struct, shared by several
routes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError, invalid_body_param

if TYPE_CHECKING:
    from mockmost.http.context import Ctx


def decode_body(ctx: Ctx, name: str) -> dict[str, Any]:
    """json.NewDecoder(r.Body).Decode(&struct): the first JSON value; null is an empty struct."""
    value = ctx.json_value(name)
    if value is None and ctx.body.strip(b" \t\r\n"):
        return {}
    if not isinstance(value, dict):
        raise invalid_body_param(name)
    return value


_SEARCH_PARAMETER_FIELDS = {
    "terms": str,
    "is_or_search": bool,
    "time_zone_offset": int,
    "page": int,
    "per_page": int,
    "include_deleted_channels": bool,
}


def decode_search_parameter(ctx: Ctx, invalid_body_id: str) -> dict[str, Any]:
    """json.Decode into model.SearchParameter (posts and files searches): any decoding failure is the given
    invalid_body error; empty terms are invalid param terms."""
    bad = AppError(invalid_body_id, 400, message="Unable to parse the request body.")
    try:
        body = gojson.decode(ctx.body)
    except ValueError:
        raise bad from None
    if body is None:
        body = {}
    elif isinstance(body, dict):
        body = gojson.struct_view(body, ctx.body)
    if not isinstance(body, dict) or not gojson.fields_fit(body, _SEARCH_PARAMETER_FIELDS):
        raise bad
    if not body.get("terms"):
        raise invalid_body_param("terms")
    return body
