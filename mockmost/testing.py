"""MockMattermost: the facade tests use (URL, admin token and client, helpers, state, events)."""

from __future__ import annotations

import itertools
from typing import Any

import httpx

from mockmost.events.catalog import Event
from mockmost.state import AppState
from mockmost.store import Store
from mockmost.store.entities import Channel, Post, Team, User

ADMIN_USERNAME = "mockmost-admin"
ADMIN_PASSWORD = "mockmost-admin-password"


class _Shared(httpx.BaseTransport):
    """The in-process transport seen by one client: closing that client leaves it open for the others."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self._inner = inner

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._inner.handle_request(request)

    def close(self) -> None:
        pass


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
        self.ws_url = "ws" + self.url[len("http"):] + "/api/v4/websocket"
        self._transport = transport
        self._counter = itertools.count(1)
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

    @property
    def events(self) -> list[Event]:
        return list(self._state.bus.recorded)

    def events_named(self, name: str) -> list[Event]:
        return [e for e in self._state.bus.recorded if e.name == name]

    def run_post_reminders(self) -> int:
        """Run the post-reminder job now (the real server runs it every 5 minutes); the number sent."""
        from mockmost.jobs import run_post_reminders

        return run_post_reminders(self._state)

    def set_config(self, key: str, value: Any) -> None:
        """Switch a Mattermost config value, e.g. set_config('ServiceSettings.EnableOpenServer', True)."""
        self.store.settings.set(key, value)
        self._state.refresh_version_id()

    # ---- helpers -----------------------------------------------------------------------------
    def _ensure_admin(self) -> tuple[User, str]:
        store = self.store
        admin = next((u for u in store.users.all() if u.is_system_admin and not u.is_bot and not u.delete_at), None)
        if admin is None:
            admin = store.users.create({"username": ADMIN_USERNAME, "email": f"{ADMIN_USERNAME}@example.com",
                                        "password": ADMIN_PASSWORD, "roles": "system_admin system_user"},
                                       trusted=True)
            # The facade's own admin is scaffolding, not something the test did: keep `events` empty.
            self._state.bus.take_recorded()
        return admin, store.sessions.create(admin).token

    def _unique(self, prefix: str) -> str:
        return f"{prefix}{next(self._counter)}"

    def make_user(self, username: str | None = None, password: str = "password123", **fields: Any) -> User:
        username = username or self._unique("user")
        return self.store.users.create({"username": username, "email": f"{username}@example.com",
                                        "password": password, **fields}, trusted=True)

    def make_token(self, user: User, description: str = "mockmost test token") -> str:
        """A session token for the user (works like a login)."""
        return self.store.sessions.create(user).token

    def make_access_token(self, user: User, description: str = "mockmost test token") -> str:
        """A personal access token (or bot token) for the user."""
        return self.store.sessions.create_token(user, description).token

    def make_bot(self, username: str | None = None, owner: User | None = None, **fields: Any) -> tuple[User, str]:
        bot = self.store.bots.create((owner or self.admin).id, {"username": username or self._unique("bot"),
                                                                  **fields})
        user = self.store.users.get(bot.user_id)
        return user, self.make_access_token(user)

    def make_team(self, name: str | None = None, members: list[User] = (), creator: User | None = None,  # type: ignore[assignment]
                  **fields: Any) -> Team:
        name = name or self._unique("team")
        team = self.store.teams.create(creator or self.admin, {"name": name, "display_name": name.title(),
                                                               "type": "O", "allow_open_invite": True, **fields})
        for user in members:
            self.store.teams.join(team, user)
        return team

    def make_channel(self, team: Team, name: str | None = None, members: list[User] = (),  # type: ignore[assignment]
                     channel_type: str = "O", creator: User | None = None, **fields: Any) -> Channel:
        name = name or self._unique("channel")
        creator = creator or self.admin
        if self.store.teams.member(team.id, creator.id) is None:
            self.store.teams.join(team, creator)
        channel = self.store.channels.create(team, creator, {"name": name, "display_name": name.title(),
                                                             "type": channel_type, **fields})
        for user in members:
            if self.store.teams.member(team.id, user.id) is None:
                self.store.teams.join(team, user)
            self.store.channels.add_member(channel, user, user)
        return channel

    def make_direct_channel(self, a: User, b: User) -> Channel:
        return self.store.channels.get_or_create_direct(a, b, a.id)

    def make_post(self, user: User, channel: Channel, message: str, root: Post | None = None,
                  **fields: Any) -> Post:
        return self.store.posts.create(user, channel, {"message": message, "root_id": root.id if root else "",
                                                       **fields}, client_input=True)

    def posts_in(self, channel: Channel) -> list[Post]:
        """Non-deleted posts of a channel, oldest first."""
        return [self.store.post_by_id[p] for p in self.store.channel_posts[channel.id].ids()]

    def reset(self) -> None:
        self._state.reset()
        self.close()
        self.admin, self.admin_token = self._ensure_admin()
