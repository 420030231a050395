"""The hub: connections by user, who receives which event, per-connection queues, seq and replay buffers.

Upstream: server/channels/app/platform/web_hub.go (Hub.Start: register, unregister, broadcast, the
inactive-connection reaper), web_conn.go (ShouldSendEvent, writePump, the dead queue), web_broadcast_hooks.go
(posted's per-recipient `mentions`, `followers`, `should_ack`), app/user.go sendUpdatedUserEvent.

The bus may publish from the server's event loop or from a test thread (fixture helpers). The audience is
resolved and rendered in the publishing thread right after the store commits, against the store current
at that moment (membership as the event was made); frames are appended to each connection's queue under
the hub lock, and the connection's writer task on the loop assigns `seq` when it writes, as writePump does.
Each event is rendered once per audience variant (plain, per-recipient extras, user_updated viewer).
Channel events go through every connection, each testing them against its user's channels as it last read
them (`Conn.channel_view`, WebConn.allChannelMembers): the current ones, but for the joins a team join
makes without telling the joiner's connections (`Event.quiet_joins`).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import socket
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockmost.events.catalog import Broadcast, Event
from mockmost.ws import render

if TYPE_CHECKING:
    from starlette.websockets import WebSocket

    from mockmost.events.bus import EventBus
    from mockmost.store import Store

SEND_QUEUE_SIZE = 256  # web_conn.go sendQueueSize: a full queue closes the connection
SEND_SLOW_WARN = SEND_QUEUE_SIZE * 50 // 100  # past this, non-critical events are dropped
# A connected socket's writer shares one Python loop with everything else, where upstream's writePump has a
# goroutine of its own: a burst published from a test thread can outrun it for a moment. Live sockets get
# room for such bursts; one that stops reading is dropped by the write deadline instead. A disconnected
# (resumable) connection keeps upstream's 256.
LIVE_QUEUE_SIZE = SEND_QUEUE_SIZE * 16
DEAD_QUEUE_SIZE = 128  # web_conn.go deadQueueSize: frames kept for resumption
INACTIVE_REAP_SECONDS = 300.0  # web_hub.go inactiveConnReaperInterval
WRITE_WAIT_SECONDS = 30.0  # web_conn.go writeWaitTime: a write stuck this long drops the socket
CHANNEL_VIEW_SECONDS = 30 * 60.0  # web_conn.go webConnMemberCacheTime: cached channel memberships expire
_DROPPABLE = frozenset({"typing", "status_change", "multiple_channels_viewed"})
_CLOSE = ("close",)


@dataclass(eq=False)
class Conn:
    """One WebConn: survives a dropped socket (inactive) so that a reconnect can resume it."""

    connection_id: str
    user_id: str = ""
    token: str = ""
    posted_ack: bool = False
    active: bool = True
    registered: bool = False
    seq: int = 0
    reuse_count: int = 0
    queue: deque[tuple[Any, ...]] = field(default_factory=deque)
    # (seq, queue item) of the events written, rendered again only when a reconnect replays them
    dead: deque[tuple[int, tuple[Any, ...]]] = field(default_factory=lambda: deque(maxlen=DEAD_QUEUE_SIZE))
    wake: asyncio.Event | None = None
    socket: WebSocket | None = None
    inactive_since: float = 0.0
    closing: bool = False
    writing_since: float = 0.0
    idle: bool = False  # the writer task waits for frames (nothing of this connection is being written)
    transport: Any = None
    # WebConn.allChannelMembers: the user's channels as this connection last read them (None: not read since
    # the last refresh), and when (time.monotonic()).
    channel_view: frozenset[str] | None = None
    channel_view_at: float = 0.0


class Hub:
    def __init__(
        self, bus: EventBus, current_store: Callable[[], Store], version_id: Callable[[], str]
    ) -> None:
        """`current_store` and `version_id` are read at delivery time: reset swaps the store, a config change
        the version."""
        self.current_store = current_store
        self.version_id = version_id
        self.lock = threading.Lock()
        self.by_id: dict[str, Conn] = {}
        self.by_user: dict[str, dict[str, Conn]] = {}
        self.loop: asyncio.AbstractEventLoop | None = None
        self.loop_thread = 0
        self.hostname = socket.gethostname()
        bus.subscribe(self.on_events)

    # ---- registration -----------------------------------------------------------------------
    def attach_loop(self) -> None:
        if self.loop is None:
            self.loop = asyncio.get_running_loop()
            self.loop_thread = threading.get_ident()
            self.loop.call_later(1.0, self._write_deadlines)

    def _write_deadlines(self) -> None:
        """The write deadline of writeMessageBuf: a peer that stops reading is dropped, not waited on."""
        now = time.monotonic()
        with self.lock:
            stuck = [
                c.socket
                for c in self.by_id.values()
                if c.socket is not None and c.writing_since and now - c.writing_since > WRITE_WAIT_SECONDS
            ]
        for ws in stuck:
            asyncio.ensure_future(abort(ws))
        if self.loop is not None and not self.loop.is_closed():
            self.loop.call_later(1.0, self._write_deadlines)

    def register(self, conn: Conn, send_hello: bool) -> None:
        """Hub.Register: index the connection; a fresh one (reuse count 0) gets `hello` first."""
        with self.lock:
            conn.active, conn.registered = True, True
            self.by_id[conn.connection_id] = conn
            self.by_user.setdefault(conn.user_id, {})[conn.connection_id] = conn
            if send_hello:
                conn.queue.append(_item(self.hello(conn), "hello"))
        self._wake([conn])

    def hello(self, conn: Conn) -> tuple[str, str]:
        """web_conn.go createHelloMessage: server_version is CurrentVersion.BuildNumber.ConfigHash.IsEE."""
        data = {
            "connection_id": conn.connection_id,
            "server_hostname": self.hostname,
            "server_version": self.version_id(),
        }
        return render.encoded("hello", data, Broadcast(user_id=conn.user_id))

    def take_inactive(self, user_id: str, connection_id: str) -> Conn | None:
        """hubConnectionIndex.RemoveInactiveByConnectionID: only the same user's dropped connection."""
        with self.lock:
            conn = self.by_id.get(connection_id)
            if conn is None or conn.active or conn.user_id != user_id or not user_id:
                return None
            self._remove(conn)
            return conn

    def unregister(self, conn: Conn) -> bool:
        """Hub.Unregister: the connection stays indexed but inactive; True when the user has no active one."""
        with self.lock:
            conn.active = False
            conn.socket = None
            conn.inactive_since = time.monotonic()
            if not conn.registered:
                return False
            others = self.by_user.get(conn.user_id, {})
            all_inactive = not any(c.active for c in others.values())
        if self.loop is not None and conn.registered:
            self.loop.call_later(INACTIVE_REAP_SECONDS, self._reap, conn)
        return all_inactive

    def _reap(self, conn: Conn) -> None:
        with self.lock:
            if not conn.active and time.monotonic() - conn.inactive_since >= INACTIVE_REAP_SECONDS - 1:
                self._remove(conn)

    def _remove(self, conn: Conn) -> None:
        if self.by_id.get(conn.connection_id) is conn:
            del self.by_id[conn.connection_id]
        users = self.by_user.get(conn.user_id)
        if users is not None and users.get(conn.connection_id) is conn:
            del users[conn.connection_id]
            if not users:
                del self.by_user[conn.user_id]
        conn.registered = False

    def rename(self, conn: Conn, new_id: str) -> None:
        with self.lock:
            registered = conn.registered
            if registered:
                self._remove(conn)
            conn.connection_id = new_id
            if registered:
                conn.registered = True
                self.by_id[new_id] = conn
                self.by_user.setdefault(conn.user_id, {})[new_id] = conn

    def on_reset(self, store: Store) -> None:
        """A new world: every connection of the old one is closed (its tokens no longer exist)."""
        with self.lock:
            conns = list(self.by_id.values())
            self.by_id.clear()
            self.by_user.clear()
            for conn in conns:
                conn.registered = False
                conn.queue.clear()
                conn.closing = True
                conn.queue.append(_CLOSE)
        self._wake(conns)

    def drop(self, user_id: str | None = None) -> int:
        """Drop sockets as a network failure would (no close frame); their connections stay resumable."""
        with self.lock:
            sockets = [
                c.socket
                for c in self.by_id.values()
                if c.socket is not None and (user_id is None or c.user_id == user_id)
            ]
        if self.loop is not None and sockets:
            for ws in sockets:
                asyncio.run_coroutine_threadsafe(abort(ws), self.loop)
        return len(sockets)

    def active_count(self, user_id: str) -> int:
        with self.lock:
            return sum(1 for c in self.by_user.get(user_id, {}).values() if c.active)

    # ---- direct messages (responses) --------------------------------------------------------
    def send_response(self, conn: Conn, text: str) -> None:
        """Hub.SendMessage: dropped unless the connection is registered (unauthenticated: nothing)."""
        with self.lock:
            if not conn.registered:
                return
            if len(conn.queue) >= _cap(conn):
                self._overflow(conn)
            else:
                conn.queue.append(("r", text))
        self._wake([conn])

    def _overflow(self, conn: Conn) -> None:
        """closeAndRemoveConn: the queue is closed (the writer sends what it holds, then a close frame)."""
        self._remove(conn)
        conn.closing = True
        conn.queue.append(_CLOSE)

    # ---- broadcast ------------------------------------------------------------------------------
    def on_events(self, events: list[Event]) -> None:
        if not self.by_id:
            return
        store = self.current_store()
        woken: dict[int, Conn] = {}
        with store.lock, self.lock:
            for event in events:
                for name, broadcast, viewer in _expand(event):
                    self._deliver(store, event, name, broadcast, viewer, woken)
        self._wake(list(woken.values()))

    def _deliver(
        self, store: Store, event: Event, name: str, b: Broadcast, viewer: str, woken: dict[int, Conn]
    ) -> None:
        base: tuple[Any, ...] | None = None
        variants: dict[Any, tuple[Any, ...]] = {}
        admins: dict[str, bool] = {}
        now = store.now()
        poster = _poster(event)
        subject = _subject(event, name)
        channel_scoped = bool(b.channel_id and not b.user_id and not b.connection_id)
        for conn in self._targets(store, b):
            if not self._should_send(store, conn, b, admins, now):
                continue
            if channel_scoped and not _sees_channel(store, conn, b.channel_id, event.quiet_joins):
                continue
            if subject and not _guest_can_see(store, conn.user_id, subject):
                continue
            if name in _DROPPABLE and len(conn.queue) >= SEND_SLOW_WARN:
                continue
            extra = event.per_user.get(conn.user_id)
            ack = (
                conn.posted_ack
                and name == "posted"
                and conn.active
                and conn.user_id != poster
                and (bool(extra) or event.data.get("channel_type") == "D")
            )
            if extra or ack:
                key = (conn.user_id, ack)
                frame = variants.get(key)
                if frame is None:
                    more = dict(extra or {})
                    if ack:
                        more["should_ack"] = True
                    frame = _item(
                        render.encoded(name, render.render_data(store, event, more, viewer), b), name
                    )
                    variants[key] = frame
            else:
                if base is None:
                    base = _item(
                        render.precomputed(name, render.render_data(store, event, None, viewer), b), name
                    )
                frame = base
            if len(conn.queue) >= _cap(conn):
                self._overflow(conn)
            else:
                conn.queue.append(frame)
            woken[id(conn)] = conn

    def _targets(self, store: Store, b: Broadcast) -> Iterable[Conn]:
        """The candidates web_hub.go iterates; ShouldSendEvent then filters them."""
        if b.connection_id:
            conn = self.by_id.get(b.connection_id)
            return [conn] if conn is not None else []
        if b.user_id:
            return list(self.by_user.get(b.user_id, {}).values())
        if b.channel_id:
            # every connection: each one reads its user's channels on its first channel event (_sees_channel)
            return list(self.by_id.values())
        if b.team_id:
            team = store.team_members.get(b.team_id) or {}
            return [
                c
                for uid, conns in self.by_user.items()
                if (m := team.get(uid)) is not None and not m.delete_at
                for c in conns.values()
            ]
        return list(self.by_id.values())

    @staticmethod
    def _should_send(store: Store, conn: Conn, b: Broadcast, admins: dict[str, bool], now: int) -> bool:
        """WebConn.ShouldSendEvent, membership already applied by _targets."""
        if conn.closing:
            return False
        session = store.session_by_token.get(conn.token)
        if session is None or (session.expires_at and session.expires_at < now):
            # not a live session: a personal access token, or the connection is no longer authenticated
            if store.sessions.find_by_token(conn.token) is None:
                return False
        if b.contains_sanitized_data or b.contains_sensitive_data:
            admin = admins.get(conn.user_id)
            if admin is None:
                user = store.user_by_id.get(conn.user_id)
                admin = admins[conn.user_id] = user is not None and "system_admin" in user.roles.split()
            if (b.contains_sanitized_data and admin) or (b.contains_sensitive_data and not admin):
                return False
        if b.connection_id:
            return conn.connection_id == b.connection_id
        if conn.connection_id == b.omit_connection_id:
            return False
        if b.user_id:
            return conn.user_id == b.user_id
        return not (b.omit_users and conn.user_id in b.omit_users)

    # ---- writing ----------------------------------------------------------------------------------
    def _wake(self, conns: list[Conn]) -> None:
        if not conns or self.loop is None:
            return
        if threading.get_ident() == self.loop_thread:
            _flush_all(conns)
        else:
            try:
                self.loop.call_soon_threadsafe(_flush_all, conns)
            except RuntimeError:  # the loop has stopped (server shut down)
                pass

    async def pump(self, conn: Conn, ws: WebSocket) -> None:
        """writePump: frames in queue order, seq assigned as written, each event kept in the dead queue."""
        assert conn.wake is not None
        conn.transport = _transport(ws)
        while True:
            while conn.queue and conn.socket is ws:
                item = conn.queue.popleft()
                if item[0] == "close":
                    await _close(ws, 1000)
                    return
                conn.writing_since = time.monotonic()
                await ws.send_text(_text(conn, item))
                conn.writing_since = 0.0
            if conn.socket is not ws:
                return
            conn.wake.clear()
            conn.idle = True
            try:
                await conn.wake.wait()
            finally:
                conn.idle = False

    async def resume(self, conn: Conn, ws: WebSocket, new_id: str) -> None:
        """writePump's start on a reused connection: replay the dead queue, or continue, or a new hello."""
        if conn.seq == 0:
            return
        seqs = [s for s, _ in conn.dead]
        if conn.seq in seqs:
            for seq, item in list(conn.dead)[seqs.index(conn.seq) :]:
                conn.seq += 1
                await ws.send_text(f"{item[1]}{seq}{item[2]}")
            return
        if seqs and seqs[-1] != conn.seq - 1:
            conn.dead.clear()
            self.rename(conn, new_id)
            conn.seq = 0
            item = _item(self.hello(conn), "hello")
            conn.dead.append((0, item))
            conn.seq = 1
            await ws.send_text(f"{item[1]}0{item[2]}")


def _subject(event: Event, name: str) -> str:
    """The user a new_user / user_updated event is about (web_conn.go ShouldSendEventToGuest)."""
    b = event.broadcast
    if b.user_id or b.channel_id or b.team_id or b.connection_id:
        return ""
    if name == "new_user":
        return str(event.data.get("user_id") or "")
    if name == "user_updated":
        return getattr(event.data.get("user"), "id", "")
    return ""


def _guest_can_see(store: Store, viewer_id: str, subject: str) -> bool:
    """Guests only hear about users they share a channel with (app/user.go UserCanSeeOtherUser)."""
    viewer = store.user_by_id.get(viewer_id)
    if viewer is None or viewer_id == subject or "system_guest" not in viewer.roles.split():
        return True
    return not store.channels_of_user.get(viewer_id, set()).isdisjoint(
        store.channels_of_user.get(subject, ())
    )


def _cap(conn: Conn) -> int:
    return LIVE_QUEUE_SIZE if conn.active else SEND_QUEUE_SIZE


def _item(frame: tuple[str, str], name: str) -> tuple[Any, ...]:
    """A queued event: ("e", head, tail, name, head as UTF-8, tail as UTF-8), made once per audience variant
    and shared by every connection it goes to (only the seq between head and tail differs)."""
    head, tail = frame
    return ("e", head, tail, name, head.encode(), tail.encode())


def _text(conn: Conn, item: tuple[Any, ...]) -> str:
    """A queued frame as sent: a response as it is, an event with the connection's next seq."""
    if item[0] == "r":
        return str(item[1])
    text = f"{item[1]}{conn.seq}{item[2]}"
    conn.dead.append((conn.seq, item))
    conn.seq += 1
    return text


def _frame(conn: Conn, item: tuple[Any, ...]) -> bytes:
    """_text as one WebSocket frame's bytes: for an event, the shared UTF-8 head and tail around the seq."""
    if item[0] == "r":
        return _ws_frame(str(item[1]))
    seq = conn.seq
    conn.dead.append((seq, item))
    conn.seq = seq + 1
    digits = b"%d" % seq
    head: bytes = item[4]
    tail: bytes = item[5]
    return b"".join((_ws_header(len(head) + len(digits) + len(tail)), head, digits, tail))


# Frames written straight to an idle connection's transport while it holds less than this unsent; beyond,
# the writer task takes over and waits for the peer (the write deadline applies).
DIRECT_WRITE_LIMIT = 64 * 1024


@functools.lru_cache(maxsize=1024)
def _ws_header(n: int) -> bytes:
    """The header of one unmasked, unfragmented text frame of n bytes (RFC 6455 5.2), as the server side
    sends it; no extension is negotiated (ws_per_message_deflate is off)."""
    if n < 126:
        return bytes((0x81, n))
    if n < 65536:
        return bytes((0x81, 126)) + n.to_bytes(2, "big")
    return bytes((0x81, 127)) + n.to_bytes(8, "big")


def _ws_frame(text: str) -> bytes:
    payload = text.encode()
    return _ws_header(len(payload)) + payload


def _flush_all(conns: list[Conn]) -> None:
    """On the loop: a connection whose writer waits gets its frames written here at once (a fan-out to a
    thousand sockets would otherwise wake a thousand tasks); any other is woken to write them itself."""
    for conn in conns:
        transport = conn.transport
        if (
            conn.idle
            and transport is not None
            and conn.socket is not None
            and not conn.closing
            and not transport.is_closing()
            and transport.get_write_buffer_size() < DIRECT_WRITE_LIMIT
        ):
            queue = conn.queue
            while queue and queue[0][0] != "close":
                transport.write(_frame(conn, queue.popleft()))
            if not queue:
                continue
        if conn.wake is not None:
            conn.wake.set()


async def _close(ws: WebSocket, code: int) -> None:
    try:
        await ws.close(code)
    except Exception:  # noqa: BLE001 - the peer may already be gone
        pass


def _poster(event: Event) -> str:
    post = event.data.get("post")
    return getattr(post, "user_id", "") if event.name == "posted" else ""


def _sees_channel(
    store: Store, conn: Conn, channel_id: str, quiet: tuple[str, frozenset[str]] | None
) -> bool:
    """ShouldSendEvent's channel check (EnableWebHubChannelIteration off, the default): every connection
    tests a channel event against its cached channel memberships, read from the database on the first channel
    event after a refresh. The server refreshes them (hub InvalidateUser) whenever the user's memberships
    change, so the cache is the current memberships, except for joins made quietly (`quiet_joins`): a
    connection that had read its channels before such a join does not hear the events published with it; one
    that had not reads them there and then, the join included."""
    current: Any = store.channels_of_user.get(conn.user_id) or frozenset()
    known = current - quiet[1] if quiet is not None and quiet[0] == conn.user_id else current
    view, now = conn.channel_view, time.monotonic()
    if view is None or view != known or now - conn.channel_view_at > CHANNEL_VIEW_SECONDS:
        view = conn.channel_view = frozenset(current)
        conn.channel_view_at = now
    return channel_id in view


def _expand(event: Event) -> list[tuple[str, Broadcast, str]]:
    """user_updated is three events upstream (app/user.go sendUpdatedUserEvent): admins (sensitive), others
    (sanitised), both omitting the user, and the unsanitised copy to the user."""
    if event.name == "user_updated" and event.per_viewer and not event.broadcast.user_id:
        user = event.data["user"]
        omit = frozenset({user.id})
        return [
            ("user_updated", Broadcast(omit_users=omit, contains_sensitive_data=True), "admin"),
            ("user_updated", Broadcast(omit_users=omit, contains_sanitized_data=True), "other"),
            ("user_updated", Broadcast(user_id=user.id), "raw" if event.raw_to_self else "self"),
        ]
    return [(event.name, event.broadcast, "other")]


async def abort(ws: WebSocket) -> None:
    """gorilla's Conn.Close: the TCP connection is dropped with no close frame (the peer sees 1006)."""
    transport = _transport(ws)
    if transport is not None:
        transport.abort()
        return
    with contextlib.suppress(Exception):
        await ws.close(1000)


def _transport(ws: WebSocket) -> Any:
    send: Any = ws._send  # noqa: SLF001 - the ASGI send of uvicorn's protocol object holds the transport
    for _ in range(4):
        owner = getattr(send, "__self__", None)
        transport = getattr(owner, "transport", None)
        if transport is not None and hasattr(transport, "abort"):
            return transport
        cells = getattr(send, "__closure__", None) or ()
        inner = next((c.cell_contents for c in cells if callable(c.cell_contents)), None)
        if inner is None:
            return None
        send = inner
    return None
