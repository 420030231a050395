"""mattermostdriver (PyPI) against the mock on a real socket: the bot developer's everyday flow and its
errors. Upstream: server/channels/api4/{user,team,channel,post}.go."""

from __future__ import annotations

import pytest
from mattermostdriver import Driver
from mattermostdriver import exceptions as errors

upstream = pytest.mark.upstream


def _driver(mm, **options):
    return Driver({"url": mm.host, "port": mm.port, "scheme": "http", "basepath": "/api/v4", **options})


@pytest.fixture
def alice(mock_mattermost):
    return mock_mattermost.make_user("alice", password="alice-password")


@pytest.fixture
def driver(mock_mattermost, alice):
    d = _driver(mock_mattermost, login_id="alice", password="alice-password")
    d.login()
    return d


@upstream("server/channels/api4/user.go", "login")
def test_login_with_password_sets_token_and_identity(mock_mattermost, alice):
    d = _driver(mock_mattermost, login_id="ALICE", password="alice-password")
    result = d.login()
    assert result["id"] == alice.id and "notify_props" in result
    assert d.client.userid == alice.id and d.client.username == "alice"
    assert mock_mattermost.store.sessions.find_by_token(d.client.token).user_id == alice.id


@upstream("server/channels/api4/user.go", "getUser")
def test_login_with_token(mock_mattermost, alice):
    d = _driver(mock_mattermost, token=mock_mattermost.make_access_token(alice))
    assert d.login()["username"] == "alice"
    assert d.users.get_user("me")["id"] == alice.id


@upstream("server/channels/api4/user.go", "login")
def test_login_wrong_password_raises_401(mock_mattermost, alice):
    d = _driver(mock_mattermost, login_id="alice", password="wrong-password")
    with pytest.raises(errors.NoAccessTokenProvided) as err:
        d.login()
    assert err.value.args[0] == "Enter a valid email or username and/or password."
    assert mock_mattermost.store.users.get(alice.id).failed_attempts == 1


@upstream("server/channels/api4/user.go", "login")
def test_bad_token_raises_no_access_token(mock_mattermost):
    d = _driver(mock_mattermost, token="x" * 26)
    with pytest.raises(errors.NoAccessTokenProvided) as err:
        d.login()
    assert err.value.args[0] == "Invalid or expired session, please login again."


@upstream("server/channels/api4/team.go", "createTeam")
def test_full_flow_team_channel_post_reply_edit_delete_logout(mock_mattermost, driver, alice):
    team = driver.teams.create_team({"name": "flow", "display_name": "Flow", "type": "O"})
    assert team["email"] == "alice@example.com"
    channel = driver.channels.create_channel(
        {"team_id": team["id"], "name": "dev", "display_name": "Dev", "type": "O"}
    )
    root = driver.posts.create_post({"channel_id": channel["id"], "message": "hello"})
    reply = driver.posts.create_post({"channel_id": channel["id"], "message": "reply", "root_id": root["id"]})
    listing = driver.posts.get_posts_for_channel(channel["id"])
    assert listing["order"][:2] == [reply["id"], root["id"]]
    assert listing["posts"][root["id"]]["message"] == "hello"
    thread = driver.posts.get_thread(root["id"])
    assert set(thread["order"]) == {root["id"], reply["id"]}
    edited = driver.posts.patch_post(root["id"], {"message": "hello, edited"})
    assert edited["message"] == "hello, edited" and edited["edit_at"] > 0
    assert driver.posts.delete_post(root["id"]) == {"status": "OK"}
    with pytest.raises(errors.ResourceNotFound):
        driver.posts.get_post(reply["id"])
    assert driver.logout() == {"status": "OK"}
    with pytest.raises(errors.NoAccessTokenProvided):
        driver.users.get_user("me")


@upstream("server/channels/api4/team.go", "getTeamByName")
def test_lookups_by_name(mock_mattermost, driver, alice):
    team = mock_mattermost.make_team("names", members=[alice])
    channel = mock_mattermost.make_channel(team, "room", members=[alice])
    assert driver.teams.get_team_by_name("names")["id"] == team.id
    assert driver.channels.get_channel_by_name_and_team_name("names", "room")["id"] == channel.id
    assert driver.channels.get_channel_by_name(team.id, "room")["id"] == channel.id
    assert driver.users.get_user_by_username("alice")["id"] == alice.id
    assert [t["id"] for t in driver.teams.get_user_teams("me")] == [team.id]


@upstream("server/channels/api4/channel.go", "createDirectChannel")
def test_direct_message(mock_mattermost, driver, alice):
    bob = mock_mattermost.make_user("bob")
    dm = driver.channels.create_direct_message_channel([alice.id, bob.id])
    assert dm["name"] == "__".join(sorted([alice.id, bob.id]))
    driver.posts.create_post({"channel_id": dm["id"], "message": "psst"})
    assert mock_mattermost.store.channels.get_member(dm["id"], bob.id).mention_count == 1


@upstream("server/channels/api4/channel.go", "viewChannel")
def test_join_and_view_channel(mock_mattermost, driver, alice):
    team = mock_mattermost.make_team("joins", members=[alice])
    channel = mock_mattermost.make_channel(team, "open")
    mock_mattermost.make_post(mock_mattermost.admin, channel, "before joining")
    member = driver.channels.add_user(channel.id, {"user_id": alice.id})
    assert member["user_id"] == alice.id and member["msg_count"] == 0
    viewed = driver.channels.view_channel(alice.id, {"channel_id": channel.id})
    assert viewed["last_viewed_at_times"] == {channel.id: channel.last_post_at}


@upstream("server/channels/api4/post.go", "createPost")
def test_errors_map_to_driver_exceptions(mock_mattermost, driver, alice):
    team = mock_mattermost.make_team("errs", members=[alice])
    channel = mock_mattermost.make_channel(team, "room", members=[alice])
    with pytest.raises(errors.NotEnoughPermissions) as err:
        driver.posts.create_post({"channel_id": "c" * 26, "message": "nowhere"})
    assert err.value.args[0] == "You do not have the appropriate permissions."
    with pytest.raises(errors.InvalidOrMissingParameters) as err:
        driver.posts.create_post({"channel_id": channel.id, "message": "x" * 16384})
    with pytest.raises(errors.InvalidOrMissingParameters):
        driver.posts.create_post({"channel_id": channel.id, "message": "x", "root_id": "r" * 26})
    with pytest.raises(errors.ResourceNotFound):
        driver.users.get_user("u" * 26)
    with pytest.raises(errors.ResourceNotFound):
        driver.teams.get_team("t" * 26)
    with pytest.raises(errors.NotEnoughPermissions):
        driver.teams.update_team_member_roles(team.id, alice.id, {"roles": "team_user team_admin"})
    with pytest.raises(errors.ContentTooLarge):
        driver.posts.create_post({"channel_id": channel.id, "message": "x" * 400_000})
    with pytest.raises(errors.FeatureDisabled):
        driver.posts.delete_post(mock_mattermost.make_post(alice, channel, "p").id + "?permanent=true")


@upstream("server/channels/api4/user.go", "createUserAccessToken")
def test_admin_creates_token_used_by_another_driver(mock_mattermost, alice):
    admin = _driver(mock_mattermost, token=mock_mattermost.admin_token)
    admin.login()
    token = admin.users.create_user_access_token(alice.id, {"description": "bot work"})
    assert token["user_id"] == alice.id and token["token"]
    d = _driver(mock_mattermost, token=token["token"])
    assert d.login()["id"] == alice.id
    assert admin.users.disable_personal_access_token({"token_id": token["id"]}) == {"status": "OK"}
    assert admin.users.get_user_access_token(token["id"])["is_active"] is False
    with pytest.raises(errors.NoAccessTokenProvided):
        d.users.get_user("me")
