"""Drafts as JSON. Upstream: server/public/model/draft.go (field order and omitempty tags),
server/channels/app/draft.go (prepareDraftWithFileInfos, getFileInfosForDraft)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.store.entities import Draft
from mockmost.wire.files import file_info

if TYPE_CHECKING:
    from mockmost.store import Store


def _metadata(store: Store, d: Draft) -> dict[str, Any]:
    """The draft's files that are the owner's and attached to no post yet; `files` is left out when none."""
    files = []
    for fid in d.file_ids:
        info = store.file_by_id.get(fid)
        if info is not None and not info.delete_at and not info.post_id and info.user_id == d.user_id:
            files.append(file_info(info))
    return {"files": files} if files else {}


def draft(d: Draft, store: Store | None = None) -> dict[str, Any]:
    """With `store`, the metadata the app adds to answers and draft_created; without it, the stored row
    (draft_deleted). delete_at is always 0 (rows are hard deleted)."""
    out: dict[str, Any] = {
        "create_at": d.create_at,
        "update_at": d.update_at,
        "delete_at": 0,
        "user_id": d.user_id,
        "channel_id": d.channel_id,
        "root_id": d.root_id,
        "message": d.message,
        "props": d.props,
    }
    if d.file_ids:
        out["file_ids"] = d.file_ids
    if store is not None:
        out["metadata"] = _metadata(store, d)
    if d.priority:
        out["priority"] = d.priority
    return out


def drafts_or_null(store: Store, rows: list[Draft]) -> list[dict[str, Any]] | None:
    """GetDraftsForUser selects into a nil slice: no drafts encode as null."""
    return [draft(d, store) for d in rows] or None
