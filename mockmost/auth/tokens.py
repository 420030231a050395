"""Where a request's token comes from. Upstream: app/authentication.go ParseAuthTokenFromRequest."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Location = Literal["cookie", "header", "query", "none"]


@dataclass(slots=True)
class FoundToken:
    token: str
    location: Location


def parse_cookies(header: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in header.split(";"):
        name, sep, value = part.strip().partition("=")
        if sep and name and name not in out:
            out[name] = value.strip().strip('"')
    return out


def find_token(headers: dict[str, str], cookies: dict[str, str], query: dict[str, str]) -> FoundToken:
    """Cookie first (a stale cookie beats a valid header), then Bearer/Token in any case, then
    access_token."""
    cookie = cookies.get("MMAUTHTOKEN")
    if cookie:
        return FoundToken(cookie, "cookie")
    auth = headers.get("authorization", "")
    lowered = auth[:6].lower()
    if len(auth) > 6 and lowered == "bearer":
        return FoundToken(auth[7:], "header")
    if len(auth) > 5 and lowered[:5] == "token":
        return FoundToken(auth[6:], "header")
    access = query.get("access_token")
    if access:
        return FoundToken(access, "query")
    return FoundToken("", "none")
