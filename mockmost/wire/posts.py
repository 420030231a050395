"""Posts and post lists as JSON. Upstream: model/post.go, model/post_list.go, app/post_metadata.go."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

from mockmost.store.entities import Post

if TYPE_CHECKING:
    from mockmost.store import Store

# Areas that add to post.metadata (files, reactions, ...) register a function here:
# (store, post, meta) -> None.
METADATA_HOOKS: list[Callable[[Store, Post, dict[str, Any]], None]] = []


def _strip_integrations(props: dict[str, Any]) -> dict[str, Any]:
    attachments = props.get("attachments")
    if not isinstance(attachments, list):
        return props
    out = dict(props)
    cleaned = []
    for att in attachments:
        if isinstance(att, dict) and isinstance(att.get("actions"), list):
            att = {
                **att,
                "actions": [
                    {k: v for k, v in a.items() if k != "integration"} if isinstance(a, dict) else a
                    for a in att["actions"]
                ],
            }
        cleaned.append(att)
    out["attachments"] = cleaned
    return out


def _fields(p: Post) -> dict[str, Any]:
    """The post's own columns as JSON, in the server's key order; reply_count and pending_post_id are filled
    in per read."""
    blanked = bool(p.delete_at)  # app/post_metadata.go PreparePostForClient, edit history rows too
    props = p.props
    if "attachments" in props:
        props = _strip_integrations(props)
    out: dict[str, Any] = {
        "id": p.id,
        "create_at": p.create_at,
        "update_at": p.update_at,
        "edit_at": p.edit_at,
        "delete_at": p.delete_at,
        "is_pinned": p.is_pinned,
        "user_id": p.user_id,
        "channel_id": p.channel_id,
        "root_id": p.root_id,
        "original_id": p.original_id,
        "message": "" if blanked else p.message,
        "type": p.type,
        "props": props,
        "hashtags": p.hashtags,
        "file_ids": None if p.file_ids is None else list(p.file_ids),
        "pending_post_id": "",
    }
    if p.has_reactions:
        out["has_reactions"] = True
    if p.remote_id is not None:
        out["remote_id"] = p.remote_id
    out["reply_count"] = 0
    # The Posts table has no LastReplyAt: plain reads give 0; collapsed-thread reads fill it from Threads
    # (wire.threads.add_collapsed_thread_fields).
    out["last_reply_at"] = 0
    out["participants"] = None
    return out


def _cached_fields(p: Post, store: Store) -> dict[str, Any]:
    """_fields, kept per post while nothing it reads has changed: the store replaces a post's attributes
    (never mutates its props or file_ids in place), so the scalars and the identity of those two objects
    (held by the entry, so never reused) notice every change."""
    key = (p.update_at, p.edit_at, p.delete_at, p.is_pinned, p.has_reactions, p.message)  # the rest is fixed
    hit = store.post_fields_cache.get(p.id)
    if hit is not None and hit[0] == key and hit[1] is p.props and hit[2] is p.file_ids:
        return hit[3]
    fields = _fields(p)
    store.post_fields_cache[p.id] = (key, p.props, p.file_ids, fields)
    return fields


def post(
    p: Post,
    store: Store | None = None,
    reply_count: int | None = None,
    with_metadata: bool = True,
    read: bool = False,
) -> dict[str, Any]:
    """`read`: the post as read back from the database, where pending_post_id is not stored (it is only
    echoed in the create response and the posted event). The hot path of every post list."""
    out = dict(_cached_fields(p, store) if store is not None else _fields(p))
    if not read:
        out["pending_post_id"] = p.pending_post_id
    if reply_count is None:
        reply_count = store.posts.reply_count(p) if store is not None else 0
    out["reply_count"] = reply_count
    if with_metadata:
        meta: dict[str, Any] = {}
        if store is not None and not p.delete_at:
            for hook in METADATA_HOOKS:
                hook(store, p, meta)
            if p.preview_post_id and "embeds" not in meta:  # message attachments embed first
                preview = _preview_post(store, p.preview_post_id)
                if preview is not None:
                    meta["embeds"] = [{"type": "permalink", "data": preview}]
        out["metadata"] = meta
    return out


def _preview_post(store: Store, post_id: str) -> dict[str, Any] | None:
    """model/permalink.go PreviewPost: the previewed post as read (with its own metadata), its team's name
    (none in a DM or GM) and its channel."""
    ref = store.post_by_id.get(post_id)
    channel = store.channel_by_id.get(ref.channel_id) if ref is not None else None
    if ref is None or ref.delete_at or channel is None:
        return None
    team = store.team_by_id.get(channel.team_id) if channel.type not in ("D", "G") else None
    return {
        "post_id": ref.id,
        "post": post(ref, store, read=True),
        "team_name": team.name if team is not None else "",
        "channel_display_name": channel.display_name,
        "channel_type": channel.type,
        "channel_id": channel.id,
    }


def post_list(
    store: Store,
    order: list[str],
    extra: Iterable[str] = (),
    next_post_id: str = "",
    prev_post_id: str = "",
    reply_counts: bool = True,
    has_next: bool | None = None,
) -> dict[str, Any]:
    posts: dict[str, Any] = {}
    for pid in [*order, *extra]:
        p = store.post_by_id[pid]
        posts[pid] = post(p, store, None if reply_counts else 0, read=True)
    out: dict[str, Any] = {
        "order": list(order),
        "posts": posts,
        "next_post_id": next_post_id,
        "prev_post_id": prev_post_id,
    }
    if has_next is not None:
        out["has_next"] = has_next
    out["first_inaccessible_post_time"] = 0
    return out


def post_list_json(
    encode: Callable[[Any], bytes],
    store: Store,
    order: list[str],
    extra: Iterable[str] = (),
    next_post_id: str = "",
    prev_post_id: str = "",
    reply_counts: bool = True,
) -> bytes:
    """encode(post_list(...)), byte for byte, for the channel's page (the hot read): each post's JSON is
    kept while its columns and reply count are unchanged and its metadata is certainly empty (no files, no
    reactions, no custom emoji in the store), so a page of unchanged posts is joined, not rebuilt."""
    cache = store.post_json_cache
    posts = store.post_by_id
    plain_store = not store.emoji_by_id
    parts: list[bytes] = []
    for pid in dict.fromkeys([*order, *extra]):
        p = posts[pid]
        count = store.posts.reply_count(p) if reply_counts else 0
        if not plain_store or p.file_ids or p.has_reactions:
            parts.append(encode(pid) + b":" + encode(post(p, store, count, read=True)))
            continue
        # what _cached_fields keys on, and the reply count; the entry holds props and file_ids (identity)
        key = (p.update_at, p.edit_at, p.delete_at, p.is_pinned, p.message, count)
        hit = cache.get(pid)
        if hit is None or hit[0] != key or hit[1] is not p.props or hit[2] is not p.file_ids:
            hit = cache[pid] = (
                key,
                p.props,
                p.file_ids,
                encode(pid) + b":" + encode(post(p, store, count, read=True)),
            )
        parts.append(hit[3])
    return b"".join(
        (
            b'{"order":',
            encode(list(order)),
            b',"posts":{',
            b",".join(parts),
            b'},"next_post_id":',
            encode(next_post_id),
            b',"prev_post_id":',
            encode(prev_post_id),
            b',"first_inaccessible_post_time":0}',
        )
    )


def channel_page_json(
    encode: Callable[[Any], bytes],
    store: Store,
    channel_id: str,
    page: int,
    per_page: int,
    skip_threads: bool,
) -> bytes:
    """GET /channels/{id}/posts without since/after/before/collapsedThreads/include_deleted: the page (with
    the threads of its replies unless skipFetchThreads), kept until the next write to the store (or a new
    config): the page is a function of the store's rows alone."""
    generation, config = store.generation, store.settings.config
    key = (channel_id, page, per_page, skip_threads)
    hit = store.post_page_cache.get(key)
    if hit is not None and hit[0] == generation and hit[1] is config:
        return hit[2]
    posts = store.posts
    result = posts.page(channel_id, page, per_page)
    extra = [] if skip_threads else posts.thread_extras(result.order)
    body = post_list_json(
        encode,
        store,
        result.order,
        extra,
        result.next_post_id,
        result.prev_post_id,
        reply_counts=skip_threads,
    )
    cache = store.post_page_cache
    if len(cache) >= 256 or any(entry[0] != generation for entry in cache.values()):
        cache.clear()
    cache[key] = (generation, config, body)
    return body
