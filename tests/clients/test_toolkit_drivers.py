"""The test author's toolkit as a bot project uses it, with mattermostdriver and mattermostautodriver:
events without set-up noise and wait_for_event / wait_for_post, the request journal and assert_requested,
faults (fail_next, delay, drop_websockets, refuse_websockets), the clock, snapshot/restore, set_config's
checks, and the in-process fixture with an httpx-based driver.

Facts asserted about the server: session expiry (app/session.go: a session past expires_at is 401
api.context.session_expired.app_error), post reminders (app/post.go CheckPostReminders), the open server
switch (api4/user.go createUser with TeamSettings.EnableOpenServer).
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from typing import Any

import httpx
import pytest
from mattermostautodriver import TypedDriver
from mattermostautodriver import exceptions as auto_errors
from mattermostdriver import Driver
from mattermostdriver import exceptions as md_errors

from mockmost.testing import MockMattermost

DRIVERS = ["mattermostdriver", "mattermostautodriver"]


def make_driver(kind: str, mm: MockMattermost, **options: Any) -> Any:
    cls = Driver if kind == "mattermostdriver" else TypedDriver
    driver = cls(mm.driver_options(**options))
    driver.login()
    return driver


def create_post(driver: Any, channel_id: str, message: str, **fields: Any) -> dict[str, Any]:
    body = {"channel_id": channel_id, "message": message, **fields}
    if isinstance(driver, TypedDriver):
        return driver.posts.create_post(**body)  # type: ignore[no-any-return]
    return driver.posts.create_post(body)  # type: ignore[no-any-return]


class EchoBot:
    """A tiny bot: answers "pong" in the thread of every "ping" it sees on its WebSocket."""

    def __init__(self, driver: Any) -> None:
        self.driver = driver
        self.me = driver.users.get_user("me")
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.hellos = 0

    async def on_event(self, raw: Any) -> None:
        event = json.loads(raw) if isinstance(raw, str | bytes) else raw
        if event.get("event") == "hello":
            self.hellos += 1
        if event.get("event") != "posted":
            return
        post = json.loads(event["data"]["post"])
        if post["user_id"] != self.me["id"] and post["message"] == "ping":
            create_post(self.driver, post["channel_id"], "pong", root_id=post["id"])

    def _run(self) -> None:
        asyncio.set_event_loop(asyncio.new_event_loop())
        try:
            self.driver.init_websocket(self.on_event)
        except Exception:  # noqa: BLE001 - the loop ends when the test tears the socket down
            pass

    def start(self, mm: MockMattermost) -> EchoBot:
        self.thread.start()
        _wait_until(lambda: self.hellos >= 1)  # hello goes to one connection: not a recorded server event
        return self

    def stop(self, mm: MockMattermost) -> None:
        self.driver.websocket.disconnect()
        mm.drop_websockets(self.me["id"])
        self.thread.join(timeout=10)


@pytest.fixture
def world(mock_mattermost: MockMattermost) -> Iterator[dict[str, Any]]:
    mm = mock_mattermost
    alice = mm.make_user("alice")
    bot, bot_token = mm.make_bot("echobot")
    team = mm.make_team("acme", members=[alice, bot])
    channel = mm.make_channel(team, "general", members=[alice, bot])
    yield {"mm": mm, "alice": alice, "bot": bot, "token": bot_token, "team": team, "channel": channel}


def _wait_until(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.02)


@pytest.mark.parametrize("kind", DRIVERS)
def test_set_up_is_not_recorded_and_the_bot_reply_is_waited_for(kind, world):
    mm, alice, bot, channel = world["mm"], world["alice"], world["bot"], world["channel"]
    # make_* helpers ran above: nothing the code under test did yet.
    assert mm.events == [] and mm.requests == []
    driver = make_driver(kind, mm, token=world["token"], keepalive=False)
    bot_runner = EchoBot(driver).start(mm)
    try:
        ping = mm.make_post(alice, channel, "ping")  # delivered to the bot's socket, not recorded
        reply = mm.wait_for_post(channel, where=lambda p: p.user_id == bot.id)
        assert (reply.message, reply.root_id) == ("pong", ping.id)
        assert [e.data["post"].id for e in mm.events_named("posted")] == [reply.id]
        mm.assert_requested(
            "CreatePost", times=1, user=bot, json={"message": "pong", "root_id": ping.id}, status=201
        )
        mm.assert_requested("POST /api/v4/posts", times=1)
        mm.assert_requested("authentication_challenge", times=1, user=bot, method="WS")
        # The drivers authenticate after the upgrade (authentication_challenge), so it carries no user.
        mm.assert_requested("/api/v4/websocket", times=1, user_id="", status=101)
        mm.assert_requested("DeletePost", times=0)
        # An event that already happened is returned at once; a missing one fails with what did happen.
        online = mm.wait_for_event("status_change", where=lambda e: e.data.get("user_id") == bot.id)
        assert online.data["status"] == "online"
        with pytest.raises(AssertionError, match=r"no 'reaction_added' event within 0.2 s; .*posted\("):
            mm.wait_for_event("reaction_added", timeout=0.2)
        with pytest.raises(
            AssertionError, match=r"(?s)expected 'PatchPost' at least once, found 0.*CreatePost"
        ):
            mm.assert_requested("PatchPost")
    finally:
        bot_runner.stop(mm)


@pytest.mark.parametrize("kind", DRIVERS)
def test_fail_next_and_delay_reach_the_driver(kind, world):
    mm, channel = world["mm"], world["channel"]
    driver = make_driver(kind, mm, token=world["token"])
    mm.fail_next("CreatePost", status=500, error_id="app.post.save.app_error")
    errors = (
        (md_errors.HTTPError, httpx.HTTPStatusError)
        if kind == "mattermostdriver"
        else (auto_errors.MattermostError, httpx.HTTPStatusError)
    )
    with pytest.raises(errors):
        create_post(driver, channel.id, "first try")
    failed = mm.requests_to("CreatePost", status=500)
    assert len(failed) == 1 and failed[0].response_json["id"] == "app.post.save.app_error"
    assert mm.events == []  # a refused request changes nothing and emits nothing
    assert create_post(driver, channel.id, "second try")["message"] == "second try"
    mm.delay("GetUser", 0.4, times=1)
    started = time.monotonic()
    driver.users.get_user("me")
    assert time.monotonic() - started >= 0.4
    started = time.monotonic()
    driver.users.get_user("me")
    assert time.monotonic() - started < 0.4
    mm.fail_next("/api/v4/users/{user_id}", status=503, times=-1)
    for _ in range(2):
        with pytest.raises(errors):
            driver.users.get_user("me")
    mm.reset()  # faults are undone by reset
    assert mm.client.get("/users/me").status_code == 200


def test_drop_websockets_ends_a_mattermostdriver_loop_without_keepalive(world):
    """The bug the toolkit lets a bot author find: without keepalive, mattermostdriver's socket loop returns
    silently when the connection drops, and the bot stops hearing anything."""
    mm, bot = world["mm"], world["bot"]
    bot_runner = EchoBot(make_driver("mattermostdriver", mm, token=world["token"], keepalive=False)).start(mm)
    assert mm.drop_websockets(bot) == 1
    bot_runner.thread.join(timeout=10)
    assert not bot_runner.thread.is_alive()


@pytest.mark.parametrize("kind", DRIVERS)
def test_refused_then_dropped_websockets_the_keepalive_bot_comes_back(kind, world):
    mm, alice, bot, channel = world["mm"], world["alice"], world["bot"], world["channel"]
    driver = make_driver(kind, mm, token=world["token"], keepalive=True, keepalive_delay=0.1)
    bot_runner = EchoBot(driver).start(mm)
    try:
        mm.refuse_websockets(0.6)
        assert mm.drop_websockets() == 1
        _wait_until(lambda: len(mm.requests_to("/api/v4/websocket", status=503)) >= 1)
        _wait_until(lambda: bot_runner.hellos >= 2)  # reconnected once refusals ended
        assert len(mm.requests_to("ConnectWebSocket", status=101)) == 2
        mm.make_post(alice, channel, "ping")
        assert mm.wait_for_post(channel, where=lambda p: p.user_id == bot.id).message == "pong"
    finally:
        bot_runner.stop(mm)


@pytest.mark.parametrize("kind", DRIVERS)
def test_frozen_clock_stamps_posts_and_expires_sessions(kind, world):
    mm, alice, channel = world["mm"], world["alice"], world["channel"]
    at = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    frozen = mm.clock.freeze(at)
    assert frozen == int(at.timestamp() * 1000) == mm.clock.now_ms()
    driver = make_driver(kind, mm, login_id="alice", password="password123")
    post = create_post(driver, channel.id, "at a fixed time")
    assert post["create_at"] == frozen and post["update_at"] == frozen
    session = next(s for s in mm.store.session_by_id.values() if s.user_id == alice.id)
    assert session.create_at == frozen
    # A web session lasts ServiceSettings.SessionLengthWebInHours: a day later it still works, past its
    # length it is refused.
    hours = mm.store.settings.get("ServiceSettings.SessionLengthWebInHours")
    mm.clock.advance(24 * 3600)
    assert driver.users.get_user("me")["id"] == alice.id
    mm.clock.advance(hours * 3600)
    errors = (
        md_errors.NoAccessTokenProvided if kind == "mattermostdriver" else auto_errors.NoAccessTokenProvided
    )
    with pytest.raises(errors):
        driver.users.get_user("me")
    mm.assert_requested("GetUser", status=401, times=1)


def test_clock_advance_runs_due_post_reminders(world):
    mm, alice, channel = world["mm"], world["alice"], world["channel"]
    mm.clock.freeze()
    driver = make_driver("mattermostautodriver", mm, login_id="alice", password="password123")
    post = create_post(driver, channel.id, "remind me")
    target = mm.clock.now_ms() // 1000 + 3600
    with mm.client_for(driver.client.token) as api:
        assert (
            api.post(
                f"/users/{alice.id}/posts/{post['id']}/reminder", json={"target_time": target}
            ).status_code
            == 200
        )
    mm.clock.advance(1800)
    assert mm.events_named("posted") == [mm.events_named("posted")[0]]  # only alice's own post
    mm.clock.advance(1800)
    reminder = mm.wait_for_post(where=lambda p: p.type == "reminder", timeout=2)
    assert reminder.props["post_id"] == post["id"]


@pytest.mark.parametrize("kind", DRIVERS)
def test_snapshot_and_restore(kind, world):
    mm, team = world["mm"], world["team"]
    driver = make_driver(kind, mm)
    snap = mm.snapshot()
    body = {"team_id": team.id, "name": "later", "display_name": "Later", "type": "O"}
    created = (
        driver.channels.create_channel(**body)
        if kind == "mattermostautodriver"
        else driver.channels.create_channel(body)
    )
    assert mm.store.channels.find(created["id"]) is not None
    for _ in range(2):  # one snapshot restores any number of times
        mm.restore(snap)
        assert mm.store.channels.find(created["id"]) is None
        driver = make_driver(kind, mm)  # the admin's token of the snapshot's world
        errors = md_errors.ResourceNotFound if kind == "mattermostdriver" else auto_errors.ResourceNotFound
        with pytest.raises(errors):
            driver.channels.get_channel(created["id"])
    assert mm.store.teams.find(team.id) is not None


def test_set_config_checks_key_and_type_and_reset_restores_it(world):
    mm = world["mm"]
    with pytest.raises(KeyError, match="did you mean 'TeamSettings.EnableOpenServer'"):
        mm.set_config("ServiceSettings.EnableOpenServer", True)
    with pytest.raises(ValueError, match="TeamSettings.MaxUsersPerTeam"):
        mm.set_config("TeamSettings.MaxUsersPerTeam", "lots")
    assert mm.store.settings.get("TeamSettings.MaxUsersPerTeam") == 50
    # Open server: anyone may sign up without a token (api4/user.go createUser).
    anonymous = TypedDriver({"url": mm.host, "port": mm.port, "scheme": "http", "basepath": "/api/v4"})
    signup = {"username": "newcomer", "email": "newcomer@example.com", "password": "password123"}
    with pytest.raises(auto_errors.NotEnoughPermissions):
        anonymous.users.create_user(**signup)
    mm.set_config("TeamSettings.EnableOpenServer", True)
    assert anonymous.users.create_user(**signup)["username"] == "newcomer"
    mm.reset()
    assert mm.store.settings.get("TeamSettings.EnableOpenServer") is False


def test_in_process_fixture_with_mattermostautodriver(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    alice = mm.make_user("alice")
    team = mm.make_team("inproc", members=[alice])
    channel = mm.make_channel(team, "room", members=[alice])
    driver = TypedDriver(mm.driver_options(token=mm.make_access_token(alice)))
    assert driver.login()["id"] == alice.id
    driver.posts.create_post(channel_id=channel.id, message="no socket needed")
    assert mm.wait_for_post(channel, timeout=1).message == "no socket needed"
    mm.assert_requested("CreatePost", times=1, user=alice)
    mm.fail_next("GetChannel", status=500)
    with pytest.raises((auto_errors.MattermostError, httpx.HTTPStatusError)):
        driver.channels.get_channel(channel.id)
    driver.close()
    assert mm.client.get("/system/ping").status_code == 200  # the shared transport stays open


def test_in_process_fixture_says_what_it_serves_to_a_requests_based_driver(mock_mattermost_inprocess):
    """mattermostdriver (requests) cannot use an httpx transport: the URL names what it is and never
    resolves, so the error says so instead of reaching some other host."""
    mm = mock_mattermost_inprocess
    assert mm.url == "http://in-process.mockmost.invalid:80"
    driver = Driver(mm.driver_options())
    with pytest.raises(Exception, match="in-process.mockmost.invalid"):
        driver.login()
    assert mm.requests == []
