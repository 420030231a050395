"""Statuses and custom statuses. Upstream: server/channels/api4/status.go, app/status.go, model/status.go,
model/custom_status.go."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from mockmost import gojson
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store import statuses as st
from mockmost.wire.statuses import status as status_json

_STATUS_FIELDS: dict[str, type] = {
    "user_id": str,
    "status": str,
    "manual": bool,
    "last_activity_at": int,
    "active_channel": str,
    "dnd_end_time": int,
}
_CUSTOM_FIELDS: dict[str, type] = {"emoji": str, "text": str, "duration": str, "expires_at": str}


def _go_struct(ctx: Ctx, fields: dict[str, type]) -> dict[str, Any] | None:
    """json.Decoder into a Go struct: None on a decoding error (a value of the wrong JSON type included)."""
    try:
        value = gojson.decode(ctx.body)
    except ValueError:
        return None
    if value is None:
        return {}
    if not isinstance(value, dict):
        return None
    out: dict[str, Any] = {}
    for name, kind in fields.items():
        item = gojson.field(value, name)
        if item is None:
            continue
        if (kind is int and (isinstance(item, bool) or not isinstance(item, int))) or (
            kind is not int and not isinstance(item, kind)
        ):
            return None
        out[name] = item
    return out


def _go_time(value: str) -> str | None:
    """time.Time JSON: RFC 3339 in, RFC3339Nano out (trailing fraction zeros dropped, Z for UTC)."""
    if value == st.ZERO_TIME:
        return value
    dt = st.parse_time(value) if "T" in value else None
    if dt is None or dt.tzinfo is None:
        return None
    text = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if dt.microsecond:
        text += "." + f"{dt.microsecond:06d}".rstrip("0")
    offset = dt.utcoffset()
    if not offset:
        return text + "Z"
    return text + dt.strftime("%z")[:3] + ":" + dt.strftime("%z")[3:]


def _custom_status(ctx: Ctx) -> dict[str, Any] | None:
    raw = _go_struct(ctx, _CUSTOM_FIELDS)
    if raw is None:
        return None
    expires = _go_time(raw.get("expires_at", st.ZERO_TIME))
    return None if expires is None else st.normalise({**raw, "expires_at": expires})


def _custom_enabled(ctx: Ctx) -> None:
    if not ctx.settings.get("TeamSettings.EnableCustomUserStatuses"):
        raise AppError(
            "api.custom_status.disabled",
            501,
            message=(
                "Custom status feature has been disabled. "
                "Please contact your system administrator for details."
            ),
        )


def _may_edit(ctx: Ctx, user_id: str) -> None:
    perms.require(perms.can_act_on_user(ctx.store, ctx.session, user_id))


def _one_status(ctx: Ctx, user_id: str) -> Reply:
    found = ctx.store.statuses.by_ids([user_id])
    if not found:
        raise AppError("api.status.user_not_found.app_error", 404, message="User not found.")
    return ok(status_json(found[0]))


def get_user_status(ctx: Ctx) -> Reply:
    """Any session may read any id; an unknown one reads as offline."""
    return _one_status(ctx, ctx.user_id())


def get_users_statuses_by_ids(ctx: Ctx) -> Reply:
    """SortedArrayFromJSON: sorted and de-duplicated; every id must be 26 characters."""
    try:
        ids = gojson.decode(ctx.body)
    except ValueError:
        raise AppError("api.payload.parse.error", 400) from None
    if ids is not None and (not isinstance(ids, list) or not all(isinstance(v, str) for v in ids)):
        raise AppError("api.payload.parse.error", 400)
    ids = sorted(set(ids or []))
    if not ids or any(len(v) != 26 for v in ids):
        raise invalid_body_param("user_ids")
    return ok([status_json(s) for s in ctx.store.statuses.by_ids(ids)])


def update_user_status(ctx: Ctx) -> Reply:
    """`ooo` cannot be set here; the answer is the status read back (getUserStatus)."""
    user_id = ctx.user_id()
    body = _go_struct(ctx, _STATUS_FIELDS)
    if body is None:
        raise invalid_body_param("status")
    if body.get("user_id", "") != user_id:
        raise invalid_body_param("user_id")
    _may_edit(ctx, user_id)
    statuses = ctx.store.statuses
    wanted = body.get("status", "")
    if wanted == "online":
        statuses.set_online(user_id, manual=True)
    elif wanted == "offline":
        statuses.set_offline(user_id, manual=True)
    elif wanted == "away":
        statuses.set_away_if_needed(user_id, manual=True)
    elif wanted == "dnd":
        statuses.set_dnd_timed(user_id, body.get("dnd_end_time", 0))
    else:
        raise invalid_body_param("status")
    return _one_status(ctx, user_id)


def update_user_custom_status(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    _custom_enabled(ctx)
    custom = _custom_status(ctx)
    if custom is None or (not custom["emoji"] and not custom["text"]):
        raise invalid_body_param("custom_status")
    custom = st.pre_save(custom, datetime.fromtimestamp(ctx.store.now() / 1000, timezone.utc))
    if custom is None:
        raise invalid_body_param("custom_status")
    _may_edit(ctx, user_id)
    ctx.store.statuses.set_custom(user_id, custom)
    return status_ok()


def unset_user_custom_status(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    _custom_enabled(ctx)
    _may_edit(ctx, user_id)
    ctx.store.statuses.remove_custom(user_id)
    return status_ok()


def remove_recent_custom_status(ctx: Ctx) -> Reply:
    """DELETE and POST .../recent/delete share removeUserRecentCustomStatus."""
    user_id = ctx.user_id()
    _custom_enabled(ctx)
    custom = _custom_status(ctx)
    if custom is None:
        raise invalid_body_param("recent_custom_status")
    _may_edit(ctx, user_id)
    ctx.store.statuses.remove_recent(user_id, custom)
    return status_ok()


def post_user_recent_custom_status_delete(ctx: Ctx) -> Reply:
    return remove_recent_custom_status(ctx)


ROUTES = [
    Route("GET", "/api/v4/users/{user_id}/status", get_user_status),
    Route("POST", "/api/v4/users/status/ids", get_users_statuses_by_ids),
    Route("PUT", "/api/v4/users/{user_id}/status", update_user_status),
    Route("PUT", "/api/v4/users/{user_id}/status/custom", update_user_custom_status),
    Route("DELETE", "/api/v4/users/{user_id}/status/custom", unset_user_custom_status),
    Route("DELETE", "/api/v4/users/{user_id}/status/custom/recent", remove_recent_custom_status),
    Route(
        "POST", "/api/v4/users/{user_id}/status/custom/recent/delete", post_user_recent_custom_status_delete
    ),
]
