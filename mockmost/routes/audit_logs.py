"""audit_logs: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (audit_logging.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission, status_ok

ROUTES = [
    answered(
        "DELETE",
        "/api/v4/audit_logs/certificate",
        "remove_audit_log_certificate",
        permission("sysconsole_write_experimental_features"),
        status_ok(),
    ),  # audit_logging.go removeAuditLogCertificate
    answered(
        "POST",
        "/api/v4/audit_logs/certificate",
        "add_audit_log_certificate",
        permission("sysconsole_write_experimental_features"),
        fail(400, "api.admin.add_certificate.no_file.app_error", "No file under 'certificate' in request."),
    ),  # audit_logging.go addAuditLogCertificate
]
