"""exports: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (export.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission, reply, status_ok

ROUTES = [
    answered(
        "GET", "/api/v4/exports", "list_exports", permission("manage_system"), reply([], 200)
    ),  # export.go listExports
    answered(
        "DELETE", "/api/v4/exports/{export_name}", "delete_export", permission("manage_system"), status_ok()
    ),  # export.go deleteExport
    answered(
        "GET",
        "/api/v4/exports/{export_name}",
        "download_export",
        permission("manage_system"),
        fail(404, "api.export.export_not_found.app_error", "Unable to find export file."),
    ),  # export.go downloadExport
]
