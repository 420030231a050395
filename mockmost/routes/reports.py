"""reports: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (report.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission

ROUTES = [
    answered("POST", "/api/v4/reports/users/export", "start_batch_users_export", permission("manage_system"), fail(400, "app.report.start_users_batch_export.license_error", "Batch reporting export only available to Pro and Enterprise.")),  # report.go startUsersBatchExport
]
