"""Writing the server config through the API. Upstream: server/channels/api4/config.go (patchConfig,
updateConfig: decode into model.Config, system-console write permission, site URL cannot be cleared,
SaveConfig), app/platform/service.go (config listener broadcasts config_changed with the client config)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream
def test_patch_config_changes_behaviour_and_client_config(mm):
    before_version = mm.client.get("/system/ping").headers["x-version-id"]
    reply = mm.client.put("/config/patch", json={"ServiceSettings": {"EnableIncomingWebhooks": False}})
    assert reply.status_code == 200
    assert reply.json()["ServiceSettings"]["EnableIncomingWebhooks"] is False
    # Other keys keep their values (Merge over the current config).
    assert reply.json()["ServiceSettings"]["EnableOutgoingWebhooks"] is True
    assert mm.client.get("/config/client").json()["EnableIncomingWebhooks"] == "false"
    # The X-Version-Id header carries a hash of the client config, so it changes.
    assert mm.client.get("/system/ping").headers["x-version-id"] != before_version
    # The switch is honoured: creating an incoming webhook is now refused as upstream (501 disabled).
    team = mm.make_team("hooks")
    channel = mm.make_channel(team, "in")
    hook = mm.client.post("/hooks/incoming", json={"channel_id": channel.id})
    assert_app_error(hook, 501, "api.incoming_webhook.disabled.app_error")
    event = mm.events_named("config_changed")[-1]
    assert event.data["config"]["EnableIncomingWebhooks"] == "false"
    assert event.broadcast.user_id == event.broadcast.channel_id == event.broadcast.team_id == ""


@upstream
def test_update_config_resets_what_is_left_out(mm):
    mm.client.put("/config/patch", json={"TeamSettings": {"SiteName": "Acme Chat"}})
    reply = mm.client.put("/config", json={"ServiceSettings": {"EnableCommands": False}})
    assert reply.status_code == 200
    config = reply.json()
    assert config["ServiceSettings"]["EnableCommands"] is False
    # cfg.SetDefaults(): everything the body leaves out is the default again.
    assert config["TeamSettings"]["SiteName"] == "Mattermost"
    assert mm.client.get("/config").json() == config


@upstream
def test_config_write_refusals_leave_config_unchanged(mm, login):
    before = mm.client.get("/config").json()
    user = mm.make_user("plain")
    assert_app_error(
        login(user).put("/config/patch", json={"TeamSettings": {"SiteName": "x"}}),
        403,
        "api.context.permissions.app_error",
    )
    for body in (
        b"null",
        b"[]",
        b"{bad",
        b'{"ServiceSettings": {"EnableCommands": "no"}}',
        b'{"PasswordSettings": {"MinimumLength": 8.5}}',
        b'{"ServiceSettings": 3}',
    ):
        assert_app_error(
            mm.client.put("/config/patch", content=body), 400, "api.context.invalid_body_param.app_error"
        )
        assert_app_error(
            mm.client.put("/config", content=body), 400, "api.context.invalid_body_param.app_error"
        )
    assert mm.client.get("/config").json() == before
    assert not mm.events_named("config_changed")


@upstream
def test_site_url_cannot_be_cleared_once_set(mm):
    assert (
        mm.client.put(
            "/config/patch", json={"ServiceSettings": {"SiteURL": "http://chat.example"}}
        ).status_code
        == 200
    )
    cleared = mm.client.put("/config/patch", json={"ServiceSettings": {"SiteURL": ""}})
    assert_app_error(cleared, 400, "api.config.update_config.clear_siteurl.app_error")
    assert_app_error(
        mm.client.put("/config", json={}), 400, "api.config.update_config.clear_siteurl.app_error"
    )
    assert mm.client.get("/config").json()["ServiceSettings"]["SiteURL"] == "http://chat.example"
