"""FileInfo, upload responses, file lists, upload sessions as JSON; files in post metadata.

Upstream: server/public/model/file_info.go, model/file.go (FileUploadResponse), model/file_info_list.go,
model/upload_session.go, server/channels/app/post_metadata.go (getFileMetadataForPost).
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from mockmost.store.entities import FileInfo, Post, UploadSession
from mockmost.wire.posts import METADATA_HOOKS

if TYPE_CHECKING:
    from mockmost.store import Store


def file_info(f: FileInfo) -> dict[str, Any]:
    out: dict[str, Any] = {"id": f.id, "user_id": f.user_id}
    if f.post_id:
        out["post_id"] = f.post_id
    out.update(
        {
            "channel_id": f.channel_id,
            "create_at": f.create_at,
            "update_at": f.update_at,
            "delete_at": f.delete_at,
            "name": f.name,
            "extension": f.extension,
            "size": f.size,
            "mime_type": f.mime_type,
        }
    )
    if f.width:
        out["width"] = f.width
    if f.height:
        out["height"] = f.height
    if f.has_preview_image:
        out["has_preview_image"] = True
    # *[]byte encodes as base64 (encoding/json), or null when unset.
    out["mini_preview"] = base64.b64encode(f.mini_preview).decode() if f.mini_preview is not None else None
    out["remote_id"] = f.remote_id
    out["archived"] = f.archived
    return out


def file_upload_response(infos: Iterable[FileInfo], client_ids: list[str] | None) -> dict[str, Any]:
    return {"file_infos": [file_info(i) for i in infos], "client_ids": client_ids}


def file_info_list(infos: list[FileInfo]) -> dict[str, Any]:
    return {
        "order": [i.id for i in infos],
        "file_infos": {i.id: file_info(i) for i in infos},
        "next_file_info_id": "",
        "prev_file_info_id": "",
        "first_inaccessible_file_time": 0,
    }


def upload_session(us: UploadSession) -> dict[str, Any]:
    out: dict[str, Any] = {"id": us.id, "type": us.type, "create_at": us.create_at, "user_id": us.user_id}
    if us.channel_id:
        out["channel_id"] = us.channel_id
    out.update(
        {
            "filename": us.filename,
            "file_size": us.file_size,
            "file_offset": us.file_offset,
            "remote_id": us.remote_id,
            "req_file_id": us.req_file_id,
        }
    )
    return out


def _files_metadata(store: Store, post: Post, meta: dict[str, Any]) -> None:
    if not post.file_ids:
        return
    infos = store.files.for_post(post.id)
    if infos:
        meta["files"] = [file_info(i) for i in infos]


METADATA_HOOKS.append(_files_metadata)
