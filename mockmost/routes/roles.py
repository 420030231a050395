"""Roles: list, get by id, by name, by names, patch. Upstream: server/channels/api4/role.go."""

from __future__ import annotations

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import SESSION_TRUST, Route
from mockmost.http.replies import Reply, ok
from mockmost.store.roles import is_valid_role_name

GET_ROLES_BY_NAMES_MAX = 100


def get_all_roles(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "manage_system")
    return ok([wire.role(r) for r in ctx.store.roles.all()])


def get_role(ctx: Ctx) -> Reply:
    return ok(wire.role(ctx.store.roles.get(ctx.params["role_id"])))


def get_role_by_name(ctx: Ctx) -> Reply:
    return ok(wire.role(ctx.store.roles.by_name(ctx.params["role_name"])))


def get_roles_by_names(ctx: Ctx) -> Reply:
    """model.SortedArrayFromJSON: a JSON array of strings, else the payload error."""
    try:
        names = gojson.loads(ctx.body) if ctx.body else None
    except ValueError:
        names = None
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise AppError("api.payload.parse.error", 400, message="An error occurred while parsing the payload.")
    if not names:
        raise invalid_body_param("rolenames")
    if len(names) > GET_ROLES_BY_NAMES_MAX:
        raise AppError(
            "api.roles.get_multiple_by_name_too_many.request_error",
            400,
            message=f"Unable to get that many roles by name. Only {GET_ROLES_BY_NAMES_MAX} roles "
            "can be requested at once.",
        )
    cleaned = [n.strip() for n in names]
    if not all(is_valid_role_name(n) for n in cleaned):
        raise invalid_body_param("rolename")
    return ok([wire.role(r) for r in ctx.store.roles.by_names(cleaned)])


def patch_role(ctx: Ctx) -> Reply:
    try:
        patch = gojson.loads(ctx.body) if ctx.body else None
    except ValueError:
        patch = None
    permissions = patch.get("permissions") if isinstance(patch, dict) else None
    if not isinstance(patch, dict) or (
        permissions is not None
        and not (isinstance(permissions, list) and all(isinstance(p, str) for p in permissions))
    ):
        raise invalid_param("role")
    role = ctx.store.roles.get(ctx.params["role_id"])
    perms.require_system(ctx.store, ctx.session, ctx.store.roles.permission_to_patch(role))
    patched = ctx.store.roles.patch(role, permissions)
    ctx.audit("")
    return ok(wire.role(patched))


ROUTES = [
    Route("GET", "/api/v4/roles", get_all_roles),
    Route("GET", "/api/v4/roles/{role_id}", get_role, auth=SESSION_TRUST),
    Route("GET", "/api/v4/roles/name/{role_name}", get_role_by_name, auth=SESSION_TRUST),
    Route("POST", "/api/v4/roles/names", get_roles_by_names, auth=SESSION_TRUST),
    Route("PUT", "/api/v4/roles/{role_id}/patch", patch_role),
]
