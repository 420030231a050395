"""Webhooks: incoming and outgoing hook management, and the incoming-hook and response_url endpoints.

Upstream: server/channels/api4/webhook.go, server/channels/web/webhook.go.
"""

from __future__ import annotations

import re
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qsl

from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.bodies import decode_body
from mockmost.http.context import Ctx
from mockmost.http.dispatch import TRUST, Route
from mockmost.http.replies import Reply, created, ok, raw, status_ok
from mockmost.integrations import commands as slash_commands
from mockmost.store.entities import IncomingWebhook, OutgoingWebhook
from mockmost.store.webhooks import (
    decode_incoming,
    decode_incoming_request,
    decode_outgoing,
    incoming_request_fields,
)
from mockmost.wire import integrations as wire


def _team_admin(ctx: Ctx, team_id: str) -> bool:
    """bypass_incoming_webhook_channel_lock: team and system admins hold it by default (model/role.go)."""
    session = ctx.session
    member = ctx.store.teams.member(team_id, session.user_id)
    return perms.is_system_admin(session) or (member is not None and "team_admin" in member.roles.split())


def _require_team(ctx: Ctx, team_id: str, permission: str) -> None:
    perms.require_team(ctx.store, ctx.session, team_id, permission)


def _require_audited(ctx: Ctx, allowed: bool, failure: str) -> None:
    """A refusal the handler audits first (c.LogAudit("fail - ...") before SetPermissionError)."""
    if not allowed:
        ctx.audit(failure)
        perms.require(False)


def _check_incoming_access(ctx: Ctx, hook: IncomingWebhook) -> None:
    """api4/webhook.go getIncomingHook/deleteIncomingHook: private channels need read access too."""
    channel = ctx.store.channels.get(hook.channel_id)
    restricted = channel.type != "O" and not perms.can_read_channel(ctx.store, ctx.session, channel)
    allowed = perms.has_team(ctx.store, ctx.session, hook.team_id, "manage_incoming_webhooks")
    _require_audited(ctx, allowed and not restricted, "fail - bad permissions")
    _require_others(ctx, hook.team_id, hook.user_id, "manage_others_incoming_webhooks")


def _require_others(ctx: Ctx, team_id: str, owner_id: str, permission: str) -> None:
    if ctx.session.user_id != owner_id:
        allowed = perms.has_team(ctx.store, ctx.session, team_id, permission)
        _require_audited(ctx, allowed, "fail - inappropriate permissions")


def _check_outgoing_access(ctx: Ctx, hook: OutgoingWebhook) -> None:
    _require_team(ctx, hook.team_id, "manage_outgoing_webhooks")
    _require_others(ctx, hook.team_id, hook.creator_id, "manage_others_outgoing_webhooks")


# ---- incoming ------------------------------------------------------------------------------------
def create_incoming_webhook(ctx: Ctx) -> Reply:
    fields = decode_incoming(decode_body(ctx, "incoming_webhook"))
    channel = ctx.store.channels.get(fields["channel_id"])
    ctx.audit("attempt")
    _require_team(ctx, channel.team_id, "manage_incoming_webhooks")
    readable = perms.can_read_channel(ctx.store, ctx.session, channel)
    _require_audited(ctx, readable, "fail - bad channel permissions")
    user_id = ctx.session.user_id
    if fields["user_id"] and fields["user_id"] != user_id:
        _require_others(ctx, channel.team_id, fields["user_id"], "manage_others_incoming_webhooks")
        user_id = ctx.store.users.get(fields["user_id"]).id
    if not _team_admin(ctx, channel.team_id):
        fields["channel_locked"] = True
    hook = ctx.store.webhooks.create_incoming(user_id, channel, fields)
    ctx.audit("success")
    return created(wire.incoming_webhook(hook))


def get_incoming_webhooks(ctx: Ctx) -> Reply:
    team_id = ctx.query.get("team_id", "")
    session = ctx.session
    user_id = session.user_id
    if team_id:
        _require_team(ctx, team_id, "manage_incoming_webhooks")
        if perms.has_team(ctx.store, session, team_id, "manage_others_incoming_webhooks"):
            user_id = ""
    else:
        perms.require_system(ctx.store, session, "manage_incoming_webhooks")
        if perms.has_system(ctx.store, session, "manage_others_incoming_webhooks"):
            user_id = ""
    page, per_page = ctx.paging()
    hooks = [
        wire.incoming_webhook(h) for h in ctx.store.webhooks.list_incoming(team_id, user_id, page, per_page)
    ]
    if ctx.query_bool("include_total_count"):
        total = len(ctx.store.webhooks.list_incoming(team_id, user_id, 0, 1 << 30))
        return ok({"incoming_webhooks": hooks, "total_count": total})
    return ok(hooks)


def get_incoming_webhook(ctx: Ctx) -> Reply:
    hook = ctx.store.webhooks.get_incoming(ctx.path_id("hook_id"))
    ctx.audit("attempt")
    _check_incoming_access(ctx, hook)
    ctx.audit("success")
    return ok(wire.incoming_webhook(hook))


def update_incoming_webhook(ctx: Ctx) -> Reply:
    hook_id = ctx.path_id("hook_id")
    fields = decode_incoming(decode_body(ctx, "incoming_webhook"))
    if fields["id"] != hook_id:
        raise invalid_body_param("hook_id")
    ctx.audit("attempt")
    old = ctx.store.webhooks.get_incoming(hook_id)
    if (fields["team_id"] or old.team_id) != old.team_id:
        raise AppError(
            "api.webhook.team_mismatch.app_error", 400, message="Unable to update webhook across teams."
        )
    channel = ctx.store.channels.get(fields["channel_id"])
    if channel.team_id != old.team_id:
        raise invalid_body_param("channel_id")
    _require_team(ctx, channel.team_id, "manage_incoming_webhooks")
    _require_others(ctx, channel.team_id, old.user_id, "manage_others_incoming_webhooks")
    if channel.type != "O":
        readable = perms.can_read_channel(ctx.store, ctx.session, channel)
        _require_audited(ctx, readable, "fail - bad channel permissions")
    if not _team_admin(ctx, channel.team_id):
        fields["channel_locked"] = True
    hook = ctx.store.webhooks.update_incoming(old, fields)
    ctx.audit("success")
    return created(wire.incoming_webhook(hook))


def delete_incoming_webhook(ctx: Ctx) -> Reply:
    hook = ctx.store.webhooks.get_incoming(ctx.path_id("hook_id"))
    _check_incoming_access(ctx, hook)
    ctx.store.webhooks.delete_incoming(hook)
    return status_ok()


# ---- outgoing ------------------------------------------------------------------------------------
def create_outgoing_webhook(ctx: Ctx) -> Reply:
    fields = decode_outgoing(decode_body(ctx, "outgoing_webhook"))
    ctx.audit("attempt")
    _require_team(ctx, fields["team_id"], "manage_outgoing_webhooks")
    if not fields["creator_id"]:
        fields["creator_id"] = ctx.session.user_id
    else:
        allowed = perms.has_team(ctx.store, ctx.session, fields["team_id"], "manage_others_outgoing_webhooks")
        _require_audited(ctx, allowed, "fail - inappropriate permissions")
        ctx.store.users.get(fields["creator_id"])
    try:
        hook = ctx.store.webhooks.create_outgoing(fields)
    except AppError:
        ctx.audit("fail")
        raise
    ctx.audit("success")
    return created(wire.outgoing_webhook(hook))


def get_outgoing_webhooks(ctx: Ctx) -> Reply:
    channel_id, team_id = ctx.query.get("channel_id", ""), ctx.query.get("team_id", "")
    session = ctx.session
    user_id = session.user_id
    if channel_id:
        channel = ctx.store.channels.find(channel_id)
        perms.require_channel(ctx.store, session, channel, "manage_outgoing_webhooks")
        if perms.has_channel(ctx.store, session, channel, "manage_others_outgoing_webhooks"):
            user_id = ""
    elif team_id:
        _require_team(ctx, team_id, "manage_outgoing_webhooks")
        if perms.has_team(ctx.store, session, team_id, "manage_others_outgoing_webhooks"):
            user_id = ""
    else:
        perms.require_system(ctx.store, session, "manage_outgoing_webhooks")
        if perms.has_system(ctx.store, session, "manage_others_outgoing_webhooks"):
            user_id = ""
    page, per_page = ctx.paging()
    hooks = ctx.store.webhooks.list_outgoing(
        team_id="" if channel_id else team_id,
        channel_id=channel_id,
        user_id=user_id,
        page=page,
        per_page=per_page,
    )
    return ok([wire.outgoing_webhook(h) for h in hooks])


def get_outgoing_webhook(ctx: Ctx) -> Reply:
    hook = ctx.store.webhooks.get_outgoing(ctx.path_id("hook_id"))
    ctx.audit("attempt")
    _check_outgoing_access(ctx, hook)
    ctx.audit("success")
    return ok(wire.outgoing_webhook(hook))


def update_outgoing_webhook(ctx: Ctx) -> Reply:
    hook_id = ctx.path_id("hook_id")
    fields = decode_outgoing(decode_body(ctx, "outgoing_webhook"))
    if fields["id"] != hook_id:
        raise invalid_body_param("hook_id")
    ctx.audit("attempt")
    old = ctx.store.webhooks.get_outgoing(hook_id)
    if (fields["team_id"] or old.team_id) != old.team_id:
        raise AppError(
            "api.webhook.team_mismatch.app_error", 400, message="Unable to update webhook across teams."
        )
    _check_outgoing_access(ctx, old)
    hook = ctx.store.webhooks.update_outgoing(old, fields)
    ctx.audit("success")
    return ok(wire.outgoing_webhook(hook))


def regen_outgoing_hook_token(ctx: Ctx) -> Reply:
    hook = ctx.store.webhooks.get_outgoing(ctx.path_id("hook_id"))
    ctx.audit("attempt")
    _check_outgoing_access(ctx, hook)
    hook = ctx.store.webhooks.regen_outgoing_token(hook)
    ctx.audit("success")
    return ok(wire.outgoing_webhook(hook))


def delete_outgoing_webhook(ctx: Ctx) -> Reply:
    hook = ctx.store.webhooks.get_outgoing(ctx.path_id("hook_id"))
    ctx.audit("attempt")
    _check_outgoing_access(ctx, hook)
    try:
        ctx.store.webhooks.delete_outgoing(hook)
    except AppError:
        ctx.audit("fail")
        raise
    ctx.audit("success")
    return status_ok()


# ---- /hooks/{id} and /hooks/commands/{id} (outside /api/v4; web/webhook.go) ----------------------
_TOKEN = r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+"
_MEDIA_TYPE = re.compile(rf"^({_TOKEN})(/{_TOKEN})?$")
_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")
# gorilla/schema matches IncomingWebhookRequest's Go field names, case-insensitively.
_FORM_FIELDS = {
    "text": "text",
    "username": "username",
    "iconurl": "icon_url",
    "channelname": "channel",
    "type": "type",
    "iconemoji": "icon_emoji",
}


def _media_type(ctx: Ctx, hook_id: str) -> str:
    header = ctx.headers.get("content-type", "")
    if not header:
        return ""
    kind = header.split(";", 1)[0].strip().lower()
    if not _MEDIA_TYPE.match(kind):
        # http.Request.ParseForm parses the media type first and fails the same way, so the server answers
        # parse_form before its own media_type check (observed on 11.2.0).
        raise AppError(
            "web.incoming_webhook.parse_form.app_error",
            400,
            message=f"Failed to parse form for webhook {hook_id}.",
        )
    return kind


def _form(ctx: Ctx, hook_id: str, media_type: str) -> list[tuple[str, str]]:
    """http.Request.ParseForm: the urlencoded body's values, then the query's."""
    body = ctx.body.decode("utf-8", "replace") if media_type == "application/x-www-form-urlencoded" else ""
    query = ctx.query_string.decode("latin-1")
    if _BAD_ESCAPE.search(body) or _BAD_ESCAPE.search(query):
        raise AppError(
            "web.incoming_webhook.parse_form.app_error",
            400,
            message=f"Failed to parse form for webhook {hook_id}.",
        )
    return parse_qsl(body, keep_blank_values=True) + parse_qsl(query, keep_blank_values=True)


def _multipart_fields(ctx: Ctx) -> dict[str, Any]:
    message = BytesParser(policy=policy.HTTP).parsebytes(
        b"Content-Type: " + ctx.headers.get("content-type", "").encode() + b"\r\n\r\n" + ctx.body
    )
    fields: dict[str, Any] = {}
    for part in message.iter_parts() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str) or part.get_filename() is not None:
            continue
        target = _FORM_FIELDS.get(name.lower())
        if target is None:
            raise ValueError(f"schema: invalid path {name!r}")
        payload = part.get_payload(decode=True)
        fields.setdefault(target, payload.decode("utf-8", "replace") if isinstance(payload, bytes) else "")
    return fields


def _decode_request(ctx: Ctx, media_type: str, hook_id: str) -> dict[str, Any]:
    form = _form(ctx, hook_id, media_type)
    try:
        if media_type == "application/x-www-form-urlencoded":
            payload = next((v for k, v in form if k == "payload"), "")
            return decode_incoming_request(payload.encode())
        if media_type == "multipart/form-data":
            return incoming_request_fields(_multipart_fields(ctx))
        return decode_incoming_request(ctx.body)
    except ValueError:
        raise AppError(
            "web.incoming_webhook.decode.app_error",
            400,
            message=f"Failed to decode the payload of media type {media_type} for incoming webhook "
            f"{hook_id}.",
        ) from None


def incoming_webhook(ctx: Ctx) -> Reply:
    """web/webhook.go incomingWebhook: every failure is wrapped as general.app_error with the inner status."""
    hook_id = ctx.params["hook_id"]
    media_type = _media_type(ctx, hook_id)
    request = _decode_request(ctx, media_type, hook_id)
    try:
        ctx.store.webhooks.handle_incoming(hook_id, request)
    except AppError as inner:
        raise AppError(
            "web.incoming_webhook.general.app_error",
            inner.status,
            message=f"Failed to handle the payload of media type {media_type} for incoming webhook "
            f"{hook_id}.",
            detailed_error=inner.message,
        ) from None
    return raw(b"ok", "text/plain")


def command_webhook(ctx: Ctx) -> Reply:
    """web/webhook.go commandWebhook: a response_url call posts as the command's response."""
    hook_id = ctx.params["hook_id"]
    try:
        response = slash_commands.response_from_http(ctx.headers.get("content-type", ""), ctx.body)
    except ValueError:
        raise AppError(
            "web.command_webhook.parse.app_error",
            400,
            message=f"Unable to parse incoming data for webhook {hook_id}.",
        ) from None
    try:
        slash_commands.handle_command_webhook(ctx.store, hook_id, response, ctx.site_url)
    except AppError as inner:
        raise AppError(
            "web.command_webhook.general.app_error",
            inner.status,
            message=f"Failed to handle command webhook {hook_id}.",
            detailed_error=inner.message,
        ) from None
    return raw(b"ok", "text/plain")


ROUTES = [
    Route("POST", "/api/v4/hooks/incoming", create_incoming_webhook),
    Route("GET", "/api/v4/hooks/incoming", get_incoming_webhooks),
    Route("GET", "/api/v4/hooks/incoming/{hook_id}", get_incoming_webhook),
    Route("PUT", "/api/v4/hooks/incoming/{hook_id}", update_incoming_webhook),
    Route("DELETE", "/api/v4/hooks/incoming/{hook_id}", delete_incoming_webhook),
    Route("POST", "/api/v4/hooks/outgoing", create_outgoing_webhook),
    Route("GET", "/api/v4/hooks/outgoing", get_outgoing_webhooks),
    Route("GET", "/api/v4/hooks/outgoing/{hook_id}", get_outgoing_webhook),
    Route("PUT", "/api/v4/hooks/outgoing/{hook_id}", update_outgoing_webhook),
    Route("DELETE", "/api/v4/hooks/outgoing/{hook_id}", delete_outgoing_webhook),
    Route("POST", "/api/v4/hooks/outgoing/{hook_id}/regen_token", regen_outgoing_hook_token),
    # web/webhook.go: outside the API, so outside the OpenAPI document.
    Route("POST", "/hooks/{hook_id}", incoming_webhook, auth=TRUST, documented=False),
    Route("POST", "/hooks/commands/{hook_id}", command_webhook, auth=TRUST, documented=False),
]
