"""GET /usage/posts counts users' posts as app/usage.go GetPostsUsage does: no system posts, no bot posts,
nothing deleted, rounded down by utils.RoundOffToZeroesResolution(count, 3) (0 below 10, then down to tens,
hundreds, thousands: as many zeroes as the count has digits after the first, at most three)."""

from __future__ import annotations

import pytest

from mockmost.testing import MockMattermost

upstream = pytest.mark.upstream


@upstream("server/channels/app/usage.go", "GetPostsUsage")
def test_posts_usage_counts_users_posts_rounded_down(mock_mattermost: MockMattermost) -> None:
    mm = mock_mattermost
    alice = mm.make_user("alice")
    team = mm.make_team("eng", members=[alice])  # joining posts system messages: not counted
    channel = mm.make_channel(team, "general", members=[alice])
    api = mm.client_for(mm.make_token(alice))
    try:
        for i in range(9):
            mm.make_post(alice, channel, f"post {i}")
        assert api.get("/usage/posts").json() == {"count": 0}  # 9 posts: below 10
        posts = [mm.make_post(alice, channel, f"more {i}") for i in range(10)]
        assert api.get("/usage/posts").json() == {"count": 10}  # 19 posts
        assert api.delete(f"/posts/{posts[0].id}").status_code == 200
        for i in range(2):
            mm.make_post(alice, channel, f"again {i}")
        assert api.get("/usage/posts").json() == {"count": 20}  # 20 posts not deleted
    finally:
        api.close()


@upstream("server/channels/app/usage.go", "GetPostsUsage")
@pytest.mark.parametrize(
    ("posts", "rounded"), [(9, 0), (10, 10), (99, 90), (120, 100), (1299, 1000), (45678, 45000)]
)
def test_rounding(mock_mattermost: MockMattermost, posts: int, rounded: int) -> None:
    mm = mock_mattermost
    alice = mm.make_user("alice")
    team = mm.make_team("eng", members=[alice])
    channel = mm.make_channel(team, "general", members=[alice])
    for i in range(posts):
        mm.make_post(alice, channel, f"post {i}")
    assert mm.store.posts.usage_count() == rounded
