"""channel_moderation: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its
order of checks (session, permission, licence or config, body). Upstream: server/channels/api4/
(channel.go)."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.checks import answered, body_field, fail, group_ids
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.store.channel_move import move_channel as move_channel_to


def channel_members_minus_group_members(ctx: Ctx) -> Reply:
    """channel.go channelMembersMinusGroupMembers (no licence check: it lists the channel's members)."""
    channel_id = ctx.path_id("channel_id")
    group_ids(ctx)
    perms.require_system(ctx.store, ctx.session, "sysconsole_read_user_management_channels")
    page, per_page = ctx.paging()
    rows, total = ctx.store.channels.members_minus_groups(channel_id, page, per_page)
    return ok(wire.users_with_groups(ctx.settings, rows, total))


def move_channel(ctx: Ctx) -> Reply:
    """channel.go moveChannel."""
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    body = ctx.any_map()
    team_id = body.get("team_id")
    if not isinstance(team_id, str):
        raise invalid_body_param("team_id")
    force = body.get("force")
    if not isinstance(force, bool):
        raise invalid_body_param("force")
    team = ctx.store.teams.get(team_id)
    if channel.type in ("D", "G"):
        raise AppError(
            "api.channel.move_channel.type.invalid",
            403,
            message="Unable to move direct or group message channels",
        )
    perms.require_system(ctx.store, ctx.session, "manage_system")
    saved = move_channel_to(ctx.store, channel, team, ctx.me, force)
    ctx.audit(f"channel={saved.name}")
    ctx.audit(f"team={team.name}")
    return ok(wire.channel(saved))


ROUTES = [
    answered(
        "GET",
        "/api/v4/channels/{channel_id}/member_counts_by_group",
        "get_channel_member_counts_by_group",
        fail(
            403,
            "api.channel.channel_member_counts_by_group.license.error",
            "Your license does not support groups",
        ),
    ),  # channel.go channelMemberCountsByGroup
    Route(
        "GET",
        "/api/v4/channels/{channel_id}/members_minus_group_members",
        channel_members_minus_group_members,
    ),
    answered(
        "GET",
        "/api/v4/channels/{channel_id}/moderations",
        "get_channel_moderations",
        fail(
            403,
            "api.channel.get_channel_moderations.license.error",
            "Your license does not support channel moderation",
        ),
    ),  # channel.go getChannelModerations
    answered(
        "PUT",
        "/api/v4/channels/{channel_id}/moderations/patch",
        "patch_channel_moderations",
        fail(
            403,
            "api.channel.patch_channel_moderations.license.error",
            "Your license does not support channel moderation",
        ),
    ),  # channel.go patchChannelModerations
    Route("POST", "/api/v4/channels/{channel_id}/move", move_channel),
    answered(
        "PUT",
        "/api/v4/channels/{channel_id}/scheme",
        "update_channel_scheme",
        body_field("scheme_id"),
        fail(
            403,
            "api.channel.update_channel_scheme.license.error",
            "Your license does not support updating a channel's scheme",
        ),
    ),  # channel.go updateChannelScheme
]
