"""Team privacy and member scheme roles. Upstream: server/channels/api4/team.go (updateTeamPrivacy,
updateTeamMemberSchemeRoles), app/team.go (UpdateTeamPrivacy, UpdateTeamMemberSchemeRoles)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@pytest.fixture
def bob(mm):
    return mm.make_user("bob")


@pytest.fixture
def team(mm, alice, bob):
    team = mm.make_team("crew", members=[bob], creator=alice)
    return team


@upstream
def test_privacy_invite_only_regenerates_invite_id_and_returns_team(mm, login, alice, team):
    client = login(alice)
    opened = client.put(f"/teams/{team.id}/privacy", json={"privacy": "O"})
    assert opened.status_code == 200
    assert opened.json()["type"] == "O" and opened.json()["allow_open_invite"] is True
    invite_before = team.invite_id
    closed = client.put(f"/teams/{team.id}/privacy", json={"privacy": "I"}).json()
    assert closed["type"] == "I" and closed["allow_open_invite"] is False
    # A change to invite-only forces a new invite id; the team admin sees it (SanitizeTeam keeps it for
    # invite_user holders).
    assert closed["invite_id"] == team.invite_id != invite_before
    assert mm.events_named("update_team")


@upstream
def test_privacy_validation_and_permissions(mm, login, alice, bob, team):
    before = (team.type, team.allow_open_invite, team.invite_id, team.update_at)
    for body in ({"privacy": "P"}, {"privacy": 1}, {}, None):
        assert_app_error(
            login(alice).put(f"/teams/{team.id}/privacy", json=body),
            400,
            "api.context.invalid_body_param.app_error",
        )
    # A plain member lacks manage_team.
    assert_app_error(
        login(bob).put(f"/teams/{team.id}/privacy", json={"privacy": "O"}),
        403,
        "api.context.permissions.app_error",
    )
    assert (team.type, team.allow_open_invite, team.invite_id, team.update_at) == before
    assert_app_error(
        mm.client.put(f"/teams/{'q' * 26}/privacy", json={"privacy": "O"}), 404, "app.team.get.find.app_error"
    )


@upstream
def test_scheme_roles_promote_and_refuse(mm, login, alice, bob, team):
    client = login(alice)
    url = f"/teams/{team.id}/members/{bob.id}/schemeRoles"
    reply = client.put(url, json={"scheme_user": True, "scheme_admin": True})
    assert reply.status_code == 200 and reply.json() == {"status": "OK"}
    member = client.get(f"/teams/{team.id}/members/{bob.id}").json()
    assert member["scheme_admin"] is True and member["scheme_user"] is True
    assert "team_admin" in member["roles"].split()
    # Nobody becomes a guest this way, and the user role cannot be unset (app.UpdateTeamMemberSchemeRoles).
    assert_app_error(
        client.put(url, json={"scheme_user": True, "scheme_guest": True}),
        400,
        "api.team.update_team_member_roles.user_and_guest.app_error",
    )
    assert_app_error(
        client.put(url, json={"scheme_user": False}),
        400,
        "api.team.update_team_member_roles.unset_user_scheme.app_error",
    )
    assert_app_error(client.put(url, content=b"{bad"), 400, "api.context.invalid_body_param.app_error")
    assert_app_error(
        client.put(url, json={"scheme_user": "yes"}), 400, "api.context.invalid_body_param.app_error"
    )
    # bob is now a team admin; carol, a plain member, may not change roles.
    carol = mm.make_user("carol")
    mm.store.teams.join(team, carol)
    assert_app_error(
        login(carol).put(url, json={"scheme_user": True}), 403, "api.context.permissions.app_error"
    )


@upstream
def test_roles_of_a_member_who_left_are_still_updated(mm, login, alice, bob, team):
    # sqlstore TeamStore.GetMember reads the row whatever its DeleteAt: a member who left can still have
    # roles set (app.UpdateTeamMemberRoles, UpdateTeamMemberSchemeRoles); a user never in the team is 404.
    mm.store.teams.leave(team, bob, alice)
    client = login(alice)
    reply = client.put(
        f"/teams/{team.id}/members/{bob.id}/schemeRoles", json={"scheme_user": True, "scheme_admin": True}
    )
    assert reply.status_code == 200
    assert (
        client.put(f"/teams/{team.id}/members/{bob.id}/roles", json={"roles": "team_user"}).status_code == 200
    )
    stranger = mm.make_user("stranger")
    assert_app_error(
        client.put(f"/teams/{team.id}/members/{stranger.id}/roles", json={"roles": "team_user"}),
        404,
        "app.team.get_member.missing.app_error",
    )
    assert_app_error(
        client.put(f"/teams/{team.id}/members/{stranger.id}/schemeRoles", json={"scheme_user": True}),
        404,
        "app.team.get_member.missing.app_error",
    )
