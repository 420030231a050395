"""cluster: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (cluster.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, permission, reply

ROUTES = [
    answered(
        "GET",
        "/api/v4/cluster/status",
        "get_cluster_status",
        permission("sysconsole_read_environment_high_availability"),
        reply([], 200),
    ),  # cluster.go getClusterStatus
]
