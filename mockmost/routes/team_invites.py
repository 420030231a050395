"""team_invites: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (team.go)."""

from __future__ import annotations

from mockmost import wire
from mockmost.auth import permissions as perms
from mockmost.errors import AppError
from mockmost.http import multipart
from mockmost.http.checks import answered, body_field, fail, group_ids, permission, status_ok
from mockmost.http.context import Ctx
from mockmost.http.dispatch import Route
from mockmost.http.replies import Reply, ok
from mockmost.operations import ANSWERED


def _bad(error_id: str, message: str, status: int = 400) -> AppError:
    return AppError(error_id, status, message=message)


def import_team(ctx: Ctx) -> Reply:
    """importTeam: team permission, then the form's fields in order; only Slack imports exist, and mockmost
    refuses them as a server with no such file would after parsing (an unknown source is 400)."""
    team_id = ctx.path_id("team_id")
    perms.require_team(ctx.store, ctx.session, team_id, "import_team")
    try:
        parts = multipart.parse_form(ctx.headers.get("content-type", ""), ctx.body)
    except multipart.MultipartError:
        raise _bad("api.team.import_team.parse.app_error", "Could not parse multipart form.", 500) from None
    values = {p.name: p.data.decode("utf-8", "replace") for p in reversed(parts) if not p.filename}
    if "importFrom" not in values:
        raise _bad(
            "api.team.import_team.no_import_from.app_error",
            "Malformed request: importFrom field is not present.",
        )
    if "filesize" not in values:
        raise _bad(
            "api.team.import_team.unavailable.app_error", "Malformed request: filesize field is not present."
        )
    try:
        int(values["filesize"])
    except ValueError:
        raise _bad("api.team.import_team.integer.app_error", "Filesize not an integer.") from None
    if not multipart.form_files(parts, "file"):
        raise _bad("api.team.import_team.no_file.app_error", "No file under 'file' in request.")
    raise _bad("api.team.import_team.unknown_import_from.app_error", "Unknown import source.")


def team_members_minus_group_members(ctx: Ctx) -> Reply:
    """team.go teamMembersMinusGroupMembers (no licence check: it lists the team's members)."""
    team_id = ctx.path_id("team_id")
    group_ids(ctx)
    perms.require_system(ctx.store, ctx.session, "sysconsole_read_user_management_groups")
    page, per_page = ctx.paging()
    rows, total = ctx.store.teams.members_minus_groups(team_id, page, per_page)
    return ok(wire.users_with_groups(ctx.settings, rows, total))


ROUTES = [
    answered(
        "DELETE",
        "/api/v4/teams/invites/email",
        "invalidate_email_invites",
        permission("invalidate_email_invite"),
        status_ok(),
    ),  # team.go invalidateAllEmailInvites
    answered(
        "POST",
        "/api/v4/teams/members/invite",
        "add_team_member_from_invite",
        fail(
            400,
            "api.team.add_user_to_team.missing_parameter.app_error",
            "Parameter required to add user to team.",
        ),
    ),  # team.go addUserToTeamFromInvite
    answered(
        "POST",
        "/api/v4/teams/{team_id}/invite-guests/email",
        "invite_guests_to_team",
        fail(
            501,
            "api.team.invite_guests_to_channels.license.error",
            "Your license does not support guest accounts",
        ),
    ),  # team.go inviteGuestsToChannels
    answered(
        "POST",
        "/api/v4/teams/{team_id}/invite/email",
        "invite_users_to_team",
        body_field("user_email"),
        fail(501, "api.team.invite_members.disabled.app_error", "Email invitations are disabled."),
    ),  # team.go inviteUsersToTeam
    Route("GET", "/api/v4/teams/{team_id}/members_minus_group_members", team_members_minus_group_members),
    answered(
        "PUT",
        "/api/v4/teams/{team_id}/scheme",
        "update_team_scheme",
        body_field("scheme_id"),
        fail(
            501,
            "api.team.update_team_scheme.license.error",
            "Your license does not support updating a team's scheme",
        ),
    ),  # team.go updateTeamScheme
    Route("POST", "/api/v4/teams/{team_id}/import", import_team, kind=ANSWERED),
]
