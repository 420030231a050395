"""Uploads: resumable upload sessions. Upstream: server/channels/api4/upload.go (createUpload, getUpload,
uploadData, doUploadData)."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError
from mockmost.http import multipart
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, no_content, ok
from mockmost.store.entities import UploadSession
from mockmost.store.files import render_pending
from mockmost.store.uploads import parse_session

FILE_LIMIT = "FileSettings.MaxFileSize"


def _attachments_enabled(ctx: Ctx, where: str) -> None:
    if not ctx.settings.get("FileSettings.EnableFileAttachments"):
        raise AppError(
            "api.file.attachments.disabled.app_error",
            501,
            message="File attachments have been disabled on this server.",
            detailed_error=where,
        )


def _can_upload_to(ctx: Ctx, channel_id: str) -> bool:
    channel = ctx.store.channels.find(channel_id) if channel_id else None
    return channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "upload_file")


def create_upload(ctx: Ctx) -> Reply:
    _attachments_enabled(ctx, "createUpload")
    body = ctx.json("upload")
    fields = parse_session({} if body is None and ctx.body.strip() else body)  # JSON null decodes to zero
    if fields.get("type") == "import":
        perms.require_system(ctx.store, ctx.session, "manage_system")
    else:
        perms.require(_can_upload_to(ctx, fields.get("channel_id") or ""))
        fields = {**fields, "type": "attachment"}
    us = ctx.store.uploads.create(ctx.session.user_id, fields)
    return created(wire.upload_session(us))


def get_upload(ctx: Ctx) -> Reply:
    us = ctx.store.uploads.get(ctx.path_id("upload_id"))
    if us.user_id != ctx.session.user_id and not perms.is_system_admin(ctx.session):
        raise AppError("api.upload.get_upload.forbidden.app_error", 403, message="Failed to get upload.")
    return ok(wire.upload_session(us))


def _request_data(ctx: Ctx, us: UploadSession) -> bytes:
    """doUploadData: the first part of a multipart body, or the raw body (not past the declared size)."""
    try:
        boundary = multipart.boundary_of(ctx.headers.get("content-type", ""))
    except multipart.MultipartError as exc:
        raise AppError(
            "api.upload.upload_data.invalid_content_type",
            400,
            message="Invalid Content-Type for multipart upload.",
            detailed_error=str(exc),
        ) from None
    if boundary is not None:
        try:
            parts = multipart.parse(ctx.body, boundary)
        except multipart.MultipartError as exc:
            parts, detail = [], str(exc)
        else:
            detail = "multipart: NextPart: EOF"
        if not parts:
            raise AppError(
                "api.upload.upload_data.multipart_error",
                400,
                message="Failed to process multipart data.",
                detailed_error=detail,
            )
        return parts[0].data
    if len(ctx.body) > us.file_size - us.file_offset:
        raise AppError(
            "api.upload.upload_data.invalid_content_length", 400, message="Invalid Content-Length."
        )
    return ctx.body


async def upload_data(ctx: Ctx) -> Reply:
    _attachments_enabled(ctx, "uploadData")
    us = ctx.store.uploads.get(ctx.path_id("upload_id"))
    if us.type == "import":
        perms.require_system(ctx.store, ctx.session, "manage_system")
    else:
        perms.require(us.user_id == ctx.session.user_id and _can_upload_to(ctx, us.channel_id))
    data = _request_data(ctx, us)
    pending = ctx.store.uploads.receive(us, data)
    rendered = await ctx.off_loop(render_pending, pending) if pending is not None else None
    info = ctx.store.uploads.commit(us, data, pending, rendered)
    return no_content() if info is None else ok(wire.file_info(info))


ROUTES = [
    Route("POST", "/api/v4/uploads", create_upload, body_limit=FILE_LIMIT),
    Route("GET", "/api/v4/uploads/{upload_id}", get_upload),
    Route("POST", "/api/v4/uploads/{upload_id}", upload_data, body_limit=FILE_LIMIT),
]
