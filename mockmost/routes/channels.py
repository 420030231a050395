"""Channels, channel members, DMs and GMs. Upstream: server/channels/api4/channel.go."""

from __future__ import annotations

import re

from mockmost import gojson, wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, created, ok, status_ok
from mockmost.ids import is_valid_id
from mockmost.store.channels import channel_by_name_missing
from mockmost.store.entities import Channel, ChannelMember

_ROLE_NAME = re.compile(r"[a-z0-9_]{1,64}")

_DM_GM_FIXED = (
    "You are not allowed to update the name, display_name, and purpose of direct or group messages."
)


def _manage_properties(ctx: Ctx, channel: Channel) -> None:
    if channel.type in ("D", "G"):
        if ctx.store.channels.member(channel.id, ctx.session.user_id) is None:
            raise AppError(
                "api.channel.patch_update_channel.forbidden.app_error",
                403,
                message="Failed to patch the channel.",
            )
        return
    needed = (
        "manage_public_channel_properties" if channel.type == "O" else "manage_private_channel_properties"
    )
    perms.require_channel(ctx.store, ctx.session, channel, needed)


def create_channel(ctx: Ctx) -> Reply:
    body = ctx.json_object("channel")
    team_id = body.get("team_id")
    if not isinstance(team_id, str) or not team_id:
        raise invalid_body_param("team_id")
    display_name = body.get("display_name")
    if not isinstance(display_name, str) or not display_name:
        raise invalid_body_param("display_name")
    kind = body.get("type", "")
    if not isinstance(kind, str):
        raise invalid_body_param("channel")
    if kind in ("O", "P"):
        needed = "create_private_channel" if kind == "P" else "create_public_channel"
        perms.require_team(ctx.store, ctx.session, team_id, needed)
    elif kind not in ("D", "G"):
        raise AppError("model.channel.is_valid.type.app_error", 400, message="Invalid type.")
    team = ctx.store.teams.get(team_id)
    channel, saved = ctx.store.channels.create_as_saved(team, ctx.me, body)
    ctx.audit(f"name={channel.name}")
    return created(wire.channel(saved))


def create_direct_channel(ctx: Ctx) -> Reply:
    """model.NonSortedArrayFromJSON drops duplicates; a lone own id is a self-DM."""
    ids = list(dict.fromkeys(ctx.json_str_list()))
    if ids == [ctx.session.user_id]:
        ids = ids * 2
    if len(ids) != 2:
        raise invalid_body_param("user_ids")
    if not all(is_valid_id(i) for i in ids):
        raise invalid_body_param("user_id")
    perms.require_system(ctx.store, ctx.session, "create_direct_channel")
    if ctx.session.user_id not in ids:
        perms.require_system(ctx.store, ctx.session, "manage_system")
    users = [ctx.store.users.find(i) for i in ids]
    if users[0] is None or users[1] is None:
        raise AppError(
            "api.channel.create_direct_channel.invalid_user.app_error",
            400,
            message="Invalid user ID for direct channel creation.",
        )
    # app/channel.go GetOrCreateDirectChannel(ids[0], ids[1]): the first id of the body creates it
    return created(wire.channel(ctx.store.channels.get_or_create_direct(users[0], users[1], ids[0])))


def create_group_channel(ctx: Ctx) -> Reply:
    ids = sorted(set(ctx.json_str_list()))
    if not ids:
        raise invalid_body_param("user_ids")
    if not all(is_valid_id(i) for i in ids):
        raise invalid_body_param("user_id")
    if ctx.session.user_id not in ids:
        ids.append(ctx.session.user_id)
    perms.require_system(ctx.store, ctx.session, "create_group_channel")
    if not (3 <= len(ids) <= 8):
        raise AppError(
            "api.channel.create_group.bad_size.app_error",
            400,
            message="Group message channels must contain at least 3 and no more than 8 users.",
        )
    users = []
    for uid in ids:
        user = ctx.store.users.find(uid) if is_valid_id(uid) else None
        if user is None:
            raise AppError(
                "api.channel.create_group.bad_user.app_error",
                400,
                message="One of the provided users does not exist.",
            )
        users.append(user)
    return created(wire.channel(ctx.store.channels.get_or_create_group(users, ctx.session.user_id)))


def get_channel(ctx: Ctx) -> Reply:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    return ok(wire.channel(channel))


def get_channel_by_name(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    channel = ctx.store.channels.get_by_name(
        team_id, ctx.params["channel_name"], ctx.query_bool("include_deleted")
    )
    _require_read_by_name(ctx, channel)
    return ok(wire.channel(channel))


def get_channel_by_name_for_team_name(ctx: Ctx) -> Reply:
    team = ctx.store.teams.get_by_name(ctx.params["team_name"])
    channel = ctx.store.channels.get_by_name(
        team.id, ctx.params["channel_name"], ctx.query_bool("include_deleted")
    )
    _require_read_by_name(ctx, channel)
    return ok(wire.channel(channel))


def _require_read_by_name(ctx: Ctx, channel: Channel) -> None:
    """api4/channel.go getChannelByName: a public channel the caller may not read is a 403; any other channel
    is a 404 unless the caller can read it or administers its team (observed on 11.2)."""
    store, session = ctx.store, ctx.session
    if channel.type == "O":
        perms.require(perms.can_read_channel(store, session, channel))
    elif not (
        perms.has_team(store, session, channel.team_id, "manage_team")
        or perms.has_channel(store, session, channel, "read_channel")
    ):
        raise channel_by_name_missing()


def get_public_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    page, per_page = ctx.paging()
    channels = sorted(ctx.store.channels.team_channels(team_id, ("O",)), key=lambda c: c.display_name.lower())
    return ok([wire.channel(c) for c in channels[page * per_page : (page + 1) * per_page]])


def get_private_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    perms.require_system(ctx.store, ctx.session, "manage_system")
    page, per_page = ctx.paging()
    channels = sorted(ctx.store.channels.team_channels(team_id, ("P",)), key=lambda c: c.display_name.lower())
    return ok([wire.channel(c) for c in channels[page * per_page : (page + 1) * per_page]])


def get_deleted_channels_for_team(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    page, per_page = ctx.paging()
    channels = sorted(
        (
            c
            for c in ctx.store.channels.team_channels(team_id, ("O", "P"), True)
            if c.delete_at and (c.type == "O" or ctx.store.channels.member(c.id, ctx.session.user_id))
        ),
        key=lambda c: c.display_name.lower(),
    )
    return ok([wire.channel(c) for c in channels[page * per_page : (page + 1) * per_page]])


def get_channels_for_team_for_user(ctx: Ctx) -> Reply:
    """404 app.channel.get_channels.not_found.app_error rather than [] when there are none."""
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    channels = ctx.store.channels.for_user(user_id, team_id, ctx.query_bool("include_deleted"))
    if not channels:
        raise AppError("app.channel.get_channels.not_found.app_error", 404, message="No channels were found.")
    channels = sorted(channels, key=lambda c: c.display_name.lower())
    return ok([wire.channel(c) for c in channels]).header("etag", _channel_list_etag(channels))


def _channel_list_etag(channels: list[Channel]) -> str:
    """model/channel_list.go Etag: the channel with the latest last_post_at or update_at, and the count."""
    latest_id, latest = "0", 0
    for c in channels:
        if c.last_post_at > latest:
            latest_id, latest = c.id, c.last_post_at
        if c.update_at > latest:
            latest_id, latest = c.id, c.update_at
    return f"11.2.0.{latest_id}.{latest}.0.{len(channels)}"


def get_channels_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    channels = ctx.store.channels.for_user(user_id, None, ctx.query_bool("include_deleted"))
    return ok([wire.channel(c) for c in sorted(channels, key=lambda c: c.display_name.lower())])


def patch_channel(ctx: Ctx) -> Reply:
    channel_id = ctx.path_id("channel_id")
    body = ctx.json_object("channel")
    channel = ctx.store.channels.get(channel_id)
    _manage_properties(ctx, channel)
    if channel.type in ("D", "G") and any(
        body.get(k) is not None and body[k] != getattr(channel, k)
        for k in ("name", "display_name", "purpose")
    ):
        raise AppError(
            "api.channel.patch_update_channel.update_direct_or_group_messages_not_allowed.app_error",
            400,
            message=_DM_GM_FIXED,
        )
    fields = {k: v for k, v in body.items() if k in ("name", "display_name", "header", "purpose")}
    patched = ctx.store.channels.patch(channel, ctx.me, fields)
    ctx.audit("")
    return ok(wire.channel(patched))


def update_channel(ctx: Ctx) -> Reply:
    """api4/channel.go updateChannel: header and purpose are replaced, name and display name only when given;
    the display-name message is written whenever the body's display_name differs from the old one."""
    channel_id = ctx.path_id("channel_id")
    body = ctx.json_object("channel")
    if body.get("id") != channel_id:
        raise invalid_body_param("channel_id")
    for name in ("name", "display_name", "header", "purpose", "type"):
        if body.get(name) is not None and not isinstance(body[name], str):
            raise invalid_body_param("channel")
    channel = ctx.store.channels.get(channel_id)
    _manage_properties(ctx, channel)
    _check_full_update(channel, body)
    fields = {"header": body.get("header") or "", "purpose": body.get("purpose") or ""}
    fields.update({k: body[k] for k in ("name", "display_name") if body.get(k)})
    announced = body.get("display_name") or ""
    updated = ctx.store.channels.patch(channel, ctx.me, fields, full=True, display_name_message=announced)
    ctx.audit(f"name={body.get('name') or ''}")
    return ok(wire.channel(updated))


def _check_full_update(channel: Channel, body: dict[str, object]) -> None:
    if channel.type in ("D", "G") and (
        (body.get("name") and body["name"] != channel.name)
        or (body.get("display_name") and body["display_name"] != channel.display_name)
        or ((body.get("purpose") or "") != channel.purpose)
    ):
        raise AppError(
            "api.channel.update_channel.update_direct_or_group_messages_not_allowed.app_error",
            400,
            message=_DM_GM_FIXED,
        )
    if channel.delete_at:
        raise AppError(
            "api.channel.update_channel.deleted.app_error",
            400,
            message="The channel has been archived or deleted.",
        )
    if body.get("type") and body["type"] != channel.type:
        raise AppError(
            "api.channel.update_channel.typechange.app_error", 400, message="Channel type cannot be updated."
        )


def update_channel_privacy(ctx: Ctx) -> Reply:
    body = ctx.json_map("privacy")
    privacy = body.get("privacy")
    if privacy not in ("O", "P"):
        raise invalid_body_param("privacy")
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    needed = "convert_public_channel_to_private" if privacy == "P" else "convert_private_channel_to_public"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    updated = ctx.store.channels.set_privacy(channel, privacy, ctx.me)
    ctx.audit(f"name={updated.name}")
    return ok(wire.channel(updated))


def delete_channel(ctx: Ctx) -> Reply:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    if channel.type in ("D", "G"):
        raise AppError(
            "api.channel.delete_channel.type.invalid",
            400,
            message="Unable to delete direct or group message channels",
        )
    needed = "delete_public_channel" if channel.type == "O" else "delete_private_channel"
    perms.require_channel(ctx.store, ctx.session, channel, needed)
    if ctx.query_bool("permanent") and not ctx.settings.get("ServiceSettings.EnableAPIChannelDeletion"):
        if ctx.me.has_role("system_admin"):
            raise AppError(
                "api.user.delete_channel.not_enabled.for_admin.app_error",
                401,
                message=(
                    "Permanent channel deletion feature is not enabled. "
                    "ServiceSettings.EnableAPIChannelDeletion must be set to true to use this command. See "
                    "https://mattermost.com/pl/environment-configuration-settings for more information"
                ),
            )
        raise AppError(
            "api.user.delete_channel.not_enabled.app_error",
            401,
            message=(
                "Permanent channel deletion feature is not enabled. Please contact your System Administrator."
            ),
        )
    ctx.store.channels.archive(channel, ctx.me)
    ctx.audit(f"name={channel.name}")
    return status_ok()


def restore_channel(ctx: Ctx) -> Reply:
    channel = ctx.store.channels.get(ctx.path_id("channel_id"))
    perms.require_team(ctx.store, ctx.session, channel.team_id, "manage_team")
    restored = ctx.store.channels.restore(channel, ctx.me)
    ctx.audit(f"name={restored.name}")
    return ok(wire.channel(restored))


def get_channel_stats(ctx: Ctx) -> Reply:
    """Only read_channel is checked (no lookup): an admin asking about an unknown id gets zero counts."""
    channel_id = ctx.path_id("channel_id")
    channel = ctx.store.channels.find(channel_id)
    perms.require_channel(ctx.store, ctx.session, channel, "read_channel")
    members = ctx.store.channels.members(channel_id)
    guests = sum(1 for m in members if m.scheme_guest)
    pinned = len(ctx.store.posts.pinned(channel_id)) if channel is not None else 0
    files = (
        -1
        if ctx.query_bool("exclude_files_count")
        else sum(
            1
            for f in getattr(ctx.store, "file_by_id", {}).values()
            if f.channel_id == channel_id and f.post_id and not f.delete_at
        )
    )
    return ok(
        {
            "channel_id": channel_id,
            "member_count": len(members),
            "guest_count": guests,
            "pinnedpost_count": pinned,
            "files_count": files,
        }
    )


def get_channel_members(ctx: Ctx) -> Reply:
    """per_page=0 means no limit here (api4/channel.go getChannelMembers)."""
    channel_id = ctx.path_id("channel_id")
    channel = ctx.store.channels.find(channel_id)
    # SessionHasPermissionToChannel: an unknown channel is refused, even to a system admin
    perms.require(channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "read_channel"))
    page, per_page = ctx.paging()
    members = ctx.store.channels.members(channel_id)
    if per_page:
        members = members[page * per_page : (page + 1) * per_page]
    return ok([wire.channel_member(m, ctx.session.user_id) for m in members])


def get_channel_members_by_ids(ctx: Ctx) -> Reply:
    channel_id = ctx.path_id("channel_id")
    ids = sorted(set(ctx.json_str_list()))
    if not ids:
        raise invalid_body_param("user_ids")
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(channel_id)))
    rows = [m for i in ids if (m := ctx.store.channels.member(channel_id, i)) is not None]
    return ok([wire.channel_member(m, ctx.session.user_id) for m in rows])


def get_channel_member(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    perms.require(perms.can_read_channel(ctx.store, ctx.session, ctx.store.channels.find(channel_id)))
    return ok(wire.channel_member(ctx.store.channels.get_member(channel_id, user_id), ctx.session.user_id))


def add_channel_member(ctx: Ctx) -> Reply:
    """One member for `user_id`, an array for `user_ids` (api4/channel.go addChannelMember)."""
    channel_id = ctx.path_id("channel_id")
    body = ctx.any_map()
    targets = _member_targets(body)
    root_id = body.get("post_root_id")
    if isinstance(root_id, str) and root_id:
        if not is_valid_id(root_id):
            raise invalid_body_param("post_root_id")
        if ctx.store.posts.get(root_id).channel_id != channel_id:
            raise invalid_body_param("post_root_id")
    channel = ctx.store.channels.get(channel_id)
    if channel.type in ("D", "G"):
        raise AppError(
            "api.channel.add_user_to_channel.type.app_error",
            400,
            message="Can not add user to this channel type.",
        )
    if channel.type == "P":
        perms.require_channel(ctx.store, ctx.session, channel, "manage_private_channel_members")
    members, last_error = [], None
    for uid in targets:
        try:
            members.append(_add_one_member(ctx, channel, uid))
        except AppError as err:
            last_error = err
    if last_error is not None and not members:
        raise last_error
    single = body.get("user_id")
    if "user_ids" not in body or not isinstance(body["user_ids"], list):
        if len(members) == 1 and members[0].user_id == single:
            return created(wire.channel_member(members[0], ctx.session.user_id))
    return created([wire.channel_member(m, ctx.session.user_id) for m in members])


def _member_targets(body: dict[str, object]) -> list[str]:
    many = body.get("user_ids")
    if isinstance(many, list):
        if len(many) > 256 or not all(isinstance(u, str) and is_valid_id(u) for u in many):
            raise invalid_body_param("user_id in user_ids" if len(many) <= 256 else "user_ids")
        return list(many)
    single = body.get("user_id")
    if not isinstance(single, str) or not is_valid_id(single):
        raise invalid_body_param("user_id or user_ids")
    return [single]


def _add_one_member(ctx: Ctx, channel: Channel, user_id: str) -> ChannelMember:
    """Self-join needs join_public_channels; adding others manage_public_channel_members (public)."""
    existing = ctx.store.channels.member(channel.id, user_id)
    if channel.type == "O":
        if user_id == ctx.session.user_id:
            if existing is not None:
                return existing
            perms.require_team(ctx.store, ctx.session, channel.team_id, "join_public_channels")
        else:
            perms.require_channel(ctx.store, ctx.session, channel, "manage_public_channel_members")
    if existing is not None:
        return existing
    member = ctx.store.channels.add_member(channel, ctx.store.users.get(user_id), ctx.me)
    ctx.audit(f"name={channel.name} user_id={member.user_id}")
    return member


def remove_user_from_channel(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    channel = ctx.store.channels.get(channel_id)
    user = ctx.store.users.get(user_id)
    if user_id != ctx.session.user_id:
        needed = "manage_public_channel_members" if channel.type == "O" else "manage_private_channel_members"
        perms.require_channel(ctx.store, ctx.session, channel, needed)
    ctx.store.channels.remove_member(channel, user, ctx.me)
    ctx.audit(f"name={channel.name} user_id={user_id}")
    return status_ok()


def update_channel_notify_props(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    body = {k: v for k, v in ctx.any_map().items() if isinstance(v, str)}  # model.MapFromJSON
    perms.require_user(ctx.store, ctx.session, user_id)
    member = ctx.store.channels.get_member(channel_id, user_id)
    ctx.store.channels.update_member_notify_props(member, body)
    return status_ok()


def update_channel_roles(ctx: Ctx) -> Reply:
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    roles = ctx.string_map().get("roles", "")  # model.MapFromJSON: an unreadable body is an empty map
    names = roles.split()
    if any(not _ROLE_NAME.fullmatch(n) for n in names) or names == ["system_admin"]:
        raise invalid_body_param("roles")
    channel = ctx.store.channels.find(channel_id)
    perms.require_channel(ctx.store, ctx.session, channel, "manage_channel_roles")
    member = ctx.store.channels.get_member(channel_id, user_id)
    ctx.store.channels.update_member_roles(member, roles)
    return status_ok()


def update_channel_member_scheme_roles(ctx: Ctx) -> Reply:
    """PUT /channels/{id}/members/{user_id}/schemeRoles: the permission is checked through the channel, so an
    unknown channel is 403. Upstream: api4/channel.go updateChannelMemberSchemeRoles."""
    channel_id, user_id = ctx.path_id("channel_id"), ctx.user_id()
    body = ctx.json("scheme_roles")
    flags = ("scheme_guest", "scheme_user", "scheme_admin")
    if not isinstance(body, dict) or not gojson.fields_fit(body, dict.fromkeys(flags, bool)):
        raise invalid_body_param("scheme_roles")
    channel = ctx.store.channels.find(channel_id)
    perms.require(
        channel is not None and perms.has_channel(ctx.store, ctx.session, channel, "manage_channel_roles")
    )
    member = ctx.store.channels.get_member(channel_id, user_id)
    ctx.store.channels.set_member_scheme_roles(member, *(bool(body.get(f)) for f in flags))
    return status_ok()


def view_channel(ctx: Ctx) -> Reply:
    """Both ids are optional; the answer lists the channels whose last_viewed_at changed."""
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    body = ctx.json_object("channel_view")
    ids = []
    for key in ("channel_id", "prev_channel_id"):
        value = body.get(key)
        if value is not None and not isinstance(value, str):
            raise invalid_body_param("channel_view")
        if value and not is_valid_id(value):
            raise invalid_body_param(f"channel_view.{key}")
        if value and value not in ids:
            ids.append(value)
    times = ctx.store.channels.view(user_id, ids, body.get("collapsed_threads_supported") is True)
    return status_ok(last_viewed_at_times=times)


def get_channel_members_for_user(ctx: Ctx) -> Reply:
    user_id, team_id = ctx.user_id(), ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    channels = ctx.store.channels.for_user(user_id, team_id)
    return ok(
        [
            wire.channel_member(ctx.store.channels.get_member(c.id, user_id), ctx.session.user_id)
            for c in channels
        ]
    )


def get_channel_unread(ctx: Ctx) -> Reply:
    user_id, channel_id = ctx.user_id(), ctx.path_id("channel_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    channel = ctx.store.channels.find(channel_id)
    perms.require(perms.can_read_channel(ctx.store, ctx.session, channel))
    assert channel is not None
    member = ctx.store.channels.get_member(channel_id, user_id)
    return ok(wire.channel_unread(channel, member))


def search_channels(ctx: Ctx) -> Reply:
    """sqlstore SearchInTeam: the team's public channels, archived ones too, whose name, display name or
    purpose contains the term (an empty term matches all), by display name, at most 100; a caller without
    list_team_channels who is a team member searches the public channels they belong to."""
    team_id = ctx.path_id("team_id")
    body = ctx.json_object("channel_search")
    term = body.get("term") or ""
    if not isinstance(term, str):
        raise invalid_body_param("channel_search")
    term = term.strip().lower()
    candidates = ctx.store.channels.team_channels(team_id, ("O",), include_deleted=True)
    if not perms.has_team(ctx.store, ctx.session, team_id, "list_team_channels"):
        ctx.store.teams.member_row(team_id, ctx.session.user_id)
        candidates = [c for c in candidates if ctx.store.channels.member(c.id, ctx.session.user_id)]
    found = [c for c in candidates if _contains(c, term)]
    return ok([wire.channel(c) for c in sorted(found, key=lambda c: c.display_name.lower())[:100]])


def _contains(channel: Channel, term: str) -> bool:
    """sqlstore searchClause: LOWER(column) LIKE %term% on name, display name and purpose."""
    return not term or any(
        term in text.lower() for text in (channel.name, channel.display_name, channel.purpose)
    )


def autocomplete_channels_for_team(ctx: Ctx) -> Reply:
    """sqlstore AutocompleteInTeam: the team's channels, archived too, private ones only for their members."""
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "list_team_channels")
    term = ctx.query.get("name", "").strip().lower()
    me = ctx.session.user_id
    found = [
        c
        for c in ctx.store.channels.team_channels(team_id, ("O", "P"), include_deleted=True)
        if (c.type == "O" or ctx.store.channels.member(c.id, me)) and _contains(c, term)
    ]
    return ok([wire.channel(c) for c in sorted(found, key=lambda c: c.display_name.lower())[:50]])


def get_public_channels_by_ids_for_team(ctx: Ctx) -> Reply:
    """Only live public channels of the team, by display name; none of them is a 404 (sqlstore
    GetPublicChannelsByIdsForTeam, observed on 11.2)."""
    team_id = ctx.path_id("team_id")
    ids = sorted(set(ctx.json_str_list()))
    if not ids:
        raise invalid_body_param("channel_ids")
    if not all(is_valid_id(i) for i in ids):
        raise invalid_body_param("channel_id")
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    found = [
        c
        for i in dict.fromkeys(ids)
        if (c := ctx.store.channels.find(i)) is not None
        and c.team_id == team_id
        and c.type == "O"
        and not c.delete_at
    ]
    if not found:
        raise AppError(
            "app.channel.get_channels_by_ids.not_found.app_error", 404, message="No channel found."
        )
    return ok([wire.channel(c) for c in sorted(found, key=lambda c: c.display_name)])


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
    Route(
        "GET",
        "/api/v4/teams/name/{team_name}/channels/name/{channel_name}",
        get_channel_by_name_for_team_name,
    ),
    Route("GET", "/api/v4/channels/{channel_id}/members", get_channel_members),
    Route("POST", "/api/v4/channels/{channel_id}/members", add_channel_member),
    Route("POST", "/api/v4/channels/{channel_id}/members/ids", get_channel_members_by_ids),
    Route("GET", "/api/v4/channels/{channel_id}/members/{user_id}", get_channel_member),
    Route("DELETE", "/api/v4/channels/{channel_id}/members/{user_id}", remove_user_from_channel),
    Route("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/roles", update_channel_roles),
    Route(
        "PUT",
        "/api/v4/channels/{channel_id}/members/{user_id}/schemeRoles",
        update_channel_member_scheme_roles,
    ),
    Route("PUT", "/api/v4/channels/{channel_id}/members/{user_id}/notify_props", update_channel_notify_props),
    Route("POST", "/api/v4/channels/members/{user_id}/view", view_channel),
    Route("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels/members", get_channel_members_for_user),
    Route("GET", "/api/v4/users/{user_id}/teams/{team_id}/channels", get_channels_for_team_for_user),
    Route("GET", "/api/v4/users/{user_id}/channels", get_channels_for_user),
    Route("GET", "/api/v4/users/{user_id}/channels/{channel_id}/unread", get_channel_unread),
]
