"""Files: upload (UploadFileX), read, attach, search; image facts from the header bytes.

Upstream: server/channels/app/file.go (UploadFileX, preprocessImage, postprocessImage, GetFileInfo,
GetFileInfosForPost, GeneratePublicLinkHash), server/public/model/file_info.go (NewInfo, IsImage),
server/channels/store/sqlstore/file_info_store.go (Get, GetForPost, Search).
"""

from __future__ import annotations

import base64
import hashlib
import mimetypes
import posixpath
import re
import struct
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockmost.errors import AppError
from mockmost.images import Rendered, render
from mockmost.store.entities import FileInfo

if TYPE_CHECKING:
    from mockmost.store import Store

# FileSettings.MaxImageResolution default (model/config.go): 7680 x 4320.
MAX_IMAGE_RESOLUTION = 33_177_600
# The 16x16 JPEG mini preview is made from the image (app/file.go); this fixed, valid grey one stands in
# for images whose header reads but whose pixels do not decode.
MINI_PREVIEW = bytes.fromhex(
    "ffd8ffdb0043" + "00" + "01" * 64 + "ffc0000b080010001001011100"
    "ffc40014000100000000000000000000000000000000ffc40014100100000000000000000000000000000000"
    "ffda0008010100003f0000ffd9"
)
# Go's mime.TypeByExtension built-in table (mime/type.go); it wins over the system table.
_GO_BUILTIN_TYPES = {
    ".avif": "image/avif",
    ".css": "text/css; charset=utf-8",
    ".gif": "image/gif",
    ".htm": "text/html; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".jpeg": "image/jpeg",
    ".jpg": "image/jpeg",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".mjs": "text/javascript; charset=utf-8",
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".wasm": "application/wasm",
    ".webp": "image/webp",
    ".xml": "text/xml; charset=utf-8",
}
_SYSTEM_TYPES = mimetypes.MimeTypes(filenames=())
_JPEG_SOF = frozenset(range(0xC0, 0xD0)) - {0xC4, 0xC8, 0xCC}
_SVG_SIZE = re.compile(rb"<svg\b[^>]*>", re.IGNORECASE | re.DOTALL)
_SVG_ATTR = re.compile(rb"\b(width|height)\s*=\s*[\"']\s*([0-9.]+)\s*(px)?\s*[\"']", re.IGNORECASE)


def go_base(name: str) -> str:
    """filepath.Base on Linux."""
    if name == "":
        return "."
    stripped = name.rstrip("/")
    return posixpath.basename(stripped) if stripped else "/"


def go_ext(name: str) -> str:
    """filepath.Ext: from the last dot of the last element (".bashrc" is all extension)."""
    dot = name.rfind(".")
    return name[dot:] if dot >= 0 and "/" not in name[dot:] else ""


def mime_type_for(extension: str) -> str:
    """mime.TypeByExtension: Go's table, then the system table, text types with charset=utf-8."""
    ext = extension.lower()
    if ext in _GO_BUILTIN_TYPES:
        return _GO_BUILTIN_TYPES[ext]
    found = _SYSTEM_TYPES.types_map[True].get(ext, "")
    if found.startswith("text/"):
        return found + "; charset=utf-8"
    return found


def new_info(name: str) -> FileInfo:
    """model.NewInfo: name, lowercase extension without its dot, MIME type from the extension."""
    extension = go_ext(name).lower()
    return FileInfo(
        id="",
        user_id="",
        channel_id="",
        name=name,
        extension=extension[1:] if extension else "",
        size=0,
        mime_type=mime_type_for(extension),
        create_at=0,
        update_at=0,
    )


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    pos = 2
    while pos + 4 <= len(data):
        if data[pos] != 0xFF:
            return None
        marker = data[pos + 1]
        if marker == 0xFF:
            pos += 1
            continue
        if marker in (0xD8, 0x01) or 0xD0 <= marker <= 0xD7:
            pos += 2
            continue
        length = struct.unpack(">H", data[pos + 2 : pos + 4])[0]
        if marker in _JPEG_SOF and pos + 9 <= len(data):
            height, width = struct.unpack(">HH", data[pos + 5 : pos + 9])
            return width, height
        pos += 2 + length
    return None


def _webp_size(data: bytes) -> tuple[int, int] | None:
    chunk = data[12:16]
    if chunk == b"VP8X" and len(data) >= 30:
        return int.from_bytes(data[24:27], "little") + 1, int.from_bytes(data[27:30], "little") + 1
    if chunk == b"VP8 " and len(data) >= 30 and data[23:26] == b"\x9d\x01\x2a":
        return (struct.unpack("<H", data[26:28])[0] & 0x3FFF, struct.unpack("<H", data[28:30])[0] & 0x3FFF)
    if chunk == b"VP8L" and len(data) >= 25 and data[20] == 0x2F:
        bits = int.from_bytes(data[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    return None


def image_size(data: bytes) -> tuple[str, int, int] | None:
    """(format, width, height) as image.DecodeConfig reads them, for PNG, JPEG, GIF, BMP and WebP."""
    try:
        if data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR":
            width, height = struct.unpack(">II", data[16:24])
            return "png", width, height
        if data[:6] in (b"GIF87a", b"GIF89a") and len(data) >= 10:
            width, height = struct.unpack("<HH", data[6:10])
            return "gif", width, height
        if data[:3] == b"\xff\xd8\xff":
            size = _jpeg_size(data)
            return ("jpeg", *size) if size else None
        if data[:2] == b"BM" and len(data) >= 26:
            width, height = struct.unpack("<ii", data[18:26])
            return "bmp", width, abs(height)
        if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
            size = _webp_size(data)
            return ("webp", *size) if size else None
    except struct.error:
        return None
    return None


def svg_size(data: bytes) -> tuple[int, int]:
    """imaging.ParseSVG: width and height attributes of the root element (0 when absent)."""
    root = _SVG_SIZE.search(data[:65536])
    sizes = {k.lower(): int(float(v)) for k, v, _ in _SVG_ATTR.findall(root.group(0))} if root else {}
    return sizes.get(b"width", 0), sizes.get(b"height", 0)


def has_thumbnail(info: FileInfo) -> bool:
    """Thumbnail and preview exist for decodable raster images (ThumbnailPath / PreviewPath set)."""
    return info.mime_type.startswith("image") and info.mime_type != "image/svg+xml" and info.width > 0


def _grams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)}


@dataclass(slots=True)
class PendingFile:
    """An upload checked and described from its header bytes, before any pixel is decoded."""

    info: FileInfo
    data: bytes
    mini: bool  # a mini preview is made (UploadFileX, not upload sessions)
    file_id: str | None = None


def render_pending(pending: PendingFile) -> Rendered:
    """The image work of an upload: pure and CPU-heavy, so the HTTP layer runs it off the event loop."""
    return render(pending.data, derived=has_thumbnail(pending.info), mini=pending.mini)


class Files:
    def __init__(self, store: Store) -> None:
        self.s = store
        self._salt = ""
        # Name trigram → file ids: the search reads the files whose names can hold every word (the rows
        # are checked afterwards, so ids of files gone since are harmless).
        self._by_gram: dict[str, set[str]] = {}

    @property
    def public_link_salt(self) -> str:
        """FileSettings.PublicLinkSalt: made on first use (taking no ids from the seeded source earlier)."""
        if not self._salt:
            self._salt = self.s.new_id() + self.s.new_id()
        return self._salt

    # ---- reads -------------------------------------------------------------------------------
    def find(self, file_id: str) -> FileInfo | None:
        info = self.s.file_by_id.get(file_id)
        return info if info is not None and not info.delete_at else None

    def get(self, file_id: str) -> FileInfo:
        """app/file.go GetFileInfo: deleted files are not found either."""
        info = self.find(file_id)
        if info is None:
            raise AppError(
                "app.file_info.get.app_error",
                404,
                message="Unable to get the file info.",
                detailed_error=f"file_id={file_id}",
            )
        return info

    def for_post(self, post_id: str, include_deleted: bool = False) -> list[FileInfo]:
        """sqlstore GetForPost: by create_at."""
        post = self.s.post_by_id.get(post_id)
        ids = (post.file_ids or ()) if post is not None else ()
        infos = [i for i in (self.s.file_by_id.get(f) for f in ids) if i is not None and i.post_id == post_id]
        if not include_deleted:
            infos = [i for i in infos if not i.delete_at]
        return sorted(infos, key=lambda i: (i.create_at, i.id))

    def public_link_hash(self, info: FileInfo) -> str:
        digest = hashlib.sha256(self.public_link_salt.encode() + info.id.encode()).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()

    # ---- upload ------------------------------------------------------------------------------
    def _image_facts(self, info: FileInfo, data: bytes, *, previews: bool) -> bool:
        """preprocessImage: dimensions, resolution limit, preview flag; True when a mini preview is due."""
        if info.mime_type == "image/svg+xml":
            info.width, info.height = svg_size(data)
            return False
        found = image_size(data)
        if found is None:
            return False
        kind, info.width, info.height = found
        if info.width * info.height > MAX_IMAGE_RESOLUTION:
            raise AppError(
                "api.file.upload_file.large_image_detailed.app_error",
                400,
                message=f"{info.name} dimensions ({info.width} by {info.height} pixels) exceed the limits.",
            )
        if previews:
            # A decodable GIF gets no preview flag (app/file.go preprocessImage) but still a mini preview.
            info.has_preview_image = info.mime_type != "image/gif"
        return previews

    def check_size(self, length: int) -> None:
        limit = self.s.settings.get("FileSettings.MaxFileSize")
        if length > limit:
            raise AppError(
                "api.file.upload_file.too_large_detailed.app_error",
                413,
                message=f"Unable to upload file. File is too large. Size: {length}, limit: {limit}.",
            )

    def prepare(
        self,
        user_id: str,
        channel_id: str,
        name: str,
        data: bytes,
        *,
        previews: bool = True,
        file_id: str | None = None,
    ) -> PendingFile:
        """app/file.go UploadFileX up to the image work (previews=False: app/upload.go
        genFileInfoFromReader): every refusal happens here, nothing is written."""
        self.check_size(len(data))
        info = new_info(go_base(name))
        info.user_id, info.channel_id, info.size, info.content = user_id, channel_id, len(data), bytes(data)
        info.remote_id = ""
        mini = info.mime_type.startswith("image") and self._image_facts(info, data, previews=previews)
        return PendingFile(info, info.content, mini, file_id)

    def save(self, pending: PendingFile, rendered: Rendered) -> FileInfo:
        """postprocessImage's results kept with the file, then the row written."""
        info = pending.info
        info.thumbnail, info.preview = rendered.thumbnail, rendered.preview
        if pending.mini:
            # a header mockmost can read but Pillow cannot decode gets the fixed grey mini preview
            info.mini_preview = rendered.mini_preview if rendered.decoded else MINI_PREVIEW
        with self.s.write():
            info.id = pending.file_id or self.s.new_id()
            info.create_at = info.update_at = self.s.now()
            self.s.file_by_id[info.id] = info
            for gram in _grams(info.name.lower()):
                self._by_gram.setdefault(gram, set()).add(info.id)
        return info

    def upload(
        self,
        user_id: str,
        channel_id: str,
        name: str,
        data: bytes,
        *,
        previews: bool = True,
        file_id: str | None = None,
    ) -> FileInfo:
        """prepare, render and save in one call, for callers off the event loop (tests, seeds)."""
        pending = self.prepare(user_id, channel_id, name, data, previews=previews, file_id=file_id)
        return self.save(pending, render_pending(pending))

    # ---- search ------------------------------------------------------------------------------
    def search(
        self,
        user_id: str,
        team_id: str,
        terms: str,
        *,
        is_or: bool = False,
        include_deleted_channels: bool = False,
    ) -> list[FileInfo]:
        """sqlstore FileInfoStore.Search: names matching the terms, in channels the user belongs to."""
        words, exts = _search_terms(terms)
        if not words and not exts:
            return []
        channels = self.s.channels.searchable(user_id, team_id, include_deleted_channels)
        found = []
        for info in self._candidates(words, is_or):
            if info.delete_at or info.channel_id not in channels:
                continue
            if exts and info.extension not in exts:
                continue
            if words and not _name_matches(info.name.lower(), words, is_or):
                continue
            found.append(info)
        found.sort(key=lambda i: (i.create_at, i.id), reverse=True)
        return found

    def _candidates(self, words: list[str], is_or: bool) -> list[FileInfo]:
        """Files whose names hold every trigram of the words (any word's for an OR search); all files when a
        word is shorter than a trigram."""
        if not words or any(len(w) < 3 for w in words):
            return list(self.s.file_by_id.values())
        ids: set[str] | None = None
        for word in words:
            sets = sorted((self._by_gram.get(g, set()) for g in _grams(word)), key=len)
            have = set(sets[0]).intersection(*sets[1:])
            if ids is None:
                ids = have
            else:
                ids = ids | have if is_or else ids & have
        files = self.s.file_by_id
        return [files[i] for i in ids or () if i in files]

    def purge_user(self, user_id: str) -> None:
        for file_id in [f.id for f in self.s.file_by_id.values() if f.user_id == user_id]:
            del self.s.file_by_id[file_id]


def _search_terms(terms: str) -> tuple[list[str], set[str]]:
    words: list[str] = []
    exts: set[str] = set()
    for raw in terms.lower().split():
        if raw.startswith("ext:"):
            if raw[4:]:
                exts.add(raw[4:].lstrip("."))
            continue
        if ":" in raw and raw.split(":", 1)[0] in ("from", "in", "on", "before", "after", "channel"):
            continue
        word = raw.strip("\"'").rstrip("*")
        if word:
            words.append(word)
    return words, exts


def _name_matches(name: str, words: list[str], is_or: bool) -> bool:
    hits = [w in name for w in words]
    return any(hits) if is_or else all(hits)
