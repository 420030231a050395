"""Channel lookups across teams. Upstream: server/channels/api4/channel.go (getAllChannels,
searchAllChannels, searchGroupChannels, getChannelMembersTimezones), store/sqlstore/channel_store.go
(getAllChannelsQuery, searchGroupChannelsQuery), app/channel.go (GetChannelMembersTimezones)."""

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
def carol(mm):
    return mm.make_user("carol")


@pytest.fixture
def teams(mm, alice, bob):
    """Two teams: Zeta with a public and a private channel, Alpha with an archived one."""
    zeta = mm.make_team("zeta", members=[alice, bob])
    alpha = mm.make_team("alpha", members=[alice])
    mm.make_channel(zeta, "builds", members=[alice])
    mm.make_channel(zeta, "hidden", members=[alice], channel_type="P")
    gone = mm.make_channel(alpha, "archive-me", members=[alice])
    mm.store.channels.archive(gone, mm.admin)
    return zeta, alpha


@upstream
def test_all_channels_admin_only(mm, login, alice, teams):
    # getAllChannels needs a system console permission: 403 api.context.permissions.app_error for a user.
    assert_app_error(login(alice).get("/channels"), 403, "api.context.permissions.app_error")


@upstream
def test_all_channels_lists_public_and_private_of_every_team_with_team_data(mm, teams):
    zeta, alpha = teams
    reply = mm.client.get("/channels", params={"per_page": 200})
    assert reply.status_code == 200
    rows = reply.json()
    # Type IN (P, O), DeleteAt = 0, ordered by channel display name then team display name.
    assert [r["display_name"] for r in rows] == sorted(r["display_name"] for r in rows)
    names = {(r["team_name"], r["name"]) for r in rows}
    assert ("zeta", "builds") in names and ("zeta", "hidden") in names
    assert ("alpha", "archive-me") not in names
    assert all(r["type"] in ("O", "P") for r in rows)
    builds = next(r for r in rows if r["name"] == "builds")
    assert builds["team_display_name"] == zeta.display_name
    assert builds["team_update_at"] == zeta.update_at
    assert builds["policy_id"] is None


@upstream
def test_all_channels_total_count_deleted_and_default_filters(mm, teams):
    everything = mm.client.get(
        "/channels", params={"include_deleted": "true", "per_page": 2, "include_total_count": "true"}
    ).json()
    # ChannelsWithCount {channels, total_count}; total counts every match, not the page.
    assert set(everything) == {"channels", "total_count"}
    assert len(everything["channels"]) == 2
    all_rows = mm.client.get("/channels", params={"include_deleted": "true", "per_page": 200}).json()
    assert everything["total_count"] == len(all_rows)
    assert "archive-me" in {r["name"] for r in all_rows}
    # exclude_default_channels drops TeamSettings.ExperimentalDefaultChannels (town-square, off-topic).
    rows = mm.client.get("/channels", params={"exclude_default_channels": "true", "per_page": 200}).json()
    assert not {r["name"] for r in rows} & {"town-square", "off-topic"}


@upstream
def test_search_all_channels_console_and_user_modes(mm, login, alice, bob, teams):
    found = mm.client.post("/channels/search", json={"term": "buil"}).json()
    assert [r["name"] for r in found] == ["builds"]
    assert found[0]["team_name"] == "zeta"
    paged = mm.client.post("/channels/search", json={"term": "", "page": 0, "per_page": 1, "private": True})
    assert paged.json()["total_count"] >= 1 and all(c["type"] == "P" for c in paged.json()["channels"])
    # A plain user: the console search is 403; system_console=false searches the user's own channels.
    assert_app_error(
        login(bob).post("/channels/search", json={"term": "hid"}), 403, "api.context.permissions.app_error"
    )
    mine = login(bob).post("/channels/search?system_console=false", json={"term": "hid"})
    assert mine.status_code == 200 and mine.json() == []
    mine = login(alice).post("/channels/search?system_console=false", json={"term": "hid"}).json()
    assert [c["name"] for c in mine] == ["hidden"]
    assert "team_name" not in mine[0]


@upstream
def test_search_bodies_decoded_as_channel_search(mm):
    # json.Decode into *model.ChannelSearch: null or wrong types → 400 invalid param channel_search.
    for body in (b"null", b"[]", b'{"term": 5}', b'{"page": "1"}', b"{nope"):
        reply = mm.client.post("/channels/search", content=body)
        assert_app_error(reply, 400, "api.context.invalid_body_param.app_error")
    # A system_console value strconv.ParseBool refuses: SetInvalidParam, the body-param id.
    reply = mm.client.post("/channels/search?system_console=maybe", json={"term": "x"})
    assert_app_error(reply, 400, "api.context.invalid_body_param.app_error")


@upstream
def test_search_group_channels_matches_member_usernames(mm, login, alice, bob, carol):
    group = mm.store.channels.get_or_create_group([alice, bob, carol], alice.id)
    client = login(alice)
    assert [c["id"] for c in client.post("/channels/group/search", json={"term": "car bo"}).json()] == [
        group.id
    ]
    assert client.post("/channels/group/search", json={"term": "dave"}).json() == []
    # An empty term finds nothing (app.SearchGroupChannels).
    assert client.post("/channels/group/search", json={"term": ""}).json() == []
    outsider = login(mm.make_user("dave"))
    assert outsider.post("/channels/group/search", json={"term": "alice"}).json() == []


@upstream
def test_channel_members_timezones(mm, login, alice, bob, teams):
    zeta, _ = teams
    channel = mm.make_channel(zeta, "zones", members=[alice, bob])
    client = login(alice)
    # Fresh users have no timezone at all: nothing to report is JSON null (ArrayToJSON of a nil slice).
    reply = client.get(f"/channels/{channel.id}/timezones")
    assert reply.status_code == 200 and reply.json() is None
    mm.store.users.patch(
        alice,
        {
            "timezone": {
                "useAutomaticTimezone": "true",
                "automaticTimezone": "Europe/Paris",
                "manualTimezone": "",
            }
        },
    )
    mm.store.users.patch(
        bob,
        {
            "timezone": {
                "useAutomaticTimezone": "false",
                "automaticTimezone": "Asia/Tokyo",
                "manualTimezone": "America/Denver",
            }
        },
    )
    assert client.get(f"/channels/{channel.id}/timezones").json() == ["America/Denver", "Europe/Paris"]
    # Unknown channel: 403 even for an admin (SessionHasPermissionToChannel is false for a missing channel).
    assert_app_error(
        mm.client.get(f"/channels/{'x' * 26}/timezones"), 403, "api.context.permissions.app_error"
    )
    outsider = login(mm.make_user("erin"))
    private = mm.make_channel(zeta, "closed", members=[alice], channel_type="P")
    assert_app_error(
        outsider.get(f"/channels/{private.id}/timezones"), 403, "api.context.permissions.app_error"
    )


@upstream
def test_common_teams_of_a_group_message(mm, login, alice, bob, carol):
    both = mm.make_team("both", members=[alice, bob, carol])
    mm.make_team("partial", members=[alice, bob])
    group = mm.store.channels.get_or_create_group([alice, bob, carol], alice.id)
    client = login(alice)
    teams = client.get(f"/channels/{group.id}/common_teams").json()
    assert [t["name"] for t in teams] == ["both"] and teams[0]["id"] == both.id
    # Only DMs and GMs: another channel is a 400; an unknown one a 403 (permission through the channel).
    town = mm.store.channels.find_by_name(both.id, "town-square")
    assert_app_error(
        client.get(f"/channels/{town.id}/common_teams"),
        400,
        "app.channel.get_common_teams.incorrect_channel_type",
    )
    assert_app_error(
        client.get(f"/channels/{'q' * 26}/common_teams"), 403, "api.context.permissions.app_error"
    )
    outsider = login(mm.make_user("outsider"))
    assert_app_error(
        outsider.get(f"/channels/{group.id}/common_teams"), 403, "api.context.permissions.app_error"
    )


@upstream
def test_autocomplete_for_search_covers_own_channels_groups_and_dms(mm, login, alice, bob, carol):
    team = mm.make_team("searchy", members=[alice, bob])
    mm.make_channel(team, "release-notes", members=[alice], display_name="Release Notes")
    mm.make_channel(team, "releases-private", members=[bob], channel_type="P")
    archived = mm.make_channel(team, "old-release", members=[alice])
    mm.store.channels.archive(archived, mm.admin)
    direct = mm.make_direct_channel(alice, bob)
    group = mm.store.channels.get_or_create_group([alice, bob, carol], alice.id)
    client = login(alice)
    url = f"/teams/{team.id}/channels/search_autocomplete"
    names = [c["name"] for c in client.get(url, params={"name": "releas"}).json()]
    # Only alice's channels; archived ones included (includeDeleted = true).
    assert set(names) == {"release-notes", "old-release"}
    dms = client.get(url, params={"name": "bo"}).json()
    assert direct.id in [c["id"] for c in dms]
    assert next(c for c in dms if c["id"] == direct.id)["display_name"] == "bob"
    everything = [c["id"] for c in client.get(url).json()]
    assert group.id in everything and direct.id in everything
