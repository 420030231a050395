"""System routes: ping, client config (settings named after Mattermost's config keys), client license."""

from __future__ import annotations

import pytest

from mockmost.settings import DEFAULT_CONFIG, Settings
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream("server/channels/api4/system.go", "getSystemPing")
def test_get_ping_without_session(anon):
    resp = anon.get("/system/ping")
    assert resp.status_code == 200
    assert resp.json() == {
        "status": "OK",
        "AndroidLatestVersion": "",
        "AndroidMinVersion": "",
        "IosLatestVersion": "",
        "IosMinVersion": "",
        "ActiveSearchBackend": "database",
    }


@upstream("server/channels/api4/system.go", "getSystemPing")
def test_get_ping_with_server_status(anon):
    body = anon.get("/system/ping", params={"get_server_status": "true"}).json()
    assert body["database_status"] == "OK" and body["filestore_status"] == "OK"


@upstream("server/channels/api4/config.go", "getClientConfig")
@pytest.mark.parametrize("params", [{}, {"format": "old"}])
def test_get_client_config_flat_strings(mm, params):
    resp = mm.client.get("/config/client", params=params)
    assert resp.status_code == 200
    config = resp.json()
    assert all(isinstance(v, str) for v in config.values())
    assert config["Version"] == "11.2.0"
    assert config["MaxPostSize"] == "16383"
    assert config["CollapsedThreads"] == "always_on"


@upstream("server/channels/api4/config.go", "getClientConfig")
def test_get_client_config_defaults_tokens_bots_integrations_on(mm):
    config = mm.client.get("/config/client").json()
    for key in (
        "EnableUserAccessTokens",
        "EnableBotAccountCreation",
        "EnableIncomingWebhooks",
        "EnableOutgoingWebhooks",
        "EnableCommands",
    ):
        assert config[key] == "true", key


@upstream("server/public/model/client_config.go", "GenerateLimitedClientConfig")
def test_get_client_config_anonymous_is_limited(anon):
    config = anon.get("/config/client", params={"format": "old"}).json()
    assert config["Version"] == "11.2.0"
    assert "EnableUserAccessTokens" not in config
    assert config["EnableSignInWithUsername"] == "true"


@upstream("server/channels/api4/config.go", "getClientConfig")
def test_set_config_is_visible_in_client_config(mm):
    before = mm.client.get("/config/client")
    mm.set_config("ServiceSettings.EnableUserAccessTokens", False)
    after = mm.client.get("/config/client")
    assert after.json()["EnableUserAccessTokens"] == "false"
    assert before.headers["x-version-id"] != after.headers["x-version-id"]


def test_settings_use_mattermost_config_keys():
    settings = Settings()
    assert settings.get("ServiceSettings.EnableUserAccessTokens") is True
    assert settings.get("ServiceSettings.EnableBotAccountCreation") is True
    assert settings.get("TeamSettings.MaxUsersPerTeam") == 50
    with pytest.raises(KeyError):
        settings.set("ServiceSettings.NoSuchKey", 1)
    assert Settings().config == DEFAULT_CONFIG


def test_settings_with_overrides_copies():
    base = Settings()
    changed = base.with_overrides({"TeamSettings.EnableOpenServer": True})
    assert changed.get("TeamSettings.EnableOpenServer") is True
    assert base.get("TeamSettings.EnableOpenServer") is False


@upstream("server/channels/api4/license.go", "getClientLicense")
def test_get_client_license_unlicensed(anon):
    assert anon.get("/license/client", params={"format": "old"}).json() == {"IsLicensed": "false"}


@upstream("server/channels/api4/system.go", "invalidateCaches")
def test_invalidate_caches_and_recycle_database_admin_only(mm, login):
    reply = mm.client.post("/caches/invalidate")
    assert (
        reply.json() == {"status": "OK"}
        and reply.headers["cache-control"] == "no-cache, no-store, must-revalidate"
    )
    assert mm.client.post("/database/recycle").json() == {"status": "OK"}
    user = login(mm.make_user("plain"))
    assert_app_error(user.post("/caches/invalidate"), 403, "api.context.permissions.app_error")
    assert_app_error(user.post("/database/recycle"), 403, "api.context.permissions.app_error")
