"""Store rules for teams and team members, without HTTP. Upstream: app/team.go, app/teams/teams.go."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError

upstream = pytest.mark.upstream


@upstream("server/channels/app/team.go", "CreateTeamWithUser")
def test_create_team_creates_default_channels_and_admin(world, store):
    alice = world.user("alice")
    team = world.team(alice, "myteam")
    assert team.email == alice.email and len(team.invite_id) == 26
    assert {c.name for c in store.channels.team_channels(team.id)} == {"town-square", "off-topic"}
    member = store.teams.member(team.id, alice.id)
    assert member.roles == "team_user team_admin"
    assert store.teams.teams_for_user(alice.id) == [team]


@upstream("server/channels/app/teams/teams.go", "JoinUserToTeam")
def test_create_team_events(world):
    alice = world.user("alice")
    world.events.clear()
    world.team(alice)
    names = world.event_names()
    assert names.count("user_added") == 2 and "added_to_team" in names
    assert names.count("posted") == 2


@upstream("server/public/model/team.go", "IsValid")
def test_create_team_invalid_changes_nothing(world, store):
    alice = world.user("alice")
    before = (dict(store.team_by_id), len(store.channel_by_id), len(world.events))
    with pytest.raises(AppError) as err:
        world.team(alice, "signup-page")
    assert err.value.id == "model.team.is_valid.reserved.app_error"
    assert (dict(store.team_by_id), len(store.channel_by_id), len(world.events)) == before


@upstream("server/channels/app/team.go", "CreateTeam")
def test_create_team_duplicate_name(world):
    alice = world.user("alice")
    world.team(alice, "same")
    with pytest.raises(AppError) as err:
        world.team(alice, "same")
    assert (err.value.status, err.value.id) == (400, "store.sql_team.save_team.existing.app_error")


@upstream("server/channels/app/teams/teams.go", "JoinUserToTeam")
def test_join_is_idempotent_and_rejoin_reactivates(world, store):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    first = store.teams.join(team, bob)
    assert store.teams.join(team, bob) is first
    store.teams.leave(team, bob, bob)
    assert first.delete_at > 0 and store.teams.member(team.id, bob.id) is None
    assert store.teams.member_row(team.id, bob.id).roles == "team_user"
    again = store.teams.join(team, bob)
    assert again is first and again.delete_at == 0


@upstream("server/channels/app/teams/teams.go", "RemoveTeamMember")
def test_leave_team_removes_team_channel_memberships_not_dms(world, store):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    store.teams.join(team, bob)
    channel = world.channel(team, alice)
    store.channels.add_member(channel, bob, bob)
    dm = store.channels.get_or_create_direct(alice, bob, alice.id)
    store.teams.leave(team, bob, bob)
    assert store.channels.member(channel.id, bob.id) is None
    assert store.channels.member(dm.id, bob.id) is not None
    town = store.channels.find_by_name(team.id, "town-square")
    assert store.channels.member(town.id, bob.id) is None


@upstream("server/channels/app/team.go", "LeaveTeam")
def test_leave_team_not_member_is_400(world, store):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    with pytest.raises(AppError) as err:
        store.teams.leave(team, bob, bob)
    assert (err.value.status, err.value.id) == (400, "api.team.remove_user_from_team.missing.app_error")


@upstream("server/channels/app/teams/teams.go", "JoinUserToTeam")
def test_join_full_team_is_400(world, store):
    store.settings.set("TeamSettings.MaxUsersPerTeam", 1)
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    with pytest.raises(AppError) as err:
        store.teams.join(team, bob)
    assert err.value.id == "app.team.join_user_to_team.max_accounts.app_error"


@upstream("server/channels/app/team.go", "PatchTeam")
def test_patch_team_validates_copy_first(world, store):
    alice = world.user("alice")
    team = world.team(alice)
    with pytest.raises(AppError):
        store.teams.patch(team, {"description": "ok", "display_name": ""})
    assert team.description == ""
    store.teams.patch(team, {"description": "ok"})
    assert team.description == "ok" and team.update_at >= team.create_at


@upstream("server/channels/app/team.go", "SoftDeleteTeam")
def test_soft_delete_and_restore(world, store):
    alice = world.user("alice")
    team = world.team(alice)
    store.teams.set_deleted(team, True)
    assert team.delete_at > 0 and store.teams.teams_for_user(alice.id) == []
    store.teams.set_deleted(team, False)
    assert team.delete_at == 0


@upstream("server/channels/app/team.go", "UpdateTeamMemberRoles")
def test_set_member_roles(world, store):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    member = store.teams.join(team, bob)
    store.teams.set_member_roles(member, "team_user team_admin")
    assert member.roles == "team_user team_admin"
    # A scheme-managed role outside the team scheme is refused; an unknown one is not found (teams_members).
    with pytest.raises(AppError) as refused:
        store.teams.set_member_roles(member, "system_user")
    assert refused.value.id == "api.channel.update_team_member_roles.scheme_role.app_error"
    with pytest.raises(AppError) as unknown:
        store.teams.set_member_roles(member, "team_user nope_role")
    assert unknown.value.id == "app.role.get_by_name.app_error"


@upstream("server/channels/app/team.go", "JoinDefaultChannels")
def test_default_channel_join_leave_posts_follow_setting(world, store):
    store.settings.set("ServiceSettings.ExperimentalEnableDefaultChannelLeaveJoinMessages", False)
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    store.teams.join(team, bob)
    store.teams.leave(team, bob, bob)
    town = store.channels.find_by_name(team.id, "town-square")
    assert store.channel_posts[town.id].ids() == []
    assert store.channels.member(town.id, alice.id) is not None
