"""Server logs download. Upstream: server/channels/api4/system.go (downloadLogs)."""

from __future__ import annotations

from mockmost.auth import permissions as perms
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, raw
from mockmost.operations import ANSWERED


def download_system_logs(ctx: Ctx) -> Reply:
    """downloadLogs: the server's log file as text; mockmost writes no log file, so it is empty."""
    perms.require_system(ctx.store, ctx.session, "get_logs")
    return raw(b"mockmost keeps no server log file\n", "text/plain")


ROUTES = [
    Route("GET", "/api/v4/logs/download", download_system_logs, kind=ANSWERED),
]
