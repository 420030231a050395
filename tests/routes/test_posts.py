"""Posts: create, read, edit, delete, threads, channel pages, pins. Upstream: server/channels/api4/post.go,
app/post.go, sqlstore/post_store.go."""

from __future__ import annotations

import json
import time

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
POST_KEYS = {
    "id",
    "create_at",
    "update_at",
    "edit_at",
    "delete_at",
    "is_pinned",
    "user_id",
    "channel_id",
    "root_id",
    "original_id",
    "message",
    "type",
    "props",
    "hashtags",
    "file_ids",
    "pending_post_id",
    "reply_count",
    "last_reply_at",
    "participants",
    "metadata",
    "remote_id",
}


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@pytest.fixture
def bob(mm):
    return mm.make_user("bob")


@pytest.fixture
def team(mm, alice, bob):
    return mm.make_team("team", members=[alice, bob])


@pytest.fixture
def channel(mm, team, alice, bob):
    return mm.make_channel(team, "room", creator=alice, members=[bob])


def _post(client, channel, message="hello", **extra):
    return client.post("/posts", json={"channel_id": channel.id, "message": message, **extra})


# ---- create ------------------------------------------------------------------------------------------
@upstream("server/channels/app/post.go", "CreatePostAsUser")
def test_create_post_shape_and_counters(mm, alice, channel, login):
    before = channel.total_msg_count
    resp = _post(login(alice), channel, "hi #release", pending_post_id="p1", props={"k": "v"})
    assert resp.status_code == 201
    body = resp.json()
    assert set(body) == POST_KEYS
    assert is_valid_id(body["id"]) and body["user_id"] == alice.id
    assert body["create_at"] == body["update_at"] and body["edit_at"] == 0 and body["delete_at"] == 0
    assert (body["hashtags"], body["props"], body["file_ids"], body["pending_post_id"]) == (
        "#release",
        {"k": "v"},
        [],
        "p1",
    )
    assert (body["type"], body["root_id"], body["reply_count"], body["metadata"]) == ("", "", 0, {})
    assert mm.client.get(f"/posts/{body['id']}").json()["pending_post_id"] == ""
    assert channel.total_msg_count == before + 1 and channel.last_post_at == body["create_at"]
    member = mm.store.channels.get_member(channel.id, alice.id)
    assert (member.msg_count, member.last_viewed_at) == (channel.total_msg_count, channel.last_post_at)


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_create_post_mentions_count_for_mentioned_member(mm, alice, bob, channel, login):
    _post(login(alice), channel, "ping @bob and @nobody")
    assert mm.store.channels.get_member(channel.id, bob.id).mention_count == 1
    assert mm.store.channels.get_member(channel.id, alice.id).mention_count == 0


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_direct_message_partner_mentioned_every_time(mm, alice, bob, login):
    dm = mm.make_direct_channel(alice, bob)
    client = login(alice)
    _post(client, dm, "one")
    _post(client, dm, "two")
    assert mm.store.channels.get_member(dm.id, bob.id).mention_count == 2
    assert mm.store.channels.get_member(dm.id, alice.id).mention_count == 0


@upstream("server/channels/app/post.go", "CreatePost")
def test_create_post_pending_post_id_dedup(mm, alice, channel, login):
    client = login(alice)
    first = _post(client, channel, "once", pending_post_id="dedupe-1").json()
    second = _post(client, channel, "once", pending_post_id="dedupe-1")
    assert second.status_code == 201 and second.json()["id"] == first["id"]
    assert [p.message for p in mm.posts_in(channel)].count("once") == 1


@upstream("server/channels/api4/post.go", "createPost")
def test_create_post_bot_gets_from_bot_prop(mm, team, channel):
    bot_user, token = mm.make_bot("robot")
    mm.store.teams.join(team, bot_user)
    mm.store.channels.add_member(channel, bot_user, bot_user)
    with mm.client_for(token) as client:
        assert _post(client, channel, "beep").json()["props"] == {"from_bot": "true"}


@upstream("server/channels/api4/post.go", "createPost")
def test_create_post_unknown_or_missing_channel_is_403(mm, alice, login):
    client = login(alice)
    assert_app_error(
        client.post("/posts", json={"channel_id": "c" * 26, "message": "x"}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(client.post("/posts", json={"message": "x"}), 403, "api.context.permissions.app_error")
    assert_app_error(
        mm.client.post("/posts", json={"channel_id": "c" * 26, "message": "x"}),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/api4/post_utils.go", "userCreatePostPermissionCheckWithContext")
def test_create_post_in_unjoined_public_channel_is_403(mm, team, alice, login):
    carol = mm.make_user("carol")
    mm.store.teams.join(team, carol)
    channel = mm.make_channel(team, "open", creator=alice)
    assert_app_error(_post(login(carol), channel), 403, "api.context.permissions.app_error")


@upstream("server/channels/app/permissions_migrations.go", "channelModerationPermissionsMigration")
def test_team_admin_posts_in_unjoined_channel(mm, alice, login):
    team = mm.make_team("owned", creator=alice)
    channel = mm.make_channel(team, "other")
    assert _post(login(alice), channel).status_code == 201


@upstream("server/public/model/post.go", "IsValid")
@pytest.mark.parametrize(
    ("extra", "error_id"),
    [
        ({"message": "x" * 16384}, "model.post.is_valid.message_length.app_error"),
        ({"file_ids": [f"{i:026d}" for i in range(11)]}, "model.post.is_valid.file_ids.app_error"),
        ({"type": "system_join_channel"}, "api.context.invalid_param.app_error"),
        ({"type": "bogus"}, "model.post.is_valid.type.app_error"),
        ({"id": "p" * 26}, "app.post.save.existing.app_error"),
        ({"message": 5}, "api.context.invalid_body_param.app_error"),
        ({"props": "nope"}, "api.context.invalid_body_param.app_error"),
        ({"file_ids": "abc"}, "api.context.invalid_body_param.app_error"),
    ],
)
def test_create_post_invalid_is_400(mm, alice, channel, login, extra, error_id):
    assert_app_error(_post(login(alice), channel, **extra), 400, error_id)


@upstream("server/channels/app/post.go", "CreatePost")
def test_create_post_message_at_limit_and_empty_are_accepted(mm, alice, channel, login):
    assert _post(login(alice), channel, "é" * 16383).status_code == 201
    assert _post(login(alice), channel, "").status_code == 201
    # observed on 11.2 (parity snapshot posts_crud): file ids none of which attach leave a null list
    assert (
        _post(login(alice), channel, "x", file_ids=[f"{i:026d}" for i in range(10)]).json()["file_ids"]
        is None
    )


@upstream("server/channels/app/post.go", "CreatePost")
def test_create_post_refused_changes_nothing(mm, alice, channel, login):
    before = (len(mm.store.post_by_id), channel.total_msg_count, channel.last_post_at, len(mm.events))
    _post(login(alice), channel, "x" * 16384)
    assert (len(mm.store.post_by_id), channel.total_msg_count, channel.last_post_at, len(mm.events)) == before


@upstream("server/channels/api4/post.go", "createPost")
def test_create_post_create_at_kept_for_admin_only(mm, alice, channel, login):
    assert (
        mm.client.post(
            "/posts", json={"channel_id": channel.id, "message": "old", "create_at": 1_000_000}
        ).json()["create_at"]
        == 1_000_000
    )
    assert _post(login(alice), channel, "now", create_at=1_000_000).json()["create_at"] > 1_000_000


# ---- replies -----------------------------------------------------------------------------------------
@upstream("server/channels/app/post.go", "CreatePost")
def test_reply_updates_thread_and_root(mm, alice, bob, channel, login):
    root = _post(login(alice), channel, "root").json()
    reply = _post(login(bob), channel, "reply", root_id=root["id"]).json()
    assert reply["root_id"] == root["id"] and reply["reply_count"] == 1
    fetched = mm.client.get(f"/posts/{root['id']}").json()
    assert fetched["reply_count"] == 1 and fetched["update_at"] == reply["create_at"]
    # sqlstore GetSingle reads Posts, which has no LastReplyAt column (only Threads has): 0 here.
    assert fetched["last_reply_at"] == 0


@upstream("server/channels/app/post.go", "CreatePostAsUser")
def test_reply_does_not_mark_poster_viewed(mm, alice, bob, channel, login):
    root = mm.make_post(alice, channel, "root")
    mm.make_post(alice, channel, "another")
    before = mm.store.channels.get_member(channel.id, bob.id).msg_count
    _post(login(bob), channel, "reply", root_id=root.id)
    assert mm.store.channels.get_member(channel.id, bob.id).msg_count == before


@upstream("server/channels/app/post.go", "CreatePost")
def test_reply_errors(mm, alice, team, channel, login):
    client = login(alice)
    root = _post(client, channel, "root").json()
    reply = _post(client, channel, "reply", root_id=root["id"]).json()
    assert_app_error(
        _post(client, channel, "x", root_id=reply["id"]), 400, "api.post.create_post.root_id.app_error"
    )
    assert_app_error(
        _post(client, channel, "x", root_id="r" * 26), 400, "api.post.create_post.root_id.app_error"
    )
    other = mm.make_channel(team, "other", creator=alice)
    assert_app_error(
        _post(client, other, "x", root_id=root["id"]), 400, "api.post.create_post.channel_root_id.app_error"
    )
    client.delete(f"/posts/{root['id']}")
    assert_app_error(
        _post(client, channel, "x", root_id=root["id"]), 400, "api.post.create_post.root_id.app_error"
    )


# ---- read --------------------------------------------------------------------------------------------
@upstream("server/channels/api4/post.go", "getPost")
def test_get_post(mm, alice, bob, channel, login):
    post = mm.make_post(alice, channel, "hi")
    resp = login(bob).get(f"/posts/{post.id}")
    assert resp.json()["message"] == "hi"
    assert resp.headers["etag"] == f"11.2.0.{post.id}.{post.update_at}"
    assert_app_error(login(bob).get(f"/posts/{'p' * 26}"), 404, "app.post.get.app_error")
    assert_app_error(
        login(bob).get(f"/posts/{post.id}", params={"include_deleted": "true"}),
        403,
        "api.context.permissions.app_error",
    )
    outsider = login(mm.make_user("outsider"))
    assert_app_error(outsider.get(f"/posts/{post.id}"), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/post.go", "getPostsByIds")
def test_get_posts_by_ids(mm, alice, channel, login):
    a, b = mm.make_post(alice, channel, "a"), mm.make_post(alice, channel, "b")
    body = login(alice).post("/posts/ids", json=[a.id, b.id, "p" * 26]).json()
    assert sorted(p["id"] for p in body) == sorted([a.id, b.id])
    assert_app_error(
        login(alice).post("/posts/ids", json=[]), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        login(alice).post("/posts/ids", json=[f"{i:026d}" for i in range(1001)]),
        400,
        "api.post.posts_by_ids.invalid_body.request_error",
    )


@pytest.fixture
def paged(mm, team):
    return mm.make_channel(team, "paged")


@pytest.fixture
def five(mm, paged):
    """The channel's posts oldest first: the creator's join post, then p1..p5."""
    for i in range(1, 6):
        mm.make_post(mm.admin, paged, f"p{i}")
    ids = [p.id for p in mm.posts_in(paged)]
    assert len(ids) == 6
    return ids


def _page(mm, channel, **params):
    resp = mm.client.get(f"/channels/{channel.id}/posts", params=params)
    assert resp.status_code == 200, resp.text
    return resp.json()


@upstream("server/channels/store/sqlstore/post_store.go", "GetPosts")
def test_posts_page_shape_and_cursors(mm, paged, five):
    body = _page(mm, paged, page=0, per_page=2)
    assert set(body) == {"order", "posts", "next_post_id", "prev_post_id", "first_inaccessible_post_time"}
    assert body["order"] == [five[5], five[4]] and set(body["posts"]) == set(body["order"])
    assert (body["next_post_id"], body["prev_post_id"], body["first_inaccessible_post_time"]) == (
        "",
        five[3],
        0,
    )
    middle = _page(mm, paged, page=1, per_page=2)
    assert middle["order"] == [five[3], five[2]]
    assert (middle["next_post_id"], middle["prev_post_id"]) == (five[4], five[1])
    last = _page(mm, paged, page=2, per_page=2)
    assert last["order"] == [five[1], five[0]] and last["prev_post_id"] == ""
    assert _page(mm, paged, page=5, per_page=2)["order"] == []


@upstream("server/channels/app/post.go", "GetPostsAfterPost")
def test_posts_after(mm, paged, five):
    body = _page(mm, paged, after=five[1], per_page=2)
    assert body["order"] == [five[3], five[2]]
    assert (body["prev_post_id"], body["next_post_id"]) == (five[1], five[4])
    tail = _page(mm, paged, after=five[3], per_page=5)
    assert tail["order"] == [five[5], five[4]] and (tail["prev_post_id"], tail["next_post_id"]) == (
        five[3],
        "",
    )


@upstream("server/channels/app/post.go", "GetPostsBeforePost")
def test_posts_before(mm, paged, five):
    body = _page(mm, paged, before=five[4], per_page=2)
    assert body["order"] == [five[3], five[2]]
    assert (body["next_post_id"], body["prev_post_id"]) == (five[4], five[1])
    head = _page(mm, paged, before=five[1], per_page=5)
    assert head["order"] == [five[0]] and (head["next_post_id"], head["prev_post_id"]) == (five[1], "")


@upstream("server/channels/api4/post.go", "getPostsForChannel")
def test_posts_precedence_since_after_before(mm, paged, five):
    assert _page(mm, paged, after=five[3], before=five[2], per_page=1)["order"] == [five[4]]
    since = mm.store.post_by_id[five[4]].update_at
    body = _page(mm, paged, since=since, after=five[0])
    assert body["order"] == [five[5]] and (body["next_post_id"], body["prev_post_id"]) == ("", "")


@upstream("server/channels/store/sqlstore/post_store.go", "GetPostsSince")
def test_posts_since_includes_deleted_and_history(mm, paged, five):
    since = mm.store.post_by_id[five[5]].update_at
    while mm.store.now() <= since:  # post create_at may run a few ms ahead to keep posts ordered
        time.sleep(0.001)
    client = mm.client
    client.put(f"/posts/{five[2]}/patch", json={"message": "edited"})
    client.delete(f"/posts/{five[3]}")
    body = _page(mm, paged, since=since)
    deleted = body["posts"][five[3]]
    assert deleted["delete_at"] > 0 and deleted["message"] == "" and deleted["metadata"] == {}
    history = [p for p in body["posts"].values() if p["original_id"] == five[2]]
    # the edit history row is deleted: PreparePostForClient blanks it like any deleted post (observed on 11.2)
    assert len(history) == 1 and history[0]["message"] == "" and history[0]["delete_at"] > 0
    assert body["posts"][five[2]]["message"] == "edited"
    assert "etag" not in {
        k.lower() for k in mm.client.get(f"/channels/{paged.id}/posts", params={"since": since}).headers
    }


@upstream("server/channels/store/sqlstore/post_store.go", "GetPosts")
def test_posts_page_includes_thread_extras_and_zero_reply_counts(mm, alice, bob, channel):
    root = mm.make_post(alice, channel, "root")
    first = mm.make_post(bob, channel, "r1", root=root)
    for i in range(3):
        mm.make_post(alice, channel, f"filler{i}")
    last = mm.make_post(bob, channel, "r2", root=root)
    body = _page(mm, channel, per_page=1)
    assert body["order"] == [last.id]
    assert {root.id, first.id, last.id} <= set(body["posts"])
    assert body["posts"][root.id]["reply_count"] == 0
    skip = _page(mm, channel, per_page=1, skipFetchThreads="true")
    assert set(skip["posts"]) == {last.id} and skip["posts"][last.id]["reply_count"] == 2


@upstream("server/channels/api4/post.go", "getPostsForChannel")
def test_posts_collapsed_threads_roots_only(mm, alice, channel):
    root = mm.make_post(alice, channel, "root")
    mm.make_post(alice, channel, "reply", root=root)
    body = _page(mm, channel, per_page=1, collapsedThreads="true")
    assert body["order"] == [root.id] and body["posts"][root.id]["reply_count"] == 1


@upstream("server/channels/api4/post.go", "getPostsForChannel")
def test_posts_for_channel_errors(mm, alice, channel, login):
    assert_app_error(
        mm.client.get(f"/channels/{channel.id}/posts", params={"before": "bad"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.get(f"/channels/{channel.id}/posts", params={"since": "soon"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        login(alice).get(f"/channels/{channel.id}/posts", params={"include_deleted": "true"}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(mm.client.get(f"/channels/{'c' * 26}/posts"), 404, "app.channel.get.existing.app_error")
    assert_app_error(
        login(mm.make_user("outsider")).get(f"/channels/{channel.id}/posts"),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/api4/post.go", "getPostsForChannel")
def test_posts_for_channel_etag(mm, alice, paged, five):
    resp = mm.client.get(f"/channels/{paged.id}/posts")
    latest = max(mm.store.post_by_id[p].update_at for p in five)
    assert resp.headers["etag"] == f"11.2.0.{latest}"


@upstream("server/channels/store/sqlstore/post_store.go", "GetEtag")
def test_posts_for_channel_etag_is_channel_wide(mm, alice, bob, channel, login):
    root = mm.make_post(alice, channel, "root")
    reply = mm.make_post(bob, channel, "reply", root=root)
    for i in range(3):
        mm.make_post(alice, channel, f"later {i}")
    client = login(alice)
    url = f"/channels/{channel.id}/posts"
    first = client.get(url, params={"per_page": 2}).headers["etag"]
    # Every page and cursor form carries the same channel-wide ETag (latest update_at of any post row).
    assert client.get(url, params={"per_page": 2, "page": 1}).headers["etag"] == first
    assert client.get(url, params={"before": reply.id}).headers["etag"] == first
    # A reaction on the oldest post changes it, though that post is on no first page. (Posts made within
    # one millisecond run ahead of the clock; wait so the reaction is the latest change.)
    time.sleep(0.01)
    client.post("/reactions", json={"user_id": alice.id, "post_id": root.id, "emoji_name": "smile"})
    after_reaction = client.get(url, params={"per_page": 2}).headers["etag"]
    assert after_reaction == f"11.2.0.{mm.store.post_by_id[root.id].update_at}" != first
    # With collapsed threads only root posts count: a reaction on a reply leaves that ETag alone.
    roots_etag = client.get(url, params={"collapsedThreads": "true"}).headers["etag"]
    time.sleep(0.01)
    client.post("/reactions", json={"user_id": alice.id, "post_id": reply.id, "emoji_name": "smile"})
    assert client.get(url, params={"collapsedThreads": "true"}).headers["etag"] == roots_etag
    assert client.get(url).headers["etag"] == f"11.2.0.{mm.store.post_by_id[reply.id].update_at}"
    # If-None-Match with the current ETag: 304 (web/context.go HandleEtag).
    current = client.get(url).headers["etag"]
    assert client.get(url, headers={"If-None-Match": current}).status_code == 304


@upstream("server/channels/api4/post.go", "getPostThread")
def test_get_post_thread(mm, alice, bob, channel, login):
    root = mm.make_post(alice, channel, "root")
    r1 = mm.make_post(bob, channel, "r1", root=root)
    r2 = mm.make_post(alice, channel, "r2", root=root)
    body = login(bob).get(f"/posts/{r1.id}/thread").json()
    assert body["order"][0] == r1.id and set(body["order"]) == {root.id, r1.id, r2.id}
    assert set(body["posts"]) == {root.id, r1.id, r2.id}
    assert body["has_next"] is False and all(p["reply_count"] == 2 for p in body["posts"].values())
    down = login(bob).get(f"/posts/{root.id}/thread", params={"direction": "down"}).json()
    assert down["order"] == [root.id, r1.id, r2.id]
    assert_app_error(
        login(bob).get(f"/posts/{root.id}/thread", params={"perPage": "201"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        login(bob).get(f"/posts/{root.id}/thread", params={"direction": "sideways"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(login(bob).get(f"/posts/{'p' * 26}/thread"), 404, "app.post.get.app_error")


# ---- edit / patch / update ---------------------------------------------------------------------------
@upstream("server/channels/app/post.go", "UpdatePost")
def test_patch_post_sets_edit_at(mm, alice, channel, login):
    post = mm.make_post(alice, channel, "before #old")
    resp = login(alice).put(f"/posts/{post.id}/patch", json={"message": "after #new"})
    body = resp.json()
    assert resp.status_code == 200
    assert body["message"] == "after #new" and body["hashtags"] == "#new"
    assert body["edit_at"] > 0 and body["update_at"] >= body["edit_at"]
    assert channel.last_post_at >= body["update_at"]
    assert [e.name for e in mm.events_named("post_edited")] == ["post_edited"]


@upstream("server/channels/app/post.go", "PatchPost")
def test_patch_post_props_only_keeps_edit_at_zero(mm, alice, channel, login):
    post = mm.make_post(alice, channel, "same")
    body = login(alice).put(f"/posts/{post.id}/patch", json={"props": {"x": "1"}}).json()
    assert body["props"] == {"x": "1"} and body["edit_at"] == 0


@upstream("server/channels/api4/post.go", "updatePost")
def test_update_post_replaces_props_and_pin(mm, alice, channel, login):
    post = mm.make_post(alice, channel, "text", props={"keep": "no"})
    mm.store.posts.set_pinned(post, True)
    body = login(alice).put(f"/posts/{post.id}", json={"id": post.id, "message": "text"}).json()
    assert body["props"] == {} and body["is_pinned"] is False and body["edit_at"] == 0


@upstream("server/channels/api4/post.go", "updatePost")
def test_edit_post_errors(mm, alice, bob, channel, login):
    post = mm.make_post(alice, channel, "mine")
    assert_app_error(
        login(bob).put(f"/posts/{post.id}/patch", json={"message": "x"}),
        403,
        "api.context.permissions.app_error",
    )
    assert mm.client.put(f"/posts/{post.id}/patch", json={"message": "by admin"}).status_code == 200
    assert_app_error(
        login(alice).put(f"/posts/{'p' * 26}/patch", json={"message": "x"}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        login(alice).put(f"/posts/{'p' * 26}", json={"id": "q" * 26}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        login(alice).put(f"/posts/{post.id}/patch", json={"message": "x" * 16384}),
        400,
        "model.post.is_valid.message_length.app_error",
    )
    system = mm.posts_in(channel)[0]
    assert_app_error(
        mm.client.put(f"/posts/{system.id}/patch", json={"message": "x"}),
        400,
        "api.post.update_post.system_message.app_error",
    )


@upstream("server/channels/api4/post.go", "postPatchChecks")
def test_edit_post_time_limit(mm, alice, channel, login):
    post = mm.store.posts.create(alice, channel, {"message": "old", "create_at": 1_000}, keep_create_at=True)
    mm.set_config("ServiceSettings.PostEditTimeLimit", 60)
    assert_app_error(
        login(alice).put(f"/posts/{post.id}/patch", json={"message": "late"}),
        400,
        "api.post.update_post.permissions_time_limit.app_error",
    )
    assert login(alice).put(f"/posts/{post.id}/patch", json={"is_pinned": True}).status_code == 200


# ---- delete ------------------------------------------------------------------------------------------
@upstream("server/channels/store/sqlstore/post_store.go", "Delete")
def test_delete_root_deletes_replies(mm, alice, bob, channel, login):
    root = mm.make_post(alice, channel, "root")
    reply = mm.make_post(bob, channel, "reply", root=root)
    assert login(alice).delete(f"/posts/{root.id}").json() == {"status": "OK"}
    for post in (root, reply):
        assert post.delete_at > 0 and post.props["deleteBy"] == alice.id
        assert_app_error(mm.client.get(f"/posts/{post.id}"), 404, "app.post.get.app_error")
    assert root.id not in _page(mm, channel)["order"]


@upstream("server/channels/store/sqlstore/post_store.go", "Delete")
def test_delete_reply_updates_reply_count(mm, alice, channel, login):
    root = mm.make_post(alice, channel, "root")
    reply = mm.make_post(alice, channel, "reply", root=root)
    login(alice).delete(f"/posts/{reply.id}")
    assert mm.client.get(f"/posts/{root.id}").json()["reply_count"] == 0


@upstream("server/channels/api4/post.go", "deletePost")
def test_delete_post_errors(mm, alice, bob, channel, login):
    post = mm.make_post(alice, channel, "mine")
    assert_app_error(login(bob).delete(f"/posts/{post.id}"), 403, "api.context.permissions.app_error")
    assert_app_error(login(bob).delete(f"/posts/{'p' * 26}"), 404, "app.post.get.app_error")
    assert_app_error(
        mm.client.delete(f"/posts/{post.id}", params={"permanent": "true"}),
        501,
        "api.post.delete_post.not_enabled.app_error",
    )
    assert mm.client.delete(f"/posts/{post.id}").status_code == 200
    assert_app_error(mm.client.delete(f"/posts/{post.id}"), 404, "app.post.get.app_error")


# ---- pins --------------------------------------------------------------------------------------------
@upstream("server/channels/api4/post.go", "saveIsPinnedPost")
def test_pin_and_unpin(mm, alice, bob, channel, login):
    post = mm.make_post(alice, channel, "pin me")
    assert login(bob).post(f"/posts/{post.id}/pin").json() == {"status": "OK"}
    body = mm.client.get(f"/posts/{post.id}").json()
    assert body["is_pinned"] is True and body["edit_at"] == 0
    pinned = login(bob).get(f"/channels/{channel.id}/pinned").json()
    assert pinned["order"] == [post.id]
    login(bob).post(f"/posts/{post.id}/unpin")
    assert mm.client.get(f"/channels/{channel.id}/pinned").json()["order"] == []
    assert_app_error(login(bob).post(f"/posts/{'p' * 26}/pin"), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/post.go", "getPostsForChannelAroundLastUnread")
def test_posts_around_last_unread(mm, alice, bob, channel, login):
    mm.make_post(alice, channel, "seen")
    login(bob).post("/channels/members/me/view", json={"channel_id": channel.id})
    unread = mm.make_post(alice, channel, "new")
    body = (
        login(bob)
        .get(f"/users/me/channels/{channel.id}/posts/unread", params={"limit_before": 1, "limit_after": 5})
        .json()
    )
    assert body["order"][0] == unread.id and len(body["order"]) == 2
    assert_app_error(
        login(bob).get(f"/users/me/channels/{channel.id}/posts/unread", params={"limit_after": 0}),
        400,
        "api.context.invalid_url_param.app_error",
    )


def test_posts_page_cache_answers_as_a_fresh_render_after_every_kind_of_write(mm, alice, bob, channel):
    """The plain page is kept until the store's next write: after each write below, the page read (which
    would be the kept one if the write had not dropped it) equals the page rendered with nothing kept."""
    client, admin = mm.client, mm.admin
    root = mm.make_post(alice, channel, "root :smile:")
    reply = mm.make_post(bob, channel, "reply", root=root)

    def check(**params):
        kept = _page(mm, channel, **params)
        mm.store.post_page_cache.clear()
        assert kept == _page(mm, channel, **params)

    writes = [
        lambda: _post(client, channel, "new one"),
        lambda: _post(client, channel, "another reply", root_id=root.id),
        lambda: client.put(f"/posts/{root.id}/patch", json={"message": "root edited :smile:"}),
        lambda: client.post(f"/posts/{root.id}/pin"),
        lambda: client.post(
            "/reactions", json={"user_id": admin.id, "post_id": reply.id, "emoji_name": "+1"}
        ),
        lambda: client.delete(f"/users/{admin.id}/posts/{reply.id}/reactions/+1"),
        lambda: client.delete(f"/posts/{reply.id}"),
        lambda: mm.client.post(
            "/emoji",
            files={
                "emoji": (None, json.dumps({"name": "smile2", "creator_id": admin.id})),
                "image": (
                    "e.png",
                    b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10\0\0\0\x10\x08\x06\0\0\0data",
                    "image/png",
                ),
            },
        ),
        lambda: mm.set_config("ServiceSettings.EnableCustomEmoji", False),
    ]
    for write in writes:
        for params in ({}, {"per_page": 2}, {"skipFetchThreads": "true"}):
            _page(mm, channel, **params)  # kept now
        result = write()
        assert result is None or result.status_code < 300, result.text
        for params in ({}, {"per_page": 2}, {"skipFetchThreads": "true"}):
            check(**params)


# ---- deleted posts, collapsed threads ---------------------------------------------------------------
@upstream("server/channels/store/sqlstore/post_store.go", "getRootPosts")
def test_posts_page_include_deleted_lists_every_row(mm, alice, bob, channel, login):
    """A system admin's include_deleted page has deleted posts and edit history rows (blanked, like every
    deleted post on the wire); its cursors name live posts only (getPostIdAroundTime)."""
    first = mm.make_post(alice, channel, "first")
    edited = mm.make_post(alice, channel, "before edit")
    gone = mm.make_post(alice, channel, "gone")
    last = mm.make_post(alice, channel, "last")
    client = login(alice)
    assert client.put(f"/posts/{edited.id}/patch", json={"message": "after edit"}).status_code == 200
    assert client.delete(f"/posts/{gone.id}").status_code == 200
    body = _page(mm, channel, include_deleted="true", per_page=3)
    (history,) = [p for p in mm.store.post_by_id.values() if p.original_id == edited.id]
    assert body["order"][:2] == [last.id, gone.id]
    assert set(body["order"][2:]) <= {edited.id, history.id}  # same create_at: either comes first
    assert body["posts"][gone.id]["message"] == "" and body["posts"][gone.id]["delete_at"] > 0
    assert body["prev_post_id"] == first.id and body["next_post_id"] == ""
    plain = _page(mm, channel, per_page=3)
    assert plain["order"] == [last.id, edited.id, first.id]
    assert_app_error(
        login(bob).get(f"/channels/{channel.id}/posts", params={"include_deleted": "true"}),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/store/sqlstore/post_store.go", "updateThreadAfterReplyDeletion")
def test_deleting_a_reply_recounts_its_thread(mm, alice, bob, channel, login):
    root = mm.make_post(alice, channel, "root")
    first = mm.make_post(bob, channel, "first", root=root)
    second = mm.make_post(alice, channel, "second", root=root)
    assert login(alice).delete(f"/posts/{second.id}").status_code == 200
    # post_deleted carries the post as read before the deletion, with the thread's count then
    event = mm.events_named("post_deleted")[-1]
    assert event.post_reply_count == 2
    thread = mm.store.thread_by_root[root.id]
    assert (thread.reply_count, thread.last_reply_at, thread.participants) == (1, first.create_at, [bob.id])
    assert login(bob).delete(f"/posts/{first.id}").status_code == 200
    assert (thread.reply_count, thread.last_reply_at, thread.participants) == (0, 0, [])


@upstream("server/channels/store/sqlstore/post_store.go", "getPostWithCollapsedThreads")
def test_post_thread_collapsed(mm, alice, bob, channel, login):
    root = mm.make_post(alice, channel, "root")
    replies = [mm.make_post(bob, channel, f"r{i}", root=root) for i in range(3)]
    client = login(bob)
    params = {"collapsedThreads": "true", "collapsedThreadsExtended": "true"}
    body = client.get(f"/posts/{root.id}/thread", params=params).json()
    assert body["order"] == [root.id, *[r.id for r in replies]] and body["has_next"] is False
    top = body["posts"][root.id]
    assert (top["reply_count"], top["last_reply_at"], top["is_following"]) == (3, replies[-1].create_at, True)
    assert [p["username"] for p in top["participants"]] == [bob.username]
    assert {body["posts"][r.id]["reply_count"] for r in replies} == {0}
    paged = client.get(f"/posts/{root.id}/thread", params={**params, "perPage": 2, "direction": "up"}).json()
    assert paged["order"] == [root.id, replies[2].id, replies[1].id] and paged["has_next"] is True
    # a reply is read as a root of its own: no thread row, no membership, no replies
    one = client.get(f"/posts/{replies[0].id}/thread", params=params).json()
    assert one["order"] == [replies[0].id]
    reply = one["posts"][replies[0].id]
    assert (reply["reply_count"], reply["last_reply_at"], reply["participants"]) == (0, 0, None)
    assert "is_following" not in reply


@upstream("server/channels/app/post.go", "GetPostsForChannelAroundLastUnread")
def test_posts_around_last_unread_collapsed(mm, alice, bob, channel, login):
    """Under collapsedThreads the first unread post is a root; its replies come with it in `posts`."""
    seen = mm.make_post(alice, channel, "seen")
    login(bob).post("/channels/members/me/view", json={"channel_id": channel.id})
    mm.make_post(alice, channel, "a reply to an old root", root=seen)
    unread = mm.make_post(alice, channel, "new root")
    reply = mm.make_post(bob, channel, "reply", root=unread)
    later = mm.make_post(alice, channel, "later")
    params = {"collapsedThreads": "true", "limit_before": 1, "limit_after": 5}
    body = login(bob).get(f"/users/me/channels/{channel.id}/posts/unread", params=params).json()
    assert body["order"] == [later.id, unread.id, seen.id]
    assert reply.id in body["posts"] and body["posts"][unread.id]["reply_count"] == 1
    plain = login(bob).get(f"/users/me/channels/{channel.id}/posts/unread", params={"limit_before": 1}).json()
    assert plain["order"][-2:] == [mm.store.replies_of_root[seen.id][0], seen.id]


@upstream("server/channels/store/sqlstore/post_store.go", "Update")
def test_every_update_keeps_the_old_row(mm, alice, channel, login):
    """PostStore.Update inserts the old row (deleted, original_id set) on every update: a props patch and a
    pin leave one each, with the values before the change (observed on 11.2)."""
    post = mm.make_post(alice, channel, "hello")
    client = login(alice)
    assert client.put(f"/posts/{post.id}/patch", json={"props": {"a": "b"}}).status_code == 200
    assert client.post(f"/posts/{post.id}/pin").status_code == 200
    rows = sorted(
        (p for p in mm.store.post_by_id.values() if p.original_id == post.id), key=lambda p: p.update_at
    )
    assert [(r.props, r.is_pinned, r.edit_at, bool(r.delete_at)) for r in rows] == [
        ({}, False, 0, True),
        ({"a": "b"}, False, 0, True),
    ]
    assert mm.store.post_by_id[post.id].edit_at == 0


@upstream("server/channels/store/sqlstore/post_store.go", "Get")
def test_post_thread_pages(mm, alice, bob, channel, login):
    """The post asked for comes first, then its thread's rows in the direction asked from the cursor; perPage
    counts the rows before the post itself is left out (observed on 11.2)."""
    root = mm.make_post(alice, channel, "root")
    r1, r2 = mm.make_post(bob, channel, "r1", root=root), mm.make_post(bob, channel, "r2", root=root)
    client = login(bob)

    def thread(post, **params):
        resp = client.get(f"/posts/{post.id}/thread", params=params)
        assert resp.status_code == 200, resp.text
        return resp.json()

    assert thread(root, direction="up")["order"] == [root.id, r2.id, r1.id]
    paged = thread(r1, direction="down", perPage=2)
    assert (paged["order"], paged["has_next"]) == ([r1.id, root.id], True)
    assert thread(root, direction="up", fromCreateAt=r2.create_at)["order"] == [root.id, r1.id]
    assert thread(root, direction="down", fromCreateAt=r2.create_at, fromPost=r2.id)["order"] == [root.id]
    alone = thread(r1, skipFetchThreads="true")
    assert alone["order"] == [r1.id] and "has_next" not in alone
    crt = thread(root, collapsedThreads="true", direction="up", fromCreateAt=r2.create_at)
    assert crt["order"] == [root.id, r1.id]
