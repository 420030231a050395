"""Teams and team members. Upstream: server/channels/api4/team.go."""

from __future__ import annotations

import re
from typing import Any

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError, invalid_body_param, invalid_param, invalid_url_param
from mockmost.http import multipart
from mockmost.http.context import Ctx
from mockmost.http.dispatch import SESSION_TRUST, Route
from mockmost.http.replies import Reply, created, ok, raw, status_ok
from mockmost.ids import is_valid_id
from mockmost.images import ImageError, check_limits, icon_png
from mockmost.store.entities import Team
from mockmost.store.teams import is_valid_team_name

_ROLE_NAME = re.compile(r"^[a-z0-9_]{1,64}$")


def _visible_team(ctx: Ctx, team: Team) -> Team:
    """api4/team.go getTeam: open-invite open teams are visible to anyone; others need view_team."""
    if not (team.allow_open_invite and team.type == "O"):
        perms.require_team(ctx.store, ctx.session, team.id, "view_team")
    return team


def _managed_team(ctx: Ctx, permission: str = "manage_team") -> Team:
    """The permission is checked before the team is looked up: outsiders get 403 even for unknown ids."""
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, permission)
    return ctx.store.teams.get(team_id)


def _require_view(ctx: Ctx) -> str:
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    return team_id


def create_team(ctx: Ctx) -> Reply:
    body = ctx.json_object("team")
    if not perms.has_system(ctx.store, ctx.session, "create_team"):
        raise AppError(
            "api.team.is_team_creation_allowed.disabled.app_error",
            403,
            message="Team creation has been disabled. Please ask your System Administrator for details.",
        )
    team = ctx.store.teams.create(ctx.me, body)
    return created(wire.team(team))


def get_team(ctx: Ctx) -> Reply:
    return ok(
        wire.team_for(ctx.store, ctx.session, _visible_team(ctx, ctx.store.teams.get(ctx.path_id("team_id"))))
    )


def _team_name(ctx: Ctx) -> str:
    """web/context.go RequireTeamName: model.IsValidTeamName, else a 400 naming team_name."""
    name = ctx.params["name"]
    if not is_valid_team_name(name):
        raise invalid_url_param("team_name")
    return name


def get_team_by_name(ctx: Ctx) -> Reply:
    team = ctx.store.teams.get_by_name(_team_name(ctx))
    return ok(wire.team_for(ctx.store, ctx.session, _visible_team(ctx, team)))


def team_exists(ctx: Ctx) -> Reply:
    team_id = ctx.store.team_id_by_name.get(_team_name(ctx))
    exists = False
    if team_id is not None:
        team = ctx.store.team_by_id[team_id]
        exists = team.allow_open_invite or perms.has_team(ctx.store, ctx.session, team.id, "view_team")
    return ok({"exists": exists})


def get_all_teams(ctx: Ctx) -> Reply:
    """Non-admins see only open-invite teams (api4/team.go getAllTeams)."""
    page, per_page = ctx.paging()
    teams = sorted(
        (t for t in ctx.store.team_by_id.values() if not t.delete_at or ctx.query_bool("include_deleted")),
        key=lambda t: t.display_name.lower(),
    )
    if not perms.has_system(ctx.store, ctx.session, "manage_system"):
        teams = [t for t in teams if t.allow_open_invite]
    body = [wire.team_for(ctx.store, ctx.session, t) for t in teams[page * per_page : (page + 1) * per_page]]
    if ctx.query_bool("include_total_count"):
        return ok({"teams": body, "total_count": len(teams)})
    return ok(body)


def get_teams_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    teams = sorted(ctx.store.teams.teams_for_user(user_id), key=lambda t: t.display_name.lower())
    body = [wire.team_for(ctx.store, ctx.session, t) for t in teams]
    if not ctx.settings.get("PrivacySettings.ShowEmailAddress") and not perms.is_system_admin(ctx.session):
        for team in body:
            team["email"] = ""
    return ok(body)


def patch_team(ctx: Ctx) -> Reply:
    ctx.path_id("team_id")
    body = ctx.json_object("team")
    team = _managed_team(ctx)
    patched = ctx.store.teams.patch(team, body)
    ctx.audit("")
    return ok(wire.team_for(ctx.store, ctx.session, patched))


def update_team(ctx: Ctx) -> Reply:
    """app/team.go UpdateTeam copies these fields from the body: omitted ones become empty."""
    team_id = ctx.path_id("team_id")
    body = ctx.json_object("team")
    if body.get("id") != team_id:
        raise invalid_body_param("id")
    team = _managed_team(ctx)
    fields = {
        k: body.get(k) if body.get(k) is not None else ""
        for k in ("display_name", "description", "company_name", "allowed_domains")
    }
    fields["allow_open_invite"] = (
        body.get("allow_open_invite") if body.get("allow_open_invite") is not None else False
    )
    if "group_constrained" in body:
        fields["group_constrained"] = body["group_constrained"]
    return ok(wire.team_for(ctx.store, ctx.session, ctx.store.teams.patch(team, fields, renew_invite=False)))


def soft_delete_team(ctx: Ctx) -> Reply:
    team = _managed_team(ctx)
    if ctx.query_bool("permanent") and not ctx.settings.get("ServiceSettings.EnableAPITeamDeletion"):
        if perms.is_system_admin(ctx.session):  # a more verbose text for admins (api4/team.go deleteTeam)
            raise AppError("api.user.delete_team.not_enabled.for_admin.app_error", 401)
        raise AppError(
            "api.user.delete_team.not_enabled.app_error",
            401,
            message="Permanent team deletion feature is not enabled. Please contact your System "
            "Administrator.",
        )
    ctx.store.teams.set_deleted(team, True)
    return status_ok()


def restore_team(ctx: Ctx) -> Reply:
    team = _managed_team(ctx)
    return ok(wire.team(ctx.store.teams.set_deleted(team, False)))


def get_team_members(ctx: Ctx) -> Reply:
    """Active members by user id, or by username with sort=Username; exclude_deleted_users drops inactive."""
    team_id = _require_view(ctx)
    page, per_page = ctx.paging()
    members = ctx.store.teams.active_members(team_id)
    users = ctx.store.user_by_id
    if ctx.query_bool("exclude_deleted_users"):
        members = [m for m in members if m.user_id in users and not users[m.user_id].delete_at]
    if ctx.query.get("sort") == "Username":
        members.sort(key=lambda m: users[m.user_id].username if m.user_id in users else "")
    else:
        members.sort(key=lambda m: m.user_id)
    return ok([wire.team_member(m) for m in members[page * per_page : (page + 1) * per_page]])


def get_team_member(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    user_id = ctx.user_id()
    _require_view(ctx)
    return ok(wire.team_member(ctx.store.teams.member_row(team_id, user_id)))


def get_team_members_by_ids(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    ids = ctx.json_str_list()
    if not ids:
        raise invalid_body_param("user_ids")
    _require_view(ctx)
    rows = [
        m for i in dict.fromkeys(ids) if (m := ctx.store.team_members.get(team_id, {}).get(i)) is not None
    ]
    return ok([wire.team_member(m) for m in rows])


def get_team_members_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    rows = [
        ctx.store.team_members[t][user_id]
        for t in ctx.store.teams_of_user.get(user_id, ())
        if ctx.store.teams.member(t, user_id)
    ]
    return ok([wire.team_member(m) for m in rows])


def add_team_member(ctx: Ctx) -> Reply:
    """Self-join needs join_public_teams (open team) or join_private_teams; adding others add_user_to_team."""
    team_id = ctx.path_id("team_id")
    try:
        body = ctx.json_object("team_member")
    except AppError:
        raise AppError(
            "api.team.add_team_member.invalid_body.app_error", 400, message="Unable to parse request body."
        ) from None
    if body.get("team_id") != team_id:
        raise invalid_body_param("team_id")
    user_id = body.get("user_id")
    if not is_valid_id(user_id):
        raise invalid_body_param("user_id")
    assert isinstance(user_id, str)
    store = ctx.store
    if user_id == ctx.session.user_id:
        team = store.teams.get(team_id)
        needed = "join_public_teams" if team.allow_open_invite else "join_private_teams"
        perms.require_system(ctx.store, ctx.session, needed)
    else:
        perms.require_team(store, ctx.session, team_id, "add_user_to_team")
    team = store.teams.get(team_id)
    user = store.users.find(user_id)
    if user is None:
        raise AppError("api.team.user.missing_account", 404, message="Unable to find the user.")
    member = store.teams.join(team, user, announce=True)
    return created(wire.team_member(member))


def add_team_members(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    body = ctx.json("members")
    if not isinstance(body, list) or not all(isinstance(m, dict) for m in body):
        raise invalid_body_param("members")
    if len(body) > 256:
        raise invalid_body_param("too many members in batch")
    if not body:
        raise invalid_body_param("no members in batch")
    team = ctx.store.teams.get(team_id)
    for entry in body:
        if entry.get("team_id") != team_id:
            raise invalid_body_param(f"team_id for member with user_id={entry.get('user_id')}")
        if not is_valid_id(entry.get("user_id")):
            raise invalid_body_param("user_id")
    perms.require_team(ctx.store, ctx.session, team_id, "add_user_to_team")
    users = [ctx.store.users.find(entry["user_id"]) for entry in body]
    if any(u is None for u in users):  # api4/team.go addTeamMembers reads the users first
        raise AppError("api.team.user.missing_account", 404, message="Unable to find the user.")
    members = [ctx.store.teams.join(team, u, adder=ctx.me, announce=True) for u in users if u is not None]
    return created([wire.team_member(m) for m in members])


def remove_team_member(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    user_id = ctx.user_id()
    if user_id != ctx.session.user_id:
        perms.require_team(ctx.store, ctx.session, team_id, "remove_user_from_team")
    team = ctx.store.teams.get(team_id)
    user = ctx.store.users.get(user_id)
    ctx.store.teams.leave(team, user, ctx.me)
    return status_ok()


def update_team_member_roles(ctx: Ctx) -> Reply:
    team_id = ctx.path_id("team_id")
    user_id = ctx.user_id()
    roles = ctx.string_map().get("roles", "")
    if any(not _ROLE_NAME.match(p) for p in roles.split()) or roles.split() == ["system_admin"]:
        raise invalid_body_param("team_member_roles")
    perms.require_team(ctx.store, ctx.session, team_id, "manage_team_roles")
    # app GetTeamMember reads the row even after the user left the team.
    ctx.store.teams.set_member_roles(ctx.store.teams.member_row(team_id, user_id), roles)
    return status_ok()


def update_team_privacy(ctx: Ctx) -> Reply:
    """PUT /teams/{id}/privacy {"privacy": "O"|"I"}: manage_team and invite_user, then the team as the
    caller sees it. Upstream: api4/team.go updateTeamPrivacy."""
    team_id = ctx.path_id("team_id")
    privacy = ctx.any_map().get("privacy")
    if privacy not in ("O", "I"):
        raise invalid_body_param("privacy")
    perms.require_team(ctx.store, ctx.session, team_id, "manage_team")
    perms.require_team(ctx.store, ctx.session, team_id, "invite_user")
    team = ctx.store.teams.set_privacy(ctx.store.teams.get(team_id), privacy)
    return ok(wire.team_for(ctx.store, ctx.session, team))


def get_team_icon(ctx: Ctx) -> Reply:
    """GET /teams/{id}/image: the stored 128x128 PNG, ETag last_team_icon_update; open teams for anyone.
    Upstream: api4/team.go getTeamIcon, app/team.go GetTeamIcon."""
    team = ctx.store.teams.get(ctx.path_id("team_id"))
    if not (team.type == "O" and team.allow_open_invite):
        perms.require_team(ctx.store, ctx.session, team.id, "view_team")
    icon = ctx.store.team_icon_by_team.get(team.id)
    if icon is None:
        raise AppError(
            "api.team.get_team_icon.read_file.app_error", 404, message="Unable to read the team icon file."
        )
    reply = raw(icon, "image/png").header("cache-control", "max-age=86400, private")
    return reply.header("etag", str(team.last_team_icon_update))


def _icon_error(error_id: str, message: str) -> AppError:
    return AppError(f"api.team.set_team_icon.{error_id}", 400, message=message)


async def set_team_icon(ctx: Ctx) -> Reply:
    """POST /teams/{id}/image, multipart `image`: every refusal is a 400 here, unlike profile pictures.
    Upstream: api4/team.go setTeamIcon, app/team.go SetTeamIconFromMultiPartFile."""
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "manage_team")
    try:
        parts = multipart.parse_form(ctx.headers.get("content-type", ""), ctx.body)
    except multipart.MultipartError:
        raise _icon_error("parse.app_error", "Could not parse multipart form.") from None
    images = multipart.form_files(parts, "image")
    if not images:
        raise _icon_error("no_file.app_error", "No file under 'image' in request.")
    team = ctx.store.teams.find(team_id)
    if team is None:
        raise _icon_error("get_team.app_error", "An error occurred getting the team.")
    try:
        check_limits(images[0], ctx.settings.get("FileSettings.MaxImageResolution"))
        png = await ctx.off_loop(icon_png, images[0])
    except ImageError as err:
        if err.stage == "dimensions":
            raise _icon_error(
                "check_image_limits.app_error", "Image limits check failed. Resolution is too high."
            ) from None
        raise _icon_error("decode.app_error", "Could not decode team icon.") from None
    ctx.store.teams.set_icon(team, png)
    ctx.audit("")
    return status_ok()


def remove_team_icon(ctx: Ctx) -> Reply:
    """DELETE /teams/{id}/image. Upstream: api4/team.go removeTeamIcon, app/team.go RemoveTeamIcon."""
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "manage_team")
    team = ctx.store.teams.find(team_id)
    if team is None:
        raise AppError(
            "api.team.remove_team_icon.get_team.app_error", 400, message="An error occurred getting the team."
        )
    ctx.store.teams.set_icon(team, None)
    ctx.audit("")
    return status_ok()


def update_team_member_scheme_roles(ctx: Ctx) -> Reply:
    """PUT /teams/{id}/members/{user_id}/schemeRoles. Upstream: api4/team.go updateTeamMemberSchemeRoles."""
    team_id, user_id = ctx.path_id("team_id"), ctx.user_id()
    body = ctx.json("scheme_roles")
    flags = ("scheme_guest", "scheme_user", "scheme_admin")
    if not isinstance(body, dict) or any(not isinstance(body.get(f, False), bool) for f in flags):
        raise invalid_body_param("scheme_roles")
    perms.require_team(ctx.store, ctx.session, team_id, "manage_team_roles")
    member = ctx.store.teams.member_row(team_id, user_id)  # app GetTeamMember: left members too
    ctx.store.teams.set_member_scheme_roles(member, *(bool(body.get(f, False)) for f in flags))
    return status_ok()


def get_team_stats(ctx: Ctx) -> Reply:
    team_id = _require_view(ctx)
    members = ctx.store.teams.active_members(team_id)
    active = [m for m in members if not ctx.store.users.get(m.user_id).delete_at]
    return ok({"team_id": team_id, "total_member_count": len(members), "active_member_count": len(active)})


def get_team_unread(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    team_id = ctx.path_id("team_id")
    perms.require_user(ctx.store, ctx.session, user_id)
    perms.require_team(ctx.store, ctx.session, team_id, "view_team")
    return ok(_unread_for_team(ctx, user_id, team_id))


def _unread_for_team(ctx: Ctx, user_id: str, team_id: str) -> dict[str, Any]:
    msg = mention = msg_root = mention_root = 0
    for channel in ctx.store.channels.for_user(user_id, team_id):
        if channel.team_id != team_id:
            continue
        member = ctx.store.channels.get_member(channel.id, user_id)
        msg += channel.total_msg_count - member.msg_count
        msg_root += channel.total_msg_count_root - member.msg_count_root
        mention += member.mention_count
        mention_root += member.mention_count_root
    return {
        "team_id": team_id,
        "msg_count": msg,
        "mention_count": mention,
        "msg_count_root": msg_root,
        "mention_count_root": mention_root,
        "thread_count": 0,
        "thread_mention_count": 0,
        "thread_urgent_mention_count": 0,
    }


def get_teams_unread_for_user(ctx: Ctx) -> Reply:
    user_id = ctx.user_id()
    perms.require_user(ctx.store, ctx.session, user_id)
    exclude = ctx.query.get("exclude_team", "")
    # Archived teams too, in the order the memberships were made (sqlstore GetChannelUnreadsForAllTeams).
    memberships = ctx.store.teams.memberships_in_join_order(user_id)
    rows = [_unread_for_team(ctx, user_id, m.team_id) for m in memberships if m.team_id != exclude]
    if (
        ctx.query.get("include_collapsed_threads") == "true"
        and ctx.settings.get("ServiceSettings.CollapsedThreads") != "disabled"
    ):
        counts = ctx.store.threads.team_unreads(user_id)  # app/team.go GetTeamsUnreadForUser
        for row in rows:
            row["thread_count"], row["thread_mention_count"] = counts.get(row["team_id"], (0, 0))
    return ok(rows)


def search_teams(ctx: Ctx) -> Reply:
    """api4/team.go searchTeams: every team for those who may list both kinds (paged as {teams, total_count}
    when page and per_page are given), else the open teams with open invites; archived teams are not left
    out (sqlstore teamSearchQuery); the term is a case-insensitive substring of the name or display name."""
    body = ctx.json_object("team_search")
    term = body.get("term") or ""
    if not isinstance(term, str):
        raise invalid_param("team_search")
    term = term.lower()
    for key in ("page", "per_page"):  # model.TeamSearch: *int; anything else fails the decode
        value = body.get(key)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            raise invalid_param("team_search")
    paged = body.get("page") is not None or body.get("per_page") is not None
    teams = [
        t for t in ctx.store.team_by_id.values() if term in t.name.lower() or term in t.display_name.lower()
    ]
    teams.sort(key=lambda t: t.display_name)
    public = perms.has_system(ctx.store, ctx.session, "list_public_teams")
    if perms.has_system(ctx.store, ctx.session, "list_private_teams") and public:
        if paged and body.get("page") is not None and body.get("per_page") is not None:
            page, per_page = int(body["page"]), int(body["per_page"])
            shown = teams[page * per_page : (page + 1) * per_page]
            return ok(
                {
                    "teams": [wire.team_for(ctx.store, ctx.session, t) for t in shown],
                    "total_count": len(teams),
                }
            )
    elif public:
        if paged:
            raise AppError("api.team.search_teams.pagination_not_implemented.public_team_search", 501)
        teams = [t for t in teams if t.type == "O" and t.allow_open_invite]
    else:
        teams = []
    return ok([wire.team_for(ctx.store, ctx.session, t) for t in teams])


def regenerate_team_invite_id(ctx: Ctx) -> Reply:
    team = _managed_team(ctx)
    regenerated = ctx.store.teams.regenerate_invite_id(team)
    ctx.audit("")
    return ok(wire.team(regenerated))


def get_team_invite_info(ctx: Ctx) -> Reply:
    invite_id = ctx.params["invite_id"]
    team = next((t for t in ctx.store.team_by_id.values() if t.invite_id == invite_id), None)
    if team is None:
        raise AppError("app.team.get_by_invite_id.finding.app_error", 404)
    if team.type != "O":
        raise AppError("api.team.get_invite_info.not_open_team", 403)
    return ok(
        {"id": team.id, "name": team.name, "display_name": team.display_name, "description": team.description}
    )


ROUTES = [
    Route("GET", "/api/v4/teams", get_all_teams),
    Route("POST", "/api/v4/teams", create_team),
    Route("GET", "/api/v4/teams/{team_id}", get_team),
    Route("PUT", "/api/v4/teams/{team_id}", update_team),
    Route("DELETE", "/api/v4/teams/{team_id}", soft_delete_team),
    Route("PUT", "/api/v4/teams/{team_id}/patch", patch_team),
    Route("POST", "/api/v4/teams/{team_id}/restore", restore_team),
    Route("GET", "/api/v4/teams/name/{name}", get_team_by_name),
    Route("POST", "/api/v4/teams/search", search_teams),
    Route("GET", "/api/v4/teams/name/{name}/exists", team_exists),
    Route("GET", "/api/v4/users/{user_id}/teams", get_teams_for_user),
    Route("GET", "/api/v4/teams/{team_id}/members", get_team_members),
    Route("POST", "/api/v4/teams/{team_id}/members", add_team_member),
    Route("POST", "/api/v4/teams/{team_id}/members/batch", add_team_members),
    Route("GET", "/api/v4/users/{user_id}/teams/members", get_team_members_for_user),
    Route("GET", "/api/v4/teams/{team_id}/members/{user_id}", get_team_member),
    Route("DELETE", "/api/v4/teams/{team_id}/members/{user_id}", remove_team_member),
    Route("POST", "/api/v4/teams/{team_id}/members/ids", get_team_members_by_ids),
    Route("GET", "/api/v4/teams/{team_id}/stats", get_team_stats),
    Route("PUT", "/api/v4/teams/{team_id}/privacy", update_team_privacy),
    Route("GET", "/api/v4/teams/{team_id}/image", get_team_icon, auth=SESSION_TRUST),
    Route(
        "POST",
        "/api/v4/teams/{team_id}/image",
        set_team_icon,
        body_limit="FileSettings.MaxFileSize",
        too_large_id="api.team.set_team_icon.too_large.app_error",
        too_large_status=400,
    ),
    Route("DELETE", "/api/v4/teams/{team_id}/image", remove_team_icon),
    Route("PUT", "/api/v4/teams/{team_id}/members/{user_id}/schemeRoles", update_team_member_scheme_roles),
    Route("POST", "/api/v4/teams/{team_id}/regenerate_invite_id", regenerate_team_invite_id),
    Route("PUT", "/api/v4/teams/{team_id}/members/{user_id}/roles", update_team_member_roles),
    Route("GET", "/api/v4/users/{user_id}/teams/unread", get_teams_unread_for_user),
    Route("GET", "/api/v4/users/{user_id}/teams/{team_id}/unread", get_team_unread),
    Route("GET", "/api/v4/teams/invite/{invite_id}", get_team_invite_info),
]
