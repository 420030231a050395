"""OAuth 2.0 service provider shapes: apps, token responses, the authorisation server metadata, and the
web error page the /oauth/ routes answer with.

Upstream: public/model/oauth.go (OAuthApp, Sanitize), public/model/access.go (AccessResponse),
public/model/oauth_metadata.go (GetDefaultMetadata), channels/utils/api.go (RenderWebError).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from typing import Any
from urllib.parse import urlencode

from mockmost.store.entities import OAuthApp


def oauth_app(a: OAuthApp, sanitize: bool = False) -> dict[str, Any]:
    """Sanitize() empties the secret (app info, the apps a user authorised)."""
    out: dict[str, Any] = {
        "id": a.id,
        "creator_id": a.creator_id,
        "create_at": a.create_at,
        "update_at": a.update_at,
        "client_secret": "" if sanitize else a.client_secret,
        "name": a.name,
        "description": a.description,
        "icon_url": a.icon_url,
        "callback_urls": list(a.callback_urls),
        "homepage": a.homepage,
        "is_trusted": a.is_trusted,
        "mattermost_app_id": a.mattermost_app_id,
    }
    if a.is_dynamically_registered:  # omitempty
        out["is_dynamically_registered"] = True
    return out


def access_response(fields: dict[str, Any]) -> dict[str, Any]:
    """model.AccessResponse: audience is omitempty."""
    out = {k: fields[k] for k in ("access_token", "token_type", "expires_in", "scope", "refresh_token")}
    out["id_token"] = fields.get("id_token", "")
    if fields.get("audience"):
        out["audience"] = fields["audience"]
    return out


def registration_response(a: OAuthApp) -> dict[str, Any]:
    """OAuthApp.ToClientRegistrationResponse (RFC 7591)."""
    out: dict[str, Any] = {"client_id": a.id}
    if not a.is_public_client:
        out["client_secret"] = a.client_secret
    out.update(
        {
            "redirect_uris": list(a.callback_urls),
            "token_endpoint_auth_method": "none" if a.is_public_client else "client_secret_post",
            "grant_types": ["authorization_code", "refresh_token"],
            "response_types": ["code"],
            "scope": "user",
        }
    )
    if a.name:
        out["client_name"] = a.name
    if a.homepage:
        out["client_uri"] = a.homepage
    return out


def server_metadata(site_url: str, registration: bool) -> dict[str, Any]:
    """model.GetDefaultMetadata, with registration_endpoint when dynamic client registration is on."""
    out: dict[str, Any] = {
        "issuer": site_url,
        "authorization_endpoint": f"{site_url}/oauth/authorize",
        "token_endpoint": f"{site_url}/oauth/access_token",
        "response_types_supported": ["code"],
        "scopes_supported": ["user"],
        "grant_types_supported": ["authorization_code", "refresh_token"],
        "token_endpoint_auth_methods_supported": ["client_secret_post"],
        "code_challenge_methods_supported": ["S256"],
    }
    if registration:
        out["registration_endpoint"] = f"{site_url}/api/v4/oauth/apps/register"
    return out


def _js_escape(s: str) -> str:
    """text/template JSEscapeString: quotes, backslash, <, >, &, = and control characters as escapes."""
    out = []
    for ch in s:
        if ch in "\\'\"":
            out.append("\\" + ch)
        elif ch in "<>&=" or ord(ch) < 0x20:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return "".join(out)


def _html_escape(s: str) -> str:
    """text/template HTMLEscapeString: ' and " as numeric references."""
    return html.escape(s, quote=False).replace('"', "&#34;").replace("'", "&#39;")


def web_error_page(params: dict[str, str], salt: str) -> bytes:
    """utils.RenderWebError for a status outside 3xx: a page sending the browser to /error?<params>&s=<sig>.
    The signature is the server's ECDSA signature of the destination; this one is a stand-in (a browser
    client never checks it; a real server's changes on every request anyway)."""
    query = urlencode(sorted(params.items()))
    digest = hashlib.sha512(json.dumps([query, salt]).encode()).digest()[:52]
    destination = f"/error?{query}&s={base64.urlsafe_b64encode(digest).decode()}"
    esc = _html_escape(destination)
    lines = [
        "<!DOCTYPE html><html><head></head>",
        f"<body onload=\"window.location = '{_html_escape(_js_escape(destination))}'\">",
        f'<noscript><meta http-equiv="refresh" content="0; url={esc}"></noscript>',
        "<!-- web error message -->",
        f'<a href="{esc}" style="color: #c0c0c0;">...</a>',
        "</body></html>",
    ]
    return ("\n".join(lines) + "\n").encode()
