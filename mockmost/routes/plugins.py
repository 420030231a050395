"""plugins: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (plugin.go)."""

from __future__ import annotations

from mockmost.auth import permissions as perms
from mockmost.http.checks import answered, fail, public
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.system_values import FIRST_ADMIN_VISIT_MARKETPLACE


def get_marketplace_visited_by_admin(ctx: Ctx) -> Reply:
    """getFirstAdminVisitMarketplaceStatus: the saved value, "false" until an admin visited."""
    ctx.audit("attempt")
    perms.require_system(ctx.store, ctx.session, "manage_system")
    value = ctx.store.system_values.get(FIRST_ADMIN_VISIT_MARKETPLACE, "false")
    return ok({"name": FIRST_ADMIN_VISIT_MARKETPLACE, "value": value})


def update_marketplace_visited_by_admin(ctx: Ctx) -> Reply:
    """setFirstAdminVisitMarketplaceStatus, an APIHandler: reading the session answers 401 without one."""
    ctx.audit("attempt")
    perms.require_system(ctx.store, ctx.session, "manage_system")
    ctx.store.system_values.mark_marketplace_visited()
    return status_ok()


ROUTES = [
    answered(
        "GET",
        "/api/v4/plugins",
        "get_plugins",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go getPlugins
    answered(
        "POST",
        "/api/v4/plugins",
        "upload_plugin",
        fail(
            501, "app.plugin.upload_disabled.app_error", "Plugins and/or plugin uploads have been disabled."
        ),
    ),  # plugin.go uploadPlugin
    answered(
        "POST",
        "/api/v4/plugins/install_from_url",
        "install_plugin_from_url",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go installPluginFromURL
    answered(
        "GET",
        "/api/v4/plugins/marketplace",
        "get_marketplace_plugins",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go getMarketplacePlugins
    answered(
        "POST",
        "/api/v4/plugins/marketplace",
        "install_marketplace_plugin",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go installMarketplacePlugin
    answered(
        "GET",
        "/api/v4/plugins/statuses",
        "get_plugin_statuses",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go getPluginStatuses
    public(
        "GET",
        "/api/v4/plugins/webapp",
        "get_webapp_plugins",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go getWebappPlugins
    answered(
        "DELETE",
        "/api/v4/plugins/{plugin_id}",
        "remove_plugin",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go removePlugin
    answered(
        "POST",
        "/api/v4/plugins/{plugin_id}/disable",
        "disable_plugin",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go disablePlugin
    answered(
        "POST",
        "/api/v4/plugins/{plugin_id}/enable",
        "enable_plugin",
        fail(
            501,
            "app.plugin.disabled.app_error",
            "Plugins have been disabled. Please check your logs for details.",
        ),
    ),  # plugin.go enablePlugin
    Route("GET", "/api/v4/plugins/marketplace/first_admin_visit", get_marketplace_visited_by_admin),
    Route(
        "POST",
        "/api/v4/plugins/marketplace/first_admin_visit",
        update_marketplace_visited_by_admin,
        auth=PUBLIC,
        tag="system",
    ),
]
