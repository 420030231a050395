"""imports: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (import.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, permission, reply, status_ok

ROUTES = [
    answered(
        "GET", "/api/v4/imports", "list_imports", permission("manage_system"), reply([], 200)
    ),  # import.go listImports
    answered(
        "DELETE", "/api/v4/imports/{import_name}", "delete_import", permission("manage_system"), status_ok()
    ),  # import.go deleteImport
]
