"""Route-test fixtures: the in-process server (no socket) and clients logged in as given users."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import httpx
import pytest

from mockmost.store.entities import User
from mockmost.testing import MockMattermost


@pytest.fixture
def mm(mock_mattermost_inprocess: MockMattermost) -> MockMattermost:
    return mock_mattermost_inprocess


@pytest.fixture
def login(mm: MockMattermost) -> Iterator[Callable[[User], httpx.Client]]:
    """login(user) → an httpx client with a fresh session token of that user as Bearer."""
    clients: list[httpx.Client] = []

    def make(user: User) -> httpx.Client:
        client = mm.client_for(mm.make_token(user))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def anon(mm: MockMattermost) -> Iterator[httpx.Client]:
    """A client with no token at all."""
    client = mm.client_for(None)
    yield client
    client.close()
