"""System: ping, client config, config read and write, client license.
Upstream: server/channels/api4/system.go, config.go, license.go."""

from __future__ import annotations

import copy
from typing import Any

from mockmost.auth import permissions as perms
from mockmost.client_config import client_config
from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.operations import ANSWERED
from mockmost.settings import DEFAULT_CONFIG, ConfigValueError
from mockmost.wire.timezones import SUPPORTED_TIMEZONES


def get_ping(ctx: Ctx) -> Reply:
    body: dict[str, Any] = {
        "status": "OK",
        "AndroidLatestVersion": "",
        "AndroidMinVersion": "",
        "IosLatestVersion": "",
        "IosMinVersion": "",
        "ActiveSearchBackend": "database",
    }
    if ctx.query_bool("get_server_status"):
        body["database_status"] = "OK"
        body["filestore_status"] = "OK"
    return ok(body)


def get_client_config(ctx: Ctx) -> Reply:
    store = ctx.store
    return ok(
        client_config(ctx.settings, ctx.optional_session is not None, store.telemetry_id, store.installed_at)
    )


def get_client_license(ctx: Ctx) -> Reply:
    """api4/license.go getClientLicense: only the old format is served."""
    fmt = ctx.query.get("format", "")
    if not fmt:
        raise AppError(
            "api.license.client.old_format.app_error",
            400,
            message="New format for the client license is not supported yet. "
            "Please specify format=old in the query string.",
        )
    if fmt != "old":
        raise invalid_body_param("format")
    return ok({"IsLicensed": "false"})


def get_supported_timezone(ctx: Ctx) -> Reply:
    return ok(list(SUPPORTED_TIMEZONES))


def get_config(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "manage_system")
    return ok(ctx.settings.config)


def _save_config(ctx: Ctx, new_config: dict[str, dict[str, Any]]) -> Reply:
    """App.SaveConfig: listeners regenerate the client config and broadcast `config_changed` with it to every
    connection (platform/service.go)."""
    settings = ctx.settings
    ctx.store.save_config(new_config)
    ctx.state.refresh_version_id()
    return ok(settings.config)


def _config_body(ctx: Ctx) -> Any:
    body = ctx.json_value("config")
    if not isinstance(body, dict):
        raise invalid_body_param("config")
    return body


def patch_config(ctx: Ctx) -> Reply:
    """PUT /config/patch: the given keys over the current config. Upstream: api4/config.go patchConfig."""
    body = _config_body(ctx)
    perms.require_system(ctx.store, ctx.session, "manage_system")
    return _save_config(ctx, _merged(ctx, body, None))


def update_config(ctx: Ctx) -> Reply:
    """PUT /config: the whole config; what the body leaves out takes its default (cfg.SetDefaults).
    Upstream: api4/config.go updateConfig."""
    body = _config_body(ctx)
    perms.require_system(ctx.store, ctx.session, "manage_system")
    reply = _save_config(ctx, _merged(ctx, body, copy.deepcopy(DEFAULT_CONFIG)))
    ctx.audit("updateConfig")
    return reply


def _merged(
    ctx: Ctx, body: dict[str, Any], base: dict[str, dict[str, Any]] | None
) -> dict[str, dict[str, Any]]:
    """The new config, refused as the server refuses it: a value of the wrong JSON type is a bad body, a
    cleared site URL comes next, then Config.IsValid's first failure with its own id and text (observed on
    11.2)."""
    settings = ctx.settings
    try:
        merged = settings.merged(body, base=base, validate=False)
        old_url = settings.config["ServiceSettings"].get("SiteURL") or ""
        if old_url and not (merged.get("ServiceSettings", {}).get("SiteURL") or ""):
            raise AppError(
                "api.config.update_config.clear_siteurl.app_error", 400, message="Site URL cannot be cleared."
            )
        settings.validate(merged)
    except ConfigValueError as err:
        raise err.app_error or invalid_body_param("config") from None
    return merged


DEFAULT_SERVER_BUSY_SECONDS, MAX_SERVER_BUSY_SECONDS = 3600, 86400  # api4/system.go
_GO_ZERO_TIME_UNIX = -62135596800  # time.Time{}.Unix(): "expires" when the server is not busy


def _busy_state(ctx: Ctx) -> dict[str, Any]:
    """model.ServerBusyState as platform/busy.go ToJSON writes it (expires_ts in Go's time format)."""
    import datetime as dt

    until = ctx.store.busy_until_ms if ctx.store.is_busy() else 0
    utc = dt.timezone.utc
    when = dt.datetime.fromtimestamp(until // 1000, utc) if until else dt.datetime(1, 1, 1, tzinfo=utc)
    stamp = f"{when:%a %b} {when.day} {when:%H:%M:%S} +0000 UTC {when.year:04d}"
    expires = until // 1000 if until else _GO_ZERO_TIME_UNIX
    return {"busy": bool(until), "expires": expires, "expires_ts": stamp}


def set_server_busy(ctx: Ctx) -> Reply:
    """POST /server_busy?seconds=N (default 3600, 1 to 86400). Upstream: api4/system.go setServerBusy."""
    perms.require_system(ctx.store, ctx.session, "manage_system")
    raw = ctx.query.get("seconds", "") or str(DEFAULT_SERVER_BUSY_SECONDS)
    try:
        seconds = int(raw)
    except ValueError:
        seconds = 0
    if not 0 < seconds <= MAX_SERVER_BUSY_SECONDS:
        raise invalid_url_param(f"seconds must be 1 - {MAX_SERVER_BUSY_SECONDS}")
    ctx.store.set_busy(ctx.store.now() + seconds * 1000)
    return status_ok()


def get_server_busy_expires(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "manage_system")
    return ok(_busy_state(ctx))


def clear_server_busy(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "manage_system")
    ctx.store.set_busy(0)
    return status_ok()


def invalidate_caches(ctx: Ctx) -> Reply:
    """POST /caches/invalidate: admins only; mockmost keeps no caches that could go stale, so nothing else
    happens. Upstream: api4/system.go invalidateCaches."""
    perms.require_system(ctx.store, ctx.session, "invalidate_caches")
    return status_ok().header("cache-control", "no-cache, no-store, must-revalidate")


def database_recycle(ctx: Ctx) -> Reply:
    """POST /database/recycle: admins only; there is no database to reconnect. Upstream: api4/system.go
    databaseRecycle."""
    perms.require_system(ctx.store, ctx.session, "recycle_database_connections")
    return status_ok()


ROUTES = [
    Route("GET", "/api/v4/system/ping", get_ping, auth=PUBLIC),
    Route("GET", "/api/v4/config/client", get_client_config, auth=PUBLIC),
    Route("GET", "/api/v4/license/client", get_client_license, auth=PUBLIC, kind=ANSWERED),
    Route("GET", "/api/v4/system/timezones", get_supported_timezone, kind=ANSWERED),
    Route("GET", "/api/v4/config", get_config),
    Route("PUT", "/api/v4/config", update_config),
    Route("PUT", "/api/v4/config/patch", patch_config),
    Route("POST", "/api/v4/caches/invalidate", invalidate_caches),
    Route("GET", "/api/v4/server_busy", get_server_busy_expires),
    Route("POST", "/api/v4/server_busy", set_server_busy),
    Route("DELETE", "/api/v4/server_busy", clear_server_busy),
    Route("POST", "/api/v4/database/recycle", database_recycle, kind=ANSWERED),
]
