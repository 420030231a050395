"""Push notifications: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its
order of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(system.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, fail

ROUTES = [
    answered(
        "POST",
        "/api/v4/notifications/ack",
        "acknowledge_notification",
        fail(
            501, "api.push_notification.disabled.app_error", "Push Notifications are disabled on this server."
        ),
    ),  # system.go pushNotificationAck
]
