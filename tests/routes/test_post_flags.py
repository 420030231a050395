"""GET /users/{user_id}/posts/flagged. Upstream: server/channels/api4/post.go getFlaggedPostsForUser."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream("server/channels/api4/post.go", "getFlaggedPostsForUser")
def test_flagged_posts_list(mm, login):
    alice = mm.make_user("alice")
    team = mm.make_team(members=[alice])
    one = mm.make_channel(team, members=[alice])
    two = mm.make_channel(team, members=[alice])
    first, second = mm.make_post(alice, one, "first"), mm.make_post(alice, two, "second")
    client = login(alice)
    flags = [
        {"user_id": alice.id, "category": "flagged_post", "name": p.id, "value": "true"}
        for p in (first, second)
    ]
    assert client.put("/users/me/preferences", json=flags).status_code == 200
    body = client.get("/users/me/posts/flagged").json()
    assert body["order"] == [second.id, first.id] and set(body["posts"]) == {first.id, second.id}
    assert (body["next_post_id"], body["prev_post_id"]) == ("", "")
    assert client.get("/users/me/posts/flagged", params={"channel_id": one.id}).json()["order"] == [first.id]
    assert client.get("/users/me/posts/flagged", params={"per_page": 1, "page": 1}).json()["order"] == [
        first.id
    ]
    mm.store.posts.delete(second, alice.id)
    assert client.get("/users/me/posts/flagged").json()["order"] == [first.id]


@upstream("server/channels/api4/post.go", "getFlaggedPostsForUser")
def test_flagged_posts_of_someone_else_is_403(mm, login):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    assert_app_error(
        login(alice).get(f"/users/{bob.id}/posts/flagged"), 403, "api.context.permissions.app_error"
    )
