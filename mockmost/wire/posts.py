"""Posts and post lists as JSON. Upstream: model/post.go, model/post_list.go, app/post_metadata.go."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from mockmost.store.entities import Post

if TYPE_CHECKING:
    from mockmost.store import Store

# Areas that add to post.metadata (files, reactions, ...) register a function here: (store, post, meta) -> None.
METADATA_HOOKS: list[Callable[[Store, Post, dict[str, Any]], None]] = []


def _strip_integrations(props: dict[str, Any]) -> dict[str, Any]:
    attachments = props.get("attachments")
    if not isinstance(attachments, list):
        return props
    out = dict(props)
    cleaned = []
    for att in attachments:
        if isinstance(att, dict) and isinstance(att.get("actions"), list):
            att = {**att, "actions": [{k: v for k, v in a.items() if k != "integration"} if isinstance(a, dict)
                                      else a for a in att["actions"]]}
        cleaned.append(att)
    out["attachments"] = cleaned
    return out


def post(p: Post, store: Store | None = None, reply_count: int | None = None,
         with_metadata: bool = True, read: bool = False) -> dict[str, Any]:
    """`read`: the post as read back from the database, where pending_post_id is not stored (it is only
    echoed in the create response and the posted event). The hot path of every post list: keep it lean."""
    blanked = bool(p.delete_at) and not p.original_id
    if reply_count is None:
        reply_count = store.posts.reply_count(p) if store is not None else 0
    props = p.props
    if "attachments" in props:
        props = _strip_integrations(props)
    out: dict[str, Any] = {
        "id": p.id, "create_at": p.create_at, "update_at": p.update_at, "edit_at": p.edit_at,
        "delete_at": p.delete_at, "is_pinned": p.is_pinned, "user_id": p.user_id, "channel_id": p.channel_id,
        "root_id": p.root_id, "original_id": p.original_id, "message": "" if blanked else p.message,
        "type": p.type, "props": props, "hashtags": p.hashtags,
        "file_ids": list(p.file_ids), "pending_post_id": "" if read else p.pending_post_id,
    }
    if p.has_reactions:
        out["has_reactions"] = True
    if p.remote_id is not None:
        out["remote_id"] = p.remote_id
    out["reply_count"] = reply_count
    # The Posts table has no LastReplyAt: plain reads give 0; collapsed-thread reads fill it from Threads
    # (wire.threads.add_collapsed_thread_fields).
    out["last_reply_at"] = 0
    out["participants"] = None
    if with_metadata:
        meta: dict[str, Any] = {}
        if store is not None and not blanked:
            for hook in METADATA_HOOKS:
                hook(store, p, meta)
        out["metadata"] = meta
    return out


def post_list(store: Store, order: list[str], extra: Iterable[str] = (), next_post_id: str = "",
              prev_post_id: str = "", reply_counts: bool = True, has_next: bool | None = None) -> dict[str, Any]:
    posts: dict[str, Any] = {}
    for pid in [*order, *extra]:
        p = store.post_by_id[pid]
        posts[pid] = post(p, store, None if reply_counts else 0, read=True)
    out: dict[str, Any] = {"order": list(order), "posts": posts, "next_post_id": next_post_id,
                           "prev_post_id": prev_post_id}
    if has_next is not None:
        out["has_next"] = has_next
    out["first_inaccessible_post_time"] = 0
    return out
