"""team_invites: operations a stock unlicensed 11.2 answers with a refusal or a fixed answer, in its order of
checks (session, permission, licence or config, body). Upstream: server/channels/api4/ (team.go)."""

from __future__ import annotations

from mockmost.http.checks import answered, body_field, fail, permission, query_field, status_ok

ROUTES = [
    answered("DELETE", "/api/v4/teams/invites/email", "invalidate_email_invites", permission("invalidate_email_invite"), status_ok()),  # team.go invalidateAllEmailInvites
    answered("POST", "/api/v4/teams/members/invite", "add_team_member_from_invite", fail(400, "api.team.add_user_to_team.missing_parameter.app_error", "Parameter required to add user to team.")),  # team.go addUserToTeamFromInvite
    answered("POST", "/api/v4/teams/{team_id}/import", "import_team", permission("import_team"), fail(500, "api.team.import_team.parse.app_error", "Could not parse multipart form.")),  # team.go importTeam
    answered("POST", "/api/v4/teams/{team_id}/invite-guests/email", "invite_guests_to_team", fail(501, "api.team.invite_guests_to_channels.license.error", "Your license does not support guest accounts")),  # team.go inviteGuestsToChannels
    answered("POST", "/api/v4/teams/{team_id}/invite/email", "invite_users_to_team", body_field("user_email"), fail(501, "api.team.invite_members.disabled.app_error", "Email invitations are disabled.")),  # team.go inviteUsersToTeam
    answered("GET", "/api/v4/teams/{team_id}/members_minus_group_members", "team_members_minus_group_members", query_field("group_ids"), permission("sysconsole_read_user_management_groups"), fail(501, "api.ldap_groups.license_error", "your license does not support ldap groups")),  # team.go teamMembersMinusGroupMembers
    answered("PUT", "/api/v4/teams/{team_id}/scheme", "update_team_scheme", body_field("scheme_id"), fail(501, "api.team.update_team_scheme.license.error", "Your license does not support updating a team's scheme")),  # team.go updateTeamScheme
]
