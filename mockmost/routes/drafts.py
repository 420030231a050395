"""Synced drafts: upsert, list per team, delete. Upstream: server/channels/api4/drafts.go (not in the OpenAPI
document), server/channels/app/draft.go."""

from __future__ import annotations

from typing import Any

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, permission_denied
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok, status_ok
from mockmost.store.entities import Draft

_DRAFT_FIELDS = {
    "create_at": int,
    "update_at": int,
    "delete_at": int,
    "user_id": str,
    "channel_id": str,
    "root_id": str,
    "message": str,
    "props": dict,
    "file_ids": gojson.LIST_OF_STR,
    "metadata": dict,
    "priority": dict,
}


def _require_enabled(ctx: Ctx) -> None:
    if not ctx.settings.get("ServiceSettings.AllowSyncedDrafts"):
        raise AppError("api.drafts.disabled.app_error", 501, message="Drafts feature is disabled.")


def _draft_body(ctx: Ctx) -> dict[str, Any]:
    """json.NewDecoder(r.Body).Decode(&draft): a JSON null leaves the zero draft; anything else not an object
    with fields of the right types is refused."""
    body = ctx.json("draft")
    if body is None:
        if not ctx.body.strip():
            raise invalid_body_param("draft")
        return {}
    if not isinstance(body, dict) or not gojson.fields_fit(body, _DRAFT_FIELDS):
        raise invalid_body_param("draft")
    return body


def upsert_draft(ctx: Ctx) -> Reply:
    """201 with the saved draft, or 201 with null when an empty message deleted it."""
    _require_enabled(ctx)
    body = _draft_body(ctx)
    channel = ctx.store.channels.find(body.get("channel_id") or "")
    # create_post on the channel, else create_post_public on the team for a public channel.
    perms.require(perms.can_post(ctx.store, ctx.session, channel), permission_denied())
    draft = Draft(
        user_id=ctx.session.user_id,
        channel_id=body.get("channel_id") or "",
        root_id=body.get("root_id") or "",
        message=body.get("message") or "",
        create_at=body.get("create_at") or 0,
        props=gojson.as_any(body.get("props") or {}),
        file_ids=list(body.get("file_ids") or []),
        priority=gojson.as_any(body["priority"]) if body.get("priority") is not None else None,
    )
    saved = ctx.store.drafts.upsert(draft, ctx.headers.get("connection-id", ""))
    return ok(wire.draft(saved, ctx.store) if saved is not None else None, status=201)


def get_drafts(ctx: Ctx) -> Reply:
    """The session user's drafts (the path's user id is not read); view_team, refused as create_post."""
    _require_enabled(ctx)
    team_id = ctx.params.get("team_id", "")
    perms.require(perms.has_team(ctx.store, ctx.session, team_id, "view_team"), permission_denied())
    return ok(wire.drafts_or_null(ctx.store, ctx.store.drafts.for_user(ctx.session.user_id, team_id)))


def delete_draft(ctx: Ctx) -> Reply:
    """The session user's draft in the channel (and thread); none is already deleted: 200 all the same."""
    _require_enabled(ctx)
    draft = ctx.store.drafts.get(
        ctx.session.user_id, ctx.params.get("channel_id", ""), ctx.params.get("thread_id", "")
    )
    if draft is not None:
        ctx.store.drafts.delete(draft, ctx.headers.get("connection-id", ""))
    return status_ok()


# api4/drafts.go InitDrafts: routes the OpenAPI document leaves out.
ROUTES = [
    Route("POST", "/api/v4/drafts", upsert_draft, documented=False),
    Route("GET", "/api/v4/users/{user_id}/teams/{team_id}/drafts", get_drafts, documented=False),
    Route(
        "DELETE",
        "/api/v4/users/{user_id}/channels/{channel_id}/drafts/{thread_id}",
        delete_draft,
        documented=False,
    ),
    Route("DELETE", "/api/v4/users/{user_id}/channels/{channel_id}/drafts", delete_draft, documented=False),
]
