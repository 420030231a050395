"""Interactive dialogs: open (from an integration holding a trigger id) and submit.

Upstream: server/channels/api4/integration_action.go, app/integration_action.go.
"""

from __future__ import annotations

from typing import Any

from mockmost.auth import permissions as perms
from mockmost.errors import invalid_body_param, permission_denied
from mockmost.http.bodies import decode_body
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.integrations import dialogs
from mockmost.integrations.outbound import go_json
from mockmost.store import attachments as slack
from mockmost.store.webhooks import is_valid_http_url


def _dialog_request(ctx: Ctx) -> dict[str, Any]:
    """model.OpenDialogRequest: trigger_id, url, dialog."""
    body = decode_body(ctx, "dialog")
    try:
        request = {
            "trigger_id": slack.go_str(body, "trigger_id"),
            "url": slack.go_str(body, "url"),
            "dialog": slack.go_object(body, "dialog") or {},
        }
    except slack.DecodeError:
        raise invalid_body_param("dialog") from None
    if not request["url"]:
        raise invalid_body_param("url")
    return request


def open_interactive_dialog(ctx: Ctx) -> Reply:
    """No session needed: the signed trigger id names the user the dialog opens for."""
    request = _dialog_request(ctx)
    timeout = int(ctx.settings.get("ServiceSettings.OutgoingIntegrationRequestsTimeout"))
    client_trigger_id, user_id = ctx.store.commands.verify_trigger_id(request["trigger_id"], timeout)
    request["trigger_id"] = client_trigger_id
    ctx.store.commands.open_dialog(user_id, go_json(request).decode())
    return status_ok()


def _submission(ctx: Ctx) -> tuple[str, dict[str, Any]]:
    """model.SubmitDialogRequest as the integration receives it (url removed, type set)."""
    body = decode_body(ctx, "dialog")
    try:
        url = slack.go_str(body, "url")
        submission = {
            "type": "dialog_submission",
            "callback_id": slack.go_str(body, "callback_id"),
            "state": slack.go_str(body, "state"),
            "user_id": "",
            "channel_id": slack.go_str(body, "channel_id"),
            "team_id": slack.go_str(body, "team_id"),
            "submission": slack.go_object(body, "submission"),
            "cancelled": slack.go_bool(body, "cancelled"),
        }
    except slack.DecodeError:
        raise invalid_body_param("dialog") from None
    if not url:
        raise invalid_body_param("url")
    return url, submission


async def submit_interactive_dialog(ctx: Ctx) -> Reply:
    url, submission = _submission(ctx)
    submission["user_id"] = ctx.session.user_id
    channel = ctx.store.channels.get(submission["channel_id"])  # GetChannel: an unknown one is a 404
    perms.require_channel(ctx.store, ctx.session, channel, "read_channel")
    perms.require_team(ctx.store, ctx.session, submission["team_id"], "view_team")
    return ok(await dialogs.submit_dialog(ctx.state, url, submission))


def _is_valid_lookup_url(url: str) -> bool:
    """model.IsValidLookupURL: a plugin path without traversal, or an http(s) URL."""
    if url.startswith("/plugins/"):
        return ".." not in url and "//" not in url
    return is_valid_http_url(url)


async def lookup_interactive_dialog(ctx: Ctx) -> Reply:
    """lookupDialog: the same request as a submission, checked the same way, answered with the items."""
    url, lookup = _submission(ctx)
    if not _is_valid_lookup_url(url):
        raise invalid_body_param("url")
    lookup["user_id"] = ctx.session.user_id
    channel = ctx.store.channels.get(lookup["channel_id"])
    if not perms.can_read_channel(ctx.store, ctx.session, channel):
        raise permission_denied()
    perms.require_team(ctx.store, ctx.session, lookup["team_id"], "view_team")
    del lookup["type"]
    return ok(await dialogs.lookup_dialog(ctx.state, url, lookup))


ROUTES = [
    Route("POST", "/api/v4/actions/dialogs/open", open_interactive_dialog, auth=PUBLIC),
    Route("POST", "/api/v4/actions/dialogs/submit", submit_interactive_dialog),
    Route("POST", "/api/v4/actions/dialogs/lookup", lookup_interactive_dialog),
]
