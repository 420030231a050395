"""A bot written with matterapi against a real mockmost socket: it owns a slash command, an outgoing
webhook and interactive buttons, served by its own little HTTP server, and posts through incoming webhooks.

Upstream: server/channels/app/command.go, app/webhook.go, app/integration_action.go, web/webhook.go.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest
from matterapi import SyncClient
from matterapi.client.base import ApiClientOptions, AuthToken
from matterapi.client.exceptions import NotEnoughPermissions

upstream = pytest.mark.upstream


class WeatherBot:
    """The bot: answers /weather, replies in thread to 'forecast …', and turns a button click into an edit."""

    def __init__(self, api: SyncClient, bot_user_id: str) -> None:
        self.api = api
        self.user_id = bot_user_id
        self.seen: list[tuple[str, dict[str, Any]]] = []
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def answer(self, path: str, body: bytes, content_type: str) -> dict[str, Any] | None:
        data = (
            json.loads(body)
            if "json" in content_type
            else {k: v[0] for k, v in parse_qs(body.decode()).items()}
        )
        self.seen.append((path, data))
        if path == "/weather":
            buttons = [
                {
                    "name": "Refresh",
                    "integration": {"url": self.url + "/refresh", "context": {"city": data["text"]}},
                }
            ]
            return {
                "response_type": "in_channel",
                "text": f"Sunny in {data['text']}",
                "attachments": [{"text": "Want a refresh?", "actions": buttons}],
            }
        if path == "/forecast":
            self.api.posts.create_post(
                json_body={
                    "channel_id": data["channel_id"],
                    "root_id": data["post_id"],
                    "message": "Tomorrow: rain",
                }
            )
            return None
        if path == "/refresh":
            return {
                "update": {"message": f"Still sunny in {data['context']['city']}"},
                "ephemeral_text": "Refreshed",
            }
        return None

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        bot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                reply = bot.answer(self.path, body, self.headers.get("content-type", ""))
                payload = json.dumps(reply).encode() if reply is not None else b""
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args: Any) -> None:
                pass

        return Handler

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def setup(mock_mattermost) -> Iterator[Any]:
    mm = mock_mattermost
    alice = mm.make_user("alice")
    bot_user, bot_token = mm.make_bot("weatherbot")
    team = mm.make_team("eng", members=[alice])
    mm.store.teams.set_member_roles(mm.store.teams.join(team, bot_user), "team_user team_admin")
    channel = mm.make_channel(team, "general", members=[alice, bot_user])
    api = SyncClient(options=ApiClientOptions(url=mm.url, auth=AuthToken(token=bot_token)))
    bot = WeatherBot(api, bot_user.id)
    alice_api = SyncClient(options=ApiClientOptions(url=mm.url, auth=AuthToken(token=mm.make_token(alice))))
    try:
        yield mm, team, channel, alice, alice_api, bot
    finally:
        bot.close()


@upstream("server/channels/app/command.go", "ExecuteCommand")
def test_matterapi_bot_slash_command_with_button(setup):
    mm, team, channel, alice, alice_api, bot = setup
    created = bot.api.commands.create_command(
        json_body={"team_id": team.id, "trigger": "weather", "method": "P", "url": bot.url + "/weather"}
    )
    assert created.trigger == "weather" and created.creator_id == bot.user_id
    response = alice_api.commands.execute_command(
        json_body={"channel_id": channel.id, "command": "/weather Oslo"}
    )
    assert (
        response.model_extra["text"] == "Sunny in Oslo"
    )  # snake_case keys; matterapi's model expects CamelCase
    path, request = bot.seen[-1]
    assert path == "/weather" and request["token"] == created.token and request["user_name"] == "alice"
    post = mm.posts_in(channel)[-1]
    assert post.user_id == alice.id and post.props["from_webhook"] == "true"
    action = post.props["attachments"][0]["actions"][0]
    served = alice_api.posts.get_post(post_id=post.id)
    assert "integration" not in served.props.model_dump()["attachments"][0]["actions"][0]
    clicked = httpx.post(
        f"{mm.api_url}/posts/{post.id}/actions/{action['id']}",
        json={},
        headers={"Authorization": f"Bearer {alice_api.options.auth.token}"},
    )
    assert clicked.json()["status"] == "OK"
    assert alice_api.posts.get_post(post_id=post.id).message == "Still sunny in Oslo"
    assert mm.events_named("ephemeral_message")[-1].data["post"].message == "Refreshed"


@upstream("server/channels/app/webhook.go", "TriggerWebhook")
def test_matterapi_bot_outgoing_webhook_replies_in_thread(setup):
    mm, team, channel, _, alice_api, bot = setup
    hook = bot.api.webhooks.create_outgoing_webhook(
        json_body={
            "team_id": team.id,
            "channel_id": channel.id,
            "display_name": "Forecast",
            "trigger_words": ["forecast"],
            "callback_urls": [bot.url + "/forecast"],
        }
    )
    root = alice_api.posts.create_post(json_body={"channel_id": channel.id, "message": "forecast for Oslo?"})
    assert mm._state.outbound_pool().wait_idle()
    assert bot.seen[-1][1]["token"] == hook.token
    thread = alice_api.posts.get_post_thread(post_id=root.id)
    replies = [p for p in thread.posts.values() if p.root_id == root.id]
    assert [r.message for r in replies] == ["Tomorrow: rain"] and replies[0].user_id == bot.user_id


@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_matterapi_bot_incoming_webhook(setup):
    mm, team, channel, _, alice_api, bot = setup
    hook = bot.api.webhooks.create_incoming_webhook(
        json_body={"channel_id": channel.id, "display_name": "Alerts"}
    )
    assert hook.channel_locked is False  # the bot is a team admin: it may post elsewhere in its team
    resp = httpx.post(f"{mm.url}/hooks/{hook.id}", json={"text": "Storm warning", "channel": "town-square"})
    assert resp.status_code == 200 and resp.text == "ok"
    town = mm.store.channels.find_by_name(team.id, "town-square")
    latest = alice_api.posts.get_posts_for_channel(channel_id=town.id)
    post = latest.posts[latest.order[0]]
    assert post.message == "Storm warning" and post.user_id == bot.user_id
    assert post.props.model_dump()["from_webhook"] == "true"


@upstream("server/channels/api4/webhook.go", "createIncomingHook")
def test_matterapi_regular_user_cannot_create_hooks(setup):
    _, _, channel, _, alice_api, _ = setup
    with pytest.raises(NotEnoughPermissions) as err:
        alice_api.webhooks.create_incoming_webhook(json_body={"channel_id": channel.id})
    assert (
        str(err.value) == "You do not have the appropriate permissions."
    )  # api.context.permissions.app_error
