"""plugins: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (plugin.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission, public, reply

ROUTES = [
    answered("GET", "/api/v4/plugins", "get_plugins", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go getPlugins
    answered("POST", "/api/v4/plugins", "upload_plugin", fail(501, "app.plugin.upload_disabled.app_error", "Plugins and/or plugin uploads have been disabled.")),  # plugin.go uploadPlugin
    answered("POST", "/api/v4/plugins/install_from_url", "install_plugin_from_url", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go installPluginFromURL
    answered("GET", "/api/v4/plugins/marketplace", "get_marketplace_plugins", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go getMarketplacePlugins
    answered("POST", "/api/v4/plugins/marketplace", "install_marketplace_plugin", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go installMarketplacePlugin
    answered("GET", "/api/v4/plugins/marketplace/first_admin_visit", "get_marketplace_visited_by_admin", permission("manage_system"), reply({"name": "FirstAdminVisitMarketplace", "value": "True"}, 200)),  # plugin.go getFirstAdminVisitMarketplaceStatus
    answered("GET", "/api/v4/plugins/statuses", "get_plugin_statuses", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go getPluginStatuses
    public("GET", "/api/v4/plugins/webapp", "get_webapp_plugins", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go getWebappPlugins
    answered("DELETE", "/api/v4/plugins/{plugin_id}", "remove_plugin", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go removePlugin
    answered("POST", "/api/v4/plugins/{plugin_id}/disable", "disable_plugin", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go disablePlugin
    answered("POST", "/api/v4/plugins/{plugin_id}/enable", "enable_plugin", fail(501, "app.plugin.disabled.app_error", "Plugins have been disabled. Please check your logs for details.")),  # plugin.go enablePlugin
]
