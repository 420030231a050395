"""terms_of_service: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its
order of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(terms_of_service.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail, permission

ROUTES = [
    answered(
        "GET",
        "/api/v4/terms_of_service",
        "get_terms_of_service",
        fail(404, "app.terms_of_service.get.no_rows.app_error", "No terms of service found."),
    ),  # terms_of_service.go getLatestTermsOfService
    answered(
        "POST",
        "/api/v4/terms_of_service",
        "create_terms_of_service",
        permission("manage_system"),
        fail(
            400,
            "api.create_terms_of_service.custom_terms_of_service_disabled.app_error",
            "Custom terms of service feature is disabled.",
        ),
    ),  # terms_of_service.go createTermsOfService
]
