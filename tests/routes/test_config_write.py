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


# Each answered 400 with this id and text on a running 11.2 (PUT /config/patch); model/config.go IsValid.
INVALID_VALUES = [
    (
        {"ServiceSettings": {"MaximumPayloadSizeBytes": -1000}},
        "max_payload_size",
        "Invalid max payload size for service settings. Must be a whole number greater than zero.",
    ),
    (
        {"ServiceSettings": {"MaximumURLLength": 0}},
        "max_url_length",
        "Invalid max URL length for service settings. Must be a whole number greater than zero.",
    ),
    (
        {"ServiceSettings": {"MaximumLoginAttempts": 0}},
        "login_attempts",
        "Invalid maximum login attempts for service settings. Must be a positive number.",
    ),
    (
        {"ServiceSettings": {"SiteURL": "not a url"}},
        "site_url",
        "Site URL must be a valid URL and start with http:// or https://.",
    ),
    (
        {"ServiceSettings": {"CollapsedThreads": "bogus"}},
        "collapsed_threads",
        "CollapsedThreads setting must be either disabled,default_on or default_off",
    ),
    (
        {"ServiceSettings": {"OutgoingIntegrationRequestsTimeout": 0}},
        "outgoing_integrations_request_timeout",
        "Invalid Outgoing Integrations Request Timeout for service settings. Must be a positive number.",
    ),
    (
        {"PasswordSettings": {"MinimumLength": 2}},
        "password_length",
        "Minimum password length must be a whole number greater than or equal to 5 and less than or equal "
        "to 72.",
    ),
    (
        {"PasswordSettings": {"MinimumLength": 100}},
        "password_length",
        "Minimum password length must be a whole number greater than or equal to 5 and less than or equal "
        "to 72.",
    ),
    (
        {"TeamSettings": {"MaxUsersPerTeam": 0}},
        "max_users",
        "Invalid maximum users per team for team settings. Must be a positive number.",
    ),
    (
        {"TeamSettings": {"MaxChannelsPerTeam": -1}},
        "max_channels",
        "Invalid maximum channels per team for team settings. Must be a positive number.",
    ),
    (
        {"TeamSettings": {"RestrictDirectMessage": "x"}},
        "restrict_direct_message",
        "Invalid direct message restriction. Must be 'any', or 'team'.",
    ),
    (
        {"TeamSettings": {"TeammateNameDisplay": "x"}},
        "teammate_name_display",
        "Invalid teammate display. Must be 'full_name', 'nickname_full_name' or 'username'.",
    ),
    (
        {"TeamSettings": {"SiteName": "x" * 31}},
        "sitename_length",
        "Site name must be less than or equal to 30 characters.",
    ),
    (
        {"TeamSettings": {"UserStatusAwayTimeout": 0}},
        "user_status_away_timeout",
        "Invalid value for user status away timeout. Must be a positive number.",
    ),
    (
        {"FileSettings": {"MaxFileSize": 0}},
        "max_file_size",
        "Invalid max file size for file settings. Must be a whole number greater than zero.",
    ),
    (
        {"RateLimitSettings": {"PerSec": 0}},
        "rate_sec",
        "Invalid per sec for rate limit settings. Must be a positive number.",
    ),
    (
        {"EmailSettings": {"EmailBatchingInterval": 10}},
        "email_batching_interval",
        "Invalid email batching interval for email settings. Must be 30 seconds or more.",
    ),
    # Keys the server does not know are dropped by the decoder; the invalid value still counts.
    (
        {"NoSuchSection": {"X": 1}, "ServiceSettings": {"NoSuchKey": 1, "MaximumPayloadSizeBytes": -5}},
        "max_payload_size",
        "Invalid max payload size for service settings. Must be a whole number greater than zero.",
    ),
]


@upstream("server/public/model/config.go", "Config.IsValid")
@pytest.mark.parametrize(("body", "suffix", "message"), INVALID_VALUES)
def test_config_write_refuses_what_config_is_valid_refuses(mm, body, suffix, message):
    before = mm.client.get("/config").json()
    for method, path in (("PUT", "/config/patch"), ("PUT", "/config")):
        reply = assert_app_error(
            mm.client.request(method, path, json=body), 400, f"model.config.is_valid.{suffix}.app_error"
        )
        assert reply["message"] == message and reply["detailed_error"] == ""
    assert mm.client.get("/config").json() == before
    assert mm.client.get("/system/ping").status_code == 200


@upstream("server/channels/api4/config.go", "patchConfig")
def test_config_keys_match_case_insensitively(mm):
    # model.Config is decoded by encoding/json: section and key names match struct fields in any case.
    reply = mm.client.put("/config/patch", json={"teamsettings": {"SITENAME": "Lower"}})
    assert reply.status_code == 200 and reply.json()["TeamSettings"]["SiteName"] == "Lower"
    bad = mm.client.put("/config/patch", json={"servicesettings": {"maximumpayloadsizebytes": -1}})
    assert_app_error(bad, 400, "model.config.is_valid.max_payload_size.app_error")


@upstream("server/channels/api4/config.go", "patchConfig")
def test_clearing_the_site_url_is_refused_before_validation(mm):
    mm.client.put("/config/patch", json={"ServiceSettings": {"SiteURL": "http://chat.example"}})
    both = {"ServiceSettings": {"SiteURL": "", "MaximumPayloadSizeBytes": -1}}
    assert_app_error(
        mm.client.put("/config/patch", json=both), 400, "api.config.update_config.clear_siteurl.app_error"
    )


def test_reset_restores_the_config_the_server_started_with(mm):
    # issue 13: a tiny MaximumURLLength is valid (IsValid only wants it positive) and then refuses every
    # request with 414, as on the real server; reset must bring the server back.
    assert (
        mm.client.put("/config/patch", json={"ServiceSettings": {"MaximumURLLength": 10}}).status_code == 200
    )
    assert_app_error(mm.client.get("/system/ping"), 414, "basic_security_check.url.too_long_error")
    mm.reset()
    assert mm.client.get("/system/ping").status_code == 200
    assert mm.store.settings.get("ServiceSettings.MaximumURLLength") == 2048


def test_control_reset_restores_the_config(mm):
    mm.client.put("/config/patch", json={"TeamSettings": {"SiteName": "Changed"}})
    assert mm.client.post(mm.url.rstrip("/") + "/__mockmost__/reset").status_code == 200
    assert mm.store.settings.get("TeamSettings.SiteName") == "Mattermost"


def test_set_config_checks_key_type_and_validity(mm):
    with pytest.raises(KeyError, match="did you mean 'TeamSettings.EnableOpenServer'"):
        mm.set_config("ServiceSettings.EnableOpenServer", True)
    with pytest.raises(ValueError, match="TeamSettings.MaxUsersPerTeam must be an integer"):
        mm.set_config("TeamSettings.MaxUsersPerTeam", "lots")
    with pytest.raises(ValueError, match="model.config.is_valid.max_users.app_error"):
        mm.set_config("TeamSettings.MaxUsersPerTeam", 0)
    assert mm.store.settings.get("TeamSettings.MaxUsersPerTeam") == 50
    mm.set_config("TeamSettings.MaxUsersPerTeam", 3)
    assert mm.store.settings.get("TeamSettings.MaxUsersPerTeam") == 3
