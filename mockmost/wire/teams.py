"""Teams and team members as JSON. Upstream: model/team.go, model/team_member.go, app/team.go SanitizeTeam."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost.auth import permissions as perms
from mockmost.store.entities import Session, Team, TeamMember

if TYPE_CHECKING:
    from mockmost.store import Store


def team(t: Team, show_email: bool = True, show_invite_id: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": t.id,
        "create_at": t.create_at,
        "update_at": t.update_at,
        "delete_at": t.delete_at,
        "display_name": t.display_name,
        "name": t.name,
        "description": t.description,
        "email": t.email if show_email else "",
        "type": t.type,
        "company_name": t.company_name,
        "allowed_domains": t.allowed_domains,
        "invite_id": t.invite_id if show_invite_id else "",
        "allow_open_invite": t.allow_open_invite,
    }
    if t.last_team_icon_update:
        out["last_team_icon_update"] = t.last_team_icon_update
    out.update(
        {
            "scheme_id": t.scheme_id,
            "group_constrained": t.group_constrained,
            "policy_id": t.policy_id,
            "cloud_limits_archived": t.cloud_limits_archived,
        }
    )
    return out


def team_for(store: Store, session: Session, t: Team) -> dict[str, Any]:
    """SanitizeTeam for this caller: email for manage_team holders, invite_id for invite_user holders."""
    return team(
        t,
        perms.has_team(store, session, t.id, "manage_team"),
        perms.has_team(store, session, t.id, "invite_user"),
    )


def team_member(m: TeamMember) -> dict[str, Any]:
    return {
        "team_id": m.team_id,
        "user_id": m.user_id,
        "roles": m.roles,
        "delete_at": m.delete_at,
        "scheme_guest": m.scheme_guest,
        "scheme_user": m.scheme_user,
        "scheme_admin": m.scheme_admin,
        "explicit_roles": m.explicit_roles,
    }
