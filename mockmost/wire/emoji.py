"""Custom emoji as JSON; custom emoji used by a post in its metadata. Upstream: server/public/model/emoji.go,
server/channels/app/post_metadata.go (getEmojiNamesForPost, getCustomEmojisForPost)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from mockmost.store.entities import Emoji, Post
from mockmost.wire.posts import METADATA_HOOKS

if TYPE_CHECKING:
    from mockmost.store import Store

_EMOJI_PATTERN = re.compile(r":([a-zA-Z0-9_+-]+):")  # model.EmojiPattern


def emoji(e: Emoji) -> dict[str, Any]:
    return {
        "id": e.id,
        "create_at": e.create_at,
        "update_at": e.update_at,
        "delete_at": e.delete_at,
        "creator_id": e.creator_id,
        "name": e.name,
    }


def _names_in(text: Any) -> list[str]:
    return _EMOJI_PATTERN.findall(text) if isinstance(text, str) else []


def _emoji_names(store: Store, post: Post) -> list[str]:
    names = _names_in(post.message)
    if post.has_reactions:
        names += [r.emoji_name for r in store.reactions.for_post(post.id)]
    attachments = post.props.get("attachments")
    for att in attachments if isinstance(attachments, list) else ():
        if not isinstance(att, dict):
            continue
        for key in ("title", "text", "pretext"):
            names += _names_in(att.get(key))
        for field in att.get("fields") or () if isinstance(att.get("fields"), list) else ():
            if isinstance(field, dict):
                names += _names_in(field.get("value"))
    return list(dict.fromkeys(names))


def _emojis_metadata(store: Store, post: Post, meta: dict[str, Any]) -> None:
    if not store.emoji_by_id or not store.settings.get("ServiceSettings.EnableCustomEmoji"):
        return
    found = [e for e in (store.emoji.find_by_name(n) for n in _emoji_names(store, post)) if e is not None]
    if found:
        meta["emojis"] = [emoji(e) for e in found]


METADATA_HOOKS.append(_emojis_metadata)
