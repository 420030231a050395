"""Personal access tokens and bot tokens. Upstream: server/channels/api4/user.go, app/session.go."""

from __future__ import annotations

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_create_user_access_token_is_200_with_token(mm, alice):
    resp = mm.client.post(f"/users/{alice.id}/tokens", json={"description": "ci"})
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {"id", "token", "user_id", "description", "is_active"}
    assert is_valid_id(body["id"]) and is_valid_id(body["token"])
    assert (body["user_id"], body["description"], body["is_active"]) == (alice.id, "ci", True)


@upstream("server/channels/app/session.go", "createSessionForUserAccessToken")
def test_user_access_token_authenticates(mm, alice):
    token = mm.client.post(f"/users/{alice.id}/tokens", json={"description": "ci"}).json()["token"]
    with mm.client_for(token) as client:
        assert client.get("/users/me").json()["id"] == alice.id


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_create_token_for_self_needs_permission(mm, alice, login):
    resp = login(alice).post("/users/me/tokens", json={"description": "mine"})
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_create_token_with_access_token_role(mm, alice, login):
    mm.store.users.set_roles(alice, "system_user system_user_access_token")
    resp = login(alice).post("/users/me/tokens", json={"description": "mine"})
    assert resp.status_code == 200 and resp.json()["user_id"] == alice.id


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_create_token_missing_description_is_400(mm, alice):
    assert_app_error(
        mm.client.post(f"/users/{alice.id}/tokens", json={}), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        mm.client.post(f"/users/{alice.id}/tokens", json={"description": 5}),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/public/model/user_access_token.go", "IsValid")
def test_create_token_description_too_long_is_400(mm, alice):
    resp = mm.client.post(f"/users/{alice.id}/tokens", json={"description": "d" * 256})
    assert_app_error(resp, 400, "model.user_access_token.is_valid.description.app_error")


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_create_token_unknown_user_is_404(mm):
    resp = mm.client.post(f"/users/{'x' * 26}/tokens", json={"description": "d"})
    assert_app_error(resp, 404, "app.user.missing_account.const")


@upstream("server/channels/app/session.go", "CreateUserAccessToken")
def test_create_token_when_disabled_is_501(mm, alice):
    mm.set_config("ServiceSettings.EnableUserAccessTokens", False)
    resp = mm.client.post(f"/users/{alice.id}/tokens", json={"description": "d"})
    assert_app_error(resp, 501, "app.user_access_token.disabled")


@upstream("server/channels/app/session.go", "createSessionForUserAccessToken")
def test_existing_token_refused_when_disabled(mm, alice):
    token = mm.make_access_token(alice)
    mm.set_config("ServiceSettings.EnableUserAccessTokens", False)
    with mm.client_for(token) as client:
        assert_app_error(client.get("/users/me"), 401, "api.context.session_expired.app_error")


@upstream("server/channels/app/session.go", "CreateUserAccessToken")
def test_bot_tokens_work_when_tokens_disabled(mm):
    mm.set_config("ServiceSettings.EnableUserAccessTokens", False)
    bot_user, _ = mm.make_bot("robot")
    resp = mm.client.post(f"/users/{bot_user.id}/tokens", json={"description": "bot"})
    assert resp.status_code == 200
    with mm.client_for(resp.json()["token"]) as client:
        me = client.get("/users/me").json()
    assert me["id"] == bot_user.id and me["is_bot"] is True


@upstream("server/channels/app/session.go", "createSessionForUserAccessToken")
def test_bot_session_is_marked_bot(mm):
    bot_user, token = mm.make_bot("robot")
    session = mm.store.sessions.find_by_token(token)
    assert session.props["is_bot"] == "true" and session.props["type"] == "UserAccessToken"


@upstream("server/channels/api4/user.go", "getUserAccessTokensForUser")
def test_get_tokens_for_user_hides_token_values(mm, alice):
    mm.make_access_token(alice, "one")
    mm.make_access_token(alice, "two")
    tokens = mm.client.get(f"/users/{alice.id}/tokens").json()
    assert sorted(t["description"] for t in tokens) == ["one", "two"]
    assert all("token" not in t for t in tokens)


@upstream("server/channels/api4/user.go", "getUserAccessTokensForUser")
def test_get_tokens_for_user_needs_permission(mm, alice, login):
    assert_app_error(login(alice).get("/users/me/tokens"), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/user.go", "getUserAccessTokens")
def test_get_all_tokens_admin_only(mm, alice, login):
    mm.make_access_token(alice)
    assert len(mm.client.get("/users/tokens").json()) == 1
    assert_app_error(login(alice).get("/users/tokens"), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/user.go", "getUserAccessToken")
def test_get_token_by_id(mm, alice):
    pat = mm.store.sessions.create_token(alice, "one")
    body = mm.client.get(f"/users/tokens/{pat.id}").json()
    assert body == {"id": pat.id, "user_id": alice.id, "description": "one", "is_active": True}
    assert_app_error(
        mm.client.get(f"/users/tokens/{'x' * 26}"), 404, "app.user_access_token.get_by_user.app_error"
    )
    assert_app_error(mm.client.get("/users/tokens/short"), 400, "api.context.invalid_url_param.app_error")


@upstream("server/channels/api4/user.go", "disableUserAccessToken")
def test_disable_and_enable_token(mm, alice):
    pat = mm.store.sessions.create_token(alice, "one")
    with mm.client_for(pat.token) as client:
        assert mm.client.post("/users/tokens/disable", json={"token_id": pat.id}).json() == {"status": "OK"}
        assert client.get("/users/me").status_code == 401
        assert mm.client.get(f"/users/tokens/{pat.id}").json()["is_active"] is False
        assert mm.client.post("/users/tokens/enable", json={"token_id": pat.id}).status_code == 200
        assert client.get("/users/me").status_code == 200


@upstream("server/channels/api4/user.go", "revokeUserAccessToken")
def test_revoke_token(mm, alice):
    pat = mm.store.sessions.create_token(alice, "one")
    assert mm.client.post("/users/tokens/revoke", json={"token_id": pat.id}).json() == {"status": "OK"}
    with mm.client_for(pat.token) as client:
        assert client.get("/users/me").status_code == 401
    assert_app_error(
        mm.client.get(f"/users/tokens/{pat.id}"), 404, "app.user_access_token.get_by_user.app_error"
    )


@upstream("server/channels/api4/user.go", "revokeUserAccessToken")
def test_revoke_token_missing_id_is_404_not_400(mm):
    resp = mm.client.post("/users/tokens/revoke", json={})
    assert_app_error(resp, 404, "app.user_access_token.get_by_user.app_error")


@upstream("server/channels/api4/user.go", "revokeUserAccessToken")
def test_revoke_token_without_permission_is_403(mm, alice, login):
    pat = mm.store.sessions.create_token(alice, "one")
    assert_app_error(
        login(alice).post("/users/tokens/revoke", json={"token_id": pat.id}),
        403,
        "api.context.permissions.app_error",
    )
