"""Operations of the OpenAPI document that a stock 11.2 does not route on its public API (local-mode only,
cloud-only, or gone from the server): they answer the router's own 404, as any unknown path does. Observed
on 11.2.0 (tests/parity/snapshots/ops_*.json)."""

from __future__ import annotations

from mockmost.http.checks import unrouted

ROUTES = [
    unrouted("POST", "/api/v4/bleve/purge_indexes", "purge_bleve_indexes", "bleve"),  # gone from 11.x
    unrouted("POST", "/api/v4/cloud/payment", "create_customer_payment", "cloud"),  # cloud only
    unrouted("POST", "/api/v4/cloud/payment/confirm", "confirm_customer_payment", "cloud"),  # cloud only
    unrouted("POST", "/api/v4/integrity", "check_integrity", "system"),  # local mode only
    unrouted("GET", "/api/v4/license/renewal", "request_license_renewal_link", "system"),  # cloud only
    unrouted("DELETE", "/api/v4/users", "permanent_delete_all_users", "users"),  # local mode only
    unrouted("POST", "/api/v4/users/mfa", "check_user_mfa", "users"),  # removed from the public API
    # Bot icons left the server (api4/bot.go InitBot has no /icon route).
    unrouted("GET", "/api/v4/bots/{bot_user_id}/icon", "get_bot_icon_image", "bots"),
    unrouted("POST", "/api/v4/bots/{bot_user_id}/icon", "set_bot_icon_image", "bots"),
    unrouted("DELETE", "/api/v4/bots/{bot_user_id}/icon", "delete_bot_icon_image", "bots"),
]
