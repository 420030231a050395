"""The OAuth 2.0 service provider end to end, as an integration uses it: an admin registers the app with
mattermostdriver, the user authorises it in a browser (session cookie, the web app's POST /oauth/authorize
with the CSRF token), the integration exchanges the code at /oauth/access_token (a form) and then drives
mattermostdriver with the access token; the refresh token; deauthorising revokes the token.

Every expected value was observed on the real 11.2.0 (tests/parity/snapshots/oauth_flow.json, and by hand
with the same requests): GET /oauth/authorize for an untrusted app not yet authorised answers the web app's
page (the file server's 404 on a server without its web client), a trusted app redirects (302) straight to the
callback with `code` and `state`; the token response is {access_token, token_type "bearer", expires_in 2592000
(SessionLengthSSOInHours 720), scope "", refresh_token, id_token ""} with Cache-Control no-store; the session
is_oauth with props os/browser "OAuth2" and platform the app's name; after POST /oauth/deauthorize the token
answers 401 api.context.session_expired.app_error.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from mattermostdriver import Driver
from mattermostdriver import exceptions as errors

from mockmost.testing import MockMattermost

upstream = pytest.mark.upstream
CALLBACK = "http://integration.example.com/oauth/callback"


def _driver(mm: MockMattermost, token: str) -> Driver:
    driver = Driver(
        {"url": mm.host, "port": mm.port, "scheme": "http", "basepath": "/api/v4", "token": token}
    )
    driver.login()
    return driver


def _browser(mm: MockMattermost, login_id: str, password: str) -> tuple[httpx.Client, str]:
    """A browser session: the web app logs in with X-Requested-With, the server sets MMAUTHTOKEN and MMCSRF
    cookies; the web app sends the CSRF cookie back as X-CSRF-Token on every write."""
    browser = httpx.Client(base_url=mm.url, headers={"X-Requested-With": "XMLHttpRequest"})
    resp = browser.post("/api/v4/users/login", json={"login_id": login_id, "password": password})
    assert resp.status_code == 200, resp.text
    csrf = browser.cookies["MMCSRF"]
    assert browser.cookies["MMAUTHTOKEN"]
    return browser, csrf


def _exchange(mm: MockMattermost, form: dict[str, str]) -> httpx.Response:
    """The integration's own HTTP call (no Mattermost client library covers /oauth/access_token)."""
    return httpx.post(f"{mm.url}/oauth/access_token", data=form)


@upstream("server/channels/web/oauth.go", "authorizeOAuthApp")
@upstream("server/channels/web/oauth.go", "getAccessToken")
@upstream("server/channels/app/oauth.go", "DeauthorizeOAuthAppForUser")
def test_an_integration_authorised_by_a_user_posts_as_that_user(mock_mattermost: MockMattermost) -> None:
    mm = mock_mattermost
    alice = mm.make_user("alice", password="alice-password")
    team = mm.make_team("eng", members=[alice])
    channel = mm.make_channel(team, "general", members=[alice])

    admin = _driver(mm, mm.admin_token)
    app = admin.oauth.register_oauth_app(
        {"name": "Standup bot", "callback_urls": [CALLBACK], "homepage": "http://integration.example.com"}
    )
    assert app["client_secret"] and app["is_trusted"] is False

    browser, csrf = _browser(mm, "alice", "alice-password")
    query = {"response_type": "code", "client_id": app["id"], "redirect_uri": CALLBACK, "state": "xyz"}
    page = browser.get("/oauth/authorize", params=query)
    assert page.status_code == 404 and page.text == "404 page not found\n"  # the web app's page
    allowed = browser.post(
        "/oauth/authorize",
        json={k: v for k, v in query.items()},
        headers={"X-CSRF-Token": csrf},
    )
    assert allowed.status_code == 200, allowed.text
    redirect = urlsplit(allowed.json()["redirect"])
    assert f"{redirect.scheme}://{redirect.netloc}{redirect.path}" == CALLBACK
    params = parse_qs(redirect.query)
    assert params["state"] == ["xyz"] and len(params["code"][0]) == 52

    form = {
        "grant_type": "authorization_code",
        "client_id": app["id"],
        "client_secret": app["client_secret"],
        "code": params["code"][0],
        "redirect_uri": CALLBACK,
    }
    token = _exchange(mm, form)
    assert token.status_code == 200 and token.headers["cache-control"] == "no-store"
    body = token.json()
    assert body["token_type"] == "bearer" and body["expires_in"] == 720 * 3600
    assert body["scope"] == "" and body["id_token"] == "" and body["refresh_token"]

    integration = _driver(mm, body["access_token"])
    me = integration.users.get_user("me")
    assert me["id"] == alice.id
    post = integration.posts.create_post({"channel_id": channel.id, "message": "standup at 10"})
    assert post["user_id"] == alice.id and post["message"] == "standup at 10"
    sessions = admin.users.get_user_sessions(alice.id)
    oauth = [s for s in sessions if s["is_oauth"]]
    assert len(oauth) == 1
    assert {k: oauth[0]["props"][k] for k in ("os", "browser", "platform", "oauth_app_id")} == {
        "os": "OAuth2",
        "browser": "OAuth2",
        "platform": "Standup bot",
        "oauth_app_id": app["id"],
    }
    # mattermostdriver's oauth.get_authorized_oauth_apps joins "/users" and the id without a slash (a 404 on
    # any server): the same call through its client.
    authorized = f"/users/{alice.id}/oauth/apps/authorized"
    assert [a["id"] for a in admin.client.get(authorized)] == [app["id"]]

    refresh = {
        "grant_type": "refresh_token",
        "client_id": app["id"],
        "client_secret": app["client_secret"],
        "refresh_token": body["refresh_token"],
    }
    renewed = _exchange(mm, refresh).json()
    assert (
        renewed["access_token"] != body["access_token"] and renewed["refresh_token"] != body["refresh_token"]
    )
    renewed_driver = _driver(mm, renewed["access_token"])
    assert renewed_driver.users.get_user("me")["id"] == alice.id

    out = browser.post("/oauth/deauthorize", json={"client_id": app["id"]}, headers={"X-CSRF-Token": csrf})
    assert out.json() == {"status": "OK"}
    with pytest.raises(errors.NoAccessTokenProvided) as refused:
        renewed_driver.users.get_user("me")
    assert refused.value.args[0] == "Invalid or expired session, please login again."
    assert admin.client.get(authorized) == []
    browser.close()


@upstream("server/channels/web/oauth.go", "authorizeOAuthPage")
def test_a_trusted_app_sends_the_browser_straight_back_with_a_code(mock_mattermost: MockMattermost) -> None:
    mm = mock_mattermost
    mm.make_user("bob", password="bob-password")
    admin = _driver(mm, mm.admin_token)
    app = admin.oauth.register_oauth_app(
        {
            "name": "Trusted",
            "callback_urls": [CALLBACK],
            "homepage": "http://x.example.com",
            "is_trusted": True,
        }
    )
    anonymous = httpx.get(
        f"{mm.url}/oauth/authorize",
        params={"response_type": "code", "client_id": app["id"], "redirect_uri": CALLBACK},
    )
    assert anonymous.status_code == 302
    assert anonymous.headers["location"].startswith(f"{mm.url}/login?redirect_to=%2Foauth%2Fauthorize%3F")

    browser, _ = _browser(mm, "bob", "bob-password")
    query = {"response_type": "code", "client_id": app["id"], "redirect_uri": CALLBACK, "state": "s"}
    resp = browser.get("/oauth/authorize", params=query)
    assert resp.status_code == 302
    location = urlsplit(resp.headers["location"])
    assert location.netloc == "integration.example.com" and parse_qs(location.query)["state"] == ["s"]
    form = {
        "grant_type": "authorization_code",
        "client_id": app["id"],
        "client_secret": app["client_secret"],
        "code": parse_qs(location.query)["code"][0],
        "redirect_uri": CALLBACK,
    }
    token = _exchange(mm, form).json()["access_token"]
    admin.oauth.delete_oauth_app(app["id"])
    with pytest.raises(errors.NoAccessTokenProvided):
        _driver(mm, token)
    browser.close()
