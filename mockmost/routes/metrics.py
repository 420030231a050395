"""metrics: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (metrics.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, reply

ROUTES = [
    answered(
        "POST", "/api/v4/client_perf", "submit_performance_report", reply(None, 200)
    ),  # metrics.go submitPerformanceReport
]
