"""Resumable uploads: sessions, data in parts, completion into a FileInfo.

Upstream: server/channels/app/upload.go (CreateUploadSession, GetUploadSession, UploadData,
genFileInfoFromReader), server/public/model/upload_session.go (IsValid).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.errors import AppError, invalid_body_param
from mockmost.ids import is_valid_id
from mockmost.images import Rendered
from mockmost.store.entities import FileInfo, UploadSession
from mockmost.store.files import (
    MAX_IMAGE_RESOLUTION,
    PendingFile,
    go_base,
    image_size,
    new_info,
    render_pending,
)

if TYPE_CHECKING:
    from mockmost.store import Store

MIN_FIRST_PART_SIZE = 5 * 1024 * 1024  # app/upload.go minFirstPartSize
UPLOAD_TYPES = ("attachment", "import")


_INVALID = {
    "type": "Invalid value for Type",
    "user_id": "Invalid Value for UserId",
    "channel_id": "Invalid value for ChannelId.",
    "filename": "Invalid value for Filename",
    "file_size": "Invalid value for FileSize",
}


def _invalid(field: str, upload_id: str) -> AppError:
    return AppError(
        f"model.upload_session.is_valid.{field}.app_error",
        400,
        message=_INVALID[field],
        detailed_error=f"id={upload_id}",
    )


def _go_base(path: str) -> str:
    """Go's filepath.Base: the last element; "." for an empty path (an upload without filename, observed)."""
    if not path:
        return "."
    path = path.rstrip("/")
    return path.rsplit("/", 1)[-1] if path else "/"


def parse_session(body: Any) -> dict[str, Any]:
    """json.Decode into model.UploadSession: a wrong JSON type for a known field fails the decode."""
    if not isinstance(body, dict):
        raise invalid_body_param("upload")
    types = {
        "id": str,
        "type": str,
        "user_id": str,
        "channel_id": str,
        "filename": str,
        "remote_id": str,
        "req_file_id": str,
        "create_at": int,
        "file_size": int,
        "file_offset": int,
    }
    if not gojson.fields_fit(body, types):
        raise invalid_body_param("upload")
    return body


class Uploads:
    def __init__(self, store: Store) -> None:
        self.s = store

    def get(self, upload_id: str) -> UploadSession:
        us = self.s.upload_by_id.get(upload_id)
        if us is None:
            raise AppError("app.upload.get.app_error", 404, message="Failed to get upload.")
        return us

    def _validate(self, us: UploadSession) -> None:
        """model.UploadSession.IsValid, in upstream's order."""
        if us.type not in UPLOAD_TYPES:
            raise _invalid("type", us.id)
        if not is_valid_id(us.user_id) and us.user_id != "nouser":
            raise _invalid("user_id", us.id)
        if us.type == "attachment" and not is_valid_id(us.channel_id):
            raise _invalid("channel_id", us.id)
        if not us.filename:
            raise _invalid("filename", us.id)
        if us.file_size <= 0:
            raise _invalid("file_size", us.id)

    def create(self, user_id: str, fields: dict[str, Any]) -> UploadSession:
        """api4/upload.go createUpload after the permission check, then app CreateUploadSession."""
        us = UploadSession(
            id=self.s.new_id(),
            type=fields.get("type") or "attachment",
            create_at=self.s.now(),
            user_id=user_id,
            channel_id=fields.get("channel_id") or "",
            filename=_go_base(fields.get("filename") or ""),
            file_size=fields.get("file_size") or 0,
        )
        if us.file_size > self.s.settings.get("FileSettings.MaxFileSize"):
            raise AppError(
                "api.upload.create.upload_too_large.app_error",
                413,
                message="Unable to upload file. File is too large.",
            )
        self._validate(us)
        if us.type == "attachment":
            channel = self.s.channel_by_id.get(us.channel_id)
            if channel is None:
                raise AppError(
                    "app.upload.create.incorrect_channel_id.app_error",
                    400,
                    message=f"Unable to upload to the specified channel. Channel id {us.channel_id}.",
                )
            if channel.delete_at:
                raise AppError(
                    "app.upload.create.cannot_upload_to_deleted_channel.app_error",
                    400,
                    message="Unable to upload to a deleted channel.",
                )
        with self.s.write():
            self.s.upload_by_id[us.id] = us
        return us

    def upload_data(self, us: UploadSession, data: bytes) -> FileInfo | None:
        """app/upload.go UploadData: None while incomplete; the FileInfo once the last byte arrives. (The HTTP
        layer calls receive and commit itself, to make the image work of the last part off the loop.)"""
        pending = self.receive(us, data)
        return self.commit(us, data, pending, render_pending(pending) if pending is not None else None)

    def receive(self, us: UploadSession, data: bytes) -> PendingFile | None:
        """Every refusal of UploadData, nothing written; the file to make when this part completes it."""
        chunk = bytes(data[: us.file_size - us.file_offset])
        if us.file_offset == 0 and len(chunk) < MIN_FIRST_PART_SIZE and len(chunk) != us.file_size:
            raise AppError(
                "app.upload.upload_data.first_part_too_small.app_error",
                400,
                message=f"Failed to upload data. First part must be at least {MIN_FIRST_PART_SIZE} Bytes.",
            )
        if us.file_offset + len(chunk) != us.file_size:
            return None
        content = bytes(us.data) + chunk
        self._check_complete(us, content)
        return self.s.files.prepare(
            us.user_id, us.channel_id, us.filename, content, previews=False, file_id=us.req_file_id or None
        )

    def commit(
        self, us: UploadSession, data: bytes, pending: PendingFile | None, rendered: Rendered | None
    ) -> FileInfo | None:
        chunk = bytes(data[: us.file_size - us.file_offset])
        with self.s.write():
            us.data.extend(chunk)
            us.file_offset += len(chunk)
            if pending is None or rendered is None:
                return None
            info = self.s.files.save(pending, rendered)
            del self.s.upload_by_id[us.id]
        return info

    def _check_complete(self, us: UploadSession, content: bytes) -> None:
        """genFileInfoFromReader and the resolution check, before anything is written."""
        if not new_info(go_base(us.filename)).mime_type.startswith("image"):
            return
        found = image_size(content)
        if found is None:
            raise AppError(
                "app.upload.upload_data.gen_info.app_error",
                500,
                message="Failed to generate file info from uploaded data.",
            )
        if found[1] * found[2] > MAX_IMAGE_RESOLUTION:
            raise AppError(
                "app.upload.upload_data.large_image.app_error",
                400,
                message=f"{us.filename} dimensions ({found[1]} by {found[2]} pixels) exceed the limits.",
            )
