"""Handlers written as the real server's checks, in its order: for operations a stock unlicensed 11.2
answers without state mockmost keeps (a licence or feature refusal, a missing body field, a fixed answer).

    answered("GET", "/api/v4/compliance/reports", "get_compliance_reports",
             permission("read_compliance_export_job"),
             fail(501, "ent.compliance.licence_disable.app_error", "Compliance functionality disabled ..."))

Each check either passes (returns None), stops with a reply, or raises the AppError the server sends.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from mockmost import gojson
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, not_found_route
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, SESSION, Route
from mockmost.http.replies import Reply, ok, raw
from mockmost.ids import is_valid_id
from mockmost.operations import ANSWERED, UNROUTED

Check = Callable[[Ctx], "Reply | None"]


def answered(
    method: str,
    path: str,
    operation: str,
    *checks: Check,
    auth: str = SESSION,
    operation_id: str = "",
    tag: str = "",
) -> Route:
    """A route of kind `answered` whose handler, named after the operationId, runs `checks` until one
    answers."""

    def handler(ctx: Ctx) -> Reply:
        for check in checks:
            reply = check(ctx)
            if reply is not None:
                return reply
        raise AssertionError(f"{operation}: no check answered")  # a table error, caught by the tests

    handler.__name__ = handler.__qualname__ = operation
    return Route(method, path, handler, auth=auth, operation_id=operation_id, tag=tag, kind=ANSWERED)


def public(
    method: str, path: str, operation: str, *checks: Check, operation_id: str = "", tag: str = ""
) -> Route:
    return answered(method, path, operation, *checks, auth=PUBLIC, operation_id=operation_id, tag=tag)


def unrouted(method: str, path: str, operation: str, tag: str) -> Route:
    """An operation of the document that the real server does not route: listed in the table (kind
    `unrouted`), never indexed by the dispatcher, so it answers the router's 404 before any session or body
    check, as any unknown path does."""

    def handler(ctx: Ctx) -> Reply:
        raise not_found_route(ctx.path)  # not reached: the dispatcher does not index unrouted operations

    handler.__name__ = handler.__qualname__ = operation
    return Route(method, path, handler, auth=PUBLIC, tag=tag, kind=UNROUTED)


def permission(name: str) -> Check:
    """SessionHasPermissionTo(session, name) at system level: 403 api.context.permissions.app_error."""

    def check(ctx: Ctx) -> None:
        perms.require_system(ctx.store, ctx.session, name)

    return check


def audit(extra_info: str) -> Check:
    """c.LogAudit(extra_info) at this point of the handler: an Audits row for the caller."""

    def check(ctx: Ctx) -> None:
        ctx.audit(extra_info)

    return check


def fail(status: int, error_id: str, message: str) -> Check:
    def check(ctx: Ctx) -> None:
        raise AppError(error_id, status, message=message)

    return check


def reply(body: Any, status: int = 200) -> Check:
    """A fixed answer: only for what cannot differ on a server with no licence and that feature off."""

    def check(ctx: Ctx) -> Reply:
        if body is None:
            return raw(b"", "application/json", status) if status != 200 else raw(b"null", "application/json")
        return ok(body, status)

    return check


def status_ok() -> Check:
    return reply({"status": "OK"})


def body_field(name: str) -> Check:
    """A JSON object body whose `name` is present and not empty, else the server's 400 naming the field
    (api4 handlers: c.SetInvalidParam / SetInvalidParamWithErr on the decoded body)."""

    def check(ctx: Ctx) -> None:
        try:
            body = gojson.decode(ctx.body)
        except ValueError:
            body = None
        if isinstance(body, dict):
            body = gojson.struct_view(body, ctx.body)
        if not isinstance(body, dict) or body.get(name) in (None, "", [], {}):
            raise AppError("api.context.invalid_body_param.app_error", 400, params={"name": name})

    return check


def query_field(name: str) -> Check:
    """A query parameter that must be given (handlers that read it with r.URL.Query().Get and refuse '')."""

    def check(ctx: Ctx) -> None:
        if not ctx.query.get(name):
            raise AppError("api.context.invalid_body_param.app_error", 400, params={"name": name})

    return check


def payload_list() -> Check:
    """A body decoded into a Go slice (model.ArrayFromJSON / json.Decode into []string): anything else is
    400 api.payload.parse.error."""

    def check(ctx: Ctx) -> None:
        try:
            body = gojson.decode(ctx.body)
        except ValueError:
            body = None
        if not isinstance(body, list):
            raise AppError(
                "api.payload.parse.error", 400, message="An error occurred while parsing the payload."
            )

    return check


def group_ids(ctx: Ctx) -> list[str]:
    """The group_ids query parameter of the members-minus-group-members handlers (api4/team.go
    teamMembersMinusGroupMembers, channel.go channelMembersMinusGroupMembers): at least 26 characters once
    all but letters, digits and commas are dropped, and every comma-separated part a valid id."""
    raw = ctx.query.get("group_ids", "")
    parts = raw.split(",")
    if len(re.sub(r"[^a-zA-Z0-9,]", "", raw)) < 26 or not all(is_valid_id(p) for p in parts):
        raise AppError("api.context.invalid_body_param.app_error", 400, params={"name": "group_ids"})
    return parts
