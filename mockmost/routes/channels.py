"""Channels, channel members, DMs and GMs. Upstream: server/channels/api4/channel.go."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, permission_denied
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, ok, status_ok
from mockmost.ids import is_valid_id
from mockmost.store.entities import Channel


def _readable(ctx: Ctx) -> Channel:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    assert ctx.session is not None
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    return channel


def _manage_properties(ctx: Ctx, channel: Channel) -> None:
    assert ctx.session is not None
    if channel.type in ("D", "G"):
        if ctx.store.channels.member(channel.id, ctx.session.user_id) is None:
            raise AppError("api.channel.patch_update_channel.forbidden.app_error", 403,
                           message="Failed to patch the channel.")
        return
    needed = "manage_public_channel_properties" if channel.type == "O" else "manage_private_channel_properties"
    perms.require_channel(ctx.store, ctx.session, channel, needed)


def create_channel(ctx: Ctx) -> Reply:
    body = ctx.json_object("channel")
    team_id = body.get("team_id")
    if not isinstance(team_id, str) or not team_id:
        raise invalid_body_param("team_id")
    display_name = body.get("display_name")
    if not isinstance(display_name, str) or not display_name:
        raise invalid_body_param("display_name")
    assert ctx.session is not None
    kind = body.get("type") or "O"
    needed = "create_private_channel" if kind == "P" else "create_public_channel"
    perms.require_team(ctx.store, ctx.session, team_id, needed)
    team = ctx.store.teams.get(team_id)
    return created(wire.channel(ctx.store.channels.create(team, ctx.me, body)))


def create_direct_channel(ctx: Ctx) -> Reply:
    ids = ctx.json_str_list()
    assert ctx.session is not None
    if len(ids) == 1:
        ids = ids * 2
    if len(ids) != 2:
        raise invalid_body_param("user_ids")
    if not all(is_valid_id(i) for i in ids):
        raise invalid_body_param("user_id")
    if ctx.session.user_id not in ids:
        perms.require_system(ctx.session, "manage_system")
    perms.require_system(ctx.session, "create_direct_channel")
    a, b = (ctx.store.users.get(i) for i in ids)
    return created(wire.channel(ctx.store.channels.get_or_create_direct(a, b, ctx.session.user_id)))


def create_group_channel(ctx: Ctx) -> Reply:
    ids = ctx.json_str_list()
    assert ctx.session is not None
    perms.require_system(ctx.session, "create_group_channel")
    if ctx.session.user_id not in ids:
        ids.append(ctx.session.user_id)
    ids = list(dict.fromkeys(ids))
    if not (3 <= len(ids) <= 8):
        raise AppError("api.channel.create_group.bad_size.app_error", 400,
                       message="Group message channels must contain at least 3 and no more than 8 users.")
    users = []
    for uid in ids:
        user = ctx.store.users.find(uid) if is_valid_id(uid) else None
        if user is None:
            raise AppError("api.channel.create_group.bad_user.app_error", 400,
                           message="One of the provided users does not exist.")
        users.append(user)
    return created(wire.channel(ctx.store.channels.get_or_create_group(users, ctx.session.user_id)))


def get_channel(ctx: Ctx) -> Reply:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    assert ctx.session is not None
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    return ok(wire.channel(channel))


def get_channel_by_name(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    assert ctx.session is not None
    channel = ctx.store.channels.get_by_name(team_id, ctx.params["channel_name"], ctx.query_bool("include_deleted"))
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    return ok(wire.channel(channel))


def get_channel_by_name_for_team_name(ctx: Ctx) -> Reply:
    team = ctx.store.teams.get_by_name(ctx.params["team_name"])
    assert ctx.session is not None
    channel = ctx.store.channels.get_by_name(team.id, ctx.params["channel_name"], ctx.query_bool("include_deleted"))
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    return ok(wire.channel(channel))


def get_public_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    page, per_page = ctx.paging()
    channels = sorted(ctx.store.channels.team_channels(team_id, ("O",)), key=lambda c: c.display_name.lower())
    return ok([wire.channel(c) for c in channels[page * per_page:(page + 1) * per_page]])


def get_private_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_system(ctx.session, "manage_system")
    page, per_page = ctx.paging()
    channels = sorted(ctx.store.channels.team_channels(team_id, ("P",)), key=lambda c: c.display_name.lower())
    return ok([wire.channel(c) for c in channels[page * per_page:(page + 1) * per_page]])


def get_deleted_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    page, per_page = ctx.paging()
    channels = sorted((c for c in ctx.store.channels.team_channels(team_id, ("O", "P"), True) if c.delete_at
                       and (c.type == "O" or ctx.store.channels.member(c.id, ctx.session.user_id))),
                      key=lambda c: c.display_name.lower())
    return ok([wire.channel(c) for c in channels[page * per_page:(page + 1) * per_page]])


def get_channels_for_team_for_user(ctx: Ctx) -> Reply:
    """404 app.channel.get_channels.not_found.app_error rather than [] when there are none."""
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    channels = ctx.store.channels.for_user(user_id, team_id, ctx.query_bool("include_deleted"))
    if not channels:
        raise AppError("app.channel.get_channels.not_found.app_error", 404, message="No channels were found.")
    return ok([wire.channel(c) for c in sorted(channels, key=lambda c: c.display_name.lower())])


def get_channels_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    channels = ctx.store.channels.for_user(user_id, None, ctx.query_bool("include_deleted"))
    return ok([wire.channel(c) for c in sorted(channels, key=lambda c: c.display_name.lower())])


def patch_channel(ctx: Ctx) -> Reply:
    body = ctx.json_object("channel")
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    _manage_properties(ctx, channel)
    return ok(wire.channel(ctx.store.channels.patch(channel, ctx.me, body)))


def update_channel(ctx: Ctx) -> Reply:
    body = ctx.json_object("channel")
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    if body.get("id") != channel.id:
        raise invalid_body_param("channel_id")
    _manage_properties(ctx, channel)
    fields = {k: body.get(k) for k in ("name", "display_name", "header", "purpose")}
    if fields["display_name"] is None:
        fields["display_name"] = ""
    return ok(wire.channel(ctx.store.channels.patch(channel, ctx.me, fields, full=True)))


def update_channel_privacy(ctx: Ctx) -> Reply:
    body = ctx.json_object("privacy")
    privacy = body.get("privacy")
    if privacy not in ("O", "P"):
        raise invalid_body_param("privacy")
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    assert ctx.session is not None
    needed = "convert_public_channel_to_private" if privacy == "P" else "convert_private_channel_to_public"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    return ok(wire.channel(ctx.store.channels.set_privacy(channel, privacy)))


def delete_channel(ctx: Ctx) -> Reply:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    assert ctx.session is not None
    if ctx.query_bool("permanent") and not ctx.settings.get("ServiceSettings.EnableAPIChannelDeletion"):
        raise AppError("api.channel.delete_channel.not_enabled.app_error", 401,
                       message="Permanent channel deletion feature is not enabled.")
    needed = "delete_public_channel" if channel.type == "O" else "delete_private_channel"
    if channel.type in ("O", "P"):
        perms.require_channel(ctx.store, ctx.session, channel, needed)
    ctx.store.channels.archive(channel, ctx.me)
    return status_ok()


def restore_channel(ctx: Ctx) -> Reply:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, channel.team_id, "manage_team")
    return ok(wire.channel(ctx.store.channels.restore(channel)))


def get_channel_stats(ctx: Ctx) -> Reply:
    channel = _readable(ctx)
    members = ctx.store.channels.members(channel.id)
    pinned = len(ctx.store.posts.pinned(channel.id))
    return ok({"channel_id": channel.id, "member_count": len(members), "guest_count": 0,
               "pinnedpost_count": pinned, "files_count": 0})


def get_channel_members(ctx: Ctx) -> Reply:
    """per_page=0 means no limit here (api4/channel.go getChannelMembers)."""
    channel_id = ctx.path_id("channel_id")
    channel = ctx.store.channels.find(channel_id)
    assert ctx.session is not None
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    page, per_page = ctx.paging()
    members = ctx.store.channels.members(channel_id)
    if per_page:
        members = members[page * per_page:(page + 1) * per_page]
    return ok([wire.channel_member(m, ctx.session.user_id) for m in members])


def get_channel_members_by_ids(ctx: Ctx) -> Reply:
    ids = ctx.json_str_list()
    channel_id = ctx.path_id("channel_id")
    assert ctx.session is not None
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(channel_id)))
    rows = [m for i in ids if (m := ctx.store.channels.member(channel_id, i)) is not None]
    return ok([wire.channel_member(m, ctx.session.user_id) for m in rows])


def get_channel_member(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    assert ctx.session is not None
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(channel_id)))
    return ok(wire.channel_member(ctx.store.channels.get_member(channel_id, user_id), ctx.session.user_id))


def add_channel_member(ctx: Ctx) -> Reply:
    """One member for `user_id`, an array for `user_ids` (api4/channel.go addChannelMember)."""
    channel_id = ctx.path_id("channel_id")
    body = ctx.json_object("channel_member")
    single = body.get("user_id")
    many = body.get("user_ids")
    if single is not None and (not isinstance(single, str) or not is_valid_id(single)):
        raise invalid_body_param("user_id")
    if many is not None and (not isinstance(many, list) or not all(isinstance(u, str) and is_valid_id(u)
                                                                  for u in many)):
        raise invalid_body_param("user_ids")
    if single is None and not many:
        raise invalid_body_param("user_id or user_ids")
    assert ctx.session is not None
    channel = ctx.store.channels.get(channel_id)
    targets = [single] if single is not None else list(many or [])
    if targets != [ctx.session.user_id] or channel.type != "O":
        needed = "manage_public_channel_members" if channel.type == "O" else "manage_private_channel_members"
        perms.require_channel(ctx.store, ctx.session, channel, needed)
    else:
        perms.require_team(ctx.store, ctx.session, channel.team_id, "join_public_channels")
    adder = ctx.me
    members = [ctx.store.channels.add_member(channel, ctx.store.users.get(uid), adder) for uid in targets]
    if single is not None:
        return created(wire.channel_member(members[0], ctx.session.user_id))
    return created([wire.channel_member(m, ctx.session.user_id) for m in members])


def remove_user_from_channel(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    assert ctx.session is not None
    channel = ctx.store.channels.get(channel_id)
    user = ctx.store.users.get(user_id)
    if user_id != ctx.session.user_id:
        needed = "manage_public_channel_members" if channel.type == "O" else "manage_private_channel_members"
        perms.require_channel(ctx.store, ctx.session, channel, needed)
    ctx.store.channels.remove_member(channel, user, ctx.me)
    return status_ok()


def update_channel_notify_props(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    body = ctx.json_object("notify_props")
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    member = ctx.store.channels.get_member(channel_id, user_id)
    ctx.store.channels.update_member_notify_props(member, body)
    return status_ok()


def update_channel_roles(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    body = ctx.json_object("roles")
    if not isinstance(body.get("roles"), str):
        raise invalid_body_param("roles")
    assert ctx.session is not None
    channel = ctx.store.channels.get(channel_id)
    perms.require_channel(ctx.store, ctx.session, channel, "manage_channel_roles")
    member = ctx.store.channels.get_member(channel_id, user_id)
    ctx.store.channels.update_member_roles(member, body["roles"])
    return status_ok()


def view_channel(ctx: Ctx) -> Reply:
    """Both ids are optional; the answer lists the channels whose last_viewed_at changed."""
    user_id = ctx.user_id()
    body = ctx.json_object("channel_view")
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    ids = [v for k in ("channel_id", "prev_channel_id") if isinstance(v := body.get(k), str) and v]
    for cid in ids:
        if not is_valid_id(cid):
            raise invalid_body_param("channel_view.channel_id")
    times = ctx.store.channels.view(user_id, ids)
    return status_ok(last_viewed_at_times=times)


def get_channel_members_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    channels = ctx.store.channels.for_user(user_id, team_id)
    return ok([wire.channel_member(ctx.store.channels.get_member(c.id, user_id)) for c in channels])


def get_channel_unread(ctx: Ctx) -> Reply:
    user_id, channel_id = ctx.user_id(), ctx.path_id("channel_id")
    assert ctx.session is not None
    perms.require_user(ctx.store, ctx.session, user_id)
    channel = ctx.store.channels.find(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    assert channel is not None
    member = ctx.store.channels.get_member(channel_id, user_id)
    return ok(wire.channel_unread(channel, member))


def search_channels(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    body = ctx.json_object("channel_search")
    term = body.get("term")
    if not isinstance(term, str):
        raise invalid_body_param("term")
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    term = term.lower()
    found = [c for c in ctx.store.channels.team_channels(team_id, ("O",))
             if term in c.name or term in c.display_name.lower()]
    return ok([wire.channel(c) for c in sorted(found, key=lambda c: c.display_name.lower())[:50]])


def autocomplete_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    name = ctx.query.get("name", "").lower()
    found = [c for c in ctx.store.channels.team_channels(team_id, ("O",))
             if c.name.startswith(name) or c.display_name.lower().startswith(name)]
    return ok([wire.channel(c) for c in sorted(found, key=lambda c: c.display_name.lower())[:50]])


def get_public_channels_by_ids_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    ids = ctx.json_str_list()
    assert ctx.session is not None
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    found = [c for i in ids if (c := ctx.store.channels.find(i)) is not None and c.team_id == team_id
             and c.type == "O"]
    if not found:
        raise permission_denied()
    return ok([wire.channel(c) for c in found])


ROUTES = [
    Route("POST", "/api/v4/channels", create_channel),
    Route("POST", "/api/v4/channels/direct", create_direct_channel),
    Route("POST", "/api/v4/channels/group", create_group_channel),
    Route("POST", "/api/v4/teams/{team_id}/channels/ids", get_public_channels_by_ids_for_team),
    Route("GET", "/api/v4/channels/{channel_id}", get_channel),
    Route("PUT", "/api/v4/channels/{channel_id}", update_channel),
    Route("DELETE", "/api/v4/channels/{channel_id}", delete_channel),
    Route("PUT", "/api/v4/channels/{channel_id}/patch", patch_channel),
    Route("PUT", "/api/v4/channels/{channel_id}/privacy", update_channel_privacy),
    Route("POST", "/api/v4/channels/{channel_id}/restore", restore_channel),
    Route("GET", "/api/v4/channels/{channel_id}/stats", get_channel_stats),
    Route("GET", "/api/v4/teams/{team_id}/channels", get_public_channels_for_team),
    Route("GET", "/api/v4/teams/{team_id}/channels/private", get_private_channels_for_team),
    Route("GET", "/api/v4/teams/{team_id}/channels/deleted", get_deleted_channels_for_team),
    Route("GET", "/api/v4/teams/{team_id}/channels/autocomplete", autocomplete_channels_for_team),
    Route("POST", "/api/v4/teams/{team_id}/channels/search", search_channels),
    Route("GET", "/api/v4/teams/{team_id}/channels/name/{channel_name}", get_channel_by_name),
    Route("GET", "/api/v4/teams/name/{team_name}/channels/name/{channel_name}", get_channel_by_name_for_team_name),
    Route("GET", "/api/v4/channels/{channel_id}/members", get_channel_members),
    Route("POST", "/api/v4/channels/{channel_id}/members", add_channel_member),
    Route("POST", "/api/v4/channels/{channel_id}/members/ids", get_channel_members_by_ids),
    Route("GET", "/api/v4/channels/{channel_id}/members/{user_id}", get_channel_member),
    Route("DELETE", "/api/v4/channels/{channel_id}/members/{user_id}", remove_user_from_channel),
    Route("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/roles", update_channel_roles),
    Route("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/notify_props", update_channel_notify_props),
    Route("POST", "/api/v4/channels/members/{user_id}/view", view_channel),
    Route("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/members", get_channel_members_for_user),
    Route("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels", get_channels_for_team_for_user),
    Route("GET", "/api/v4/users/{user_id}/channels", get_channels_for_user),
    Route("GET", "/api/v4/users/{user_id}/channels/{channel_id}/unread", get_channel_unread),
]
