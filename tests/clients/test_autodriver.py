"""mattermostautodriver (generated from the OpenAPI document) against the mock on a real socket; its
exceptions carry the AppError id and request id, so negative cases assert both. Upstream:
server/channels/api4/*.go."""

from __future__ import annotations

import pytest
from mattermostautodriver import TypedDriver
from mattermostautodriver import exceptions as errors

upstream = pytest.mark.upstream


def _driver(mm, **options):
    return TypedDriver({"url": mm.host, "port": mm.port, "scheme": "http", "basepath": "/api/v4", **options})


@pytest.fixture
def alice(mock_mattermost):
    return mock_mattermost.make_user("alice", password="alice-password")


@pytest.fixture
def driver(mock_mattermost, alice):
    d = _driver(mock_mattermost, login_id="alice", password="alice-password")
    d.login()
    yield d
    d.close()


def _raises(exc_type, error_id, call, *args, **kwargs):
    with pytest.raises(exc_type) as err:
        call(*args, **kwargs)
    assert err.value.error_id == error_id
    assert len(err.value.request_id) == 26
    return err.value


@upstream("server/channels/api4/user.go", "login")
def test_login_with_password(mock_mattermost, alice):
    d = _driver(mock_mattermost, login_id="alice@example.com", password="alice-password")
    assert d.login()["id"] == alice.id
    assert d.users.get_user("me")["username"] == "alice"
    d.close()


@upstream("server/channels/api4/user.go", "getUser")
def test_login_with_token(mock_mattermost, alice):
    d = _driver(mock_mattermost, token=mock_mattermost.make_access_token(alice))
    assert d.login()["id"] == alice.id
    d.close()


@upstream("server/channels/api4/user.go", "login")
def test_login_api_errors(mock_mattermost, alice):
    d = _driver(mock_mattermost)
    _raises(
        errors.NoAccessTokenProvided,
        "api.user.login.invalid_credentials_email_username",
        d.users.login,
        login_id="alice",
        password="nope-nope",
    )
    _raises(
        errors.InvalidOrMissingParameters,
        "api.user.login.blank_pwd.app_error",
        d.users.login,
        login_id="alice",
    )
    d.close()


@upstream("server/channels/api4/post.go", "createPost")
def test_full_flow(mock_mattermost, driver, alice):
    team = driver.teams.create_team(name="auto", display_name="Auto", type="O")
    channel = driver.channels.create_channel(team_id=team["id"], name="dev", display_name="Dev", type="O")
    root = driver.posts.create_post(channel_id=channel["id"], message="hello")
    reply = driver.posts.create_post(channel_id=channel["id"], message="reply", root_id=root["id"])
    listing = driver.posts.get_posts_for_channel(channel["id"], per_page=2)
    assert listing["order"] == [reply["id"], root["id"]]
    assert listing["next_post_id"] == "" and listing["prev_post_id"] != ""
    thread = driver.posts.get_post_thread(reply["id"])
    assert thread["order"][0] == reply["id"]
    edited = driver.posts.patch_post(root["id"], message="edited")
    assert edited["message"] == "edited" and edited["edit_at"] > 0
    updated = driver.posts.update_post(root["id"], id=root["id"], message="updated")
    assert updated["message"] == "updated"
    assert driver.posts.pin_post(root["id"]) == {"status": "OK"}
    assert driver.posts.get_post(root["id"])["is_pinned"] is True
    assert driver.posts.delete_post(root["id"]) == {"status": "OK"}
    _raises(errors.ResourceNotFound, "app.post.get.app_error", driver.posts.get_post, reply["id"])
    assert driver.logout() == {"status": "OK"}
    _raises(
        errors.NoAccessTokenProvided, "api.context.session_expired.app_error", driver.users.get_user, "me"
    )


@upstream("server/channels/api4/channel.go", "addChannelMember")
def test_members_and_views(mock_mattermost, driver, alice):
    bob = mock_mattermost.make_user("bob")
    team = mock_mattermost.make_team("members", members=[alice, bob])
    channel = driver.channels.create_channel(team_id=team.id, name="room", display_name="Room", type="P")
    added = driver.channels.add_channel_member(channel["id"], user_id=bob.id)
    assert added["user_id"] == bob.id and added["last_viewed_at"] == -1
    members = driver.channels.get_channel_members(channel["id"])
    assert {m["user_id"] for m in members} == {alice.id, bob.id}
    assert driver.channels.remove_user_from_channel(channel["id"], bob.id) == {"status": "OK"}
    assert driver.channels.view_channel("me", channel_id=channel["id"])["status"] == "OK"


@upstream("server/channels/api4/post.go", "createPost")
def test_bad_input_carries_error_ids(mock_mattermost, driver, alice):
    team = mock_mattermost.make_team("errs", members=[alice])
    channel = mock_mattermost.make_channel(team, "room", members=[alice])
    _raises(
        errors.NotEnoughPermissions,
        "api.context.permissions.app_error",
        driver.posts.create_post,
        channel_id="c" * 26,
        message="nowhere",
    )
    _raises(
        errors.InvalidOrMissingParameters,
        "model.post.is_valid.message_length.app_error",
        driver.posts.create_post,
        channel_id=channel.id,
        message="x" * 16384,
    )
    _raises(
        errors.InvalidOrMissingParameters,
        "api.post.create_post.root_id.app_error",
        driver.posts.create_post,
        channel_id=channel.id,
        message="x",
        root_id="r" * 26,
    )
    _raises(
        errors.InvalidOrMissingParameters,
        "model.channel.is_valid.1_or_more.app_error",
        driver.channels.create_channel,
        team_id=team.id,
        name="Not Valid",
        display_name="X",
        type="O",
    )
    _raises(errors.ResourceNotFound, "app.user.missing_account.const", driver.users.get_user, "u" * 26)
    _raises(
        errors.InvalidOrMissingParameters,
        "api.context.invalid_url_param.app_error",
        driver.users.get_user,
        "short",
    )
    _raises(
        errors.NotEnoughPermissions,
        "api.context.permissions.app_error",
        driver.teams.soft_delete_team,
        team.id,
    )
    _raises(
        errors.ContentTooLarge,
        "api.context.request_body_too_large.app_error",
        driver.posts.create_post,
        channel_id=channel.id,
        message="x" * 400_000,
    )


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_tokens_disabled_is_feature_disabled(mock_mattermost, alice):
    mock_mattermost.set_config("ServiceSettings.EnableUserAccessTokens", False)
    admin = _driver(mock_mattermost, token=mock_mattermost.admin_token)
    admin.login()
    _raises(
        errors.FeatureDisabled,
        "app.user_access_token.disabled",
        admin.users.create_user_access_token,
        alice.id,
        description="x",
    )
    admin.close()
