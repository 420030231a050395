"""Store fixtures: a fresh Store and small factories, no HTTP."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from mockmost.settings import Settings
from mockmost.store import Store
from mockmost.store.entities import Channel, Post, Team, User


class World:
    """Factories over one Store, for store tests."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._n = itertools.count(1)
        self.events: list[Any] = []
        store.publish = self.events.extend

    def user(self, username: str | None = None, **fields: Any) -> User:
        username = username or f"user{next(self._n)}"
        return self.store.users.create(
            {"username": username, "email": f"{username}@example.com", "password": "password123", **fields}
        )

    def team(self, creator: User, name: str | None = None, **fields: Any) -> Team:
        name = name or f"team{next(self._n)}"
        return self.store.teams.create(
            creator, {"name": name, "display_name": name.title(), "type": "O", **fields}
        )

    def channel(
        self, team: Team, creator: User, name: str | None = None, kind: str = "O", **fields: Any
    ) -> Channel:
        name = name or f"channel{next(self._n)}"
        return self.store.channels.create(
            team, creator, {"name": name, "display_name": name.title(), "type": kind, **fields}
        )

    def post(
        self,
        user: User,
        channel: Channel,
        message: str = "hello",
        root: Post | None = None,
        client_input: bool = False,
        **fields: Any,
    ) -> Post:
        return self.store.posts.create(
            user,
            channel,
            {"message": message, "root_id": root.id if root else "", **fields},
            client_input=client_input,
        )

    def event_names(self) -> list[str]:
        return [e.name for e in self.events]


@pytest.fixture
def store() -> Store:
    return Store(Settings(openapi_path=None))


@pytest.fixture
def world(store: Store) -> World:
    return World(store)
