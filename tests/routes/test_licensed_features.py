"""What an unlicensed server answers for licensed features. Upstream: server/channels/api4/channel_bookmark.go
(each handler starts with License() == nil → 501 api.channel.bookmark.channel_bookmark.license.error),
server/channels/api4/scheduled_post.go requireScheduledPostsEnabled (ServiceSettings.ScheduledPosts off → 400
api.scheduled_posts.feature_disabled, else no license → 400 api.scheduled_posts.license_error)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
CHANNEL = "c" * 26
BOOKMARK = "b" * 26


@upstream
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", f"/channels/{CHANNEL}/bookmarks"),
        ("POST", f"/channels/{CHANNEL}/bookmarks"),
        ("PATCH", f"/channels/{CHANNEL}/bookmarks/{BOOKMARK}"),
        ("DELETE", f"/channels/{CHANNEL}/bookmarks/{BOOKMARK}"),
        ("POST", f"/channels/{CHANNEL}/bookmarks/{BOOKMARK}/sort_order"),
    ],
)
def test_bookmarks_need_a_license(mm, anon, method, path):
    body = assert_app_error(
        mm.client.request(method, path, json={}), 501, "api.channel.bookmark.channel_bookmark.license.error"
    )
    assert body["message"] == "Your license does not support channel bookmarks."
    # A session comes first (APISessionRequired).
    assert_app_error(anon.request(method, path), 401, "api.context.session_expired.app_error")


@upstream
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("POST", "/posts/schedule"),
        ("GET", f"/posts/scheduled/team/{'t' * 26}"),
        ("PUT", f"/posts/schedule/{'s' * 26}"),
        ("DELETE", f"/posts/schedule/{'s' * 26}"),
    ],
)
def test_scheduled_posts_need_a_license(mm, method, path):
    assert_app_error(mm.client.request(method, path, json={}), 400, "api.scheduled_posts.license_error")
    mm.set_config("ServiceSettings.ScheduledPosts", False)
    assert_app_error(mm.client.request(method, path, json={}), 400, "api.scheduled_posts.feature_disabled")


@upstream
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/groups"),
        ("POST", "/groups"),
        ("GET", f"/groups/{'g' * 26}"),
        ("POST", f"/groups/{'g' * 26}/teams/{'t' * 26}/link"),
        ("GET", f"/groups/{'g' * 26}/members"),
        ("GET", "/users/me/groups"),
        ("GET", f"/teams/{'t' * 26}/groups_by_channels"),
    ],
)
def test_groups_need_a_license(mm, anon, method, path):
    # api4/group.go: requireLicense is every group handler's first step.
    body = assert_app_error(mm.client.request(method, path, json={}), 501, "api.license_error")
    assert body["message"] == "api endpoint requires a license"
    assert_app_error(anon.request(method, path), 401, "api.context.session_expired.app_error")
