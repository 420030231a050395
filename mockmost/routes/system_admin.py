"""system_admin: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (config.go,
image.go, license.go, not, plugin.go, system.go)."""

from __future__ import annotations

import asyncio

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError
from mockmost.http.checks import (
    answered,
    audit,
    body_field,
    fail,
    payload_list,
    permission,
    public,
    query_field,
    reply,
    status_ok,
)
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, raw
from mockmost.operations import ANSWERED


async def restart_server(ctx: Ctx) -> Reply:
    """system.go restart: manage_system; the answer (OK) leaves a second later, then the server restarts.
    mockmost keeps its state (as the real server keeps its database) and cuts every WebSocket connection, as
    the restart does: clients reconnect."""
    perms.require_system(ctx.store, ctx.session, "manage_system")
    await asyncio.sleep(1.0)
    hub = ctx.state.hub
    if hub is not None:
        asyncio.get_running_loop().call_later(0.1, hub.drop, None)
    return ok({"status": "OK"})


def get_logs(ctx: Ctx) -> Reply:
    """getLogs: lines of the server's log file; mockmost keeps none."""
    perms.require_system(ctx.store, ctx.session, "get_logs")
    return ok([])


def get_audits(ctx: Ctx) -> Reply:
    """getAudits: every user's audits, newest first (sqlstore AuditStore.Get with no user)."""
    perms.require_system(ctx.store, ctx.session, "read_audits")
    page, per_page = ctx.paging()
    return ok([wire.audit(a) for a in ctx.store.audits.page("", page, per_page)])


def get_analytics_old(ctx: Ctx) -> Reply:
    """getAnalytics name=standard (app/analytics.go GetAnalytics): counts of the whole server."""
    perms.require_system(ctx.store, ctx.session, "get_analytics")
    name = ctx.query.get("name") or "standard"
    if name != "standard":
        raise AppError("api.context.invalid_body_param.app_error", 400, params={"name": "name"})
    store, team_id = ctx.store, ctx.query.get("team_id", "")
    channels = [
        c for c in store.channel_by_id.values() if not c.delete_at and (not team_id or c.team_id == team_id)
    ]
    users = [u for u in store.user_by_id.values() if not u.is_bot]
    rows = [
        ("channel_open_count", sum(c.type == "O" for c in channels)),
        ("channel_private_count", sum(c.type == "P" for c in channels)),
        (
            "post_count",
            sum(
                1
                for p in store.post_by_id.values()
                if not p.delete_at and (not team_id or store.channel_by_id[p.channel_id].team_id == team_id)
            ),
        ),
        ("unique_user_count", sum(not u.delete_at for u in users)),
        ("team_count", sum(not t.delete_at for t in store.team_by_id.values())),
        ("total_websocket_connections", 0),
        ("total_master_db_connections", 0),
        ("total_read_db_connections", 0),
        ("daily_active_users", 0),
        ("monthly_active_users", 0),
        ("inactive_user_count", sum(bool(u.delete_at) for u in users)),
    ]
    return ok([{"name": name, "value": value} for name, value in rows])


def get_environment_config(ctx: Ctx) -> Reply:
    """getEnvironmentConfig: settings set through MM_* variables, filtered by what the caller may read;
    mockmost reads none, so an admin gets {} and a user Go's nil map (null)."""
    return ok({} if perms.has_system(ctx.store, ctx.session, "manage_system") else None)


def upload_license_file(ctx: Ctx) -> Reply:
    """addLicense: r.ParseMultipartForm's own error is written as text; a form without the file is refused."""
    ctx.audit("attempt")
    perms.require_system(ctx.store, ctx.session, "manage_license_information")
    if not ctx.headers.get("content-type", "").startswith("multipart/form-data"):
        return raw(b"request Content-Type isn't multipart/form-data\n", "text/plain; charset=utf-8", 400)
    raise AppError(
        "api.license.add_license.no_file.app_error", 400, message="No file under 'license' in request."
    )


ROUTES = [
    answered(
        "POST", "/api/v4/config/reload", "reload_config", permission("reload_config"), status_ok()
    ),  # config.go configReload
    answered(
        "POST",
        "/api/v4/email/test",
        "test_email",
        fail(
            400, "api.file.test_connection_email_settings_nil.app_error", "Email settings has unset values."
        ),
    ),  # system.go testEmail
    answered(
        "POST",
        "/api/v4/file/s3_test",
        "test_s3_connection",
        fail(
            400,
            "api.file.test_connection_s3_settings_nil.app_error",
            "File storage settings has unset values.",
        ),
    ),  # system.go testS3
    answered(
        "GET",
        "/api/v4/image",
        "get_image_by_url",
        fail(400, "api.image.get.app_error", "Requested image url cannot be parsed."),
    ),  # image.go getImage
    answered(
        "DELETE",
        "/api/v4/license",
        "remove_license_file",
        audit("attempt"),
        permission("manage_license_information"),
        audit("success"),
        status_ok(),
    ),  # license.go removeLicense
    answered(
        "GET", "/api/v4/license/load_metric", "get_license_load_metric", reply({"load": 0}, 200)
    ),  # license.go getLicenseLoadMetric
    public(
        "POST", "/api/v4/logs", "post_log", reply({"message": "Client Logs API Endpoint Message: "}, 200)
    ),  # system.go postLog
    answered(
        "POST", "/api/v4/notifications/test", "test_notification", status_ok()
    ),  # system.go testNotifications
    answered(
        "GET",
        "/api/v4/redirect_location",
        "get_redirect_location",
        query_field("url"),
        reply({"location": ""}),
    ),  # system.go getRedirectLocation
    Route("POST", "/api/v4/restart", restart_server),
    answered(
        "POST",
        "/api/v4/site_url/test",
        "test_site_url",
        permission("test_site_url"),
        body_field("site_url"),
        fail(400, "app.admin.test_site_url.failure", "This is not a valid live URL"),
        operation_id="TestSiteURL",
    ),  # system.go testSiteURL
    answered(
        "PUT",
        "/api/v4/system/notices/view",
        "mark_notices_viewed",
        audit("attempt"),
        payload_list(),
        status_ok(),
    ),  # system.go updateViewedProductNotices
    answered(
        "GET", "/api/v4/system/notices/{teamId}", "get_notices", query_field("client"), reply([])
    ),  # system.go getProductNotices
    answered(
        "GET",
        "/api/v4/system/support_packet",
        "generate_support_packet",
        permission("manage_system"),
        fail(403, "api.no_license", "E10 or E20 license required to use this endpoint."),
    ),  # system.go generateSupportPacket
    answered(
        "POST",
        "/api/v4/trial-license",
        "request_trial_license",
        audit("attempt"),
        permission("manage_license_information"),
        fail(
            403, "api.license.upgrade_needed.app_error", "Feature requires an upgrade to Enterprise Edition."
        ),
    ),  # license.go requestTrialLicense
    answered(
        "GET",
        "/api/v4/trial-license/prev",
        "get_prev_trial_license",
        fail(
            403, "api.license.upgrade_needed.app_error", "Feature requires an upgrade to Enterprise Edition."
        ),
    ),  # license.go getPrevTrialLicense
    answered(
        "POST",
        "/api/v4/upgrade_to_enterprise",
        "upgrade_to_enterprise",
        fail(403, "api.context.permissions.app_error", "You do not have the appropriate permissions."),
    ),  # system.go upgradeToEnterprise
    answered(
        "GET",
        "/api/v4/upgrade_to_enterprise/allowed",
        "is_allowed_to_upgrade_to_enterprise",
        permission("manage_system"),
        status_ok(),
    ),  # system.go isAllowedToUpgradeToEnterprise
    answered(
        "GET",
        "/api/v4/upgrade_to_enterprise/status",
        "upgrade_to_enterprise_status",
        permission("manage_system"),
        reply({"error": None, "percentage": 0}, 200),
    ),  # system.go upgradeToEnterpriseStatus: no upgrade was ever started
    Route("GET", "/api/v4/logs", get_logs, kind=ANSWERED),
    Route("GET", "/api/v4/audits", get_audits),
    Route("GET", "/api/v4/analytics/old", get_analytics_old),
    Route("GET", "/api/v4/config/environment", get_environment_config, kind=ANSWERED),
    Route("POST", "/api/v4/license", upload_license_file, kind=ANSWERED),
]
