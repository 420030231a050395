"""Webhooks, slash commands and command responses as JSON.

Upstream: model/incoming_webhook.go, model/outgoing_webhook.go, model/command.go (Sanitize),
model/command_response.go (snake_case keys, every key always present).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.store.command_autocomplete import AUTOCOMPLETE_DATA, Suggestion
from mockmost.store.entities import Command, IncomingWebhook, OutgoingWebhook, Post
from mockmost.wire.posts import METADATA_HOOKS

if TYPE_CHECKING:
    from mockmost.store import Store


def incoming_webhook(h: IncomingWebhook) -> dict[str, Any]:
    return {
        "id": h.id,
        "create_at": h.create_at,
        "update_at": h.update_at,
        "delete_at": h.delete_at,
        "user_id": h.user_id,
        "channel_id": h.channel_id,
        "team_id": h.team_id,
        "display_name": h.display_name,
        "description": h.description,
        "username": h.username,
        "icon_url": h.icon_url,
        "channel_locked": h.channel_locked,
    }


def outgoing_webhook(h: OutgoingWebhook) -> dict[str, Any]:
    return {
        "id": h.id,
        "token": h.token,
        "create_at": h.create_at,
        "update_at": h.update_at,
        "delete_at": h.delete_at,
        "creator_id": h.creator_id,
        "channel_id": h.channel_id,
        "team_id": h.team_id,
        "trigger_words": list(h.trigger_words),
        "trigger_when": h.trigger_when,
        "callback_urls": list(h.callback_urls),
        "display_name": h.display_name,
        "description": h.description,
        "content_type": h.content_type,
        "username": h.username,
        "icon_url": h.icon_url,
    }


def command(c: Command, sanitized: bool = False) -> dict[str, Any]:
    """Sanitize() blanks token, creator_id, method, url, username and icon_url (lists for non-managers)."""
    out = {
        "id": c.id,
        "token": "" if sanitized else c.token,
        "create_at": c.create_at,
        "update_at": c.update_at,
        "delete_at": c.delete_at,
        "creator_id": "" if sanitized else c.creator_id,
        "team_id": c.team_id,
        "trigger": c.trigger,
        "method": "" if sanitized else c.method,
        "username": "" if sanitized else c.username,
        "icon_url": "" if sanitized else c.icon_url,
        "auto_complete": c.auto_complete,
        "auto_complete_desc": c.auto_complete_desc,
        "auto_complete_hint": c.auto_complete_hint,
        "display_name": c.display_name,
        "description": c.description,
        "url": "" if sanitized else c.url,
        "plugin_id": c.plugin_id,
    }
    if not c.id and c.trigger in AUTOCOMPLETE_DATA:  # a built-in with an autocomplete tree
        out["autocomplete_data"] = AUTOCOMPLETE_DATA[c.trigger]
    elif c.autocomplete_data is not None:  # create and update echo what the body set
        out["autocomplete_data"] = c.autocomplete_data
    if c.autocomplete_icon_data:
        out["autocomplete_icon_data"] = c.autocomplete_icon_data
    return out


def autocomplete_suggestion(s: Suggestion) -> dict[str, Any]:
    """model.AutocompleteSuggestion: Go field names, every key present."""
    return {
        "Complete": s.complete,
        "Suggestion": s.suggestion,
        "Hint": s.hint,
        "Description": s.description,
        "IconData": s.icon_data,
    }


def command_response(r: dict[str, Any]) -> dict[str, Any]:
    return {
        "response_type": r["response_type"],
        "text": r["text"],
        "username": r["username"],
        "channel_id": r["channel_id"],
        "icon_url": r["icon_url"],
        "type": r["type"],
        "props": r["props"],
        "goto_location": r["goto_location"],
        "trigger_id": r["trigger_id"],
        "skip_slack_parsing": r["skip_slack_parsing"],
        "attachments": r["attachments"],
        "extra_responses": None
        if r["extra_responses"] is None
        else [command_response(x) for x in r["extra_responses"]],
    }


def _attachment_embed(store: Store, post: Post, meta: dict[str, Any]) -> None:
    """app/post_metadata.go getEmbedForPost: a post with an `attachments` prop (any value) embeds them."""
    if "attachments" in post.props:
        meta["embeds"] = [{"type": "message_attachment"}]


METADATA_HOOKS.append(_attachment_embed)
