"""Users seen through other objects: the members of group messages, a user's pending upload sessions, a
user's channel memberships with team data. Upstream: server/channels/api4/user.go (getUsersByGroupChannelIds,
getUploadsForUser, getChannelMembersForUser), app/user.go,
store/sqlstore/user_store.go GetProfileByGroupChannelIdsForUser, upload_session_store.go GetForUser."""

from __future__ import annotations

from typing import Any

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, encode, ok, raw

_MAX_GROUP_CHANNELS = 50  # sqlstore MaxGroupChannelsForProfiles


def get_users_by_group_channel_ids(ctx: Ctx) -> Reply:
    """POST /users/group_channels [channel ids] → {channel_id: [other members, by username]} for the group
    messages the caller belongs to; other ids are left out. An empty list is a payload parse error."""
    channel_ids = sorted(ctx.json_str_list())
    if not channel_ids:
        raise AppError("api.payload.parse.error", 400)
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
        found[channel_id] = wire.users_for(ctx.settings, ctx.session, users)
    return ok(found)


def get_uploads_for_user(ctx: Ctx) -> Reply:
    """GET /users/{user_id}/uploads: only the caller's own, oldest first."""
    user_id = ctx.user_id()
    if user_id != ctx.session.user_id:
        raise AppError(
            "api.user.get_uploads_for_user.forbidden.app_error", 403, message="Failed to get uploads."
        )
    sessions = sorted(
        (us for us in ctx.store.upload_by_id.values() if us.user_id == user_id), key=lambda us: us.create_at
    )
    return ok([wire.upload_session(us) for us in sessions])


def _member_with_team(ctx: Ctx, member: Any, viewer_id: str) -> dict[str, Any]:
    """model.ChannelMemberWithTeamData, sanitised for the caller (SanitizeForCurrentUser)."""
    channel = ctx.store.channel_by_id.get(member.channel_id)
    team = ctx.store.teams.find(channel.team_id) if channel is not None and channel.team_id else None
    out = wire.channel_member(member, viewer_id)
    out["team_display_name"] = team.display_name if team else ""
    out["team_name"] = team.name if team else ""
    out["team_update_at"] = team.update_at if team else 0
    return out


def get_channel_members_with_team_data_for_user(ctx: Ctx) -> Reply:
    """GET /users/{id}/channel_members: every channel membership by channel id, paged; page=-1 streams
    them all as NDJSON. Upstream: api4/user.go getChannelMembersForUser, sqlstore
    GetMembersForUserWithPagination and GetMembersForUserWithCursorPagination."""
    user_id = ctx.user_id()
    perms.require(perms.can_act_on_user(ctx.store, ctx.session, user_id))
    members = sorted(
        (
            m
            for cid in ctx.store.channels_of_user.get(user_id, ())
            if (m := ctx.store.channels.member(cid, user_id)) is not None
        ),
        key=lambda m: m.channel_id,
    )
    viewer = ctx.session.user_id
    try:  # web/params.go keeps a negative page on this route (page=-1 switches to streaming)
        page = int(ctx.query.get("page", "0"))
    except ValueError:
        page = 0
    if page == -1:
        if not members:
            raise AppError(
                "app.channel.get_member.missing.app_error",
                404,
                message="No channel member found for that user ID and channel ID.",
            )
        lines = b"".join(encode(_member_with_team(ctx, m, viewer)) + b"\n" for m in members)
        return raw(lines, "application/x-ndjson")
    _, per_page = ctx.paging()
    listed = members[max(page, 0) * per_page : (max(page, 0) + 1) * per_page] if page >= 0 else []
    return ok([_member_with_team(ctx, m, viewer) for m in listed])


ROUTES = [
    Route("POST", "/api/v4/users/group_channels", get_users_by_group_channel_ids),
    Route("GET", "/api/v4/users/{user_id}/uploads", get_uploads_for_user),
    Route("GET", "/api/v4/users/{user_id}/channel_members", get_channel_members_with_team_data_for_user),
]
