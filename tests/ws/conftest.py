"""WebSocket test helpers: a real socket to the session's mockmost server through the `websockets` library."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import websockets

from mockmost.store.entities import Channel, Team, User
from mockmost.testing import MockMattermost


def ws_url(mm: MockMattermost, query: str = "", path: str = "/api/v4/websocket") -> str:
    url = mm.url.replace("http://", "ws://") + path
    return f"{url}?{query}" if query else url


class Socket:
    """One client connection: JSON frames in, events and replies out."""

    def __init__(self, ws: Any) -> None:
        self.ws = ws
        self.seen: list[dict[str, Any]] = []

    async def send(self, seq: int, action: str, data: dict[str, Any] | None = None) -> None:
        frame: dict[str, Any] = {"seq": seq, "action": action}
        if data is not None:
            frame["data"] = data
        await self.ws.send(json.dumps(frame))

    async def recv(self, timeout: float = 3.0) -> dict[str, Any]:
        message = json.loads(await asyncio.wait_for(self.ws.recv(), timeout))
        self.seen.append(message)
        return message

    async def recv_raw(self, timeout: float = 3.0) -> str:
        return await asyncio.wait_for(self.ws.recv(), timeout)

    async def event(self, name: str, timeout: float = 3.0) -> dict[str, Any]:
        """The next event with that name (others are kept in `seen`)."""
        while True:
            message = await self.recv(timeout)
            if message.get("event") == name:
                return message

    async def reply(self, seq: int, timeout: float = 3.0) -> dict[str, Any]:
        while True:
            message = await self.recv(timeout)
            if message.get("seq_reply") == seq or ("status" in message and "event" not in message):
                return message

    async def silent(self, timeout: float = 0.3) -> bool:
        try:
            message = await asyncio.wait_for(self.ws.recv(), timeout)
        except asyncio.TimeoutError:
            return True
        self.seen.append(json.loads(message))
        return False

    async def closed(self, timeout: float = 3.0) -> Any:
        """Waits for the server to close; returns the ConnectionClosed exception."""
        try:
            while True:
                await asyncio.wait_for(self.ws.recv(), timeout)
        except websockets.ConnectionClosed as exc:
            return exc


async def connect(
    mm: MockMattermost,
    token: str | None = None,
    query: str = "",
    headers: dict[str, str] | None = None,
    path: str = "/api/v4/websocket",
) -> Socket:
    extra = dict(headers or {})
    if token:
        extra["Authorization"] = f"Bearer {token}"
    ws = await websockets.connect(ws_url(mm, query, path), extra_headers=extra, open_timeout=5)
    return Socket(ws)


async def authed(mm: MockMattermost, token: str, query: str = "") -> Socket:
    """Authenticated at upgrade; hello already read."""
    sock = await connect(mm, token, query)
    hello = await sock.event("hello")
    assert hello["seq"] == 0
    return sock


def run(coro: Any) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 30))


@dataclass
class World:
    mm: MockMattermost
    team: Team
    alice: User
    bob: User
    carol: User
    channel: Channel
    private: Channel
    tokens: dict[str, str]


@pytest.fixture
def world(mock_mattermost: MockMattermost) -> Iterator[World]:
    """alice and bob in a public channel; alice and carol in a private one; all three in the team."""
    mm = mock_mattermost
    alice, bob, carol = mm.make_user("alice"), mm.make_user("bob"), mm.make_user("carol")
    team = mm.make_team("eng", members=[alice, bob, carol])
    channel = mm.make_channel(team, "general", members=[alice, bob])
    private = mm.make_channel(team, "secret", members=[alice, carol], channel_type="P")
    tokens = {u.username: mm.make_token(u) for u in (alice, bob, carol)}
    yield World(mm, team, alice, bob, carol, channel, private, tokens)
