"""Operations of the OpenAPI document that a stock 11.2 does not route on its public API (local-mode only,
cloud-only, or gone from the server): they answer the router's own 404, as any unknown path does. Observed
on 11.2.0 (tests/parity/snapshots/ops_*.json)."""

from __future__ import annotations

UNROUTED: frozenset[tuple[str, str]] = frozenset(
    {
        ("POST", "/api/v4/bleve/purge_indexes"),  # PurgeBleveIndexes: Bleve is gone from 11.x
        ("POST", "/api/v4/cloud/payment"),  # CreateCustomerPayment: cloud only
        ("POST", "/api/v4/cloud/payment/confirm"),  # ConfirmCustomerPayment: cloud only
        ("POST", "/api/v4/integrity"),  # CheckIntegrity: local mode only
        ("GET", "/api/v4/license/renewal"),  # RequestLicenseRenewalLink: cloud only
        ("DELETE", "/api/v4/users"),  # PermanentDeleteAllUsers: local mode only
        ("POST", "/api/v4/users/mfa"),  # CheckUserMfa: removed from the public API
    }
)
