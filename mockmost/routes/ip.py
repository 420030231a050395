"""ip: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of checks
(session, permission, licence or config, body). Upstream: server/channels/api4/ (ip_filtering.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail

ROUTES = [
    answered(
        "GET",
        "/api/v4/ip_filtering",
        "get_ip_filters",
        fail(
            501,
            "api.context.ip_filtering.not_available.app_error",
            "IP Filtering is not available on this server",
        ),
        operation_id="GetIPFilters",
    ),  # ip_filtering.go getIPFilters
    answered(
        "POST",
        "/api/v4/ip_filtering",
        "apply_ip_filters",
        fail(
            501,
            "api.context.ip_filtering.not_available.app_error",
            "IP Filtering is not available on this server",
        ),
        operation_id="ApplyIPFilters",
    ),  # ip_filtering.go applyIPFilters
    answered(
        "GET",
        "/api/v4/ip_filtering/my_ip",
        "my_ip",
        fail(
            501,
            "api.context.ip_filtering.not_available.app_error",
            "IP Filtering is not available on this server",
        ),
        operation_id="MyIP",
    ),  # ip_filtering.go myIP
]
