"""Reactions as JSON; reactions in post metadata. Upstream: server/public/model/reaction.go,
server/channels/app/post_metadata.go (getEmojisAndReactionsForPost)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.store.entities import Post, Reaction
from mockmost.wire.posts import METADATA_HOOKS

if TYPE_CHECKING:
    from mockmost.store import Store


def reaction(r: Reaction) -> dict[str, Any]:
    return {
        "user_id": r.user_id,
        "post_id": r.post_id,
        "emoji_name": r.emoji_name,
        "create_at": r.create_at,
        "update_at": r.update_at,
        "delete_at": r.delete_at,
        "remote_id": r.remote_id,
        "channel_id": r.channel_id,
    }


def reactions_or_null(rows: list[Reaction]) -> list[dict[str, Any]] | None:
    """GET /posts/{id}/reactions reads into a nil slice: no reactions encode as null."""
    return [reaction(r) for r in rows] or None


def _reactions_metadata(store: Store, post: Post, meta: dict[str, Any]) -> None:
    if not post.has_reactions:
        return
    rows = store.reactions.for_post(post.id)
    if rows:
        meta["reactions"] = [reaction(r) for r in rows]


METADATA_HOOKS.append(_reactions_metadata)
