"""mattermostdriver, mattermostautodriver and matterapi on bots, collapsed threads, post search, ephemeral
posts and set_unread, against a real mockmost socket.

Upstream: server/channels/api4/bot.go, api4/user.go (thread handlers), api4/post.go (searchPosts,
createEphemeralPost, setPostUnread), app/bot.go, app/user.go, sqlstore/thread_store.go.
"""

from __future__ import annotations

import mattermostautodriver
import mattermostdriver
import pytest
from matterapi import SyncClient
from matterapi.client.base import ApiClientOptions, AuthToken
from matterapi.client.exceptions import NotEnoughPermissions
from mattermostautodriver import exceptions as auto_errors
from mattermostdriver import exceptions as driver_errors
from mattermostdriver.endpoints.bots import Bots

upstream = pytest.mark.upstream


def _options(mm, token):
    return {"url": mm.host, "port": mm.port, "scheme": "http", "token": token, "basepath": "/api/v4"}


@pytest.fixture
def world(mock_mattermost):
    mm = mock_mattermost
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team("crew", members=[alice, bob])
    channel = mm.make_channel(team, "deck", members=[alice, bob])
    return mm, team, channel, alice, bob


def _driver(mm, token):
    driver = mattermostdriver.Driver(_options(mm, token))
    driver.login()
    return driver


def _auto(mm, token):
    driver = mattermostautodriver.TypedDriver(_options(mm, token))
    driver.login()
    return driver


def _matterapi(mm, token):
    return SyncClient(options=ApiClientOptions(url=mm.url, auth=AuthToken(token=token)))


# ---- bots ------------------------------------------------------------------------------------------
@upstream("server/channels/api4/bot.go", "createBot")
def test_mattermostdriver_bot_lifecycle_and_posting(world):
    mm, _, channel, alice, _ = world
    admin = _driver(mm, mm.admin_token)
    bot = Bots(admin.client).create_bot({"username": "deckhand", "display_name": "Deck Hand"})
    assert bot["username"] == "deckhand" and bot["owner_id"] == mm.admin.id
    assert Bots(admin.client).get_bot(bot["user_id"])["display_name"] == "Deck Hand"
    assert Bots(admin.client).patch_bot(bot["user_id"], {"description": "swabs"})["description"] == "swabs"
    assert [b["user_id"] for b in Bots(admin.client).get_bots()] == [bot["user_id"]]
    assert Bots(admin.client).disable_bot(bot["user_id"])["delete_at"] > 0
    assert Bots(admin.client).get_bots() == []
    assert Bots(admin.client).enable_bot(bot["user_id"])["delete_at"] == 0
    assert Bots(admin.client).assign_bot_to_user(bot["user_id"], alice.id)["owner_id"] == alice.id
    token = admin.users.create_user_access_token(bot["user_id"], {"description": "run"})["token"]
    mm.store.teams.join(mm.store.team_by_id[channel.team_id], mm.store.users.get(bot["user_id"]))
    mm.store.channels.add_member(channel, mm.store.users.get(bot["user_id"]), mm.admin)
    post = _driver(mm, token).posts.create_post({"channel_id": channel.id, "message": "ahoy"})
    assert post["props"]["from_bot"] == "true"


@upstream("server/channels/app/permissions_migrations.go", "getAddBotPermissionsMigration")
def test_mattermostdriver_plain_user_cannot_create_bot(world):
    mm, _, _, alice, _ = world
    with pytest.raises(driver_errors.NotEnoughPermissions):
        Bots(_driver(mm, mm.make_token(alice)).client).create_bot({"username": "sneaky"})


@upstream("server/channels/api4/bot.go", "convertBotToUser")
def test_mattermostautodriver_convert_user_to_bot_and_back(world):
    mm, _, _, alice, _ = world
    admin = _auto(mm, mm.admin_token)
    bot = admin.bots.convert_user_to_bot(alice.id)
    assert bot["user_id"] == alice.id and bot["owner_id"] == alice.id
    assert admin.bots.get_bot(alice.id)["username"] == "alice"
    user = admin.bots.convert_bot_to_user(alice.id, password="NewPassword1!")
    # answered still is_bot (parity snapshot bots_convert_icons), a plain user when read back
    assert user["id"] == alice.id and user["is_bot"] is True
    assert "is_bot" not in admin.users.get_user(alice.id)
    with pytest.raises(auto_errors.ResourceNotFound):
        admin.bots.get_bot(alice.id)


@upstream("server/channels/api4/bot.go", "getBots")
def test_matterapi_bots(world):
    mm, _, _, alice, _ = world
    api = _matterapi(mm, mm.admin_token)
    created = api.bots.create_bot(json_body={"username": "lookout", "description": "watches"})
    assert created.username == "lookout" and created.description == "watches"
    assert [b.user_id for b in api.bots.get_bots()] == [created.user_id]
    assert api.bots.get_bot(bot_user_id=created.user_id).owner_id == mm.admin.id
    with pytest.raises(NotEnoughPermissions):
        _matterapi(mm, mm.make_token(alice)).bots.get_bots()


# ---- threads ---------------------------------------------------------------------------------------
@upstream("server/channels/api4/user.go", "getThreadsForUser")
def test_mattermostautodriver_threads(world):
    mm, team, channel, alice, bob = world
    a, b = _auto(mm, mm.make_token(alice)), _auto(mm, mm.make_token(bob))
    root = a.posts.create_post(channel_id=channel.id, message="who is on watch?")
    reply = b.posts.create_post(channel_id=channel.id, message="me, @alice", root_id=root["id"])
    listing = a.threads.get_user_threads("me", team.id, extended=True)
    assert (listing["total"], listing["total_unread_threads"], listing["total_unread_mentions"]) == (1, 1, 1)
    (thread,) = listing["threads"]
    assert thread["id"] == root["id"] and thread["participants"][0]["username"] == "bob"
    read = a.threads.update_thread_read_for_user("me", team.id, root["id"], str(reply["create_at"] + 1))
    assert (read["unread_replies"], read["unread_mentions"]) == (0, 0)
    unread = a.threads.set_thread_unread_by_post_id("me", team.id, root["id"], reply["id"])
    assert unread["unread_replies"] == 1 and unread["last_viewed_at"] == reply["create_at"] - 1
    a.threads.update_threads_read_for_user("me", team.id)
    assert a.threads.get_user_thread("me", team.id, root["id"])["unread_replies"] == 0
    a.threads.stop_following_thread("me", team.id, root["id"])
    assert a.threads.get_user_threads("me", team.id)["total"] == 0
    a.threads.start_following_thread("me", team.id, root["id"])
    assert a.threads.get_user_threads("me", team.id, totalsOnly=True)["threads"] is None


@upstream("server/channels/api4/user.go", "getThreadForUser")
def test_matterapi_threads(world):
    mm, team, channel, alice, bob = world
    root = mm.make_post(alice, channel, "matterapi root")
    mm.make_post(bob, channel, "matterapi reply", root=root)
    api = _matterapi(mm, mm.make_token(alice))
    threads = api.threads.get_user_threads(user_id=alice.id, team_id=team.id)
    assert threads.total == 1 and threads.threads[0].id == root.id
    assert threads.threads[0].reply_count == 1 and threads.threads[0].post.id == root.id
    # matterapi leaves this answer unparsed (no model in its document): the raw response
    resp = api.threads.get_user_thread(user_id=alice.id, team_id=team.id, thread_id=root.id)
    assert resp.status_code == 200 and resp.json()["last_reply_at"] > root.create_at


# ---- search, ephemeral, set_unread -------------------------------------------------------------------
@upstream("server/channels/api4/post.go", "searchPosts")
def test_mattermostdriver_and_autodriver_search(world):
    mm, team, channel, alice, bob = world
    mm.make_post(bob, channel, "the anchor is up")
    wanted = mm.make_post(alice, channel, "raise the anchor now #sail")
    found = _driver(mm, mm.make_token(alice)).posts.search_for_team_posts(
        team.id, {"terms": "anchor from:alice"}
    )
    assert found["order"] == [wanted.id] and found["matches"] is None
    auto = _auto(mm, mm.make_token(bob))
    assert auto.posts.search_posts(team.id, terms="#sail", is_or_search=False)["order"] == [wanted.id]
    assert len(auto.posts.search_posts_in_all_teams(terms="anchor")["order"]) == 2


@upstream("server/channels/api4/post.go", "searchPosts")
def test_matterapi_search(world):
    mm, team, channel, alice, _ = world
    post = mm.make_post(alice, channel, "compass bearing north")
    result = _matterapi(mm, mm.make_token(alice)).posts.search_posts(
        team_id=team.id, json_body={"terms": '"bearing north"', "is_or_search": False}
    )
    assert result.order == [post.id]


@upstream("server/channels/app/post.go", "SendEphemeralPost")
def test_mattermostdriver_ephemeral_post(world):
    mm, _, channel, alice, _ = world
    admin = _driver(mm, mm.admin_token)
    post = admin.posts.create_ephemeral_post(
        {"user_id": alice.id, "post": {"channel_id": channel.id, "message": "psst"}}
    )
    assert post["type"] == "system_ephemeral" and post["message"] == "psst"
    assert post["id"] not in mm.store.post_by_id
    with pytest.raises(driver_errors.NotEnoughPermissions):
        _driver(mm, mm.make_token(alice)).posts.create_ephemeral_post(
            {"user_id": alice.id, "post": {"channel_id": channel.id, "message": "x"}}
        )


@upstream("server/channels/api4/post.go", "setPostUnread")
def test_mattermostautodriver_set_post_unread(world):
    mm, team, channel, alice, bob = world
    first = mm.make_post(bob, channel, "first")
    mm.make_post(bob, channel, "second")
    unread = _auto(mm, mm.make_token(alice)).posts.set_post_unread(alice.id, first.id)
    assert (unread["channel_id"], unread["team_id"]) == (channel.id, team.id)
    assert unread["last_viewed_at"] == first.create_at - 1
