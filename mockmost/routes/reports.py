"""reports: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (report.go)."""

from __future__ import annotations

from typing import Any

from mockmost.auth import permissions as perms
from mockmost.http.checks import answered, fail, permission
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.store.entities import User


def get_users_for_reporting(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "sysconsole_read_user_management_users")
    return ok([_report_row(u) for u in _reported(ctx)])


def _reported(ctx: Ctx) -> list[User]:
    """model.UserReportOptions defaults: active users, bots excluded."""
    return [u for u in ctx.store.user_by_id.values() if not u.delete_at and not u.is_bot]


def _report_row(u: User) -> dict[str, Any]:
    """model.UserReport: the user's account columns and post stats (mockmost counts none)."""
    return {
        "id": u.id,
        "username": u.username,
        "email": u.email,
        "create_at": u.create_at,
        "first_name": u.first_name,
        "last_name": u.last_name,
        "roles": u.roles,
        "nickname": u.nickname,
        "delete_at": u.delete_at,
        "auth_service": u.auth_service,
        "last_login": 0,
        "last_status_at": 0,
        "last_post_date": 0,
        "days_active": 0,
        "total_posts": 0,
    }


def get_user_count_for_reporting(ctx: Ctx) -> Reply:
    perms.require_system(ctx.store, ctx.session, "sysconsole_read_user_management_users")
    return ok(len(_reported(ctx)))


ROUTES = [
    answered(
        "POST",
        "/api/v4/reports/users/export",
        "start_batch_users_export",
        permission("manage_system"),
        fail(
            400,
            "app.report.start_users_batch_export.license_error",
            "Batch reporting export only available to Pro and Enterprise.",
        ),
    ),  # report.go startUsersBatchExport
    Route("GET", "/api/v4/reports/users", get_users_for_reporting),
    Route("GET", "/api/v4/reports/users/count", get_user_count_for_reporting),
]
