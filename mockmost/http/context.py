"""Ctx: one request as handlers see it. Accessors raise the real server's 400s."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import parse_qsl

from mockmost import gojson
from mockmost.errors import AppError, invalid_body_param, invalid_url_param, session_expired
from mockmost.ids import is_valid_id
from mockmost.store.entities import Session, User

_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")

if TYPE_CHECKING:
    from mockmost.settings import Settings
    from mockmost.state import AppState
    from mockmost.store import Store

T = TypeVar("T")


class Ctx:
    """One request. `session` is typed `Session`: on routes that require a session (the default) the
    dispatcher has answered 401 before the handler runs, so handlers read it without checks. Public routes
    (auth=PUBLIC or TRUST) read `optional_session`, which is None for an anonymous caller; reading `session`
    there without one answers the real server's 401."""

    __slots__ = (
        "state",
        "store",
        "method",
        "path",
        "params",
        "headers",
        "body",
        "optional_session",
        "request_id",
        "_query",
        "query_string",
        "cookies",
        "scope",
        "response_headers",
        "token_location",
    )

    def __init__(
        self,
        state: AppState,
        scope: dict[str, Any],
        path: str,
        params: dict[str, str],
        headers: dict[str, str],
        cookies: dict[str, str],
        body: bytes,
        request_id: str,
    ) -> None:
        self.state = state
        self.store: Store = state.store
        self.scope = scope
        self.method: str = scope["method"]
        self.path = path
        self.params = params
        self.headers = headers
        self.cookies = cookies
        self.body = body
        self.request_id = request_id
        self.query_string: bytes = scope.get("query_string", b"")
        self._query: dict[str, str] | None = None
        self.optional_session: Session | None = None
        self.response_headers: list[tuple[bytes, bytes]] = []
        self.token_location = "none"

    @property
    def settings(self) -> Settings:
        return self.store.settings

    async def off_loop(self, work: Callable[..., T], *args: Any) -> T:
        """Run CPU-heavy pure work (image decoding and scaling) in a worker thread while the event loop
        serves other requests; an async handler awaits it, then writes the result through the store on
        the loop. `work` must not touch the store."""
        return await asyncio.get_running_loop().run_in_executor(None, partial(work, *args))

    # ---- query -------------------------------------------------------------------------------
    @property
    def query(self) -> dict[str, str]:
        if self._query is None:
            qs = self.query_string
            self._query = dict(parse_qsl(qs.decode("latin-1"), keep_blank_values=True)) if qs else {}
        return self._query

    def query_bool(self, name: str, default: bool = False) -> bool:
        value = self.query.get(name)
        if value is None or value == "":
            return default
        return value.lower() in ("true", "1")

    def query_int(self, name: str, default: int) -> int:
        try:
            return int(self.query.get(name, default))
        except ValueError:
            return default

    def paging(self, default_per_page: int = 60, max_per_page: int = 200) -> tuple[int, int]:
        """web/params.go: bad or negative page → 0, bad per_page → default, over max → max."""
        page = self.query_int("page", 0)
        per_page = self.query_int("per_page", default_per_page)
        if page < 0:
            page = 0
        if per_page < 0:
            per_page = default_per_page
        return page, min(per_page, max_per_page)

    # ---- path --------------------------------------------------------------------------------
    def path_id(self, name: str) -> str:
        value = self.params.get(name, "")
        if not is_valid_id(value):
            raise invalid_url_param(name)
        return value

    def user_id(self, name: str = "user_id") -> str:
        """RequireUserId: `me` becomes the session's user."""
        value = self.params.get(name, "")
        if value == "me" and self.optional_session is not None:
            return self.optional_session.user_id
        if not is_valid_id(value):
            raise invalid_url_param(name)
        return value

    # ---- body --------------------------------------------------------------------------------
    # Every body goes through gojson.decode: json.NewDecoder(r.Body).Decode, as the handlers upstream read it.
    def json(self, name: str) -> Any:
        """The body's first JSON value as a Go struct with lower-case JSON tags reads it (an object, or a list
        of objects: keys matched case-insensitively). An empty body reads as None (io.EOF)."""
        value = self.json_value(name)
        if isinstance(value, dict):
            return gojson.struct_view(value, self.body)
        if isinstance(value, list) and any(isinstance(item, dict) for item in value):
            return [gojson.struct_view(item) if isinstance(item, dict) else item for item in value]
        return value

    def json_value(self, name: str) -> Any:
        """The body's first JSON value, keys as sent; an empty body reads as None (io.EOF)."""
        try:
            return gojson.decode(self.body)
        except gojson.GoEOF:
            return None
        except ValueError:
            raise invalid_body_param(name) from None

    def json_object(self, name: str) -> dict[str, Any]:
        """A body decoded into a Go struct whose JSON tags are lower case: keys match case-insensitively."""
        value = self.json(name)
        if not isinstance(value, dict):
            raise invalid_body_param(name)
        return value

    def json_map(self, name: str) -> dict[str, Any]:
        """A body decoded into a Go map: keys kept as sent."""
        value = self.json_value(name)
        if not isinstance(value, dict):
            raise invalid_body_param(name)
        return value

    def string_map(self) -> dict[str, str]:
        """model.MapFromJSON: a body that is not a JSON object reads as {}; non-string values read as ""."""
        value = self._lenient()
        if not isinstance(value, dict):
            return {}
        return {str(k): v if isinstance(v, str) else "" for k, v in value.items()}

    def any_map(self) -> dict[str, Any]:
        """model.StringInterfaceFromJSON: a body that is not a JSON object reads as {}."""
        value = self._lenient()
        return value if isinstance(value, dict) else {}

    def _lenient(self) -> Any:
        try:
            return gojson.decode(self.body)
        except ValueError:
            return None

    def json_str_list(self) -> list[str]:
        """model.SortedArrayFromJSON and kin: a JSON array of strings, else api.payload.parse.error."""
        try:
            value = gojson.decode(self.body)
        except ValueError:
            raise AppError("api.payload.parse.error", 400) from None
        if value is None:
            return []  # a JSON null decodes to a nil slice, which handlers then find empty
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise AppError("api.payload.parse.error", 400)
        return value

    def form(self) -> dict[str, str]:
        """r.ParseForm then r.FormValue: a url-encoded body's values before the query string's, the first of
        each name. A malformed query or body (a bad %-escape, a ';') raises ValueError, as ParseForm fails."""
        values: dict[str, str] = {}
        ctype = self.headers.get("content-type", "").split(";")[0].strip().lower()
        sources = [self.query_string]
        if self.method in ("POST", "PUT", "PATCH") and ctype == "application/x-www-form-urlencoded":
            sources.insert(0, self.body)
        for source in sources:
            text = source.decode("latin-1")
            if ";" in text or _BAD_ESCAPE.search(text):
                raise ValueError("malformed form")
            for name, value in parse_qsl(text, keep_blank_values=True, encoding="latin-1"):
                utf8 = (name.encode("latin-1").decode("utf-8", "replace"), value.encode("latin-1"))
                values.setdefault(utf8[0], utf8[1].decode("utf-8", "replace"))
        return values

    @property
    def request_uri(self) -> str:
        """r.RequestURI: the path and query as the client sent them."""
        raw_path = self.scope.get("raw_path") or self.path.encode()
        uri = raw_path.decode("latin-1")
        return f"{uri}?{self.query_string.decode('latin-1')}" if self.query_string else uri

    def client_ip(self) -> str:
        """utils.GetIPAddress: the first X-Forwarded-For entry, then X-Real-IP, then the peer's address."""
        forwarded = self.headers.get("x-forwarded-for", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
        if self.headers.get("x-real-ip"):
            return self.headers["x-real-ip"].strip()
        client = self.scope.get("client")
        return str(client[0]) if client else ""

    def audit(self, extra_info: str) -> None:
        """web/context.go LogAudit: an Audits row for the caller (none for an anonymous one), its action the
        request path, written at this point of the handler."""
        session = self.optional_session
        user_id, session_id = (session.user_id, session.id) if session is not None else ("", "")
        self.store.audits.record(user_id, self.path, extra_info, self.client_ip(), session_id)

    def audit_for(self, user_id: str, extra_info: str, session: Session | None = None) -> None:
        """web/context.go LogAuditWithUserId: the row names `user_id`; the session (the caller's, or the one a
        login has just made) is added to the text as session_user."""
        session = session or self.optional_session
        if session is not None and session.user_id:
            extra_info = f"{extra_info} session_user={session.user_id}".strip()
        self.store.audits.record(
            user_id, self.path, extra_info, self.client_ip(), session.id if session is not None else ""
        )

    @property
    def site_url(self) -> str:
        """ServiceSettings.SiteURL, else what the request came in on (web/context.go GetSiteURLHeader)."""
        configured = self.settings.get("ServiceSettings.SiteURL") or self.state.settings.site_url
        if configured:
            return str(configured).rstrip("/")
        proto = self.headers.get("x-forwarded-proto") or self.scope.get("scheme", "http")
        return f"{proto}://{self.headers.get('host', 'localhost')}"

    # ---- session -----------------------------------------------------------------------------
    @property
    def session(self) -> Session:
        if self.optional_session is None:
            raise session_expired()
        return self.optional_session

    @property
    def me(self) -> User:
        return self.store.users.get(self.session.user_id)

    def set_cookie(self, name: str, value: str, max_age: int, http_only: bool) -> None:
        parts = [f"{name}={value}", "Path=/", f"Max-Age={max_age}"]
        if http_only:
            parts.append("HttpOnly")
        parts.append("SameSite=Lax")
        self.response_headers.append((b"set-cookie", "; ".join(parts).encode()))
