"""Users seen through other objects: the members of group messages, a user's pending upload sessions.
Upstream: server/channels/api4/user.go (getUsersByGroupChannelIds, getUploadsForUser), app/user.go,
store/sqlstore/user_store.go GetProfileByGroupChannelIdsForUser, upload_session_store.go GetForUser."""

from __future__ import annotations

from mockmost import wire
from mockmost.errors import AppError
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.routes.users import others_json

_MAX_GROUP_CHANNELS = 50  # sqlstore MaxGroupChannelsForProfiles


def get_users_by_group_channel_ids(ctx: Ctx) -> Reply:
    """POST /users/group_channels [channel ids] → {channel_id: [other members, by username]} for the group
    messages the caller belongs to; other ids are left out. An empty list is a payload parse error."""
    channel_ids = sorted(ctx.json_str_list())
    if not channel_ids:
        raise AppError("api.payload.parse.error", 400)
    assert ctx.session is not None
    me = ctx.session.user_id
    found: dict[str, list[dict[str, object]]] = {}
    for channel_id in channel_ids[:_MAX_GROUP_CHANNELS]:
        channel = ctx.store.channels.find(channel_id)
        members = ctx.store.channels.member_ids(channel_id)
        if channel is None or channel.type != "G" or me not in members:
            continue
        users = sorted(
            (u for uid in members if uid != me and (u := ctx.store.users.find(uid)) is not None),
            key=lambda u: u.username,
        )
        found[channel_id] = others_json(ctx, users)
    return ok(found)


def get_uploads_for_user(ctx: Ctx) -> Reply:
    """GET /users/{user_id}/uploads: only the caller's own, oldest first."""
    user_id = ctx.user_id()
    assert ctx.session is not None
    if user_id != ctx.session.user_id:
        raise AppError(
            "api.user.get_uploads_for_user.forbidden.app_error", 403, message="Failed to get uploads."
        )
    sessions = sorted(
        (us for us in ctx.store.upload_by_id.values() if us.user_id == user_id), key=lambda us: us.create_at
    )
    return ok([wire.upload_session(us) for us in sessions])


ROUTES = [
    Route("POST", "/api/v4/users/group_channels", get_users_by_group_channel_ids),
    Route("GET", "/api/v4/users/{user_id}/uploads", get_uploads_for_user),
]
