"""Features an unlicensed server refuses before doing anything else, answered as it refuses them.
Upstream: server/channels/api4/channel_bookmark.go (every handler: 501
api.channel.bookmark.channel_bookmark.license.error), server/channels/api4/group.go (every handler:
requireLicense, 501 api.license_error), server/channels/api4/scheduled_post.go
(requireScheduledPostsEnabled: 400 feature_disabled when ServiceSettings.ScheduledPosts is off, else 400
license_error)."""

from __future__ import annotations

from collections.abc import Callable

from mockmost.errors import AppError
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply
from mockmost.operations import ANSWERED


def _bookmarks_need_a_license(ctx: Ctx) -> None:
    raise AppError(
        "api.channel.bookmark.channel_bookmark.license.error",
        501,
        message="Your license does not support channel bookmarks.",
    )


def _groups_need_a_license(ctx: Ctx) -> None:
    raise AppError("api.license_error", 501, message="api endpoint requires a license")


def _scheduled_posts_need_a_license(ctx: Ctx) -> None:
    if not ctx.settings.get("ServiceSettings.ScheduledPosts"):
        raise AppError(
            "api.scheduled_posts.feature_disabled", 400, message="scheduled posts feature is disabled"
        )
    raise AppError(
        "api.scheduled_posts.license_error", 400, message="Scheduled posts feature requires a license"
    )


def _refused(operation: str, refuse: Callable[[Ctx], None]) -> Callable[[Ctx], Reply]:
    """A handler for one operation, named after its operationId as every route handler is."""

    def handler(ctx: Ctx) -> Reply:
        refuse(ctx)
        raise AssertionError("unreachable")

    handler.__name__ = handler.__qualname__ = operation
    return handler


_BOOKMARKS = "/api/v4/channels/{channel_id}/bookmarks"
_GROUP_ROUTES = [  # api4/group.go: every handler starts with requireLicense
    ("GET", "/api/v4/groups", "get_groups"),
    ("POST", "/api/v4/groups", "create_group"),
    ("POST", "/api/v4/groups/names", "get_groups_by_names"),
    ("GET", "/api/v4/groups/{group_id}", "get_group"),
    ("DELETE", "/api/v4/groups/{group_id}", "delete_group"),
    ("PUT", "/api/v4/groups/{group_id}/patch", "patch_group"),
    ("POST", "/api/v4/groups/{group_id}/restore", "restore_group"),
    ("GET", "/api/v4/groups/{group_id}/stats", "get_group_stats"),
    ("GET", "/api/v4/groups/{group_id}/members", "get_group_users"),
    ("POST", "/api/v4/groups/{group_id}/members", "add_group_members"),
    ("DELETE", "/api/v4/groups/{group_id}/members", "delete_group_members"),
    ("GET", "/api/v4/groups/{group_id}/teams", "get_group_syncables_teams"),
    ("GET", "/api/v4/groups/{group_id}/channels", "get_group_syncables_channels"),
    ("GET", "/api/v4/groups/{group_id}/teams/{team_id}", "get_group_syncable_for_team_id"),
    ("GET", "/api/v4/groups/{group_id}/channels/{channel_id}", "get_group_syncable_for_channel_id"),
    ("POST", "/api/v4/groups/{group_id}/teams/{team_id}/link", "link_group_syncable_for_team"),
    ("DELETE", "/api/v4/groups/{group_id}/teams/{team_id}/link", "unlink_group_syncable_for_team"),
    ("POST", "/api/v4/groups/{group_id}/channels/{channel_id}/link", "link_group_syncable_for_channel"),
    ("DELETE", "/api/v4/groups/{group_id}/channels/{channel_id}/link", "unlink_group_syncable_for_channel"),
    ("PUT", "/api/v4/groups/{group_id}/teams/{team_id}/patch", "patch_group_syncable_for_team"),
    ("PUT", "/api/v4/groups/{group_id}/channels/{channel_id}/patch", "patch_group_syncable_for_channel"),
    ("GET", "/api/v4/channels/{channel_id}/groups", "get_groups_by_channel"),
    ("GET", "/api/v4/teams/{team_id}/groups", "get_groups_by_team"),
    ("GET", "/api/v4/teams/{team_id}/groups_by_channels", "get_groups_associated_to_channels_by_team"),
    ("GET", "/api/v4/users/{user_id}/groups", "get_groups_by_user_id"),
]
_BOOKMARK_ROUTES = [
    ("GET", _BOOKMARKS, "list_channel_bookmarks_for_channel"),
    ("POST", _BOOKMARKS, "create_channel_bookmark"),
    ("PATCH", _BOOKMARKS + "/{bookmark_id}", "update_channel_bookmark"),
    ("DELETE", _BOOKMARKS + "/{bookmark_id}", "delete_channel_bookmark"),
    ("POST", _BOOKMARKS + "/{bookmark_id}/sort_order", "update_channel_bookmark_sort_order"),
]
_SCHEDULED_POST_ROUTES = [
    ("POST", "/api/v4/posts/schedule", "create_scheduled_post"),
    ("GET", "/api/v4/posts/scheduled/team/{team_id}", "get_user_scheduled_posts"),
    ("PUT", "/api/v4/posts/schedule/{scheduled_post_id}", "update_scheduled_post"),
    ("DELETE", "/api/v4/posts/schedule/{scheduled_post_id}", "delete_scheduled_post"),
]
ROUTES = [
    Route(method, path, _refused(name, _bookmarks_need_a_license), tag="bookmarks", kind=ANSWERED)
    for method, path, name in _BOOKMARK_ROUTES
]
ROUTES += [
    Route(method, path, _refused(name, _scheduled_posts_need_a_license), tag="scheduled_post", kind=ANSWERED)
    for method, path, name in _SCHEDULED_POST_ROUTES
]
ROUTES += [
    Route(method, path, _refused(name, _groups_need_a_license), tag="groups", kind=ANSWERED)
    for method, path, name in _GROUP_ROUTES
]
