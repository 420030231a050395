"""Channel lookups across teams: all channels (system console), search across teams, group-message search,
members' timezones. Upstream: server/channels/api4/channel.go (getAllChannels, searchAllChannels,
searchGroupChannels, getChannelMembersTimezones), store/sqlstore/channel_store.go."""

from __future__ import annotations

from typing import Any

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.store.entities import Channel

# model/channel_search.go ChannelSearch: field → JSON type accepted by the decoder.
_SEARCH_FIELDS: dict[str, Any] = {
    "term": str,
    "exclude_default_channels": bool,
    "not_associated_to_group": str,
    "team_ids": gojson.LIST_OF_STR,
    "group_constrained": bool,
    "exclude_group_constrained": bool,
    "exclude_policy_constrained": bool,
    "public": bool,
    "private": bool,
    "include_deleted": bool,
    "include_search_by_id": bool,
    "exclude_remote": bool,
    "deleted": bool,
    "page": int,
    "per_page": int,
    "access_control_policy_enforced": bool,
    "exclude_access_control_policy_enforced": bool,
    "parent_access_control_policy_id": str,
}
_SEARCH_LIMIT = 50  # model.ChannelSearchDefaultLimit
_DEFAULT_CHANNELS = ("town-square", "off-topic")  # TeamSettings.ExperimentalDefaultChannels, fresh install
# The system-console permissions one of which getAllChannels / searchAllChannels need; only system admins
# hold them on a fresh install (model/role.go, system_admin).
_CONSOLE_CHANNELS = "sysconsole_read_user_management_channels"


def _channel_search(ctx: Ctx) -> dict[str, Any]:
    """json.Decode into *model.ChannelSearch: null or a type mismatch is invalid param channel_search."""
    body = ctx.json("channel_search")
    if not isinstance(body, dict):
        raise invalid_body_param("channel_search")
    if not gojson.fields_fit(body, _SEARCH_FIELDS):
        raise invalid_body_param("channel_search")
    return body


def _with_team(ctx: Ctx, channel: Channel) -> dict[str, Any]:
    """model.ChannelWithTeamData; policy_id stays null (no retention policies)."""
    team = ctx.store.teams.find(channel.team_id)
    out = wire.channel(channel)
    out["team_display_name"] = team.display_name if team else ""
    out["team_name"] = team.name if team else ""
    out["team_update_at"] = team.update_at if team else 0
    return out


def _team_channels(
    ctx: Ctx,
    *,
    include_deleted: bool,
    deleted_only: bool = False,
    exclude_default: bool = False,
    types: tuple[str, ...] = ("O", "P"),
    team_ids: list[str] | None = None,
) -> list[Channel]:
    """Channels of type O/P that belong to an existing team, ordered as upstream: channel display name,
    then team display name."""
    found = []
    for channel in ctx.store.channel_by_id.values():
        if channel.type not in types or (team_ids and channel.team_id not in team_ids):
            continue
        if (channel.delete_at and not include_deleted) or (deleted_only and not channel.delete_at):
            continue
        if exclude_default and channel.name in _DEFAULT_CHANNELS:
            continue
        if ctx.store.teams.find(channel.team_id) is None:
            continue
        found.append(channel)
    teams = ctx.store.teams
    return sorted(found, key=lambda c: (c.display_name, teams.get(c.team_id).display_name, c.id))


def get_all_channels(ctx: Ctx) -> Reply:
    """GET /channels: system console list; `include_total_count` wraps it as {channels, total_count}."""
    perms.require_system(ctx.store, ctx.session, _CONSOLE_CHANNELS)
    if ctx.query_bool("exclude_policy_constrained"):
        perms.require_system(ctx.store, ctx.session, "sysconsole_read_compliance_data_retention_policy")
    page, per_page = ctx.paging()
    channels = _team_channels(
        ctx,
        include_deleted=ctx.query_bool("include_deleted"),
        exclude_default=ctx.query_bool("exclude_default_channels"),
    )
    listed = [_with_team(ctx, c) for c in channels[page * per_page : (page + 1) * per_page]]
    if ctx.query_bool("include_total_count"):
        return ok({"channels": listed, "total_count": len(channels)})
    return ok(listed)


def search_all_channels(ctx: Ctx) -> Reply:
    """POST /channels/search. `system_console=false` searches the user's own channels across teams
    (AutocompleteChannels); otherwise the system console search, paged when page/per_page are given."""
    body = _channel_search(ctx)
    raw = ctx.query.get("system_console", "")
    from_console = True
    if raw:
        parsed = _parse_bool(raw)
        if parsed is None:
            raise invalid_body_param("system_console")
        from_console = parsed
    term = (body.get("term") or "").strip().lower()
    if not from_console:
        mine = [
            c
            for c in ctx.store.channels.for_user(ctx.session.user_id)
            if c.type in ("O", "P") and _matches(c, term)
        ]
        mine.sort(key=lambda c: (c.display_name.lower(), c.id))
        return ok([wire.channel(c) for c in mine[:_SEARCH_LIMIT]])
    if body.get("exclude_policy_constrained"):
        perms.require_system(ctx.store, ctx.session, "sysconsole_read_compliance_data_retention_policy")
    perms.require_system(ctx.store, ctx.session, _CONSOLE_CHANNELS)
    types: tuple[str, ...] = ("O", "P")
    if body.get("public") and not body.get("private"):
        types = ("O",)
    elif body.get("private") and not body.get("public"):
        types = ("P",)
    include_deleted = ctx.query_bool("include_deleted") or bool(body.get("include_deleted"))
    channels = [
        c
        for c in _team_channels(
            ctx,
            include_deleted=include_deleted or bool(body.get("deleted")),
            deleted_only=bool(body.get("deleted")),
            exclude_default=bool(body.get("exclude_default_channels")),
            types=types,
            team_ids=body.get("team_ids") or None,
        )
        if _matches(c, term) or (body.get("include_search_by_id") and c.id == term)
    ]
    page, per_page = body.get("page"), body.get("per_page")
    if page is not None and per_page is not None:
        listed = channels[page * per_page : (page + 1) * per_page]
        return ok({"channels": [_with_team(ctx, c) for c in listed], "total_count": len(channels)})
    return ok([_with_team(ctx, c) for c in channels[:_SEARCH_LIMIT]])


def search_group_channels(ctx: Ctx) -> Reply:
    """POST /channels/group/search: the user's group messages whose members' usernames, joined with
    ", ", contain every word of the term; an empty term finds nothing."""
    body = _channel_search(ctx)
    words = (body.get("term") or "").lower().split()
    if not words:
        return ok([])
    found = []
    for channel in ctx.store.channels.for_user(ctx.session.user_id):
        if channel.type != "G":
            continue
        names = ", ".join(
            sorted(
                u.username
                for uid in ctx.store.channels.member_ids(channel.id)
                if (u := ctx.store.users.find(uid)) is not None
            )
        )
        if all(word in names for word in words):
            found.append(channel)
    return ok([wire.channel(c) for c in found[:_SEARCH_LIMIT]])


def get_channel_members_timezones(ctx: Ctx) -> Reply:
    """GET /channels/{id}/timezones: each member's preferred timezone once; members with neither an
    automatic nor a manual timezone are skipped, the rest sorted; none at all is `null`
    (app/channel.go GetChannelMembersTimezones, model.RemoveDuplicateStrings). An unknown channel is 403,
    for admins too (SessionHasPermissionToChannel)."""
    channel_id = ctx.path_id("channel_id")
    channel = ctx.store.channels.find(channel_id)
    perms.require(channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "read_channel"))
    zones: list[str] = []
    for user_id in ctx.store.channels.member_ids(channel_id):
        user = ctx.store.users.find(user_id)
        if user is None:
            continue
        tz = user.timezone
        if not tz.get("automaticTimezone") and not tz.get("manualTimezone"):
            continue
        preferred = (
            tz.get("automaticTimezone", "")
            if tz.get("useAutomaticTimezone") == "true"
            else tz.get("manualTimezone", "")
        )
        zones.append(preferred)
    return ok(sorted(set(zones)) or None)


def get_group_message_members_common_teams(ctx: Ctx) -> Reply:
    """GET /channels/{id}/common_teams: the teams every active member of a DM or GM belongs to (for turning a
    GM into a channel). Guests are refused first, then read_channel, then the channel type. Upstream:
    api4/channel.go getDirectOrGroupMessageMembersCommonTeams, sqlstore GetCommonTeamIDsForMultipleUsers."""
    channel_id = ctx.path_id("channel_id")
    if "system_guest" in ctx.me.roles.split():
        raise AppError(
            "api.channel.gm_to_channel_conversion.not_allowed_for_user.request_error",
            403,
            message="User is not allowed to convert group message to private channel",
        )
    channel = ctx.store.channels.find(channel_id)
    perms.require(channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "read_channel"))
    assert channel is not None
    if channel.type not in ("D", "G"):
        raise AppError(
            "app.channel.get_common_teams.incorrect_channel_type",
            400,
            message="Channel is not a group message.",
        )
    members = [
        u
        for uid in ctx.store.channels.member_ids(channel.id)
        if (u := ctx.store.users.find(uid)) is not None and not u.delete_at
    ]
    teams = [
        t
        for t in ctx.store.team_by_id.values()
        if not t.delete_at and all(ctx.store.teams.member(t.id, u.id) for u in members)
    ]
    return ok([wire.team_for(ctx.store, ctx.session, t) for t in sorted(teams, key=lambda t: t.id)])


def autocomplete_channels_for_team_for_search(ctx: Ctx) -> Reply:
    """GET /teams/{id}/channels/search_autocomplete?name=: the caller's channels of that team and group
    messages whose name, display name or purpose contains the term (archived ones too), then the caller's DMs
    whose other member's username or nickname contains it, named after that user; at most 50 of each. No
    permission check beyond the session. Upstream: api4/channel.go autocompleteChannelsForTeamForSearch,
    sqlstore AutocompleteInTeamForSearch."""
    team_id = ctx.path_id("team_id")
    me = ctx.session.user_id
    term = ctx.query.get("name", "").strip().lower()
    found, directs = [], []
    for channel_id in ctx.store.channels_of_user.get(me, ()):
        channel = ctx.store.channel_by_id.get(channel_id)
        if channel is None:
            continue
        if channel.type == "D":
            other_id = next((u for u in ctx.store.channels.member_ids(channel.id) if u != me), None)
            other = ctx.store.users.find(other_id) if other_id else None
            if other is not None and (term in other.username.lower() or term in other.nickname.lower()):
                directs.append(wire.channel(channel) | {"display_name": other.username})
        elif (channel.team_id == team_id or (channel.type == "G" and not channel.team_id)) and (
            not term
            or any(term in text.lower() for text in (channel.name, channel.display_name, channel.purpose))
        ):
            found.append(channel)
    found.sort(key=lambda c: (c.display_name.lower(), c.id))
    directs.sort(key=lambda c: (c["display_name"], c["id"]))
    return ok([wire.channel(c) for c in found[:_SEARCH_LIMIT]] + directs[:_SEARCH_LIMIT])


def _matches(channel: Channel, term: str) -> bool:
    return not term or term in channel.name.lower() or term in channel.display_name.lower()


def _parse_bool(raw: str) -> bool | None:
    """strconv.ParseBool."""
    if raw in ("1", "t", "T", "TRUE", "true", "True"):
        return True
    if raw in ("0", "f", "F", "FALSE", "false", "False"):
        return False
    return None


ROUTES = [
    Route("GET", "/api/v4/channels", get_all_channels),
    Route("POST", "/api/v4/channels/search", search_all_channels),
    Route("POST", "/api/v4/channels/group/search", search_group_channels),
    Route("GET", "/api/v4/channels/{channel_id}/timezones", get_channel_members_timezones),
    Route("GET", "/api/v4/channels/{channel_id}/common_teams", get_group_message_members_common_teams),
    Route(
        "GET",
        "/api/v4/teams/{team_id}/channels/search_autocomplete",
        autocomplete_channels_for_team_for_search,
    ),
]
