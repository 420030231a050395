"""Indexed dispatch: route tables → index → handler. Unknown paths and methods answer the real server's 404,
as do the operations it does not route (kind `unrouted`: listed in the table, never indexed)."""

from __future__ import annotations

import asyncio
import inspect
import re
import traceback
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from mockmost.auth import sessions as auth_sessions
from mockmost.auth.tokens import find_token, parse_cookies
from mockmost.errors import AppError, internal_error, not_found_route
from mockmost.http.context import Ctx
from mockmost.http.replies import Reply, encode
from mockmost.journal import RequestRecord
from mockmost.operations import STATEFUL, UNROUTED, OperationInfo

if TYPE_CHECKING:
    from mockmost.state import AppState

SESSION = "session"  # APISessionRequired
SESSION_TRUST = "session_trust"  # APISessionRequiredTrustRequester: no CSRF check
PUBLIC = "public"  # APIHandler: a session is used when valid, never required
TRUST = "trust"  # APIHandlerTrustRequester

Handler = Callable[[Ctx], "Reply | Awaitable[Reply]"]
_ALNUM = re.compile(r"^[A-Za-z0-9]+$")
# Path parameters named *_id match [A-Za-z0-9]+ in the real router; these are wider ([A-Za-z0-9_-]+:
# default sidebar categories are "favorites_<user id>_<team id>"; plugin ids allow dots too).
_WIDE_ID_PARAMS = frozenset({"category_id", "plugin_id"})
# Other parameters the real router constrains (api4/api.go); a value outside answers its 404.
_PARAM_PATTERNS = {
    "username": re.compile(r"^[A-Za-z0-9_.-]+$"),
    "team_name": re.compile(r"^[A-Za-z0-9_-]+$"),
    "name": re.compile(r"^[A-Za-z0-9_-]+$"),  # /teams/name/{name}
    "category": re.compile(r"^[A-Za-z0-9_]+$"),  # preferences
    "preference_name": re.compile(r"^[A-Za-z0-9_]+$"),
}
_SLASHES = re.compile(r"/{2,}")


@dataclass(frozen=True, slots=True)
class Route:
    """One operation of the route table. The handler is named snake_case(operationId); `operation_id` is
    given only where the document's spelling is not the handler's name in CamelCase (`getPostsByIds`,
    `GetCELVisualAST`). `tag` is the document's first tag (set per module by `tagged`), `kind` what answers
    (operations.STATEFUL, ANSWERED or UNROUTED), `documented` False for routes the document leaves out."""

    method: str
    path: str
    handler: Handler
    auth: str = SESSION
    # Bytes, or a config key read at request time (file routes use "FileSettings.MaxFileSize").
    body_limit: int | str | None = None
    too_large_id: str = "api.context.request_body_too_large.app_error"
    too_large_status: int = 413
    operation_id: str = ""
    tag: str = ""
    kind: str = STATEFUL
    documented: bool = True

    def __post_init__(self) -> None:
        if not self.operation_id:
            object.__setattr__(self, "operation_id", _camel(self.handler.__name__))

    def info(self) -> OperationInfo:
        return OperationInfo(self.method, self.path, self.operation_id, self.tag, self.kind, self.documented)


def tagged(tag: str, routes: Iterable[Route]) -> list[Route]:
    """The routes of one module under the document's tag; a route that names its own tag keeps it."""
    return [route if route.tag else replace(route, tag=tag) for route in routes]


@dataclass(slots=True)
class _Pattern:
    segments: tuple[str, ...]
    # (position, name, what the value must match)
    params: tuple[tuple[int, str, re.Pattern[str] | None], ...]
    methods: dict[str, tuple[Route, bool]]  # method → (route, is_async)

    def match(self, parts: list[str]) -> dict[str, str] | None:
        for seg, part in zip(self.segments, parts, strict=True):
            if seg[0] != "{" and seg != part:
                return None
        values: dict[str, str] = {}
        for pos, name, pattern in self.params:
            value = parts[pos]
            if not value or (pattern is not None and not pattern.match(value)):
                return None
            values[name] = value
        return values


def _param_pattern(name: str) -> re.Pattern[str] | None:
    if name.endswith("_id") and name not in _WIDE_ID_PARAMS:
        return _ALNUM
    return _PARAM_PATTERNS.get(name)


def _bucket_key(parts: list[str]) -> tuple[int, str]:
    if len(parts) > 2 and parts[0] == "api":
        return len(parts), parts[2]
    return len(parts), parts[0] if parts else ""


_LOOKUP_CACHE_SIZE = 4096


class RouteIndex:
    def __init__(self) -> None:
        self._static: dict[str, _Pattern] = {}
        self._buckets: dict[tuple[int, str], list[_Pattern]] = {}
        # (method, path) → what lookup found for a templated path: a client asks the same few paths again
        # and again (/users/me, a channel's posts); bounded, emptied when full. Params are copied out.
        self._found: dict[tuple[str, str], tuple[Route, bool, dict[str, str]]] = {}

    def add(self, route: Route) -> bool:
        """Adds a route; False if that method and path are already taken."""
        parts = route.path.strip("/").split("/")
        segments = tuple(parts)
        pattern = self._find_pattern(segments)
        if pattern is None:
            params = tuple(
                (i, s[1:-1], _param_pattern(s[1:-1])) for i, s in enumerate(parts) if s.startswith("{")
            )
            pattern = _Pattern(segments, params, {})
            if not params:
                self._static["/" + "/".join(parts)] = pattern
            else:
                bucket = self._buckets.setdefault(_bucket_key(parts), [])
                bucket.append(pattern)
                bucket.sort(key=lambda p: tuple(1 if s.startswith("{") else 0 for s in p.segments))
        if route.method in pattern.methods:
            return False
        pattern.methods[route.method] = (route, inspect.iscoroutinefunction(route.handler))
        self._found.clear()
        return True

    def _find_pattern(self, segments: tuple[str, ...]) -> _Pattern | None:
        static = self._static.get("/" + "/".join(segments))
        if static is not None:
            return static
        for pattern in self._buckets.get(_bucket_key(list(segments)), []):
            if pattern.segments == segments:
                return pattern
        return None

    def lookup(self, method: str, path: str) -> tuple[Route, bool, dict[str, str]] | None:
        static = self._static.get(path.rstrip("/") or "/")
        if static is not None and method in static.methods:
            route, is_async = static.methods[method]
            return route, is_async, {}
        found = self._found.get((method, path))
        if found is not None:
            return found[0], found[1], dict(found[2])
        parts = path.strip("/").split("/")
        for pattern in self._buckets.get(_bucket_key(parts), ()):
            if method not in pattern.methods:
                continue
            values = pattern.match(parts)
            if values is not None:
                route, is_async = pattern.methods[method]
                if len(self._found) >= _LOOKUP_CACHE_SIZE:
                    self._found.clear()
                self._found[(method, path)] = (route, is_async, dict(values))
                return route, is_async, values
        return None

    def __len__(self) -> int:
        return sum(len(p.methods) for p in self._static.values()) + sum(
            len(p.methods) for b in self._buckets.values() for p in b
        )


class Dispatcher:
    """The ASGI app behind every /api/v4 and /hooks route."""

    def __init__(self, state: AppState, routes: list[Route]) -> None:
        self.state = state
        self._version_text = ""  # X-Version-Id, encoded once per version
        self._version_header = (b"x-version-id", b"")
        self.index = RouteIndex()
        for route in routes:
            # Operations the real server does not route answer its router's 404, as any unknown path does.
            if route.kind != UNROUTED and not self.index.add(route):
                raise ValueError(f"duplicate route {route.method} {route.path}")
        # (method, route path) → operationId, for the request journal and faults.
        self.operation_ids = {(r.method, r.path): r.operation_id for r in routes}

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        journal = self.state.journal
        journal.in_flight += 1  # the journal's readers wait for requests still being answered
        try:
            await self._handle(scope, receive, send)
        finally:
            journal.in_flight -= 1

    async def _handle(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        state = self.state
        request_id = state.store.new_id()
        method = scope["method"]
        path = scope["path"]
        if "//" in path:
            path = _SLASHES.sub("/", path)
        found = self.index.lookup(method, path)
        if found is None:
            reply = not_found_reply(path)
            await self._send(send, reply, "", method, standard=False)
            self._record(scope, method, path, "", "", None, b"", reply)
            return
        route, is_async, params = found
        raw_headers = scope["headers"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in raw_headers}
        ctx: Ctx | None = None
        body = b""
        try:
            service = state.store.settings.config["ServiceSettings"]
            if len(path) + len(scope.get("query_string", b"")) > service["MaximumURLLength"]:
                raise AppError("basic_security_check.url.too_long_error", 414, message="URL is too long.")
            if "content-length" in headers or "transfer-encoding" in headers:
                body = await self._read_body(receive, headers, route, service)
            cookie = headers.get("cookie")
            cookies = parse_cookies(cookie) if cookie else {}
            ctx = Ctx(state, scope, path, params, headers, cookies, body, request_id)
            try:
                self._authenticate(ctx, route)
            except AppError as err:
                err.from_authentication = True
                raise
            if state.faults.active:
                await self._inject(ctx, route)
            answer = route.handler(ctx)
            reply = answer if isinstance(answer, Reply) else await answer
        except AppError as err:
            if err.id == "api.context.404.app_error":  # a handler finding no route for these values
                reply = not_found_reply(path)
                await self._send(send, reply, "", method, standard=False)
                self._record(scope, method, path, route.path, self._op_id(route), ctx, body, reply)
                return
            reply = error_reply(err, request_id, state)
            # web/handlers.go: the cookie is cleared only when a token was presented and refused.
            if (
                err.status == 401
                and err.id == "api.context.session_expired.app_error"
                and err.from_authentication
                and ctx is not None
                and ctx.token_location != "none"
            ):
                reply.header("set-cookie", "MMAUTHTOKEN=; Path=/; Max-Age=0; HttpOnly")
            await self._send(send, reply, request_id, method)
            self._record(scope, method, path, route.path, self._op_id(route), ctx, body, reply)
            return
        except Exception as exc:  # noqa: BLE001 - every other exception is a recorded mockmost bug
            state.record_crash(f"{method} {path}", exc, traceback.format_exc())
            reply = error_reply(internal_error(), request_id, state)
            await self._send(send, reply, request_id, method)
            self._record(scope, method, path, route.path, self._op_id(route), ctx, body, reply)
            return
        reply.headers.extend(ctx.response_headers)
        if method == "GET" and reply.status == 200 and "if-none-match" in headers:
            reply = not_modified(reply, headers["if-none-match"])
        await self._send(send, reply, request_id, method)
        self._record(scope, method, path, route.path, self._op_id(route), ctx, body, reply)

    def _op_id(self, route: Route) -> str:
        return self.operation_ids.get((route.method, route.path), "")

    def _record(
        self,
        scope: dict[str, Any],
        method: str,
        path: str,
        route: str,
        operation_id: str,
        ctx: Ctx | None,
        body: bytes,
        reply: Reply,
    ) -> None:
        session = ctx.optional_session if ctx is not None else None
        self.state.journal.record(
            method,
            path,
            route,
            operation_id,
            session.user_id if session else "",
            reply.status,
            scope.get("query_string", b""),
            body,
            reply.body,
            self.state.clock.now_ms(),
        )

    async def _inject(self, ctx: Ctx, route: Route) -> None:
        """An injected delay, then an injected failure (faults.py), for the request about to be handled."""
        probe = RequestRecord(0, ctx.method, ctx.path, route.path, self._op_id(route), "", 0, "", b"", b"", 0)
        delay, failure = self.state.faults.for_request(probe)
        if delay:
            await asyncio.sleep(delay)
        if failure is not None:
            raise failure

    def _authenticate(self, ctx: Ctx, route: Route) -> None:
        found = find_token(ctx.headers, ctx.cookies, ctx.query if b"access_token" in ctx.query_string else {})
        ctx.token_location = found.location
        if route.auth in (SESSION, SESSION_TRUST):
            ctx.optional_session = auth_sessions.require_session(
                ctx.store, found, ctx.method, ctx.headers, check_csrf=route.auth == SESSION
            )
        elif found.location != "none":
            session = auth_sessions.resolve(ctx.store, found)
            if session is not None and found.location == "query" and not session.is_oauth:
                # web/handlers.go: a valid non-OAuth token in the query string is refused on every route.
                raise AppError("api.context.token_provided.app_error", 401)
            if (
                session is not None
                and found.location == "cookie"
                and route.auth == PUBLIC
                and ctx.method != "GET"
            ):
                # CSRF is checked before any handler that sees a cookie session, login included.
                session = auth_sessions.require_session(
                    ctx.store, found, ctx.method, ctx.headers, check_csrf=True
                )
            ctx.optional_session = session

    async def _read_body(
        self, receive: Any, headers: dict[str, str], route: Route, service: dict[str, Any]
    ) -> bytes:
        declared = headers.get("content-length")
        if declared is None and "transfer-encoding" not in headers:
            return b""  # HTTP/1.1: no length and no chunking is no body
        limit = route.body_limit
        if isinstance(limit, str):
            limit = int(self.state.store.settings.get(limit))
        elif limit is None:
            limit = service["MaximumPayloadSizeBytes"] + 512
        if declared and declared.isdigit() and int(declared) > limit:
            raise AppError(route.too_large_id, route.too_large_status)
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                raise AppError(route.too_large_id, route.too_large_status)
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        return b"".join(chunks)

    async def _send(
        self, send: Any, reply: Reply, request_id: str, method: str, standard: bool = True
    ) -> None:
        content_type = reply.content_type
        if content_type == "application/json":
            headers = [_JSON_TYPE, (b"content-length", b"%d" % len(reply.body))]
        elif content_type:
            headers = [(b"content-type", content_type.encode()), (b"content-length", b"%d" % len(reply.body))]
        else:
            headers = [(b"content-length", b"%d" % len(reply.body))]
        if standard:
            version = self.state.version_id
            if version != self._version_text:
                self._version_text, self._version_header = version, (b"x-version-id", version.encode())
            headers.append((b"x-request-id", request_id.encode()))
            headers.append(self._version_header)
            headers += _GET_HEADERS if method == "GET" else _STANDARD_HEADERS
        headers += reply.headers
        await send({"type": "http.response.start", "status": reply.status, "headers": headers})
        await send({"type": "http.response.body", "body": reply.body})


_JSON_TYPE = (b"content-type", b"application/json")
_STANDARD_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"permissions-policy", b""),
)
_GET_HEADERS = (*_STANDARD_HEADERS, (b"expires", b"0"))


def _camel(handler_name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in handler_name.split("_"))


def error_reply(err: AppError, request_id: str, state: AppState) -> Reply:
    # The real server wipes detailed_error of every AppError unless EnableDeveloper.
    if (
        not state.store.settings.get("ServiceSettings.EnableDeveloper")
        and err.id != "api.context.404.app_error"
    ):
        err.detailed_error = ""
    return Reply(err.status, encode(err.body(request_id)))


def not_modified(reply: Reply, wanted: str) -> Reply:
    """web/context.go HandleEtag: an If-None-Match equal to the route's ETag answers 304 with no body."""
    etag = next((v for k, v in reply.headers if k.lower() == b"etag"), None)
    if etag is None or etag.decode("latin-1") != wanted:
        return reply
    return Reply(304, b"", "", headers=[(b"etag", etag)])  # no Content-Type on a 304, as upstream


def not_found_reply(path: str) -> Reply:
    return Reply(404, encode(not_found_route(path).body("")))
