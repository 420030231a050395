"""HTML pages the server writes outside the API: the web error page of a failed non-API request.

Upstream: server/channels/utils/api.go (RenderWebAppError, RenderWebError), web/handlers.go
(handleContextError: an error of a request that is no API, webhook or OAuth call, and has no X-Mobile-App
header, becomes this page).
"""

from __future__ import annotations

import base64
import html
import posixpath
import secrets
from urllib.parse import urlencode, urlsplit

_JS_ESCAPES = {
    "\\": "\\\\",
    "'": "\\'",
    '"': '\\"',
    "<": "\\u003C",
    ">": "\\u003E",
    "&": "\\u0026",
    "=": "\\u003D",
}


def _js_escape(s: str) -> str:
    """Go's template.JSEscapeString."""
    out = []
    for ch in s:
        if ch in _JS_ESCAPES:
            out.append(_JS_ESCAPES[ch])
        elif ch < " ":
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _html_escape(s: str) -> str:
    """Go's template.HTMLEscapeString (quotes as numeric references)."""
    return html.escape(s, quote=False).replace('"', "&#34;").replace("'", "&#39;").replace("\0", "\ufffd")


def error_page(message: str, site_url: str = "") -> bytes:
    """The page that sends a browser to /error?message=...&s=<signature>.

    The real server signs the path with its installation's ECDSA key (a fresh signature each time); mockmost
    has no such key and writes random bytes of a signature's length in its place."""
    subpath = urlsplit(site_url).path or "/"
    signature = base64.urlsafe_b64encode(secrets.token_bytes(71)).decode()
    destination = posixpath.join(subpath, "error") + "?" + urlencode({"message": message}) + "&s=" + signature
    return (
        "<!DOCTYPE html><html><head></head>\n"
        f"<body onload=\"window.location = '{_html_escape(_js_escape(destination))}'\">\n"
        f'<noscript><meta http-equiv="refresh" content="0; url={_html_escape(destination)}"></noscript>\n'
        "<!-- web error message -->\n"
        f'<a href="{_html_escape(destination)}" style="color: #c0c0c0;">...</a>\n'
        "</body></html>\n"
    ).encode()
