"""Ephemeral posts: shown to one user over the WebSocket, never stored.
Upstream: api4/post.go createEphemeralPost, app/post.go SendEphemeralPost."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from mockmost.errors import invalid_body_param
from mockmost.events import catalog
from mockmost.store import attachments
from mockmost.store.entities import Channel, Post

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


# What the markdown parser leaves out of autolinks: code, and the targets of inline links and images.
_NOT_AUTOLINK = re.compile(r"```.*?```|`[^`]*`|!?\[[^\]]*\]\([^)]*\)", re.DOTALL)
_AUTOLINK = re.compile(r"(?<![\w/])(?:https?|ftp)://[^\s<>]+", re.IGNORECASE)
_PERMALINK_PATH = re.compile(r"^[0-9a-z_-]{1,64}/pl/[a-z0-9]{26}$")


def first_autolink(message: str) -> str:
    """app/post_metadata.go getFirstLinkAndImages, simplified: the first bare URL of the message outside code
    and [text](url) links, without the trailing punctuation the autolinker leaves out."""
    match = _AUTOLINK.search(_NOT_AUTOLINK.sub(" ", message))
    return match.group(0).rstrip(".,:;!?\"')*_~") if match else ""


def looks_like_a_permalink(url: str, site_url: str) -> bool:
    """app/post_metadata.go looksLikeAPermalink: {SiteURL}/{team}/pl/{post id}."""
    url = url.strip()
    if not site_url or not url.startswith(site_url):
        return False
    return bool(_PERMALINK_PATH.match(url[len(site_url) :].lstrip("/")))


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

    def preview_for(self, message: str, site_url: str, can_read: Callable[[Channel], bool]) -> str:
        """The post a message's permalink previews (getEmbedForPost, getLinkMetadataForPermalink): the first
        link is a permalink of this site to a live post, permalink previews are on, and the viewer may read
        the post's channel (SanitizePostMetadataForUser); "" otherwise."""
        if not self.s.settings.get("ServiceSettings.EnablePermalinkPreviews"):
            return ""
        link = first_autolink(message)
        if not looks_like_a_permalink(link, site_url):
            return ""
        post = self.s.post_by_id.get(link[-26:])
        channel = self.s.channel_by_id.get(post.channel_id) if post is not None else None
        if post is None or post.delete_at or channel is None or not can_read(channel):
            return ""
        return post.id

    def send(
        self,
        author_id: str,
        target_user_id: str,
        fields: dict[str, Any],
        site_url: str = "",
        can_read: Callable[[Channel], bool] | None = None,
    ) -> Post:
        """SendEphemeralPost: type system_ephemeral, an id and create_at now, action ids, the permalink
        preview the target user may see (`can_read`: their read access to a channel); nothing is stored and
        no channel or membership is checked."""
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
                # no file_ids sent: a nil list, null on the wire (observed on 11.2)
                file_ids=None if fields.get("file_ids") is None else list(fields["file_ids"]),  # type: ignore[arg-type]
                pending_post_id=fields.get("pending_post_id") or "",
                remote_id=fields.get("remote_id"),
            )
            if can_read is not None:
                post.preview_post_id = self.preview_for(post.message, site_url, can_read)
            self.s.emit(catalog.ephemeral_message(post, target_user_id))
        return post
