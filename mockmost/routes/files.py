"""Files: upload (multipart or raw body), download, thumbnail, preview, info, public link, search.

Upstream: server/channels/api4/file.go, server/platform/shared/web/files.go (WriteFileResponse),
Go's net/http ServeContent (Last-Modified, Accept-Ranges, single byte ranges).
"""

from __future__ import annotations

from email.utils import formatdate
from typing import Any
from urllib.parse import quote

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_url_param
from mockmost.http import multipart
from mockmost.http.bodies import decode_search_parameter
from mockmost.http.context import Ctx
from mockmost.http.dispatch import PUBLIC, SESSION_TRUST, Route
from mockmost.http.replies import Reply, created, ok, raw
from mockmost.ids import is_valid_id
from mockmost.store.entities import FileInfo
from mockmost.store.files import has_thumbnail, render_pending
from mockmost.wire.web_pages import error_page

MAX_FORM_VALUE = 10 * 1024  # api4/file.go maxMultipartFormDataBytes
UNSAFE_TYPES = (
    "application/javascript",
    "application/ecmascript",
    "text/javascript",
    "text/ecmascript",
    "application/x-javascript",
    "text/html",
)
MEDIA_TYPES = (
    "image/jpeg",
    "image/png",
    "image/bmp",
    "image/gif",
    "image/tiff",
    "image/webp",
    "video/avi",
    "video/mpeg",
    "video/mp4",
    "audio/mpeg",
    "audio/wav",
)
_GO_TRUE = ("1", "t", "T", "TRUE", "true", "True")  # strconv.ParseBool
FILE_LIMIT = "FileSettings.MaxFileSize"


def _read_request_error(detail: str = "") -> AppError:
    return AppError(
        "api.file.upload_file.read_request.app_error",
        400,
        message="Unable to upload file(s). Error reading or parsing request data.",
        detailed_error=detail,
    )


def _require_channel_id(channel_id: str) -> str:
    if not is_valid_id(channel_id):
        raise invalid_url_param("channel_id")
    return channel_id


def _require_upload_permission(ctx: Ctx, channel_id: str) -> None:
    """SessionHasPermissionToChannel(upload_file): an unknown channel is a 403 for everyone."""
    channel = ctx.store.channels.find(channel_id)
    perms.require(channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "upload_file"))


# ---- upload ------------------------------------------------------------------------------------
async def upload_file(ctx: Ctx) -> Reply:
    if not ctx.settings.get("FileSettings.EnableFileAttachments"):
        raise AppError(
            "api.file.attachments.disabled.app_error",
            403,
            message="File attachments have been disabled on this server.",
        )
    if ctx.headers.get("content-length") == "0":
        raise _read_request_error("Content-Length should not be 0")
    try:
        boundary = multipart.boundary_of(ctx.headers.get("content-type", ""))
    except multipart.MultipartError as exc:
        raise _read_request_error(str(exc)) from None
    if boundary is None:
        return created(await _upload_simple(ctx))
    try:
        parts = multipart.parse(ctx.body, boundary)
    except multipart.MultipartError as exc:
        raise _read_request_error(str(exc)) from None
    return created(await _upload_multipart(ctx, parts))


async def _store_upload(ctx: Ctx, channel_id: str, name: str, data: bytes) -> FileInfo:
    """Checked on the loop, images made in a worker thread (postprocessImage), then written on the loop."""
    pending = ctx.store.files.prepare(ctx.session.user_id, channel_id, name, data)
    rendered = await ctx.off_loop(render_pending, pending)
    return ctx.store.files.save(pending, rendered)


async def _upload_simple(ctx: Ctx) -> dict[str, Any]:
    """uploadFileSimple: channel_id and filename in the query, the bytes as the body."""
    channel_id = _require_channel_id(ctx.query.get("channel_id", ""))
    filename = ctx.query.get("filename", "")
    if not filename:
        raise invalid_url_param("filename")
    _require_upload_permission(ctx, channel_id)
    client_id = ctx.query.get("client_id", "")
    info = await _store_upload(ctx, channel_id, filename, ctx.body)
    return wire.file_upload_response([info], [client_id] if client_id else None)


async def _upload_multipart(ctx: Ctx, parts: list[multipart.Part]) -> dict[str, Any]:
    """uploadFileMultipart: parts in order; a file before any channel_id falls back to the legacy reader."""
    channel_id = ctx.query.get("channel_id", "")
    seen_channel_field, expect_ids = False, True
    client_ids: list[str] = []
    infos: list[FileInfo] = []
    for part in parts:
        if not part.name:
            continue
        if not part.filename:
            value = part.data[:MAX_FORM_VALUE].decode("utf-8", "replace")
            if part.name == "channel_id":
                if channel_id and channel_id != value:
                    raise AppError(
                        "api.file.upload_file.multiple_channel_ids.app_error",
                        400,
                        message="Unable to upload file(s). Multiple conflicting channel_ids.",
                    )
                channel_id, seen_channel_field = value or channel_id, True
            elif part.name == "client_ids" and expect_ids:
                client_ids.append(value)
            else:
                raise invalid_body_param(part.name)
            continue
        if not channel_id and not seen_channel_field:
            return await _upload_legacy(ctx, parts)
        _require_upload_permission(ctx, _require_channel_id(channel_id))
        if not infos and not client_ids:
            expect_ids = False
        if expect_ids and len(infos) >= len(client_ids):
            raise invalid_body_param("client_ids")
        infos.append(await _store_upload(ctx, channel_id, part.filename, part.data))
    if expect_ids and len(client_ids) != len(infos):
        raise _incorrect_client_ids(len(client_ids), len(infos))
    return wire.file_upload_response(infos, client_ids[: len(infos)] if expect_ids else [])


def _incorrect_client_ids(ids: int, files: int) -> AppError:
    return AppError(
        "api.file.upload_file.incorrect_number_of_client_ids.app_error",
        400,
        message=f"Unable to upload file(s). Have {ids} client_ids for {files} files.",
    )


async def _upload_legacy(ctx: Ctx, parts: list[multipart.Part]) -> dict[str, Any]:
    """uploadFileMultipartLegacy: the whole form; only parts named `files` are uploaded."""
    values: dict[str, list[str]] = {}
    files = [p for p in parts if p.name == "files" and p.filename]
    for part in parts:
        if part.name and not part.filename:
            values.setdefault(part.name, []).append(part.data.decode("utf-8", "replace"))
    if not values.get("channel_id"):
        raise invalid_body_param("channel_id")
    channel_id = _require_channel_id(values["channel_id"][0])
    _require_upload_permission(ctx, channel_id)
    client_ids = values.get("client_ids", [])
    if client_ids and len(client_ids) != len(files):
        raise _incorrect_client_ids(len(client_ids), len(files))
    infos = [await _store_upload(ctx, channel_id, p.filename, p.data) for p in files]
    return wire.file_upload_response(infos, [c for c in client_ids if c])


# ---- reading -----------------------------------------------------------------------------------
def _readable_file(ctx: Ctx) -> FileInfo:
    """The uploader always; anyone else needs read_channel_content in the file's channel."""
    info = ctx.store.files.get(ctx.path_id("file_id"))
    if info.user_id != ctx.session.user_id:
        channel = ctx.store.channels.find(info.channel_id)
        perms.require(
            channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "read_channel_content")
        )
    return info


def _content_type(mime_type: str) -> str:
    if not mime_type:
        return "application/octet-stream"
    return "text/plain" if mime_type.startswith(UNSAFE_TYPES) else mime_type


def file_response(
    ctx: Ctx, name: str, mime_type: str, data: bytes, modified_ms: int, download: bool
) -> Reply:
    """web.WriteFileResponse + http.ServeContent."""
    content_type = _content_type(mime_type)
    attach = download or not content_type.startswith(MEDIA_TYPES)
    escaped = quote(name, safe="$&+:=@")
    disposition = "attachment" if attach else "inline"
    reply = _ranged(ctx, data, content_type)
    reply.header("cache-control", "private, max-age=86400")
    reply.header("content-disposition", f"{disposition};filename=\"{escaped}\"; filename*=UTF-8''{escaped}")
    reply.header("x-frame-options", "DENY")
    reply.header("content-security-policy", "Frame-ancestors 'none'")
    reply.header("accept-ranges", "bytes")
    reply.header("last-modified", formatdate(modified_ms // 1000, usegmt=True))
    return reply


def _ranged(ctx: Ctx, data: bytes, content_type: str) -> Reply:
    """One `bytes=a-b` range answers 206 (416 when it cannot be met); anything else the whole body."""
    spec = ctx.headers.get("range", "")
    if not spec.startswith("bytes=") or "," in spec:
        return raw(data, content_type)
    first, _, last = spec[6:].strip().partition("-")
    size = len(data)
    try:
        if first:
            start, end = int(first), min(int(last), size - 1) if last else size - 1
        else:
            start, end = max(0, size - int(last)), size - 1
    except ValueError:
        return raw(data, content_type)
    if start >= size or start > end or start < 0:
        return raw(b"invalid range: failed to overlap\n", "text/plain; charset=utf-8", 416).header(
            "content-range", f"bytes */{size}"
        )
    return raw(data[start : end + 1], content_type, 206).header(
        "content-range", f"bytes {start}-{end}/{size}"
    )


def _download(ctx: Ctx) -> bool:
    return ctx.query.get("download", "") in _GO_TRUE


def get_file(ctx: Ctx) -> Reply:
    info = _readable_file(ctx)
    return file_response(ctx, info.name, info.mime_type, info.content, info.update_at, _download(ctx))


def get_file_thumbnail(ctx: Ctx) -> Reply:
    """A JPEG 120 wide (or 100 high), aspect kept (imaging.GenerateThumbnail)."""
    info = _readable_file(ctx)
    if not has_thumbnail(info):
        raise AppError(
            "api.file.get_file_thumbnail.no_thumbnail.app_error",
            400,
            message="File doesn't have a thumbnail image.",
            detailed_error=f"file_id={info.id}",
        )
    data = info.thumbnail if info.thumbnail is not None else info.content
    return file_response(ctx, info.name, "image/jpeg", data, info.update_at, _download(ctx))


def get_file_preview(ctx: Ctx) -> Reply:
    """A JPEG at most 1920 wide (imaging.GeneratePreview)."""
    info = _readable_file(ctx)
    if not has_thumbnail(info):
        raise AppError(
            "api.file.get_file_preview.no_preview.app_error",
            400,
            message="File doesn't have a preview image.",
            detailed_error=f"file_id={info.id}",
        )
    data = info.preview if info.preview is not None else info.content
    return file_response(ctx, info.name, "image/jpeg", data, info.update_at, _download(ctx))


def get_file_info(ctx: Ctx) -> Reply:
    info = _readable_file(ctx)
    return ok(wire.file_info(info)).header("cache-control", "max-age=2592000, private")


def _public_links_enabled(ctx: Ctx) -> None:
    if not ctx.settings.get("FileSettings.EnablePublicLink"):
        raise AppError(
            "api.file.get_public_link.disabled.app_error", 403, message="Public links have been disabled."
        )


def _site_url(ctx: Ctx) -> str:
    scheme = ctx.headers.get("x-forwarded-proto") or ctx.scope.get("scheme", "http")
    return f"{scheme}://{ctx.headers.get('host', 'localhost')}"


def get_file_link(ctx: Ctx) -> Reply:
    ctx.path_id("file_id")
    _public_links_enabled(ctx)
    info = _readable_file(ctx)
    if not info.post_id:
        raise AppError(
            "api.file.get_public_link.no_post.app_error",
            400,
            message="Unable to get public link for "
            "file. File must be attached to a post that can be read by the current user.",
            detailed_error=f"file_id={info.id}",
        )
    link = f"{_site_url(ctx)}/files/{info.id}/public?h={ctx.store.files.public_link_hash(info)}"
    return ok({"link": link})


def get_file_public(ctx: Ctx) -> Reply:
    """Not an API path: its errors are the web error page, unless the client says it is the mobile app
    (web/handlers.go handleContextError). A bad hash renders the page twice, once in the handler and once
    for c.Err (api4/file.go getPublicFile)."""
    try:
        file_id = ctx.path_id("file_id")
        _public_links_enabled(ctx)
        info = ctx.store.files.get(file_id)
        if not ctx.query.get("h") or ctx.query["h"] != ctx.store.files.public_link_hash(info):
            raise AppError(
                "api.file.get_file.public_invalid.app_error",
                400,
                message="The public link does not appear to be valid.",
            )
    except AppError as err:
        if ctx.headers.get("x-mobile-app"):
            raise
        page = error_page(err.message, ctx.settings.site_url)
        if err.id == "api.file.get_file.public_invalid.app_error":
            page += error_page(err.message, ctx.settings.site_url)
        return raw(page, "text/html", err.status)
    return file_response(ctx, info.name, info.mime_type, info.content, info.update_at, False)


# ---- search ------------------------------------------------------------------------------------
def search_files(ctx: Ctx) -> Reply:
    """POST /teams/{team_id}/files/search (view_team) and POST /files/search (every team)."""
    team_id = ""
    if "team_id" in ctx.params:
        team_id = ctx.path_id("team_id")
        perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    params = decode_search_parameter(ctx, "api.post.search_files.invalid_body.app_error")
    found = ctx.store.files.search(
        ctx.session.user_id,
        team_id,
        params["terms"],
        is_or=bool(params.get("is_or_search")),
        include_deleted_channels=bool(params.get("include_deleted_channels")),
    )
    page, per_page = max(params.get("page") or 0, 0), params.get("per_page")
    per_page = 60 if per_page is None else max(per_page, 0)
    return ok(wire.file_info_list(found[page * per_page : (page + 1) * per_page])).header(
        "cache-control", "no-cache, no-store, must-revalidate"
    )


ROUTES = [
    Route(
        "POST",
        "/api/v4/files",
        upload_file,
        body_limit=FILE_LIMIT,
        too_large_id="api.file.upload_file.too_large_detailed.app_error",
    ),
    Route("GET", "/api/v4/files/{file_id}", get_file, auth=SESSION_TRUST),
    Route("GET", "/api/v4/files/{file_id}/thumbnail", get_file_thumbnail, auth=SESSION_TRUST),
    Route("GET", "/api/v4/files/{file_id}/preview", get_file_preview, auth=SESSION_TRUST),
    Route("GET", "/api/v4/files/{file_id}/link", get_file_link),
    Route("GET", "/api/v4/files/{file_id}/info", get_file_info),
    Route("GET", "/files/{file_id}/public", get_file_public, auth=PUBLIC),
    Route("POST", "/api/v4/teams/{team_id}/files/search", search_files, tag="teams"),
    Route("POST", "/api/v4/files/search", search_files),
]
