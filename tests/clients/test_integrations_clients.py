"""mattermostdriver and mattermostautodriver managing and calling webhooks and slash commands on a real
socket. Upstream: server/channels/api4/webhook.go, api4/command.go, web/webhook.go."""

from __future__ import annotations

import mattermostautodriver
import mattermostdriver
import pytest
from mattermostdriver import exceptions as driver_errors

from tests.integration_receiver import receiver_fixture  # noqa: F401 - the `receiver` fixture

upstream = pytest.mark.upstream


@pytest.fixture
def world(mock_mattermost):
    mm = mock_mattermost
    alice = mm.make_user("alice")
    team = mm.make_team("eng", members=[alice])
    channel = mm.make_channel(team, "general", members=[alice])
    return mm, team, channel, alice


def _options(mm, token):
    return {"url": mm.host, "port": mm.port, "scheme": "http", "token": token, "basepath": "/api/v4"}


@pytest.fixture
def admin_driver(world):
    mm = world[0]
    driver = mattermostdriver.Driver(_options(mm, mm.admin_token))
    driver.login()
    return driver


@pytest.fixture
def alice_autodriver(world):
    mm, _, _, alice = world
    driver = mattermostautodriver.TypedDriver(_options(mm, mm.make_token(alice)))
    driver.login()
    return driver


@upstream("server/channels/api4/webhook.go", "updateIncomingHook")
def test_mattermostdriver_incoming_hook_lifecycle_and_call(admin_driver, world):
    mm, _, channel, _ = world
    hook = admin_driver.webhooks.create_incoming_hook({"channel_id": channel.id, "display_name": "CI"})
    updated = admin_driver.webhooks.update_incoming_hook(hook["id"], {**hook, "description": "builds"})
    assert updated["description"] == "builds" and updated["id"] == hook["id"]
    assert admin_driver.webhooks.get_incoming_hook(hook["id"])["description"] == "builds"
    resp = admin_driver.webhooks.call_webhook(hook["id"], options={"text": "green"})
    assert resp.status_code == 200 and resp.text == "ok"
    assert mm.posts_in(channel)[-1].message == "green"


@upstream("server/channels/web/webhook.go", "incomingWebhook")
def test_mattermostdriver_call_unknown_webhook_raises_invalid_parameters(admin_driver):
    with pytest.raises(driver_errors.InvalidOrMissingParameters) as err:
        admin_driver.webhooks.call_webhook("q" * 26, options={"text": "x"})
    assert "q" * 26 in str(err.value)  # "Failed to handle the payload ... for incoming webhook <id>."


@upstream("server/channels/api4/webhook.go", "regenOutgoingHookToken")
def test_mattermostdriver_outgoing_hook_regen_token(admin_driver, world, receiver):
    mm, team, channel, _ = world
    url = receiver.reply("/out", text="")
    hook = admin_driver.webhooks.create_outgoing_hook(
        {"team_id": team.id, "channel_id": channel.id, "trigger_words": ["go"], "callback_urls": [url]}
    )
    # mattermostdriver sends PUT; the server only routes POST, and a wrong method is a 404 (api4/api.go).
    with pytest.raises(driver_errors.ResourceNotFound):
        admin_driver.webhooks.regenerate_token_outgoing_hook(hook["id"])
    regenerated = admin_driver.client.post(f"/hooks/outgoing/{hook['id']}/regen_token")
    admin_driver.posts.create_post({"channel_id": channel.id, "message": "go team"})
    assert mm._state.outbound_pool().wait_idle()
    assert receiver.requests[0].form["token"] == [regenerated["token"]] != [hook["token"]]


@upstream("server/channels/api4/command.go", "executeCommand")
def test_mattermostautodriver_executes_builtin_and_custom_commands(
    admin_driver, alice_autodriver, world, receiver
):
    mm, team, channel, alice = world
    admin_driver.commands.create_command(
        {
            "team_id": team.id,
            "trigger": "deploy",
            "method": "P",
            "url": receiver.reply("/deploy", json_body={"text": "queued"}),
        }
    )
    response = alice_autodriver.commands.execute_command(channel_id=channel.id, command="/deploy now")
    assert response["text"] == "queued" and response["response_type"] == ""
    alice_autodriver.commands.execute_command(channel_id=channel.id, command="/echo shipped")
    assert mm.posts_in(channel)[-1].message == "shipped" and mm.posts_in(channel)[-1].user_id == alice.id


@upstream("server/channels/api4/command.go", "executeCommand")
def test_mattermostautodriver_unknown_command_is_not_found(alice_autodriver, world):
    _, _, channel, _ = world
    with pytest.raises(mattermostautodriver.exceptions.ResourceNotFound):
        alice_autodriver.commands.execute_command(channel_id=channel.id, command="/nosuch")
