"""Teams and team members. Upstream: server/channels/api4/team.go, app/team.go, app/teams/teams.go."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
TEAM_KEYS = {
    "id",
    "create_at",
    "update_at",
    "delete_at",
    "display_name",
    "name",
    "description",
    "email",
    "type",
    "company_name",
    "allowed_domains",
    "invite_id",
    "allow_open_invite",
    "scheme_id",
    "group_constrained",
    "policy_id",
    "cloud_limits_archived",
}


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@pytest.fixture
def bob(mm):
    return mm.make_user("bob")


def _create(client, name="myteam", **extra):
    return client.post("/teams", json={"name": name, "display_name": name.title(), "type": "O", **extra})


# ---- create / read -----------------------------------------------------------------------------------
@upstream("server/channels/app/team.go", "CreateTeamWithUser")
def test_create_team_creator_is_admin_with_default_channels(mm, alice, login):
    resp = _create(login(alice))
    assert resp.status_code == 201
    team = resp.json()
    assert set(team) == TEAM_KEYS
    assert team["email"] == "alice@example.com" and team["allow_open_invite"] is False and team["invite_id"]
    member = login(alice).get(f"/teams/{team['id']}/members/{alice.id}").json()
    assert member["roles"] == "team_user team_admin" and member["scheme_admin"] is True
    names = {c.name for c in mm.store.channels.team_channels(team["id"])}
    assert names == {"town-square", "off-topic"}


@upstream("server/channels/app/teams/teams.go", "createDefaultChannels")
def test_create_team_join_posts_and_channel_admin(mm, alice, login):
    team_id = _create(login(alice)).json()["id"]
    town = mm.store.channels.find_by_name(team_id, "town-square")
    off = mm.store.channels.find_by_name(team_id, "off-topic")
    assert town.creator_id == "" and town.display_name == "Town Square" and off.display_name == "Off-Topic"
    assert [(p.type, p.message) for p in mm.posts_in(town)] == [
        ("system_join_team", "alice joined the team.")
    ]
    assert [(p.type, p.message) for p in mm.posts_in(off)] == [
        ("system_join_channel", "alice joined the channel.")
    ]
    assert mm.store.channels.get_member(town.id, alice.id).roles == "channel_user channel_admin"
    assert town.total_msg_count == 0 and town.last_post_at > 0


@upstream("server/public/model/team.go", "IsValid")
@pytest.mark.parametrize(
    ("fields", "error_id"),
    [
        ({"name": "a"}, "model.team.is_valid.characters.app_error"),
        ({"name": "Bad_Name"}, "model.team.is_valid.characters.app_error"),
        ({"name": "apitest"}, "model.team.is_valid.reserved.app_error"),
        ({"name": "x" * 65}, "model.team.is_valid.url.app_error"),
        ({"display_name": ""}, "model.team.is_valid.name.app_error"),
        ({"type": "X"}, "model.team.is_valid.type.app_error"),
        ({"type": ""}, "model.team.is_valid.type.app_error"),
        ({"description": "d" * 256}, "model.team.is_valid.description.app_error"),
    ],
)
def test_create_team_invalid_is_400(mm, fields, error_id):
    body = {"name": "goodname", "display_name": "Good", "type": "O", **fields}
    assert_app_error(mm.client.post("/teams", json=body), 400, error_id)


@upstream("server/channels/api4/team.go", "createTeam")
def test_create_team_bad_body_is_400(mm):
    assert_app_error(
        mm.client.post("/teams", content=b"{", headers={"content-type": "application/json"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.post("/teams", json={"name": 1, "display_name": "x", "type": "O"}),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/channels/app/team.go", "CreateTeam")
def test_create_team_duplicate_name_is_400(mm):
    _create(mm.client, "dupe")
    assert_app_error(_create(mm.client, "dupe"), 400, "store.sql_team.save_team.existing.app_error")


@upstream("server/channels/api4/team.go", "getTeam")
def test_get_team_by_id_and_name(mm, alice, login):
    team = mm.make_team("open", allow_open_invite=True)
    private = mm.make_team("closed", allow_open_invite=False)
    client = login(alice)
    assert client.get(f"/teams/{team.id}").json()["name"] == "open"
    assert client.get("/teams/name/open").json()["id"] == team.id
    assert_app_error(client.get(f"/teams/{private.id}"), 403, "api.context.permissions.app_error")
    assert_app_error(client.get("/teams/name/closed"), 403, "api.context.permissions.app_error")
    assert_app_error(client.get(f"/teams/{'t' * 26}"), 404, "app.team.get.find.app_error")
    assert_app_error(client.get("/teams/name/nosuchteam"), 404, "app.team.get_by_name.missing.app_error")


@upstream("server/channels/app/team.go", "SanitizeTeam")
def test_get_team_sanitised_for_non_admin_outsider(mm, alice, login):
    team = mm.make_team("open", allow_open_invite=True)
    body = login(alice).get(f"/teams/{team.id}").json()
    assert body["email"] == "" and body["invite_id"] == ""
    mm.store.teams.join(team, alice)
    body = login(alice).get(f"/teams/{team.id}").json()
    assert body["email"] == "" and body["invite_id"] == team.invite_id


@upstream("server/channels/api4/team.go", "getAllTeams")
def test_get_all_teams_non_admin_sees_open_teams_only(mm, alice, login):
    mm.make_team("bopen", allow_open_invite=True)
    mine = mm.make_team("amine", allow_open_invite=False, members=[alice])
    names = [t["name"] for t in login(alice).get("/teams").json()]
    assert names == ["bopen"]
    assert mine.name not in names
    assert [t["name"] for t in mm.client.get("/teams").json()] == ["amine", "bopen"]


@upstream("server/channels/api4/team.go", "getAllTeams")
def test_get_all_teams_paging_and_total(mm):
    for name in ("aaa", "bbb", "ccc"):
        mm.make_team(name)
    assert [t["name"] for t in mm.client.get("/teams", params={"page": 1, "per_page": 2}).json()] == ["ccc"]
    body = mm.client.get("/teams", params={"include_total_count": "true", "per_page": 1}).json()
    assert body["total_count"] == 3 and len(body["teams"]) == 1


@upstream("server/channels/api4/team.go", "getTeamsForUser")
def test_get_teams_for_user(mm, alice, bob, login):
    team = mm.make_team("shared", members=[alice])
    mm.make_team("other")
    assert [t["id"] for t in login(alice).get("/users/me/teams").json()] == [team.id]
    assert_app_error(login(bob).get(f"/users/{alice.id}/teams"), 403, "api.context.permissions.app_error")
    assert [t["id"] for t in mm.client.get(f"/users/{alice.id}/teams").json()] == [team.id]


@upstream("server/channels/api4/team.go", "teamExists")
def test_team_exists(mm, alice, login):
    mm.make_team("open", allow_open_invite=True)
    mm.make_team("closed", allow_open_invite=False)
    client = login(alice)
    assert client.get("/teams/name/open/exists").json() == {"exists": True}
    assert client.get("/teams/name/closed/exists").json() == {"exists": False}
    assert client.get("/teams/name/nothing/exists").json() == {"exists": False}


# ---- patch / update / delete / restore ---------------------------------------------------------------
@upstream("server/channels/api4/team.go", "patchTeam")
def test_patch_team(mm, alice, login):
    team_id = _create(login(alice)).json()["id"]
    resp = login(alice).put(f"/teams/{team_id}/patch", json={"display_name": "New Name", "description": "d"})
    assert resp.status_code == 200
    body = resp.json()
    assert (body["display_name"], body["description"], body["name"]) == ("New Name", "d", "myteam")


@upstream("server/channels/api4/team.go", "patchTeam")
def test_patch_team_permissions(mm, alice, bob, login):
    team = mm.make_team(members=[bob])
    assert_app_error(
        login(bob).put(f"/teams/{team.id}/patch", json={"display_name": "x"}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        login(alice).put(f"/teams/{'t' * 26}/patch", json={}), 403, "api.context.permissions.app_error"
    )
    assert_app_error(mm.client.put(f"/teams/{'t' * 26}/patch", json={}), 404, "app.team.get.find.app_error")
    assert_app_error(
        mm.client.put(f"/teams/{team.id}/patch", json={"display_name": ""}),
        400,
        "model.team.is_valid.name.app_error",
    )


@upstream("server/channels/app/team.go", "UpdateTeam")
def test_update_team_replaces_fields(mm):
    team = mm.make_team("full", description="old", company_name="ACME")
    resp = mm.client.put(f"/teams/{team.id}", json={"id": team.id, "display_name": "Full"})
    body = resp.json()
    assert (body["display_name"], body["description"], body["company_name"]) == ("Full", "", "")
    assert_app_error(
        mm.client.put(f"/teams/{team.id}", json={"id": "x" * 26, "display_name": "F"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.put(f"/teams/{team.id}", json={"id": team.id}), 400, "model.team.is_valid.name.app_error"
    )


@upstream("server/channels/api4/team.go", "deleteTeam")
def test_delete_and_restore_team(mm):
    team = mm.make_team("gone")
    assert mm.client.delete(f"/teams/{team.id}").json() == {"status": "OK"}
    assert mm.client.get(f"/teams/{team.id}").json()["delete_at"] > 0
    assert_app_error(
        mm.client.delete(f"/teams/{team.id}", params={"permanent": "true"}),
        401,
        "api.user.delete_team.not_enabled.for_admin.app_error",  # the caller is a system admin
    )
    restored = mm.client.post(f"/teams/{team.id}/restore")
    assert restored.status_code == 200 and restored.json()["delete_at"] == 0


@upstream("server/channels/api4/team.go", "deleteTeam")
def test_delete_team_needs_manage_team(mm, alice, login):
    team = mm.make_team(members=[alice])
    assert_app_error(login(alice).delete(f"/teams/{team.id}"), 403, "api.context.permissions.app_error")


# ---- members -----------------------------------------------------------------------------------------
@upstream("server/channels/api4/team.go", "addTeamMember")
def test_add_team_member_self_join_open_team(mm, alice, login):
    team = mm.make_team("open", allow_open_invite=True)
    resp = login(alice).post(f"/teams/{team.id}/members", json={"team_id": team.id, "user_id": alice.id})
    assert resp.status_code == 201
    body = resp.json()
    assert body == {
        "team_id": team.id,
        "user_id": alice.id,
        "roles": "team_user",
        "delete_at": 0,
        "scheme_guest": False,
        "scheme_user": True,
        "scheme_admin": False,
        "explicit_roles": "",
    }
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert mm.posts_in(town)[-1].message == "alice joined the team."


@upstream("server/channels/api4/team.go", "addTeamMember")
def test_add_team_member_private_team_self_join_is_403(mm, alice, login):
    team = mm.make_team("closed", allow_open_invite=False)
    resp = login(alice).post(f"/teams/{team.id}/members", json={"team_id": team.id, "user_id": alice.id})
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/team.go", "addTeamMember")
def test_add_other_member_posts_joined_not_added(mm, alice, bob, login):
    team = mm.make_team(members=[alice])
    resp = login(alice).post(f"/teams/{team.id}/members", json={"team_id": team.id, "user_id": bob.id})
    assert resp.status_code == 201
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert (mm.posts_in(town)[-1].type, mm.posts_in(town)[-1].message) == (
        "system_join_team",
        "bob joined the team.",
    )


@upstream("server/channels/api4/team.go", "addTeamMember")
def test_add_team_member_errors(mm, alice):
    team = mm.make_team()
    url = f"/teams/{team.id}/members"
    assert_app_error(
        mm.client.post(url, content=b"[", headers={"content-type": "application/json"}),
        400,
        "api.team.add_team_member.invalid_body.app_error",
    )
    assert_app_error(
        mm.client.post(url, json={"team_id": "x" * 26, "user_id": alice.id}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.post(url, json={"team_id": team.id, "user_id": "bad"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.post(url, json={"team_id": team.id, "user_id": "u" * 26}),
        404,
        "api.team.user.missing_account",
    )


@upstream("server/channels/app/team.go", "JoinUserToTeam")
def test_add_team_member_full_team_is_400(mm, alice):
    mm.set_config("TeamSettings.MaxUsersPerTeam", 1)
    team = mm.make_team()
    resp = mm.client.post(f"/teams/{team.id}/members", json={"team_id": team.id, "user_id": alice.id})
    assert_app_error(resp, 400, "app.team.join_user_to_team.max_accounts.app_error")


@upstream("server/channels/api4/team.go", "addTeamMembers")
def test_add_team_members_batch_posts_added_by(mm, alice, bob):
    team = mm.make_team()
    resp = mm.client.post(
        f"/teams/{team.id}/members/batch",
        json=[{"team_id": team.id, "user_id": alice.id}, {"team_id": team.id, "user_id": bob.id}],
    )
    assert resp.status_code == 201 and [m["user_id"] for m in resp.json()] == [alice.id, bob.id]
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert mm.posts_in(town)[-1].message == "bob added to the team by mockmost-admin."
    assert mm.posts_in(town)[-1].type == "system_add_to_team"
    assert_app_error(
        mm.client.post(f"/teams/{team.id}/members/batch", json=[]),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/channels/api4/team.go", "getTeamMembers")
def test_get_team_members_active_by_user_id(mm, alice, bob, login):
    team = mm.make_team(members=[alice, bob])
    mm.store.teams.leave(team, bob, bob)
    members = login(alice).get(f"/teams/{team.id}/members").json()
    assert [m["user_id"] for m in members] == sorted([alice.id, mm.admin.id])
    assert_app_error(login(bob).get(f"/teams/{team.id}/members"), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/team.go", "getTeamMember")
def test_get_team_member_after_leaving_keeps_roles(mm, alice):
    team = mm.make_team(members=[alice])
    mm.store.teams.leave(team, alice, alice)
    body = mm.client.get(f"/teams/{team.id}/members/{alice.id}").json()
    assert body["delete_at"] > 0 and body["roles"] == "team_user"
    assert_app_error(
        mm.client.get(f"/teams/{team.id}/members/{'u' * 26}"), 404, "app.team.get_member.missing.app_error"
    )


@upstream("server/channels/api4/team.go", "getTeamMembersForUser")
def test_get_team_members_for_user(mm, alice, login):
    team = mm.make_team(members=[alice])
    members = login(alice).get("/users/me/teams/members").json()
    assert [(m["team_id"], m["user_id"]) for m in members] == [(team.id, alice.id)]


@upstream("server/channels/api4/team.go", "getTeamMembersByIds")
def test_get_team_members_by_ids(mm, alice, bob):
    team = mm.make_team(members=[alice])
    body = mm.client.post(f"/teams/{team.id}/members/ids", json=[alice.id, bob.id]).json()
    assert [m["user_id"] for m in body] == [alice.id]
    assert_app_error(
        mm.client.post(f"/teams/{team.id}/members/ids", json=[]),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/channels/app/teams/teams.go", "RemoveTeamMember")
def test_leave_team_drops_channel_memberships(mm, alice, login):
    team = mm.make_team(members=[alice])
    channel = mm.make_channel(team, members=[alice])
    assert login(alice).delete(f"/teams/{team.id}/members/me").json() == {"status": "OK"}
    assert mm.store.channels.member(channel.id, alice.id) is None
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert (mm.posts_in(town)[-1].type, mm.posts_in(town)[-1].message) == (
        "system_leave_team",
        "alice left the team.",
    )
    assert login(alice).get("/users/me/teams").json() == []


@upstream("server/channels/api4/team.go", "removeTeamMember")
def test_remove_team_member_by_admin_and_errors(mm, alice, bob, login):
    team = mm.make_team(members=[alice, bob])
    assert_app_error(
        login(alice).delete(f"/teams/{team.id}/members/{bob.id}"), 403, "api.context.permissions.app_error"
    )
    assert mm.client.delete(f"/teams/{team.id}/members/{bob.id}").status_code == 200
    town = mm.store.channels.find_by_name(team.id, "town-square")
    assert mm.posts_in(town)[-1].type == "system_remove_from_team"
    assert_app_error(
        mm.client.delete(f"/teams/{team.id}/members/{bob.id}"),
        400,
        "api.team.remove_user_from_team.missing.app_error",
    )
    assert_app_error(
        mm.client.delete(f"/teams/{team.id}/members/{'u' * 26}"), 404, "app.user.missing_account.const"
    )


@upstream("server/channels/api4/team.go", "updateTeamMemberRoles")
def test_update_team_member_roles(mm, alice):
    team = mm.make_team(members=[alice])
    url = f"/teams/{team.id}/members/{alice.id}/roles"
    assert mm.client.put(url, json={"roles": "team_user team_admin"}).json() == {"status": "OK"}
    assert mm.store.teams.member(team.id, alice.id).roles == "team_user team_admin"
    assert_app_error(
        mm.client.put(url, json={"roles": "Bad-Role"}), 400, "api.context.invalid_body_param.app_error"
    )


@upstream("server/channels/api4/team.go", "getTeamStats")
def test_get_team_stats(mm, alice, bob):
    team = mm.make_team(members=[alice, bob])
    mm.store.users.set_active(bob, False)
    assert mm.client.get(f"/teams/{team.id}/stats").json() == {
        "team_id": team.id,
        "total_member_count": 3,
        "active_member_count": 2,
    }


@upstream("server/channels/api4/team.go", "getTeamUnread")
def test_get_team_unread(mm, alice, login):
    team = mm.make_team(members=[alice])
    channel = mm.make_channel(team, members=[alice])
    mm.make_post(mm.admin, channel, "hello @alice")
    body = login(alice).get(f"/users/me/teams/{team.id}/unread").json()
    assert body["team_id"] == team.id and body["msg_count"] == 1 and body["mention_count"] == 1
