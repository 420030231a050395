"""End to end: an mmpy_bot bot with its bundled example plugins, run as a subprocess from its own
virtualenv (`make deps-mmpy`: mmpy_bot pins an older httpx than the newest mattermostautodriver),
talking to a mockmost server over REST and the WebSocket.

Upstream: api4/post.go, api4/reaction.go, api4/file.go, api4/channel.go (DMs), web/webhook.go,
app/integration_action.go — whatever the bot touches must answer as the real server does.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
MMPY_PYTHON = ROOT / ".envs" / "mmpy_bot" / "bin" / "python"
HELLO_WEBHOOK_ID = "eauegoqk4ibxigfybqrsfmt48r"  # hard-wired in mmpy_bot/plugins/example.py hello_webhook
upstream = pytest.mark.upstream

pytestmark = [
    pytest.mark.skipif(
        not MMPY_PYTHON.exists(), reason="mmpy_bot's virtualenv is missing: run `make deps-mmpy`"
    ),
]

BOT_SCRIPT = textwrap.dedent("""
    import logging, sys
    from mmpy_bot import Bot, Settings
    from mmpy_bot.plugins import ExamplePlugin, WebHookExample

    url, port, token, team, hook_port = sys.argv[1:6]
    bot = Bot(
        settings=Settings(MATTERMOST_URL=url, MATTERMOST_PORT=int(port), BOT_TOKEN=token, BOT_TEAM=team,
                          SSL_VERIFY=False, WEBHOOK_HOST_ENABLED=True, WEBHOOK_HOST_URL="http://127.0.0.1",
                          WEBHOOK_HOST_PORT=int(hook_port), LOG_LEVEL=logging.INFO),
        plugins=[ExamplePlugin(), WebHookExample()],
    )
    bot.run()
""")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


class BotWorld:
    def __init__(self, mm: Any, tmp_path: Path) -> None:
        self.mm = mm
        self.alice = mm.make_user("alice")
        self.bot, token = mm.make_bot("mmpybot")
        self.team = mm.make_team("eng", members=[self.alice, self.bot])
        self.channel = mm.make_channel(self.team, "general", members=[self.alice, self.bot])
        self.off_topic = mm.store.channels.find_by_name(self.team.id, "off-topic")
        self.alice_api = mm.client_for(mm.make_token(self.alice))
        script = tmp_path / "run_bot.py"
        script.write_text(BOT_SCRIPT)
        self.log = (tmp_path / "bot.log").open("w+")
        env = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            [str(MMPY_PYTHON), str(script), "http://127.0.0.1", str(mm.port), token, "eng", str(free_port())],
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env=env,
            cwd=tmp_path,
        )

    def say(self, channel: Any, message: str, root_id: str = "") -> dict[str, Any]:
        resp = self.alice_api.post(
            "/posts", json={"channel_id": channel.id, "message": message, "root_id": root_id}
        )
        assert resp.status_code == 201, resp.text
        return resp.json()

    def bot_posts(self, channel: Any) -> list[Any]:
        return [p for p in self.mm.posts_in(channel) if p.user_id == self.bot.id]

    def wait_reply(self, channel: Any, match: Callable[[Any], bool], what: str) -> Any:
        return wait_for(lambda: next((p for p in self.bot_posts(channel) if match(p)), None), what=what)

    def close(self) -> str:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.seek(0)
        text = self.log.read()
        self.log.close()
        self.alice_api.close()
        return text


@pytest.fixture
def bot_world(mock_mattermost, tmp_path) -> Iterator[BotWorld]:
    world = BotWorld(mock_mattermost, tmp_path)
    try:
        # The bot is up once its WebSocket is registered (mockmost's hub counts active connections).
        hub = mock_mattermost._state.hub
        wait_for(lambda: hub.active_count(world.bot.id) > 0, timeout=60, what="the bot's WebSocket")
        yield world
    finally:
        log = world.close()
        print(log, file=sys.stderr)


@upstream("server/channels/api4/post.go", "createPost")
def test_mmpy_bot_replies_in_thread(bot_world):
    post = bot_world.say(bot_world.channel, "@mmpybot ping")
    reply = bot_world.wait_reply(bot_world.channel, lambda p: p.root_id == post["id"], "a threaded pong")
    assert reply.message == "pong" and reply.props.get("from_bot") == "true"


@upstream("server/channels/api4/post.go", "createPost")
def test_mmpy_bot_follows_an_existing_thread(bot_world):
    root = bot_world.say(bot_world.channel, "starting a thread")
    reply_to = bot_world.say(bot_world.channel, "@mmpybot ping", root_id=root["id"])
    reply = bot_world.wait_reply(
        bot_world.channel,
        lambda p: p.message == "pong" and p.create_at > reply_to["create_at"],
        "pong in the thread",
    )
    assert reply.root_id == root["id"]


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_mmpy_bot_reacts(bot_world):
    post = bot_world.say(bot_world.channel, "@mmpybot hello_react")
    mm = bot_world.mm
    wait_for(lambda: mm.store.post_by_id[post["id"]].has_reactions, what="a reaction")
    reactions = bot_world.alice_api.get(f"/posts/{post['id']}/reactions").json()
    assert [(r["user_id"], r["emoji_name"]) for r in reactions] == [(bot_world.bot.id, "+1")]


@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_mmpy_bot_uploads_a_file(bot_world):
    post = bot_world.say(bot_world.channel, "@mmpybot hello_file")
    reply = bot_world.wait_reply(
        bot_world.channel, lambda p: p.root_id == post["id"] and p.file_ids, "a file"
    )
    info = bot_world.alice_api.get(f"/files/{reply.file_ids[0]}/info").json()
    assert info["name"] == "hello.txt" and reply.message == "Here you go"
    assert bot_world.alice_api.get(f"/files/{reply.file_ids[0]}").content == b"Hello from this file!"


@upstream("server/channels/api4/channel.go", "createDirectChannel")
def test_mmpy_bot_answers_direct_messages(bot_world):
    dm = bot_world.alice_api.post("/channels/direct", json=[bot_world.alice.id, bot_world.bot.id]).json()
    channel = bot_world.mm.store.channels.get(dm["id"])
    bot_world.say(channel, "!info")
    reply = bot_world.wait_reply(channel, lambda p: "USERNAME: alice" in p.message, "the info reply")
    assert "IS-DIRECT: True" in reply.message and "EMAIL: alice@example.com" in reply.message


@upstream("server/channels/api4/post.go", "createPost")
def test_mmpy_bot_channel_restrictions(bot_world):
    bot_world.say(bot_world.channel, "offtopic_channel")
    bot_world.say(bot_world.off_topic, "offtopic_channel")
    bot_world.wait_reply(bot_world.off_topic, lambda p: p.message == "Access allowed!", "access in off-topic")
    assert not [p for p in bot_world.bot_posts(bot_world.channel) if p.message == "Access allowed!"]


@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_mmpy_bot_calls_an_incoming_webhook(bot_world):
    mm = bot_world.mm
    mm.store.webhooks.create_incoming(
        bot_world.bot.id, bot_world.channel, {"display_name": "Example"}, hook_id=HELLO_WEBHOOK_ID
    )
    bot_world.say(bot_world.channel, "!hello_webhook")
    post = wait_for(
        lambda: next((p for p in mm.posts_in(bot_world.off_topic) if p.message == "Hello?"), None),
        what="the webhook post",
    )
    assert post.user_id == bot_world.bot.id and post.type == "slack_attachment"
    assert post.props["from_webhook"] == "true" and post.props["attachments"][0]["title"] == "Title"


@upstream("server/channels/app/integration_action.go", "DoPostActionWithCookie")
def test_mmpy_bot_button_round_trip(bot_world):
    bot_world.say(bot_world.channel, "!button")
    # A REST post keeps type "" even with attachments: only webhooks and command responses become
    # slack_attachment (app/webhook.go, app/command.go call model.ParseSlackAttachment; app/post.go does not).
    buttons = bot_world.wait_reply(bot_world.channel, lambda p: p.props.get("attachments"), "the buttons")
    assert buttons.type == ""
    [ping, _] = buttons.props["attachments"][0]["actions"]
    resp = bot_world.alice_api.post(f"/posts/{buttons.id}/actions/{ping['id']}", json={})
    assert resp.status_code == 200 and resp.json()["status"] == "OK"
    wait_for(
        lambda: bot_world.mm.store.post_by_id[buttons.id].message == "The ping webhook works! :tada:",
        what="the updated post",
    )
    event = next(e for e in reversed(bot_world.mm.events) if e.name == "ephemeral_message")
    assert (
        event.data["post"].message == "You updated the post!"
        and event.broadcast.user_id == bot_world.alice.id
    )


@upstream("server/channels/api4/post.go", "createEphemeralPost")
def test_mmpy_bot_without_ephemeral_permission_says_so(bot_world):
    post = bot_world.say(bot_world.channel, "@mmpybot hello_ephemeral")
    reply = bot_world.wait_reply(bot_world.channel, lambda p: p.root_id == post["id"], "the fallback reply")
    assert reply.message == "I do not have permission to create ephemeral posts!"


def test_mmpy_bot_environment_is_isolated():
    """The bot's virtualenv really has the older httpx mmpy_bot pins, unlike the project's."""
    out = subprocess.run(
        [str(MMPY_PYTHON), "-c", "import httpx; print(httpx.__version__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert (
        tuple(int(x) for x in out.split(".")[:2])
        < (0, 28)
        <= tuple(int(x) for x in httpx.__version__.split(".")[:2])
    )
