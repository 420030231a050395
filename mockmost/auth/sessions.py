"""Token → Session, with the real server's CSRF rule and 401s. Upstream: web/handlers.go, web/context.go."""

from __future__ import annotations

from typing import TYPE_CHECKING

from mockmost.auth.tokens import FoundToken
from mockmost.errors import AppError, session_expired
from mockmost.store.entities import Session

if TYPE_CHECKING:
    from mockmost.store import Store


def resolve(store: Store, found: FoundToken) -> Session | None:
    if not found.token:
        return None
    session = store.sessions.find_by_token(found.token)
    if session is None:
        return None
    user = store.users.find(session.user_id)
    if user is None or user.delete_at:
        return None
    return session


def require_session(
    store: Store, found: FoundToken, method: str, headers: dict[str, str], check_csrf: bool
) -> Session:
    if found.location == "none":
        raise session_expired()
    session = resolve(store, found)
    if session is None:
        raise session_expired()
    if found.location == "query" and not session.is_oauth:
        raise AppError("api.context.token_provided.app_error", 401)
    if found.location == "cookie" and check_csrf and method != "GET":
        csrf_ok = headers.get("x-csrf-token", "") == session.csrf
        lenient = not store.settings.get("ServiceSettings.ExperimentalStrictCSRFEnforcement")
        if not csrf_ok and not (lenient and headers.get("x-requested-with", "") == "XMLHttpRequest"):
            raise session_expired()
    return session
