"""Reactions over HTTP. Upstream: server/channels/api4/reaction.go, app/reaction.go."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def room(mm, login):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team(members=[alice, bob])
    channel = mm.make_channel(team, members=[alice, bob])
    post = mm.make_post(alice, channel, "hello")
    return login(alice), login(bob), alice, bob, post, team


def _react(client, user, post, emoji="smile"):
    return client.post("/reactions", json={"user_id": user.id, "post_id": post.id, "emoji_name": emoji})


@upstream("server/channels/api4/reaction.go", "saveReaction")
def test_save_reaction_is_200_with_reaction(room):
    client, _, alice, _, post, _ = room
    resp = _react(client, alice, post)
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == [
        "user_id",
        "post_id",
        "emoji_name",
        "create_at",
        "update_at",
        "delete_at",
        "remote_id",
        "channel_id",
    ]
    assert (body["user_id"], body["post_id"], body["emoji_name"], body["delete_at"]) == (
        alice.id,
        post.id,
        "smile",
        0,
    )
    assert body["channel_id"] == post.channel_id
    got = client.get(f"/posts/{post.id}").json()
    assert got["has_reactions"] is True and got["metadata"]["reactions"][0]["emoji_name"] == "smile"


@upstream("server/channels/api4/reaction.go", "saveReaction")
def test_save_reaction_validation(room):
    client, _, alice, bob, post, _ = room
    assert_app_error(
        client.post("/reactions", json={"user_id": alice.id, "post_id": post.id}),
        400,
        "api.reaction.save_reaction.invalid.app_error",
    )
    assert_app_error(
        _react(client, alice, post, "x" * 65), 400, "api.reaction.save_reaction.invalid.app_error"
    )
    assert_app_error(
        client.post("/reactions", content=b"nope"), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(_react(client, bob, post), 403, "api.reaction.save_reaction.user_id.app_error")
    assert_app_error(
        _react(client, alice, post, "no_such_emoji_here"), 404, "app.emoji.get_by_name.no_result"
    )


@upstream("server/channels/app/authorization.go", "SessionHasPermissionToChannelByPost")
def test_save_reaction_needs_channel_membership(mm, room, login):
    _, _, _, _, post, team = room
    carol = mm.make_user("carol")
    mm.store.teams.join(team, carol)
    carol_client = login(carol)
    assert_app_error(_react(carol_client, carol, post), 403, "api.context.permissions.app_error")
    missing = SimpleNamespace(id="z" * 26)
    assert_app_error(_react(carol_client, carol, missing), 403, "api.context.permissions.app_error")
    admin = mm.admin
    assert_app_error(_react(mm.client, admin, missing), 404, "app.post.get.app_error")


@upstream("server/channels/api4/reaction.go", "getReactions")
def test_get_reactions_null_when_none(room):
    client, other, alice, bob, post, _ = room
    resp = client.get(f"/posts/{post.id}/reactions")
    assert resp.status_code == 200 and resp.content == b"null"
    _react(client, alice, post, "smile")
    _react(other, bob, post, "+1")
    names = [r["emoji_name"] for r in client.get(f"/posts/{post.id}/reactions").json()]
    assert names == ["smile", "+1"]


@upstream("server/channels/api4/reaction.go", "deleteReaction")
def test_delete_reaction_is_ok_and_idempotent(room):
    client, _, alice, _, post, _ = room
    _react(client, alice, post)
    resp = client.delete(f"/users/{alice.id}/posts/{post.id}/reactions/smile")
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    assert client.delete(f"/users/me/posts/{post.id}/reactions/smile").json() == {"status": "OK"}
    assert "has_reactions" not in client.get(f"/posts/{post.id}").json()


@upstream("server/channels/api4/reaction.go", "deleteReaction")
def test_delete_someone_elses_reaction_is_403_for_users(mm, room):
    client, other, alice, bob, post, _ = room
    _react(other, bob, post)
    assert_app_error(
        client.delete(f"/users/{bob.id}/posts/{post.id}/reactions/smile"),
        403,
        "api.context.permissions.app_error",
    )
    assert mm.client.delete(f"/users/{bob.id}/posts/{post.id}/reactions/smile").status_code == 200
    assert client.delete(f"/users/{alice.id}/posts/{post.id}/reactions/bad!name").status_code == 404


@upstream("server/channels/api4/reaction.go", "getBulkReactions")
def test_bulk_reactions(room):
    client, _, alice, _, post, _ = room
    _react(client, alice, post)
    resp = client.post("/posts/ids/reactions", json=[post.id, post.id])
    assert resp.status_code == 200 and list(resp.json()) == [post.id]
    assert resp.json()[post.id][0]["emoji_name"] == "smile"
    assert_app_error(client.post("/posts/ids/reactions", content=b"{}"), 400, "api.payload.parse.error")
