"""Roles and their permissions, as a fresh 11.2 has them. Upstream: model/role.go, app/role.go,
api4/role.go. The built-in definitions (mockmost/data/roles.json) were read from a running 11.2's
GET /api/v4/roles, in the order it lists them."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError
from mockmost.events import catalog
from mockmost.store.entities import Role

if TYPE_CHECKING:
    from mockmost.store import Store

# api4/role.go notAllowedPermissions: no patch may add or remove these.
NOT_ALLOWED = (
    "sysconsole_write_user_management_system_roles",
    "sysconsole_read_user_management_system_roles",
    "manage_roles",
    "manage_system",
)
GUEST_ROLES = ("system_guest", "team_guest", "channel_guest")
# api4/role.go patchRole: roles patched with the permissions write permission; others need system roles'.
_PERMISSIONS_SCHEME_ROLES = (
    "team_admin",
    "channel_admin",
    "system_user",
    "team_user",
    "channel_user",
    *GUEST_ROLES,
    "playbook_admin",
    "playbook_member",
    "run_admin",
    "run_member",
)
_PROTECTED = ("system_user_manager", "system_read_only_admin", "system_manager", "system_admin")


@cache
def _built_in() -> tuple[dict[str, Any], ...]:
    text = resources.files("mockmost.data").joinpath("roles.json").read_text(encoding="utf-8")
    return tuple(json.loads(text))


def is_valid_role_name(name: str) -> bool:
    """model.IsValidRoleName: 1 to 64 characters of a-z, 0-9 and _."""
    return 0 < len(name) <= 64 and not name.strip("abcdefghijklmnopqrstuvwxyz0123456789_")


class Roles:
    def __init__(self, store: Store) -> None:
        self.s = store
        now = store.now()
        self.by_id: dict[str, Role] = {}
        self.id_by_name: dict[str, str] = {}
        self._granted: dict[str, frozenset[str]] = {}
        # a roles string ("system_admin system_user") → what its roles grant together; emptied on a patch
        self._granted_any: dict[str, frozenset[str]] = {}
        for spec in _built_in():
            role = Role(
                id=store.new_id(),
                name=spec["name"],
                display_name=spec["display_name"],
                description=spec["description"],
                create_at=now,
                update_at=now,
                permissions=list(spec["permissions"]),
                scheme_managed=spec["scheme_managed"],
                built_in=spec["built_in"],
            )
            self.by_id[role.id] = role
            self.id_by_name[role.name] = role.id

    def granted(self, name: str) -> frozenset[str]:
        """The permissions a role name grants now (an unknown role grants none)."""
        found = self._granted.get(name)
        if found is None:
            role_id = self.id_by_name.get(name)
            found = frozenset(self.by_id[role_id].permissions) if role_id else frozenset()
            self._granted[name] = found
        return found

    def granted_any(self, roles: str) -> frozenset[str]:
        """The permissions any of the space-separated role names grants now."""
        found = self._granted_any.get(roles)
        if found is None:
            found = frozenset().union(*(self.granted(role) for role in roles.split()))
            if len(self._granted_any) >= 4096:
                self._granted_any.clear()
            self._granted_any[roles] = found
        return found

    def all(self) -> list[Role]:
        return list(self.by_id.values())

    def get(self, role_id: str) -> Role:
        role = self.by_id.get(role_id)
        if role is None:
            raise AppError("app.role.get.app_error", 404, message="Unable to get role.")
        return role

    def by_name(self, name: str) -> Role:
        role_id = self.id_by_name.get(name)
        if role_id is None:
            raise AppError("app.role.get_by_name.app_error", 404, message="Unable to get role.")
        return self.by_id[role_id]

    def by_names(self, names: list[str]) -> list[Role]:
        return [self.by_id[self.id_by_name[n]] for n in sorted(set(names)) if n in self.id_by_name]

    @staticmethod
    def permission_to_patch(role: Role) -> str:
        """api4/role.go patchRole: the permission the caller needs for this role."""
        if role.name in _PROTECTED:
            return "manage_system"
        if role.name in _PERMISSIONS_SCHEME_ROLES:
            return "sysconsole_write_user_management_permissions"
        return "sysconsole_write_user_management_system_roles"

    def patch(self, role: Role, permissions: list[str] | None, licensed: bool = False) -> Role:
        """app/role.go PatchRole, after api4's checks: a patch that changes nothing is not saved."""
        if permissions is None:
            return role
        if not licensed and role.name in GUEST_ROLES:
            raise AppError(
                "api.roles.patch_roles.license.error",
                501,
                message="Your license does not support advanced permissions.",
            )
        changed = set(permissions) ^ set(role.permissions)
        for permission in NOT_ALLOWED:
            if permission in changed:
                raise AppError(
                    "api.roles.patch_roles.not_allowed_permission.error",
                    501,
                    message="One or more of the following permissions that you are trying to add "
                    "or remove is not allowed",
                )
        # A patched role is saved with its permissions sorted and without duplicates (observed on 11.2.0,
        # tests/parity/snapshots/roles_patch.json); a patch that would save the same list saves nothing.
        unique = sorted(set(permissions))
        if unique == sorted(role.permissions):
            return role
        with self.s.write():
            role.permissions = unique
            role.update_at = self.s.now()
            self._granted.pop(role.name, None)
            self._granted_any.clear()
            self.s.emit(catalog.role_updated(role))
        return role
