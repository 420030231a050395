"""Ephemeral posts and marking a channel unread from a post. Upstream: server/channels/api4/post.go
(createEphemeralPost, setPostUnread), app/post.go SendEphemeralPost, app/channel.go
MarkChannelAsUnreadFromPost, sqlstore/channel_store.go UpdateLastViewedAtPost."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.helpers import assert_app_error, store_fingerprint

upstream = pytest.mark.upstream


@pytest.fixture
def room(mm, login):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team(members=[alice, bob])
    channel = mm.make_channel(team, members=[alice, bob])
    return SimpleNamespace(alice=alice, bob=bob, team=team, channel=channel, a=login(alice), b=login(bob))


@upstream("server/channels/app/post.go", "SendEphemeralPost")
def test_ephemeral_post_is_201_not_stored_and_sent_to_one_user(mm, room):
    before = len(mm.store.post_by_id)
    resp = mm.client.post(
        "/posts/ephemeral",
        json={
            "user_id": room.alice.id,
            "post": {
                "channel_id": room.channel.id,
                "message": "only you can see this",
                "props": {
                    "attachments": [
                        {"text": "t", "actions": [{"name": "go", "integration": {"url": "http://x"}}]}
                    ]
                },
            },
        },
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert (body["type"], body["user_id"], body["channel_id"]) == (
        "system_ephemeral",
        mm.admin.id,
        room.channel.id,
    )
    # PreparePostForClientWithEmbedsAndImages: attachments embed (app/post_metadata.go getEmbedForPost)
    assert body["create_at"] > 0 and body["metadata"] == {"embeds": [{"type": "message_attachment"}]}
    action = body["props"]["attachments"][0]["actions"][0]
    assert action["id"] and "integration" not in action  # GenerateActionIds, integrations stripped
    assert len(mm.store.post_by_id) == before
    assert_app_error(mm.client.get(f"/posts/{body['id']}"), 404, "app.post.get.app_error")
    (event,) = mm.events_named("ephemeral_message")
    assert (event.broadcast.user_id, event.broadcast.channel_id) == (room.alice.id, room.channel.id)
    assert event.data["post"].id == body["id"]
    assert all(e.data["post"].id != body["id"] for e in mm.events_named("posted"))


@upstream("server/channels/api4/post.go", "createEphemeralPost")
def test_ephemeral_post_by_plain_user_is_403(room):
    resp = room.a.post(
        "/posts/ephemeral",
        json={"user_id": room.bob.id, "post": {"channel_id": room.channel.id, "message": "x"}},
    )
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/post.go", "createEphemeralPost")
@pytest.mark.parametrize(
    "body,error_id",
    [
        (b"{bad", "api.context.invalid_body_param.app_error"),
        (b'{"post": {"message": "x"}}', "api.context.invalid_body_param.app_error"),
        (b'{"user_id": "abcdefghijklmnopqrstuvwxyz"}', "api.context.invalid_body_param.app_error"),
        (
            b'{"user_id": "abcdefghijklmnopqrstuvwxyz", "post": {"message": 5}}',
            "api.context.invalid_body_param.app_error",
        ),
    ],
)
def test_ephemeral_post_bad_bodies(mm, body, error_id):
    before = store_fingerprint(mm.store)
    err = assert_app_error(mm.client.post("/posts/ephemeral", content=body), 400, error_id)
    assert store_fingerprint(mm.store) == before
    assert err["message"].startswith("Invalid or missing")


@upstream("server/channels/store/sqlstore/channel_store.go", "UpdateLastViewedAtPost")
def test_set_post_unread_from_root(mm, room):
    first = mm.make_post(room.bob, room.channel, "first")
    mm.make_post(room.bob, room.channel, "hey @alice")
    mm.make_post(room.bob, room.channel, "third")
    room.a.post(f"/channels/members/{room.alice.id}/view", json={"channel_id": room.channel.id})
    resp = room.a.post(
        f"/users/{room.alice.id}/posts/{first.id}/set_unread", json={"collapsed_threads_supported": True}
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    assert list(body) == [
        "team_id",
        "user_id",
        "channel_id",
        "msg_count",
        "mention_count",
        "mention_count_root",
        "urgent_mention_count",
        "msg_count_root",
        "last_viewed_at",
    ]
    assert (body["team_id"], body["user_id"], body["channel_id"]) == (
        room.team.id,
        room.alice.id,
        room.channel.id,
    )
    assert body["last_viewed_at"] == first.create_at - 1
    assert (body["msg_count"], body["mention_count"], body["mention_count_root"]) == (
        room.channel.total_msg_count - 3,
        1,
        1,
    )
    (event,) = mm.events_named("post_unread")
    assert event.data["post_id"] == first.id and event.data["msg_count"] == body["msg_count"]
    assert (event.broadcast.user_id, event.broadcast.channel_id, event.broadcast.team_id) == (
        room.alice.id,
        room.channel.id,
        room.team.id,
    )


@upstream("server/channels/app/channel.go", "markChannelAsUnreadFromPostCRTUnsupported")
def test_set_post_unread_from_reply_without_crt_support_follows_thread(mm, room):
    root = mm.make_post(room.bob, room.channel, "root")
    reply = mm.make_post(room.bob, room.channel, "reply", root=root)
    resp = room.a.post(f"/users/{room.alice.id}/posts/{reply.id}/set_unread", json={})
    assert resp.status_code == 200
    body = resp.json()
    assert body["mention_count_root"] == 0 and body["msg_count_root"] == room.channel.total_msg_count_root
    membership = mm.store.thread_members[root.id][room.alice.id]
    assert membership.following and membership.last_viewed == reply.create_at - 1
    updated = mm.events_named("thread_updated")[-1]
    assert updated.broadcast.user_id == room.alice.id and "previous_unread_replies" not in updated.data


@upstream("server/channels/api4/post.go", "setPostUnread")
def test_set_post_unread_permissions_and_missing_post(mm, room, login):
    post = mm.make_post(room.bob, room.channel, "x")
    assert_app_error(
        room.a.post(f"/users/{room.bob.id}/posts/{post.id}/set_unread"),
        403,
        "api.context.permissions.app_error",
    )
    outsider = mm.make_user("outsider")
    assert_app_error(
        login(outsider).post(f"/users/{outsider.id}/posts/{post.id}/set_unread"),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        mm.client.post(f"/users/{mm.admin.id}/posts/{'a' * 26}/set_unread"), 404, "app.post.get.app_error"
    )
