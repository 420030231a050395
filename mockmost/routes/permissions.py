"""permissions: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (permission.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, payload_list, reply

ROUTES = [
    answered(
        "POST", "/api/v4/permissions/ancillary", "get_ancillary_permissions_post", payload_list(), reply([])
    ),  # permission.go appendAncillaryPermissionsPost
]
