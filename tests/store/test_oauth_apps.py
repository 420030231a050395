"""The OAuth 2.0 service provider's store area, without HTTP. Upstream: app/oauth.go, model/oauth.go,
model/authorize.go, sqlstore/oauth_store.go; the flow observed on 11.2.0 in
tests/parity/snapshots/oauth_flow.json."""

from __future__ import annotations

import base64
import hashlib

import pytest

from mockmost.errors import AppError
from mockmost.store.oauth_apps import AuthorizeRequest, TokenRequest, validate_authorize_request, with_query

upstream = pytest.mark.upstream
CB = "http://cb.example.com/cb"


def _fields(**over):
    return {"name": "App", "callback_urls": [CB], "homepage": "http://home.example.com", **over}


def _error_id(call) -> str:
    with pytest.raises(AppError) as err:
        call()
    return err.value.id


@upstream("server/public/model/oauth.go", "OAuthApp.IsValid")
@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"name": "n" * 65}, "name"),
        ({"name": "é" * 33}, "name"),  # 66 bytes: Go's len
        ({"callback_urls": []}, "callback"),
        ({"callback_urls": ["http://x/" + "a" * 1020]}, "callback"),  # "[...]" over 1024
        ({"callback_urls": ["mailto:x"]}, "callback"),
        ({"homepage": ""}, "homepage"),
        ({"homepage": "http://h/" + "a" * 250}, "homepage"),
        ({"description": "d" * 513}, "description"),
        ({"icon_url": "icon"}, "icon_url"),
        ({"mattermost_app_id": "m" * 33}, "mattermost_app_id"),
    ],
)
def test_invalid_apps_are_refused_and_not_stored(world, store, over, field):
    owner = world.user("owner")
    error = _error_id(lambda: store.oauth_apps.create(owner.id, _fields(**over), generate_secret=True))
    assert error == f"model.oauth.is_valid.{field}.app_error"
    assert store.oauth_app_by_id == {}


@upstream("server/public/model/oauth.go", "OAuthApp.IsValid")
def test_the_longest_valid_values_pass(world, store):
    owner = world.user("owner")
    app = store.oauth_apps.create(
        owner.id,
        _fields(name="n" * 64, description="é" * 512, mattermost_app_id="m" * 32),
        generate_secret=False,
    )
    assert app.client_secret == "" and app.is_public_client


@upstream("server/public/model/authorize.go", "AuthorizeRequest.IsValid")
@pytest.mark.parametrize(
    ("over", "error"),
    [
        ({"client_id": "short"}, "client_id"),
        ({"response_type": ""}, "response_type"),
        ({"redirect_uri": "cb"}, "redirect_uri"),
        ({"state": "s" * 1025}, "state"),
        ({"scope": "s" * 129}, "scope"),
        ({"code_challenge": "a" * 42, "code_challenge_method": "S256"}, "code_challenge.length"),
        ({"code_challenge": "a" * 42 + "+", "code_challenge_method": "S256"}, "code_challenge.format"),
        ({"code_challenge_method": "S256"}, "code_challenge"),
        ({"resource": "http://x/#frag"}, "resource.has_fragment"),
        ({"resource": "x" * 513}, "resource.length"),
    ],
)
def test_authorize_requests_are_checked_in_the_servers_order(over, error):
    fields = {"response_type": "code", "client_id": "a" * 26, "redirect_uri": CB, **over}
    assert _error_id(lambda: validate_authorize_request(AuthorizeRequest(**fields))) == (
        f"model.authorize.is_valid.{error}.app_error"
    )


def test_a_code_redirect_keeps_the_callbacks_query_and_sorts_it():
    assert with_query("http://h/p?z=1&a=2", {"code": "c", "state": ""}) == "http://h/p?a=2&code=c&state=&z=1"


@upstream("server/channels/app/oauth.go", "GetOAuthAccessTokenForCodeFlow")
def test_code_then_refresh_then_deauthorize(world, store):
    admin, alice = world.user("admin"), world.user("alice")
    app = store.oauth_apps.create(admin.id, _fields(), generate_secret=True)
    redirect = store.oauth_apps.allow(alice, AuthorizeRequest("code", app.id, CB, "", "st"))
    code = redirect.split("code=")[1].split("&")[0]
    assert len(code) == 52 and redirect.endswith("&state=st")
    assert store.preferences.find(alice.id, "oauth_app", app.id).value == "user"
    token = store.oauth_apps.exchange(TokenRequest("authorization_code", app.id, app.client_secret, code, CB))
    session = store.sessions.find_by_token(token["access_token"])
    assert session.is_oauth and session.user_id == alice.id
    assert (
        _error_id(
            lambda: store.oauth_apps.exchange(
                TokenRequest("authorization_code", app.id, app.client_secret, code, CB)
            )
        )
        == "api.oauth.get_access_token.expired_code.app_error"
    )

    renewed = store.oauth_apps.exchange(
        TokenRequest("refresh_token", app.id, app.client_secret, refresh_token=token["refresh_token"])
    )
    # the old token's row is gone but the session cache still honours it (observed on 11.2.0)
    assert session not in store.sessions.list_for_user(alice.id)
    assert store.sessions.find_by_token(token["access_token"]) is session
    store.oauth_apps.deauthorize(alice.id, app.id)
    assert store.sessions.find_by_token(renewed["access_token"]) is None
    assert store.sessions.find_by_token(token["access_token"]) is None
    assert store.preferences.find(alice.id, "oauth_app", app.id) is None


@upstream("server/channels/store/sqlstore/oauth_store.go", "DeleteApp")
def test_deleting_an_app_revokes_its_sessions_and_authorisations(world, store):
    admin, alice = world.user("admin"), world.user("alice")
    app = store.oauth_apps.create(admin.id, _fields(), generate_secret=True)
    other = store.oauth_apps.create(admin.id, _fields(name="Other"), generate_secret=True)
    tokens = []
    for each in (app, other):
        code = (
            store.oauth_apps.allow(alice, AuthorizeRequest("code", each.id, CB))
            .split("code=")[1]
            .split("&")[0]
        )
        req = TokenRequest("authorization_code", each.id, each.client_secret, code, CB)
        tokens.append(store.oauth_apps.exchange(req)["access_token"])
    store.oauth_apps.delete(app)
    assert store.sessions.find_by_token(tokens[0]) is None
    assert store.sessions.find_by_token(tokens[1]) is not None
    assert [a.id for a in store.oauth_apps.authorized_for(alice.id, 0, 60)] == [other.id]


@upstream("server/public/model/authorize.go", "AuthData.ValidatePKCEForClientType")
def test_pkce_for_a_public_client(world, store):
    admin, alice = world.user("admin"), world.user("alice")
    app = store.oauth_apps.create(admin.id, _fields(), generate_secret=False)
    verifier = "v" * 43
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert _error_id(lambda: store.oauth_apps.allow(alice, AuthorizeRequest("code", app.id, CB))) == (
        "api.oauth.allow_oauth.pkce_required_public.app_error"
    )
    req = AuthorizeRequest("code", app.id, CB, code_challenge=challenge, code_challenge_method="S256")
    code = store.oauth_apps.allow(alice, req).split("code=")[1].split("&")[0]
    wrong = TokenRequest("authorization_code", app.id, "", code, CB, code_verifier="w" * 43)
    assert _error_id(lambda: store.oauth_apps.exchange(wrong)) == (
        "model.authorize.validate_pkce.verification_failed.app_error"
    )
    token = store.oauth_apps.exchange(
        TokenRequest("authorization_code", app.id, "", code, CB, code_verifier=verifier)
    )
    assert token["refresh_token"] == "" and token["expires_in"] == 720 * 3600
