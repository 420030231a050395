"""POST /channels/{id}/move: what the channels_move parity scenario cannot observe on a shared server (the
system admin's audit rows) or cannot set up (town-square, whose name every team already has). Upstream:
server/channels/api4/channel.go moveChannel, app/channel.go RemoveUsersFromChannelNotMemberOfTeam and
removeUserFromChannel (the default channel keeps its non-guest members)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream("server/channels/api4/channel.go", "moveChannel")
def test_a_move_is_audited_channel_then_team(mm):
    alice = mm.make_user("alice")
    first = mm.make_team("first", members=[alice])
    second = mm.make_team("second", members=[alice])
    channel = mm.make_channel(first, "room", members=[alice])
    reply = mm.client.post(f"/channels/{channel.id}/move", json={"team_id": second.id, "force": False})
    assert reply.status_code == 200
    assert reply.json()["team_id"] == second.id
    rows = [(a["action"], a["extra_info"]) for a in mm.client.get(f"/users/{mm.admin.id}/audits").json()]
    path = f"/api/v4/channels/{channel.id}/move"
    assert rows[:2] == [(path, "team=second"), (path, "channel=room")]


@upstream("server/channels/app/channel.go", "removeUserFromChannel")
def test_force_cannot_drop_a_member_of_the_default_channel(mm):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    first = mm.make_team("first", members=[alice, bob])
    second = mm.make_team("second", members=[alice])
    town = mm.store.channels.find_by_name(first.id, "town-square")
    assert bob.id in mm.store.channels.member_ids(town.id)
    reply = mm.client.post(f"/channels/{town.id}/move", json={"team_id": second.id, "force": True})
    assert_app_error(reply, 400, "api.channel.remove.default.app_error")
    assert town.team_id == first.id
