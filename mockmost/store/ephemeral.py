"""Ephemeral posts: shown to one user over the WebSocket, never stored.
Upstream: api4/post.go createEphemeralPost, app/post.go SendEphemeralPost."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.errors import invalid_body_param
from mockmost.events import catalog
from mockmost.store import attachments
from mockmost.store.entities import Post

if TYPE_CHECKING:
    from mockmost.store import Store

_STR_FIELDS = (
    "id",
    "channel_id",
    "root_id",
    "original_id",
    "message",
    "type",
    "hashtags",
    "pending_post_id",
    "remote_id",
    "user_id",
    "message_source",
)
_INT_FIELDS = ("create_at", "update_at", "edit_at", "delete_at", "reply_count", "last_reply_at")


def check_post_json(post: Any) -> None:
    """json.Decode into model.PostEphemeral: a field of the wrong JSON type fails the whole body."""
    if not isinstance(post, dict):
        raise invalid_body_param("body")
    for name in _STR_FIELDS:
        if post.get(name) is not None and not isinstance(post[name], str):
            raise invalid_body_param("body")
    for name in _INT_FIELDS:
        value = post.get(name)
        if value is not None and (
            not isinstance(value, int) or isinstance(value, bool) or not -(2**63) <= value < 2**63
        ):
            raise invalid_body_param("body")
    if post.get("props") is not None and not isinstance(post["props"], dict):
        raise invalid_body_param("body")
    file_ids = post.get("file_ids")
    if file_ids is not None and (
        not isinstance(file_ids, list) or not all(isinstance(f, str) for f in file_ids)
    ):
        raise invalid_body_param("body")
    for name in ("is_pinned", "has_reactions"):
        if post.get(name) is not None and not isinstance(post[name], bool):
            raise invalid_body_param("body")


class Ephemeral:
    def __init__(self, store: Store) -> None:
        self.s = store

    def send(self, author_id: str, target_user_id: str, fields: dict[str, Any]) -> Post:
        """SendEphemeralPost: type system_ephemeral, an id and create_at now, action ids; nothing is stored
        and no channel or membership is checked."""
        check_post_json(fields)
        now = self.s.now()
        with self.s.write():
            props = dict(fields.get("props") or {})
            post = Post(
                id=fields.get("id") or self.s.new_id(),
                channel_id=fields.get("channel_id") or "",
                user_id=author_id,
                message=fields.get("message") or "",
                create_at=now,
                update_at=fields.get("update_at") or 0,
                edit_at=fields.get("edit_at") or 0,
                delete_at=fields.get("delete_at") or 0,
                is_pinned=bool(fields.get("is_pinned")),
                root_id=fields.get("root_id") or "",
                original_id=fields.get("original_id") or "",
                type="system_ephemeral",
                props=attachments.generate_action_ids(props, self.s.new_id),
                hashtags=fields.get("hashtags") or "",
                file_ids=list(fields.get("file_ids") or []),
                pending_post_id=fields.get("pending_post_id") or "",
                remote_id=fields.get("remote_id"),
            )
            self.s.emit(catalog.ephemeral_message(post, target_user_id))
        return post
