"""MockMattermost: the facade tests use (URL, admin token and client, set-up helpers, state, events, the
request journal, faults, the clock, snapshots)."""

from __future__ import annotations

import functools
import itertools
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from mockmost.events.catalog import Event
from mockmost.faults import DelayRule, FailRule
from mockmost.journal import RequestRecord, select
from mockmost.snapshots import Snapshot, restore, snapshot
from mockmost.store import Store
from mockmost.store.entities import Channel, Post, Team, User

if TYPE_CHECKING:
    from mockmost.state import AppState

ADMIN_USERNAME = "mockmost-admin"
ADMIN_PASSWORD = "mockmost-admin-password"

F = TypeVar("F", bound=Callable[..., Any])


def _setup(method: F) -> F:
    """A set-up helper: what it does is delivered to WebSocket clients as usual, but not recorded in `events`
    (so `events` and `wait_for_event` see only what the code under test caused)."""

    @functools.wraps(method)
    def wrapper(self: MockMattermost, *args: Any, **kwargs: Any) -> Any:
        with self._state.bus.unrecorded():
            return method(self, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


class _Shared(httpx.BaseTransport):
    """The in-process transport seen by one client: closing that client leaves it open for the others."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        pass


class ServerClock:
    """The server's clock as a test drives it (`mock_mattermost.clock`).

    Every timestamp the server writes and every expiry it checks (sessions, tokens, post reminders, DND and
    custom statuses, the busy mark) read it. Ids carry no time (model.NewId is random), so they do not move.
    """

    def __init__(self, state: AppState) -> None:
        self._state = state

    def now_ms(self) -> int:
        """The server's time in epoch milliseconds (Mattermost's unit)."""
        return self._state.clock.now_ms()

    def now(self) -> Any:
        """The server's time as an aware UTC datetime."""
        return self._state.clock.now()

    @property
    def frozen(self) -> bool:
        return self._state.clock.frozen

    def freeze(self, at: Any = None) -> int:
        """Stop the clock at `at` (an aware datetime, an ISO 8601 string or epoch ms; default: now)."""
        return self._state.clock.freeze(at)

    def advance(self, seconds: float) -> int:
        """Move time forward, then run the jobs that fell due (post reminders); the new time in ms."""
        from mockmost.jobs import run_post_reminders

        now = self._state.clock.advance(seconds)
        run_post_reminders(self._state)
        return now

    def unfreeze(self) -> None:
        """Run again from the time it shows (reset puts the wall clock back)."""
        self._state.clock.unfreeze()


class MockMattermost:
    """A running mockmost server as a test sees it.

    Example:
        >>> def test_bot_replies(mock_mattermost):
        ...     team = mock_mattermost.make_team()
        ...     alice = mock_mattermost.make_user("alice")
        ...     channel = mock_mattermost.make_channel(team, members=[alice])
        ...     mock_mattermost.make_post(alice, channel, "hello")
        ...     assert mock_mattermost.posts_in(channel)[-1].message == "hello"
    """

    def __init__(self, state: AppState, url: str, transport: httpx.BaseTransport | None = None) -> None:
        self._state = state
        self.url = url.rstrip("/")
        self.api_url = self.url + "/api/v4"
        self.ws_url = "ws" + self.url[len("http") :] + "/api/v4/websocket"
        self.control_url = self.url + "/__mockmost__"
        self._transport = transport
        self._counter = itertools.count(1)
        self._taken: set[int] = set()
        self.clock = ServerClock(state)
        self.admin, self.admin_token = self._ensure_admin()
        self._client: httpx.Client | None = None

    # ---- access ------------------------------------------------------------------------------
    @property
    def store(self) -> Store:
        return self._state.store

    @property
    def host(self) -> str:
        return self.url.split("://", 1)[1].split(":")[0]

    @property
    def port(self) -> int:
        return int(self.url.rsplit(":", 1)[1])

    @property
    def transport(self) -> httpx.BaseTransport | None:
        """The in-process transport (mock_mattermost_inprocess), to hand to httpx-based drivers such as
        mattermostautodriver (`Driver({..., "transport": mm.transport})`); None on a real socket."""
        return _Shared(self._transport) if self._transport is not None else None

    def driver_options(self, token: str | None = None, **extra: Any) -> dict[str, Any]:
        """Options for mattermostdriver / mattermostautodriver's Driver: this server and `token` (default: the
        admin's, unless `login_id` is given). In process, the transport is included (only httpx-based drivers
        can use it)."""
        options: dict[str, Any] = {
            "url": self.host,
            "port": self.port,
            "scheme": self.url.split("://")[0],
            "basepath": "/api/v4",
            "verify": False,
        }
        if token or "login_id" not in extra:
            options["token"] = token or self.admin_token
        if self._transport is not None:
            options["transport"] = self.transport
        return {**options, **extra}

    @property
    def client(self) -> httpx.Client:
        """An httpx client authenticated as the admin (made on first use: building one costs ~50 ms)."""
        if self._client is None:
            self._client = self.client_for(self.admin_token)
        return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def client_for(self, token: str | None = None) -> httpx.Client:
        """An httpx client with base URL .../api/v4 and the token as a Bearer header."""
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        if self._transport is not None:
            return httpx.Client(base_url=self.api_url, headers=headers, transport=_Shared(self._transport))
        return httpx.Client(base_url=self.api_url, headers=headers)

    # ---- events --------------------------------------------------------------------------------
    @property
    def events(self) -> list[Event]:
        """The WebSocket events the server emitted since the test started, oldest first. Set-up helpers
        (make_*) are not recorded: only what the code under test caused is."""
        return list(self._state.bus.recorded)

    def events_named(self, name: str) -> list[Event]:
        return [e for e in self._state.bus.recorded if e.name == name]

    def wait_for_event(
        self, name: str, where: Callable[[Event], bool] | None = None, timeout: float = 5.0
    ) -> Event:
        """Block until the server emits event `name` (matching `where`, if given) and return it.

        An event already recorded counts; each event is returned once, so successive waits return successive
        events. On timeout, AssertionError lists the events that did happen.
        """
        found = self._wait(lambda e: e.name == name and (where is None or bool(where(e))), timeout)
        if found is None:
            raise AssertionError(
                f"no {name!r} event{' matching `where`' if where else ''} within {timeout} s; " + self._seen()
            )
        return found

    def wait_for_post(
        self,
        channel: Channel | str | None = None,
        where: Callable[[Post], bool] | None = None,
        timeout: float = 5.0,
    ) -> Post:
        """Block until a post is created (in `channel`, matching `where`, if given) and return it (the store's
        Post). Posts made by make_post are set-up and never returned."""
        channel_id = channel.id if isinstance(channel, Channel) else channel

        def match(event: Event) -> bool:
            post = event.data.get("post")
            return (
                event.name == "posted"
                and isinstance(post, Post)
                and (channel_id is None or post.channel_id == channel_id)
                and (where is None or bool(where(post)))
            )

        found = self._wait(match, timeout)
        if found is None:
            where_text = (f" in channel {channel_id}" if channel_id else "") + (
                " matching `where`" if where else ""
            )
            raise AssertionError(f"no post{where_text} within {timeout} s; " + self._seen())
        post: Post = found.data["post"]
        return self.store.post_by_id.get(post.id, post)

    def _wait(self, match: Callable[[Event], bool], timeout: float) -> Event | None:
        bus = self._state.bus
        deadline = time.monotonic() + timeout
        while True:
            with bus.changed:
                events, count = list(bus.recorded), bus.count
            for event in events:
                if id(event) not in self._taken and match(event):
                    self._taken.add(id(event))
                    return event
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            bus.wait_for_more(count, min(remaining, 0.5))

    def _seen(self) -> str:
        events = self.events
        if not events:
            return "no events were recorded since the test started"
        shown = ", ".join(describe_event(e) for e in events[-20:])
        return f"{len(events)} event(s) recorded{' (the last 20)' if len(events) > 20 else ''}: {shown}"

    # ---- request journal -------------------------------------------------------------------------
    @property
    def requests(self) -> list[RequestRecord]:
        """Every HTTP request and WebSocket action the server received since the test started, oldest first
        (set-up helpers send none)."""
        self._state.journal.settle()
        return self._state.journal.entries()

    def requests_to(self, target: str | None = None, **match: Any) -> list[RequestRecord]:
        """The journal entries for `target` (operationId, "METHOD /path", a path or route template, or a
        WebSocket action) matching the filters (method, status, user, user_id, query, json, response)."""
        self._state.journal.settle()
        return select(self._state.journal.entries(), target, match)

    def assert_requested(self, target: str, times: int | None = None, **match: Any) -> list[RequestRecord]:
        """Assert `target` was requested (exactly `times` times if given; times=0: never) with the filters of
        `requests_to`; returns the matching entries. The failure lists what was requested instead."""
        found = self.requests_to(target, **match)
        if (times is None and found) or (times is not None and len(found) == times):
            return found
        shown_match = {k: getattr(v, "id", v) for k, v in match.items()}
        wanted = f"{target!r}" + (f" with {shown_match}" if match else "")
        count = "at least once" if times is None else f"{times} time(s)"
        log = self.requests
        shown = "\n  ".join(r.describe() for r in log[-30:]) or "(nothing)"
        raise AssertionError(
            f"expected {wanted} {count}, found {len(found)}; the server received:\n  {shown}"
        )

    # ---- faults ----------------------------------------------------------------------------------
    def fail_next(
        self,
        target: str,
        status: int = 500,
        error_id: str | None = None,
        times: int = 1,
        message: str | None = None,
    ) -> FailRule:
        """The next `times` requests to `target` (as in `requests_to`; times=-1: until reset) answer an
        AppError with this status and id (default id: mockmost.fault.injected) instead of being handled."""
        return self._state.faults.fail_next(target, status, error_id, times, message)

    def delay(self, target: str, seconds: float, times: int = -1) -> DelayRule:
        """Requests to `target` wait `seconds` before being handled (`times` of them; -1: until reset)."""
        return self._state.faults.delay(target, seconds, times)

    def drop_websockets(self, user: User | str | None = None) -> int:
        """Cut the WebSocket connections (of `user`, or all) without a close frame, as a network failure or a
        server restart does; returns how many. The clients must reconnect (and may resume)."""
        hub = self._state.hub
        return hub.drop(user.id if isinstance(user, User) else user) if hub is not None else 0

    def refuse_websockets(self, seconds: float) -> None:
        """Refuse WebSocket upgrades (503) for `seconds`, as while a server restarts."""
        self._state.faults.refuse_websockets(seconds)

    # ---- state -----------------------------------------------------------------------------------
    def snapshot(self) -> Snapshot:
        """Save the whole server state (store and config) to `restore` later (~5 ms for the default seed)."""
        return snapshot(self._state)

    def restore(self, snap: Snapshot) -> None:
        """Put a snapshot's state back (again and again if wanted); WebSocket connections are closed, the
        events and the journal are kept."""
        restore(self._state, snap)
        self.close()
        self.admin, self.admin_token = self._ensure_admin()

    def run_post_reminders(self) -> int:
        """Run the post-reminder job now (the real server runs it every 5 minutes); the number sent."""
        from mockmost.jobs import run_post_reminders

        return run_post_reminders(self._state)

    def set_config(self, key: str, value: Any) -> None:
        """Switch a Mattermost config value, e.g. set_config('TeamSettings.EnableOpenServer', True).

        An unknown key raises KeyError naming the nearest known keys; a value of the wrong JSON type raises
        ValueError, as PUT /api/v4/config/patch refuses it. `reset()` restores the config."""
        self.store.settings.set(key, value)
        self._state.refresh_version_id()

    def reset(self) -> None:
        """A fresh world: the seed again, the config as the server started, the wall clock, no faults, and
        empty events and journal."""
        self._state.reset()
        self._state.refresh_version_id()
        self._taken.clear()
        self.close()
        self.admin, self.admin_token = self._ensure_admin()

    # ---- helpers -----------------------------------------------------------------------------
    @_setup
    def _ensure_admin(self) -> tuple[User, str]:
        store = self.store
        admin = next(
            (u for u in store.users.all() if u.is_system_admin and not u.is_bot and not u.delete_at), None
        )
        if admin is None:
            admin = store.users.create(
                {
                    "username": ADMIN_USERNAME,
                    "email": f"{ADMIN_USERNAME}@example.com",
                    "password": ADMIN_PASSWORD,
                    "roles": "system_admin system_user",
                },
                trusted=True,
            )
        return admin, store.sessions.create(admin).token

    def _unique(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter)}"

    @_setup
    def make_user(self, username: str | None = None, password: str = "password123", **fields: Any) -> User:
        username = username or self._unique("user")
        return self.store.users.create(
            {"username": username, "email": f"{username}@example.com", "password": password, **fields},
            trusted=True,
        )

    @_setup
    def make_token(self, user: User, description: str = "mockmost test token") -> str:
        """A session token for the user (works like a login)."""
        return self.store.sessions.create(user).token

    @_setup
    def make_access_token(self, user: User, description: str = "mockmost test token") -> str:
        """A personal access token (or bot token) for the user."""
        return self.store.sessions.create_token(user, description).token

    @_setup
    def make_bot(
        self, username: str | None = None, owner: User | None = None, **fields: Any
    ) -> tuple[User, str]:
        bot = self.store.bots.create(
            (owner or self.admin).id, {"username": username or self._unique("bot"), **fields}
        )
        user = self.store.users.get(bot.user_id)
        return user, self.make_access_token(user)

    @_setup
    def make_team(
        self,
        name: str | None = None,
        members: Sequence[User] = (),
        creator: User | None = None,
        **fields: Any,
    ) -> Team:
        name = name or self._unique("team")
        # Allowed domains are set after creation: the server refuses a team that excludes its creator.
        domains = fields.pop("allowed_domains", None)
        team = self.store.teams.create(
            creator or self.admin,
            {"name": name, "display_name": name.title(), "type": "O", "allow_open_invite": True, **fields},
        )
        if domains is not None:
            team = self.store.teams.patch(team, {"allowed_domains": domains}, renew_invite=False)
        for user in members:
            self.store.teams.join(team, user)
        return team

    @_setup
    def make_channel(
        self,
        team: Team,
        name: str | None = None,
        members: Sequence[User] = (),
        channel_type: str = "O",
        creator: User | None = None,
        **fields: Any,
    ) -> Channel:
        name = name or self._unique("channel")
        creator = creator or self.admin
        if self.store.teams.member(team.id, creator.id) is None:
            self.store.teams.join(team, creator)
        channel = self.store.channels.create(
            team, creator, {"name": name, "display_name": name.title(), "type": channel_type, **fields}
        )
        for user in members:
            if self.store.teams.member(team.id, user.id) is None:
                self.store.teams.join(team, user)
            self.store.channels.add_member(channel, user, user)
        return channel

    @_setup
    def make_direct_channel(self, a: User, b: User) -> Channel:
        return self.store.channels.get_or_create_direct(a, b, a.id)

    @_setup
    def make_post(
        self, user: User, channel: Channel, message: str, root: Post | None = None, **fields: Any
    ) -> Post:
        """A post by `user`: WebSocket clients receive `posted` as usual; `events` does not record it."""
        return self.store.posts.create(
            user,
            channel,
            {"message": message, "root_id": root.id if root else "", **fields},
            client_input=True,
        )

    def posts_in(self, channel: Channel) -> list[Post]:
        """Non-deleted posts of a channel, oldest first."""
        return [self.store.post_by_id[p] for p in self.store.channel_posts[channel.id].ids()]


def describe_event(event: Event) -> str:
    """`posted(channel …, 'message')`-style one-liner for failure messages."""
    b = event.broadcast
    where = (
        f"channel {b.channel_id}"
        if b.channel_id
        else f"user {b.user_id}"
        if b.user_id
        else f"team {b.team_id}"
        if b.team_id
        else "everyone"
    )
    post = event.data.get("post")
    text = f", {post.message[:40]!r}" if isinstance(post, Post) else ""
    return f"{event.name}({where}{text})"
