"""Teams and team members. Upstream: app/team.go, app/teams/teams.go, model/team.go."""

from __future__ import annotations

import copy
import re
from typing import TYPE_CHECKING, Any

from mockmost.errors import AppError, invalid_body_param
from mockmost.events import catalog
from mockmost.store.entities import Team, TeamMember, User
from mockmost.store.sanitize import sanitize_unicode

if TYPE_CHECKING:
    from mockmost.store import Store

_TEAM_NAME = re.compile(r"^[a-z0-9]+([a-z\-0-9]+|(__)?)[a-z0-9]+$")
_RESERVED = (
    "admin",
    "api",
    "channel",
    "claim",
    "error",
    "files",
    "help",
    "landing",
    "login",
    "mfa",
    "oauth",
    "plug",
    "plugins",
    "post",
    "signup",
    "boards",
    "playbooks",
)
_PATCHABLE = (
    "display_name",
    "description",
    "company_name",
    "allowed_domains",
    "allow_open_invite",
    "group_constrained",
)


def validate_team(team: Team) -> None:
    """model/team.go IsValid."""

    def bad(field: str) -> AppError:
        return AppError(f"model.team.is_valid.{field}.app_error", 400, detailed_error=f"id={team.id}")

    if not (1 <= len(team.display_name) <= 64):
        raise bad("name")
    if len(team.name) > 64:
        raise bad("url")
    if len(team.name) < 2 or not _TEAM_NAME.match(team.name):
        raise bad("characters")
    if any(team.name.startswith(word) for word in _RESERVED):
        raise bad("reserved")
    if len(team.email) > 128:
        raise bad("email")
    if len(team.description) > 255:
        raise bad("description")
    if len(team.company_name) > 64:
        raise bad("company_name")
    if len(team.allowed_domains) > 500:
        raise bad("domains")
    if team.type not in ("O", "I"):
        raise bad("type")


def check_scheme_roles(scope: str, is_guest: bool, guest: bool, user: bool) -> None:
    """app/team.go UpdateTeamMemberSchemeRoles and app/channel.go UpdateChannelMemberSchemeRoles (scope "team"
    or "channel"): a guest member cannot be changed, nobody becomes a guest this way, the user role stays."""
    prefix, what = f"api.{scope}.update_{scope}_member_roles.", f"Invalid {scope} member update: "
    if is_guest:
        raise AppError(
            prefix + "guest.app_error",
            400,
            message=what + "A guest cannot be made team member or team "
            "admin, please promote as a user first.",
        )
    if guest:
        raise AppError(
            prefix + "user_and_guest.app_error",
            400,
            message=what + f"A guest cannot be set for a "
            f"single {scope}, a System Admin must promote or demote users to/from guests.",
        )
    if not user:
        raise AppError(
            prefix + "unset_user_scheme.app_error",
            400,
            message=what + f"A {scope} member always has a user scheme.",
        )


class Teams:
    def __init__(self, store: Store) -> None:
        self.s = store

    def find(self, team_id: str) -> Team | None:
        return self.s.team_by_id.get(team_id)

    def get(self, team_id: str) -> Team:
        team = self.s.team_by_id.get(team_id)
        if team is None:
            raise AppError("app.team.get.find.app_error", 404, message="Unable to find the existing team.")
        return team

    def get_by_name(self, name: str) -> Team:
        team_id = self.s.team_id_by_name.get(name)
        if team_id is None:
            raise AppError(
                "app.team.get_by_name.missing.app_error", 404, message="Unable to find the existing team."
            )
        return self.s.team_by_id[team_id]

    def member(self, team_id: str, user_id: str) -> TeamMember | None:
        member = self.s.team_members.get(team_id, {}).get(user_id)
        return member if member is not None and member.delete_at == 0 else None

    def member_row(self, team_id: str, user_id: str) -> TeamMember:
        """The row even after leaving (GET /teams/{id}/members/{uid} still returns it)."""
        member = self.s.team_members.get(team_id, {}).get(user_id)
        if member is None:
            raise AppError(
                "app.team.get_member.missing.app_error",
                404,
                message="No team member found for that user ID and team ID.",
            )
        return member

    def active_members(self, team_id: str) -> list[TeamMember]:
        return [m for m in self.s.team_members.get(team_id, {}).values() if m.delete_at == 0]

    def members_minus_groups(
        self, team_id: str, page: int, per_page: int
    ) -> tuple[list[tuple[User, TeamMember]], int]:
        """sqlstore TeamMembersMinusGroupMembers: the active, non-bot members of a live team by username, a
        page of them and their count. No one is taken out: group members exist only with a licence."""
        team = self.s.team_by_id.get(team_id)
        if team is None or team.delete_at:
            return [], 0
        rows = []
        for member in self.active_members(team_id):
            user = self.s.users.find(member.user_id)
            if user is not None and not user.delete_at and not user.is_bot:
                rows.append((user, member))
        rows.sort(key=lambda row: row[0].username)
        return rows[page * per_page : (page + 1) * per_page], len(rows)

    def memberships_in_join_order(self, user_id: str) -> list[TeamMember]:
        """The user's current team memberships, archived teams included, oldest first."""
        found = [
            self.s.team_members[t][user_id]
            for t in self.s.teams_of_user.get(user_id, set())
            if self.member(t, user_id)
        ]
        return sorted(found, key=lambda m: (m.create_at, m.team_id))

    def teams_for_user(self, user_id: str) -> list[Team]:
        ids = self.s.teams_of_user.get(user_id, set())
        return [
            self.s.team_by_id[t]
            for t in ids
            if self.member(t, user_id) and not self.s.team_by_id[t].delete_at
        ]

    def create(self, creator: User | None, fields: dict[str, Any], team_id: str | None = None) -> Team:
        """app/team.go CreateTeamWithUser: team, default channels, creator as team and channel admin."""
        for name in (
            "name",
            "display_name",
            "type",
            "description",
            "company_name",
            "allowed_domains",
            "email",
        ):
            if name in fields and fields[name] is not None and not isinstance(fields[name], str):
                raise invalid_body_param("team")
        if "allow_open_invite" in fields and not isinstance(fields["allow_open_invite"], bool | None):
            raise invalid_body_param("team")
        now = self.s.now()
        team = Team(
            id=team_id or self.s.new_id(),
            name=sanitize_unicode(fields.get("name") or ""),
            display_name=sanitize_unicode(fields.get("display_name") or ""),
            type=fields.get("type") or "",
            create_at=now,
            update_at=now,
            description=sanitize_unicode(fields.get("description") or ""),
            email=creator.email if creator else (fields.get("email") or ""),
            company_name=sanitize_unicode(fields.get("company_name") or ""),
            allowed_domains=fields.get("allowed_domains") or "",
            invite_id=self.s.new_id(),
            allow_open_invite=bool(fields.get("allow_open_invite")),
        )
        if team.type == "O" and "allow_open_invite" not in fields:
            team.allow_open_invite = False
        validate_team(team)
        restrict_to = self.s.settings.get("TeamSettings.RestrictCreationToDomains") or ""
        if (
            creator is not None
            and not creator.is_bot
            and not _email_allowed(creator.email, team.allowed_domains, restrict_to)
        ):
            raise AppError("api.team.is_team_creation_allowed.domain.app_error", 400)
        with self.s.write():
            if team.name in self.s.team_id_by_name:
                raise AppError(
                    "store.sql_team.save_team.existing.app_error",
                    400,
                    message="A team with this URL already exists.",
                )
            self.s.team_by_id[team.id] = team
            self.s.team_id_by_name[team.name] = team.id
            self.s.team_members[team.id] = {}
            self.s.channels.create_default_channels(team)
            if creator is not None:
                self.join(team, creator, as_admin=True)
        return team

    def join(
        self,
        team: Team,
        user: User,
        *,
        as_admin: bool = False,
        adder: User | None = None,
        announce: bool = False,
    ) -> TeamMember:
        """app/teams JoinUserToTeam + default channels; adder set → 'added to the team by' posts (batch
        add). `announce`: app/team.go AddTeamMember and AddTeamMembers publish `added_to_team` once more after
        it, an existing member included."""
        with self.s.write():
            existing = self.s.team_members.get(team.id, {}).get(user.id)
            if existing is not None and existing.delete_at == 0:
                if announce:
                    self.s.emit(catalog.added_to_team(team.id, user.id))
                return existing
            max_users = self.s.settings.get("TeamSettings.MaxUsersPerTeam")
            if len(self.active_members(team.id)) >= max_users:
                raise AppError(
                    "app.team.join_user_to_team.max_accounts.app_error",
                    400,
                    message="This team has reached the maximum number of allowed accounts.",
                )
            now = self.s.now()
            if existing is not None:
                member = existing
                member.delete_at = 0
                member.scheme_admin = member.scheme_admin or as_admin
            else:
                member = TeamMember(team_id=team.id, user_id=user.id, create_at=now, scheme_admin=as_admin)
                self.s.team_members.setdefault(team.id, {})[user.id] = member
            self.s.teams_of_user.setdefault(user.id, set()).add(team.id)
            self.s.sidebar.ensure(user.id, team.id)
            self.s.channels.join_default_channels(team, user, as_admin=as_admin, adder=adder)
            self.s.emit(catalog.added_to_team(team.id, user.id))
            if announce:
                self.s.emit(catalog.added_to_team(team.id, user.id))
        return member

    def leave(self, team: Team, user: User, remover: User) -> None:
        """app/teams RemoveTeamMember: drop O/P channel memberships silently, one post in town-square."""
        with self.s.write():
            member = self.member(team.id, user.id)
            if member is None:
                raise AppError(
                    "api.team.remove_user_from_team.missing.app_error",
                    400,
                    message="The user does not appear to be part of this team.",
                )
            self.s.channels.leave_team_channels(team, user, remover)
            self.s.sidebar.clear_team(user.id, team.id)
            member.delete_at = self.s.now()
            self.s.emit(catalog.leave_team(team.id, user.id))

    def regenerate_invite_id(self, team: Team) -> Team:
        with self.s.write():
            team.invite_id = self.s.new_id()
            team.update_at = self.s.now()
            self.s.emit(catalog.update_team(team))
        return team

    def patch(self, team: Team, patch: dict[str, Any], renew_invite: bool = True) -> Team:
        import copy

        draft = copy.copy(team)
        for name in _PATCHABLE:
            if name in patch and patch[name] is not None:
                value = patch[name]
                expected = bool if name in ("allow_open_invite", "group_constrained") else str
                if not isinstance(value, expected):
                    raise invalid_body_param("team")
                if name in ("display_name", "description", "company_name") and isinstance(value, str):
                    value = sanitize_unicode(value)  # Team.PreUpdate
                setattr(draft, name, value)
        validate_team(draft)
        with self.s.write():
            for name in _PATCHABLE:
                setattr(team, name, getattr(draft, name))
            # PatchTeam: closing invites renews the invite id
            if renew_invite and patch.get("allow_open_invite") is False:
                team.invite_id = self.s.new_id()
            team.update_at = self.s.now()
            self.s.emit(catalog.update_team(team))
        return team

    def set_deleted(self, team: Team, deleted: bool) -> Team:
        with self.s.write():
            now = self.s.now()
            team.delete_at = now if deleted else 0
            team.update_at = now
            self.s.emit(catalog.delete_team(team) if deleted else catalog.restore_team(team))
        return team

    def set_icon(self, team: Team, png: bytes | None) -> Team:
        """app/team.go SetTeamIconFromFile (png: LastTeamIconUpdate and UpdateAt = now) or, with None,
        RemoveTeamIcon: UpdateLastTeamIconUpdate(team, 0) sets both columns to 0, and the stored icon file is
        left where it was. Both send update_team."""
        with self.s.write():
            before = copy.copy(team)
            if png is None:
                team.last_team_icon_update = team.update_at = 0
            else:
                self.s.team_icon_by_team[team.id] = png
                team.last_team_icon_update = team.update_at = self.s.now()
            # The event carries the team read before the write, with only the icon time changed.
            before.last_team_icon_update = team.last_team_icon_update
            self.s.emit(catalog.update_team(before))
        return team

    def set_privacy(self, team: Team, team_type: str) -> Team:
        """app/team.go UpdateTeamPrivacy: O opens invites, I closes them; a change towards invite-only
        regenerates the invite id."""
        open_invite = team_type == "O"
        with self.s.write():
            if (open_invite != team.allow_open_invite or team_type != team.type) and not open_invite:
                team.invite_id = self.s.new_id()
            team.type, team.allow_open_invite = team_type, open_invite
            team.update_at = self.s.now()
            self.s.emit(catalog.update_team(team))
        return team

    def set_member_scheme_roles(self, member: TeamMember, guest: bool, user: bool, admin: bool) -> TeamMember:
        """app/team.go UpdateTeamMemberSchemeRoles: guests cannot be changed, nobody becomes a guest this
        way, and the user role cannot be unset."""
        check_scheme_roles("team", member.scheme_guest, guest, user)
        with self.s.write():
            member.scheme_user, member.scheme_admin, member.scheme_guest = user, admin, guest
            self.s.emit(catalog.memberrole_updated(member))
        return member

    def set_member_roles(self, member: TeamMember, roles: str) -> TeamMember:
        """app/team.go UpdateTeamMemberRoles: each role must exist; the team scheme's roles set the scheme
        flags, other scheme-managed roles are refused, the rest become explicit roles; no roles clears all."""
        guest = user = admin = False
        explicit = []
        for name in roles.split():
            if name not in KNOWN_ROLES:
                raise AppError("app.role.get_by_name.app_error", 400)
            if name == "team_guest":
                guest = True
            elif name == "team_user":
                user = True
            elif name == "team_admin":
                admin = True
            elif name in _NOT_SCHEME_MANAGED:
                explicit.append(name)
            else:
                raise AppError("api.channel.update_team_member_roles.scheme_role.app_error", 400)
        if guest and user:
            raise AppError("api.team.update_team_member_roles.guest_and_user.app_error", 400)
        if guest != member.scheme_guest:
            raise AppError("api.channel.update_team_member_roles.changing_guest_role.app_error", 400)
        with self.s.write():
            member.scheme_guest, member.scheme_user, member.scheme_admin = guest, user, admin
            member.explicit_roles = " ".join(explicit)
            self.s.emit(catalog.memberrole_updated(member))
        return member

    def purge_user(self, user_id: str) -> None:
        for team_id in self.s.teams_of_user.pop(user_id, set()):
            self.s.team_members.get(team_id, {}).pop(user_id, None)


KNOWN_ROLES = frozenset(
    {
        "system_user",
        "system_admin",
        "system_guest",
        "system_user_access_token",
        "system_post_all",
        "system_post_all_public",
        "system_user_manager",
        "system_read_only_admin",
        "system_manager",
        "system_custom_group_admin",
        "team_user",
        "team_admin",
        "team_guest",
        "team_post_all",
        "team_post_all_public",
        "channel_user",
        "channel_admin",
        "channel_guest",
        "playbook_admin",
        "playbook_member",
        "run_admin",
        "run_member",
    }
)
# Roles that are not scheme-managed (model.NewSystemRoleIDs and the custom group admin).
_NOT_SCHEME_MANAGED = frozenset(
    {"system_user_manager", "system_read_only_admin", "system_manager", "system_custom_group_admin"}
)


def _email_allowed(email: str, allowed_domains: str, restrict_to: str = "") -> bool:
    """app/teams IsEmailAddressAllowed: for the team's domains and the server's, when listed, the email must
    end in @ one of them ("@" and commas are optional separators)."""
    for restriction in (allowed_domains, restrict_to):
        domains = restriction.lower().replace("@", " ").replace(",", " ").split()
        if domains and not any(email.lower().endswith("@" + d) for d in domains):
            return False
    return True


def is_valid_team_name(name: str) -> bool:
    """model.IsValidTeamName: at least two characters of the team-name alphabet."""
    return len(name) >= 2 and bool(_TEAM_NAME.match(name))
