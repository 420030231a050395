"""Sign-up through a team invite id or an email-invite token. Upstream: server/channels/api4/user.go
createUser (t first, then iid, then admin or open sign-up), app/user.go CreateUserWithInviteId (team by invite
id before the account exists, allowed domains, join), GetTokenById
(unknown token: 404 signup_link_invalid)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


def _signup(client, name, **params):
    body = {"username": name, "email": f"{name}@example.com", "password": "password123"}
    return client.post("/users", params=params, json=body)


@upstream
def test_invite_id_signup_joins_the_team_on_a_closed_server(mm, anon):
    team = mm.make_team("invited")
    assert mm.store.settings.get("TeamSettings.EnableOpenServer") is False
    assert_app_error(_signup(anon, "walkin"), 403, "api.user.create_user.no_open_server")
    reply = _signup(anon, "newbie", iid=team.invite_id)
    assert reply.status_code == 201
    user_id = reply.json()["id"]
    assert mm.store.teams.member(team.id, user_id) is not None
    # Joining a team puts the user in its default channels.
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert user_id in mm.store.channels.member_ids(town.id)


@upstream
def test_unknown_invite_id_or_token_creates_nobody(mm, anon):
    count = len(mm.store.user_by_id)
    assert_app_error(
        _signup(anon, "ghost", iid="nosuchinvite"), 404, "app.team.get_by_invite_id.finding.app_error"
    )
    assert_app_error(
        _signup(anon, "ghost", t="sometoken"), 404, "api.user.create_user.signup_link_invalid.app_error"
    )
    # The token is looked up first, even for an admin.
    assert_app_error(
        _signup(mm.client, "ghost", t="sometoken"), 404, "api.user.create_user.signup_link_invalid.app_error"
    )
    assert len(mm.store.user_by_id) == count


@upstream
def test_invite_id_signup_respects_allowed_domains(mm, anon):
    team = mm.make_team("corp", allowed_domains="corp.example, @other.example")
    reply = anon.post(
        "/users",
        params={"iid": team.invite_id},
        json={"username": "outsider", "email": "outsider@example.com", "password": "password123"},
    )
    assert_app_error(reply, 403, "api.team.invite_members.invalid_email.app_error")
    reply = anon.post(
        "/users",
        params={"iid": team.invite_id},
        json={"username": "insider", "email": "insider@other.example", "password": "password123"},
    )
    assert reply.status_code == 201
    assert mm.store.teams.member(team.id, reply.json()["id"]) is not None
