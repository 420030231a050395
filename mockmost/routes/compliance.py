"""compliance: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (compliance.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission

ROUTES = [
    answered(
        "GET",
        "/api/v4/compliance/reports",
        "get_compliance_reports",
        permission("read_compliance_export_job"),
        fail(
            501,
            "ent.compliance.licence_disable.app_error",
            "Compliance functionality disabled by current license. Please contact your system "
            "administrator about upgrading your enterprise license.",
        ),
    ),  # compliance.go getComplianceReports
    answered(
        "POST",
        "/api/v4/compliance/reports",
        "create_compliance_report",
        permission("create_compliance_export_job"),
        fail(
            501,
            "ent.compliance.licence_disable.app_error",
            "Compliance functionality disabled by current license. Please contact your system "
            "administrator about upgrading your enterprise license.",
        ),
    ),  # compliance.go createComplianceReport
    answered(
        "GET",
        "/api/v4/compliance/reports/{report_id}",
        "get_compliance_report",
        permission("read_compliance_export_job"),
        fail(
            501,
            "ent.compliance.licence_disable.app_error",
            "Compliance functionality disabled by current license. Please contact your system "
            "administrator about upgrading your enterprise license.",
        ),
    ),  # compliance.go getComplianceReport
    answered(
        "GET",
        "/api/v4/compliance/reports/{report_id}/download",
        "download_compliance_report",
        permission("download_compliance_export_result"),
        fail(
            501,
            "ent.compliance.licence_disable.app_error",
            "Compliance functionality disabled by current license. Please contact your system "
            "administrator about upgrading your enterprise license.",
        ),
    ),  # compliance.go downloadComplianceReport
]
