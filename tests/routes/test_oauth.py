"""OAuth 2.0 service provider: what the parity scenarios (oauth_apps, oauth_flow, observed on 11.2.0) cannot
show on a shared server: the provider switched off, a creator without manage_system_wide_oauth or
manage_system, dynamic client registration on, an expired code, a deactivated user. Expected values read in
server/channels/api4/oauth.go, web/oauth.go, app/oauth.go, public/model/oauth.go and authorize.go."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
CB = "http://cb.example.com/cb"
APP = {"name": "App", "callback_urls": [CB], "homepage": "http://home.example.com"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def _web(client, path):
    """/oauth/... and /.well-known/... sit outside /api/v4, the clients' base URL."""
    return str(client.base_url).rstrip("/").removesuffix("/api/v4") + path


def _app(client, **fields):
    resp = client.post("/oauth/apps", json={**APP, **fields})
    assert resp.status_code == 201, resp.text
    return resp.json()


def _code(client, app_id, **fields):
    body = {"response_type": "code", "client_id": app_id, "redirect_uri": CB, **fields}
    resp = client.post(_web(client, "/oauth/authorize"), json=body)
    assert resp.status_code == 200, resp.text
    redirect = resp.json()["redirect"]
    return redirect.split("code=")[1].split("&")[0]


def _exchange(anon, app, code):
    form = {
        "grant_type": "authorization_code",
        "client_id": app["id"],
        "client_secret": app["client_secret"],
        "code": code,
        "redirect_uri": CB,
    }
    return anon.post(_web(anon, "/oauth/access_token"), data=form)


@pytest.fixture
def oauth_user(mm):
    """A user given manage_oauth through a role of its own, as an admin would patch system_user."""
    user = mm.make_user("dev")
    role = mm.store.roles.by_name("system_user")
    mm.store.roles.patch(role, [*role.permissions, "manage_oauth"])
    return user


@upstream("server/channels/app/oauth.go", "CreateOAuthAppInternal")
def test_create_with_the_provider_off_is_501_after_the_permission_check(mm, login):
    mm.set_config("ServiceSettings.EnableOAuthServiceProvider", False)
    plain = login(mm.make_user("plain"))
    assert_app_error(plain.post("/oauth/apps", json=APP), 403, "api.context.permissions.app_error")
    admin = mm.client
    resp = admin.post("/oauth/apps", json=APP)
    body = assert_app_error(resp, 501, "api.oauth.register_oauth_app.turn_off.app_error")
    assert body["message"] == "The system admin has turned off OAuth2 Service Provider."
    # the body is decoded before anything else
    bad = admin.post("/oauth/apps", content=b"{")
    assert_app_error(bad, 400, "api.context.invalid_body_param.app_error")


@upstream("server/channels/app/oauth.go", "GetOAuthApp")
def test_reads_with_the_provider_off_are_501_allow_oauth(mm, login, anon):
    app = _app(mm.client)
    mm.set_config("ServiceSettings.EnableOAuthServiceProvider", False)
    plain = login(mm.make_user("plain"))
    assert_app_error(plain.get("/oauth/apps"), 403, "api.command.admin_only.app_error")
    for resp in (
        mm.client.get("/oauth/apps"),
        mm.client.get(f"/oauth/apps/{app['id']}"),
        plain.get(f"/oauth/apps/{app['id']}/info"),
        mm.client.delete(f"/oauth/apps/{app['id']}"),
        mm.client.post(f"/oauth/apps/{app['id']}/regen_secret"),
        plain.get("/users/me/oauth/apps/authorized"),
        plain.post(_web(plain, "/oauth/deauthorize"), json={"client_id": app["id"]}),
        plain.post(
            _web(plain, "/oauth/authorize"),
            json={"response_type": "code", "client_id": app["id"], "redirect_uri": CB},
        ),
    ):
        assert_app_error(resp, 501, "api.oauth.allow_oauth.turn_off.app_error")
    token = anon.post(
        _web(anon, "/oauth/access_token"),
        data={"grant_type": "refresh_token", "refresh_token": "x", "client_id": app["id"]},
    )
    assert_app_error(token, 501, "api.oauth.get_access_token.disabled.app_error")
    meta = anon.get(_web(anon, "/.well-known/oauth-authorization-server"))
    assert_app_error(meta, 501, "api.oauth.authorization_server_metadata.disabled.app_error")
    page = anon.get(
        _web(anon, f"/oauth/authorize?response_type=code&client_id={app['id']}&redirect_uri={CB}")
    )
    assert page.status_code == 501 and page.headers["content-type"] == "text/html"
    assert "The+system+admin+has+turned+off+OAuth2+Service+Provider." in page.text
    reg = anon.post("/oauth/apps/register", json={"redirect_uris": [CB]})
    assert reg.status_code == 400
    assert reg.json() == {
        "error": "unsupported_operation",
        "error_description": "OAuth service provider is disabled",
    }


@upstream("server/channels/api4/oauth.go", "getOAuthApps")
def test_a_creator_without_system_wide_oauth_sees_and_manages_only_its_apps(mm, login, oauth_user):
    dev = login(oauth_user)
    theirs = _app(mm.client, name="Admin's")
    mine = _app(dev, name="Mine", is_trusted=True)
    assert mine["is_trusted"] is False  # is_trusted needs manage_system
    assert [a["id"] for a in dev.get("/oauth/apps").json()] == [mine["id"]]
    assert [a["id"] for a in mm.client.get("/oauth/apps").json()] == [theirs["id"], mine["id"]]
    for resp in (
        dev.get(f"/oauth/apps/{theirs['id']}"),
        dev.put(f"/oauth/apps/{theirs['id']}", json={**APP, "id": theirs["id"]}),
        dev.post(f"/oauth/apps/{theirs['id']}/regen_secret"),
        dev.delete(f"/oauth/apps/{theirs['id']}"),
    ):
        assert_app_error(resp, 403, "api.context.permissions.app_error")
    updated = dev.put(f"/oauth/apps/{mine['id']}", json={**APP, "id": mine["id"], "is_trusted": True})
    assert updated.status_code == 200 and updated.json()["is_trusted"] is False
    assert dev.delete(f"/oauth/apps/{mine['id']}").json() == {"status": "OK"}


@upstream("server/channels/app/oauth.go", "RegisterOAuthClient")
def test_dynamic_client_registration_when_on(mm, anon):
    mm.set_config("ServiceSettings.EnableDynamicClientRegistration", True)
    meta = anon.get(_web(anon, "/.well-known/oauth-authorization-server")).json()
    assert meta["registration_endpoint"] == f"{meta['issuer']}/api/v4/oauth/apps/register"
    resp = anon.post("/oauth/apps/register", json={"redirect_uris": [CB], "client_name": "Tool"})
    assert resp.status_code == 201
    body = resp.json()
    assert list(body) == [
        "client_id",
        "client_secret",
        "redirect_uris",
        "token_endpoint_auth_method",
        "grant_types",
        "response_types",
        "scope",
        "client_name",
    ]
    assert body["token_endpoint_auth_method"] == "client_secret_post" and body["scope"] == "user"
    app = mm.client.get(f"/oauth/apps/{body['client_id']}").json()
    assert app["creator_id"] == "" and app["is_dynamically_registered"] is True
    public = anon.post(
        "/oauth/apps/register", json={"redirect_uris": [CB], "token_endpoint_auth_method": "none"}
    )
    assert (
        "client_secret" not in public.json()
        and public.json()["client_name"] == "Dynamically Registered Client"
    )
    bad = anon.post("/oauth/apps/register", json={"redirect_uris": []})
    assert bad.status_code == 400
    assert bad.json() == {
        "error": "invalid_client_metadata",
        "error_description": "At least one redirect URI is required.",
    }
    method = anon.post(
        "/oauth/apps/register", json={"redirect_uris": [CB], "token_endpoint_auth_method": "basic"}
    )
    assert method.json()["error_description"] == "Unsupported token_endpoint_auth_method supplied."


@upstream("server/public/model/authorize.go", "AuthData.IsExpired")
def test_a_code_older_than_ten_minutes_is_403_and_gone(mm, login, anon):
    app = _app(mm.client)
    plain = login(mm.make_user("plain"))
    mm.clock.freeze()
    code = _code(plain, app["id"])
    mm.clock.advance(601)
    assert_app_error(_exchange(anon, app, code), 403, "api.oauth.get_access_token.expired_code.app_error")
    assert_app_error(_exchange(anon, app, code), 400, "api.oauth.get_access_token.expired_code.app_error")


@upstream("server/channels/app/user.go", "userDeactivated")
def test_deactivating_a_user_drops_the_codes_not_yet_exchanged(mm, login, anon):
    """userDeactivated removes the user's auth data (RemoveAuthDataByUserId): the code is then unknown.
    Observed on 11.2.0 (by hand, December 2026): 400 expired_code after DELETE /users/{id}."""
    app = _app(mm.client)
    user = mm.make_user("gone")
    code = _code(login(user), app["id"])
    assert mm.client.delete(f"/users/{user.id}").status_code == 200
    assert_app_error(_exchange(anon, app, code), 400, "api.oauth.get_access_token.expired_code.app_error")


@upstream("server/channels/app/oauth.go", "newSession")
def test_the_access_token_session_lasts_the_sso_session_length(mm, login, anon):
    mm.set_config("ServiceSettings.SessionLengthSSOInHours", 2)
    app = _app(mm.client, name="Tool")
    user = mm.make_user("plain")
    resp = _exchange(anon, app, _code(login(user), app["id"]))
    assert resp.json()["expires_in"] == 7200
    assert resp.headers["cache-control"] == "no-store" and resp.headers["pragma"] == "no-cache"
    session = mm.store.sessions.find_by_token(resp.json()["access_token"])
    assert session.is_oauth and session.expires_at - session.create_at == 2 * 3600 * 1000
    assert session.props == {
        "csrf": session.csrf,
        "platform": "Tool",
        "oauth_app_id": app["id"],
        "mattermost_app_id": "",
        "os": "OAuth2",
        "browser": "OAuth2",
    }


@upstream("server/channels/web/params.go", "ParamsFromRequest")
def test_a_negative_page_of_a_users_authorised_apps_is_the_stores_500(mm, login):
    """Observed on 11.2.0 (curl, December 2026): page=-1 → 500 app.oauth.get_apps.find.app_error; a page
    that is not a number reads as 0 and a negative per_page as 60."""
    plain = login(mm.make_user("plain"))
    resp = plain.get("/users/me/oauth/apps/authorized?page=-1")
    body = assert_app_error(resp, 500, "app.oauth.get_apps.find.app_error")
    assert body["message"] == "An error occurred while finding the OAuth2 Apps."
    assert plain.get("/users/me/oauth/apps/authorized?page=x&per_page=-5").json() == []
