"""Sessions and personal access tokens in the store. Upstream: app/session.go."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError
from mockmost.ids import is_valid_id

upstream = pytest.mark.upstream


@upstream("server/channels/app/login.go", "DoLogin")
def test_session_shape(world, store):
    alice = world.user("alice")
    session = store.sessions.create(alice)
    assert is_valid_id(session.id) and is_valid_id(session.token) and is_valid_id(session.csrf)
    assert session.expires_at - session.create_at == 4320 * 3600 * 1000  # 180 days on 11.2 (users_login)
    assert session.roles == alice.roles
    assert store.sessions.find_by_token(session.token) is session


@upstream("server/channels/app/session.go", "GetSession")
def test_expired_session_not_found(world, store):
    alice = world.user("alice")
    session = store.sessions.create(alice)
    session.expires_at = 1
    assert store.sessions.find_by_token(session.token) is None


@upstream("server/channels/app/session.go", "RevokeSession")
def test_revoke_and_revoke_all(world, store):
    alice = world.user("alice")
    one, two = store.sessions.create(alice), store.sessions.create(alice)
    store.sessions.revoke(one.id, alice.id)
    assert store.sessions.find_by_token(one.token) is None
    with pytest.raises(AppError) as err:
        store.sessions.revoke(one.id, alice.id)
    assert (err.value.status, err.value.id) == (400, "app.session.get.app_error")
    store.sessions.revoke_all_for_user(alice.id)
    assert store.sessions.find_by_token(two.token) is None


@upstream("server/channels/app/session.go", "createSessionForUserAccessToken")
def test_access_token_session(world, store):
    alice = world.user("alice")
    pat = store.sessions.create_token(alice, "ci")
    session = store.sessions.find_by_token(pat.token)
    assert session.user_id == alice.id and session.props["type"] == "UserAccessToken"
    assert session.props["user_access_token_id"] == pat.id
    store.sessions.set_token_active(pat, False)
    assert store.sessions.find_by_token(pat.token) is None
    store.sessions.set_token_active(pat, True)
    store.users.set_active(alice, False)
    assert store.sessions.find_by_token(pat.token) is None


@upstream("server/channels/app/session.go", "createSessionForUserAccessToken")
def test_access_token_refused_when_disabled_except_bots(world, store):
    alice = world.user("alice")
    pat = store.sessions.create_token(alice, "ci")
    bot = store.bots.create(alice.id, {"username": "robot"})
    bot_pat = store.sessions.create_token(store.users.get(bot.user_id), "bot")
    store.settings.set("ServiceSettings.EnableUserAccessTokens", False)
    assert store.sessions.find_by_token(pat.token) is None
    assert store.sessions.find_by_token(bot_pat.token).is_bot


@upstream("server/public/model/user_access_token.go", "IsValid")
def test_create_token_validation(world, store):
    alice = world.user("alice")
    with pytest.raises(AppError) as err:
        store.sessions.create_token(alice, "")
    assert err.value.id == "api.context.invalid_body_param.app_error"
    with pytest.raises(AppError) as err:
        store.sessions.create_token(alice, "d" * 256)
    assert err.value.id == "model.user_access_token.is_valid.description.app_error"
