"""Roles on the wire. Upstream: model/role.go (field order of the Role struct)."""

from __future__ import annotations

from typing import Any

from mockmost.store.audits import Audit
from mockmost.store.entities import Role


def role(r: Role) -> dict[str, Any]:
    return {
        "id": r.id,
        "name": r.name,
        "display_name": r.display_name,
        "description": r.description,
        "create_at": r.create_at,
        "update_at": r.update_at,
        "delete_at": r.delete_at,
        "permissions": list(r.permissions),
        "scheme_managed": r.scheme_managed,
        "built_in": r.built_in,
    }


def audit(a: Audit) -> dict[str, Any]:
    """model/audit.go Audit."""
    return {
        "id": a.id,
        "create_at": a.create_at,
        "user_id": a.user_id,
        "action": a.action,
        "extra_info": a.extra_info,
        "ip_address": a.ip_address,
        "session_id": a.session_id,
    }
