"""The WebSocket through real Python clients: mattermostdriver and mattermostautodriver `init_websocket`
(token by authentication_challenge), matterapi `start_ws` (token in the upgrade's Authorization header).
Each: hello, posted after a REST post, typing, the auth reply, reconnection after a dropped socket.

Upstream: server/channels/api4/websocket.go, app/platform/web_conn.go, websocket_router.go,
app/notification.go (posted), app/user.go PublishUserTyping.
"""

from __future__ import annotations

import asyncio
import json
import queue
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from matterapi import AsyncClient
from matterapi.client.base import ApiClientOptions, AuthToken
from mattermostautodriver import TypedDriver
from mattermostdriver import Driver

from mockmost.testing import MockMattermost

upstream = pytest.mark.upstream


class Listener:
    """A client's websocket loop in its own thread; every message it hands over goes to a queue."""

    def __init__(self) -> None:
        self.messages: queue.Queue[dict[str, Any]] = queue.Queue()
        self.all: list[dict[str, Any]] = []
        self.thread: threading.Thread | None = None

    async def handler(self, message: Any) -> None:
        self.messages.put(json.loads(message) if isinstance(message, str | bytes) else message)

    def sync_handler(self, message: Any) -> None:
        self.messages.put(message)

    def start(self, target: Callable[[], None]) -> None:
        self.thread = threading.Thread(target=target, daemon=True)
        self.thread.start()

    def wait(self, predicate: Callable[[dict[str, Any]], bool], timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        for message in self.all:
            if predicate(message):
                return message
        while time.monotonic() < deadline:
            try:
                message = self.messages.get(timeout=0.1)
            except queue.Empty:
                continue
            self.all.append(message)
            if predicate(message):
                return message
        raise AssertionError(f"no matching message; got {[m.get('event', m) for m in self.all]}")

    def event(self, name: str, **data: Any) -> dict[str, Any]:
        return self.wait(
            lambda m: m.get("event") == name and all(m["data"].get(k) == v for k, v in data.items())
        )

    def posted(self, post_id: str) -> dict[str, Any]:
        return self.wait(
            lambda m: m.get("event") == "posted" and json.loads(m["data"]["post"])["id"] == post_id
        )


@pytest.fixture
def room(mock_mattermost: MockMattermost):
    mm = mock_mattermost
    alice = mm.make_user("alice")
    bot, bot_token = mm.make_bot("wsbot")
    team = mm.make_team("eng", members=[alice, bot])
    channel = mm.make_channel(team, "general", members=[alice, bot])
    api = mm.client_for(mm.make_token(alice))
    yield mm, alice, bot, bot_token, channel, api
    api.close()


def _exercise(
    mm: MockMattermost,
    listener: Listener,
    bot: Any,
    alice: Any,
    channel: Any,
    api: Any,
    sees_hello: bool = True,
) -> None:
    """matterapi reads the hello itself (logging server_version) and hands over what follows."""
    first_id = ""
    if sees_hello:
        hello = listener.event("hello")
        assert hello["seq"] == 0 and hello["broadcast"]["user_id"] == bot.id
        first_id = hello["data"]["connection_id"]
    online = listener.event("status_change", status="online", user_id=bot.id)
    assert online["seq"] == 1
    post = api.post("/posts", json={"channel_id": channel.id, "message": "hello bot"}).json()
    posted = listener.posted(post["id"])
    assert posted["data"]["sender_name"] == "@alice" and posted["data"]["channel_name"] == "general"
    assert api.post(f"/users/{alice.id}/typing", json={"channel_id": channel.id}).status_code == 200
    typing = listener.event("typing", user_id=alice.id)
    assert typing["broadcast"]["omit_users"] == {alice.id: True}
    # a dropped socket: the client reconnects and events flow again
    hub = mm._state.hub
    assert hub.drop(bot.id) >= 1
    if sees_hello:
        second = listener.wait(lambda m: m.get("event") == "hello" and m["data"]["connection_id"] != first_id)
        assert second["seq"] == 0
    # the new connection hears the bot come online again, as its seq 1
    listener.wait(lambda m: m.get("event") == "status_change" and m is not online and m["seq"] == 1)
    later = api.post("/posts", json={"channel_id": channel.id, "message": "again"}).json()
    listener.posted(later["id"])


def _stop_driver(mm: MockMattermost, driver: Any, listener: Listener, bot: Any) -> None:
    driver.websocket.disconnect()
    mm._state.hub.drop(bot.id)
    assert listener.thread is not None
    listener.thread.join(timeout=10)


def _run_loop(coro_factory: Callable[[], Any]) -> Callable[[], None]:
    def target() -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            coro_factory()
        except Exception:  # noqa: BLE001 - the loop ends when the test tears the socket down
            pass

    return target


@upstream("server/channels/app/platform/websocket_router.go", "ServeWebSocket")
def test_mattermostdriver_init_websocket(room) -> None:
    mm, alice, bot, token, channel, api = room
    driver = Driver(
        {
            "url": mm.host,
            "port": mm.port,
            "scheme": "http",
            "basepath": "/api/v4",
            "token": token,
            "keepalive": True,
            "keepalive_delay": 0.2,
            "timeout": 2,
        }
    )
    driver.login()
    listener = Listener()
    listener.start(_run_loop(lambda: driver.init_websocket(listener.handler)))
    try:
        _exercise(mm, listener, bot, alice, channel, api)
        assert listener.wait(lambda m: m.get("seq_reply") == 1) == {"status": "OK", "seq_reply": 1}
    finally:
        _stop_driver(mm, driver, listener, bot)


@upstream("server/channels/app/platform/websocket_router.go", "ServeWebSocket")
def test_mattermostautodriver_init_websocket(room) -> None:
    mm, alice, bot, token, channel, api = room
    driver = TypedDriver(
        {
            "url": mm.host,
            "port": mm.port,
            "scheme": "http",
            "basepath": "/api/v4",
            "token": token,
            "keepalive": True,
            "keepalive_delay": 0.2,
            "timeout": 2,
        }
    )
    driver.login()
    listener = Listener()
    listener.start(_run_loop(lambda: driver.init_websocket(listener.handler)))
    try:
        _exercise(mm, listener, bot, alice, channel, api)
        assert listener.wait(lambda m: m.get("seq_reply") == 1) == {"status": "OK", "seq_reply": 1}
    finally:
        _stop_driver(mm, driver, listener, bot)


@upstream("server/channels/api4/websocket.go", "connectWebSocket")
def test_matterapi_start_ws(room) -> None:
    mm, alice, bot, token, channel, api = room
    client = AsyncClient(
        options=ApiClientOptions(url=mm.url, auth=AuthToken(token=token), ws_reconnect_wait_time=0)
    )
    loop = asyncio.new_event_loop()
    task_box: dict[str, Any] = {}

    def target() -> None:
        asyncio.set_event_loop(loop)

        async def main() -> None:
            await client._login()
            task_box["task"] = asyncio.current_task()
            await client.start_ws(listener.sync_handler)

        try:
            loop.run_until_complete(main())
        except BaseException:  # noqa: BLE001 - cancelled at teardown
            pass

    listener = Listener()
    listener.start(target)
    try:
        _exercise(mm, listener, bot, alice, channel, api, sees_hello=False)
        # authenticated at upgrade: no challenge was sent, so no reply ever comes
        assert not any("seq_reply" in m for m in listener.all)
    finally:
        for _ in range(50):
            if "task" in task_box:
                break
            time.sleep(0.05)
        if "task" in task_box:
            loop.call_soon_threadsafe(task_box["task"].cancel)
        assert listener.thread is not None
        listener.thread.join(timeout=10)


@pytest.fixture(autouse=True)
def _quiet_threads() -> Iterator[None]:
    yield
    time.sleep(0.05)
