"""multipart/form-data read the way Go's mime/multipart does it (used by file uploads and custom emoji).

Upstream: Go's mime/multipart Reader (Part.FormName, Part.FileName) and mime.ParseMediaType, as called
from server/channels/api4/file.go parseMultipartRequestHeader. Anything malformed raises MultipartError,
never another exception, so handlers can turn it into the real server's 400.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from email.message import Message
from email.utils import collapse_rfc2231_value

__all__ = ["MultipartError", "Part", "boundary_of", "parse"]


class MultipartError(ValueError):
    """The body is not a well-formed multipart message."""


@dataclass(slots=True)
class Part:
    name: str  # FormName(): "" unless the disposition is form-data with a name
    filename: str  # FileName(): filepath.Base of the filename parameter, "" when absent
    headers: dict[str, str]
    data: bytes


def _header_params(header: str, value: str) -> Message:
    msg = Message()
    try:
        msg[header] = value
    except (ValueError, TypeError) as exc:
        raise MultipartError(str(exc)) from None
    return msg


def boundary_of(content_type: str) -> str | None:
    """The boundary, or None when the type is not multipart/form-data (http.ErrNotMultipart).

    Raises MultipartError when it is multipart/form-data without a boundary (http.ErrMissingBoundary).
    """
    if not content_type:
        return None
    msg = _header_params("content-type", content_type)
    if msg.get_content_type() != "multipart/form-data":
        return None
    boundary = msg.get_param("boundary")
    if not boundary or not isinstance(boundary, str):
        raise MultipartError("no multipart boundary param in Content-Type")
    return boundary


def _go_base(name: str) -> str:
    """Go's filepath.Base on Linux: last element, trailing slashes dropped, "" → "."."""
    if name == "":
        return "."
    stripped = name.rstrip("/")
    if stripped == "":
        return "/"
    return posixpath.basename(stripped)


def _disposition(value: str) -> tuple[str, str]:
    msg = _header_params("content-disposition", value)
    if (msg.get_content_disposition() or "") != "form-data":
        return "", ""
    raw_name = msg.get_param("name", header="content-disposition")
    name = collapse_rfc2231_value(raw_name) if raw_name else ""
    filename = msg.get_filename() or ""
    return str(name), _go_base(filename) if filename else ""


def _parse_headers(block: bytes) -> dict[str, str]:
    headers: dict[str, str] = {}
    for line in block.split(b"\r\n"):
        if not line:
            continue
        key, sep, value = line.partition(b":")
        if not sep or not key.strip():
            raise MultipartError("malformed MIME header line")
        try:
            headers[key.decode("latin-1").strip().lower()] = value.decode("utf-8").strip()
        except UnicodeDecodeError:
            headers[key.decode("latin-1").strip().lower()] = value.decode("latin-1").strip()
    return headers


def _first_delimiter(body: bytes, dash: bytes) -> int:
    """Offset just past the first delimiter line (a preamble before it is skipped, as Go does)."""
    pos = 0
    while True:
        found = body.find(dash, pos)
        if found < 0:
            raise MultipartError("multipart: NextPart: EOF")
        if found == 0 or body[found - 1 : found] == b"\n":
            return found + len(dash)
        pos = found + 1


def parse(body: bytes, boundary: str) -> list[Part]:
    """Every part in order; raises MultipartError on anything Go's reader would refuse."""
    dash = b"--" + boundary.encode("utf-8", "replace")
    delimiter = b"\r\n" + dash
    pos = _first_delimiter(body, dash)
    parts: list[Part] = []
    while True:
        if body[pos : pos + 2] == b"--":
            return parts
        line_end = body.find(b"\r\n", pos)
        if line_end < 0 or body[pos:line_end].strip(b" \t"):
            raise MultipartError("multipart: boundary line not followed by CRLF")
        head_end = body.find(b"\r\n\r\n", line_end)
        if head_end < 0:
            raise MultipartError("multipart: unexpected EOF in part headers")
        headers = _parse_headers(body[line_end + 2 : head_end])
        data_end = body.find(delimiter, head_end + 4)
        if data_end < 0:
            raise MultipartError("multipart: NextPart: unexpected EOF")
        name, filename = _disposition(headers.get("content-disposition", ""))
        parts.append(Part(name, filename, headers, body[head_end + 4 : data_end]))
        pos = data_end + len(delimiter)


def parse_form(content_type: str, body: bytes) -> list[Part]:
    """http.Request.ParseMultipartForm: the parts, or MultipartError when the body is not a multipart form
    (ErrNotMultipart included)."""
    boundary = boundary_of(content_type)
    if boundary is None:
        raise MultipartError("request Content-Type isn't multipart/form-data")
    return parse(body, boundary)


def form_files(parts: list[Part], name: str) -> list[bytes]:
    """MultipartForm.File[name]: the parts of that name that carry a filename."""
    return [p.data for p in parts if p.name == name and p.filename]
