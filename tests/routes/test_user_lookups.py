"""Users through group messages, and a user's upload sessions. Upstream: server/channels/api4/user.go
(getUsersByGroupChannelIds, getUploadsForUser), store/sqlstore/user_store.go
GetProfileByGroupChannelIdsForUser (members other than the caller, by username, groups the caller is in),
upload_session_store.go GetForUser (CreateAt ascending)."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def people(mm):
    return [mm.make_user(name) for name in ("zoe", "alice", "bob", "carol")]


@upstream
def test_group_channel_members_by_channel(mm, login, people):
    zoe, alice, bob, carol = people
    group = mm.store.channels.get_or_create_group([zoe, alice, bob], zoe.id)
    other = mm.store.channels.get_or_create_group([alice, bob, carol], alice.id)
    direct = mm.make_direct_channel(zoe, alice)
    client = login(zoe)
    reply = client.post("/users/group_channels", json=[group.id, other.id, direct.id, "u" * 26])
    assert reply.status_code == 200
    body = reply.json()
    # Only group messages zoe belongs to; the caller is left out; members sorted by username.
    assert list(body) == [group.id]
    assert [u["username"] for u in body[group.id]] == ["alice", "bob"]
    # Profiles are sanitised as in any list of other users (app.sanitizeProfiles, as /users/ids does).
    same_view = client.post("/users/ids", json=[alice.id, bob.id]).json()
    assert body[group.id] == sorted(same_view, key=lambda u: u["username"])
    assert all("password" not in u for u in body[group.id])


@upstream
def test_group_channel_members_bad_bodies(mm, login, people):
    client = login(people[0])
    for body in (b"[]", b"{}", b"nope", b"[1]"):
        assert_app_error(client.post("/users/group_channels", content=body), 400, "api.payload.parse.error")


@upstream
def test_uploads_for_user_only_own(mm, login, people):
    zoe, alice = people[0], people[1]
    team = mm.make_team("uploads", members=[zoe, alice])
    channel = mm.make_channel(team, "files", members=[zoe, alice])
    client = login(zoe)
    first = client.post("/uploads", json={"channel_id": channel.id, "filename": "a.txt", "file_size": 10})
    second = client.post("/uploads", json={"channel_id": channel.id, "filename": "b.txt", "file_size": 20})
    assert first.status_code == second.status_code == 201
    listed = client.get("/users/me/uploads").json()
    assert [u["id"] for u in listed] == [first.json()["id"], second.json()["id"]]
    assert login(alice).get(f"/users/{alice.id}/uploads").json() == []
    assert_app_error(
        login(alice).get(f"/users/{zoe.id}/uploads"), 403, "api.user.get_uploads_for_user.forbidden.app_error"
    )


@upstream
def test_channel_members_with_team_data(mm, login, people):
    import json

    zoe, alice = people[0], people[1]
    team = mm.make_team("withdata", members=[zoe, alice])
    direct = mm.make_direct_channel(zoe, alice)
    client = login(zoe)
    rows = client.get(f"/users/{zoe.id}/channel_members", params={"per_page": 200}).json()
    # Ordered by channel id; team data joined (empty for DMs); sanitised for the caller.
    assert [r["channel_id"] for r in rows] == sorted(r["channel_id"] for r in rows)
    town = next(
        r for r in rows if r["channel_id"] == mm.store.channels.find_by_name(team.id, "town-square").id
    )
    assert (town["team_name"], town["team_display_name"], town["team_update_at"]) == (
        "withdata",
        team.display_name,
        team.update_at,
    )
    dm = next(r for r in rows if r["channel_id"] == direct.id)
    assert (dm["team_name"], dm["team_update_at"]) == ("", 0)
    assert len(client.get(f"/users/{zoe.id}/channel_members", params={"per_page": 1, "page": 1}).json()) == 1
    # page=-1 streams every membership as NDJSON.
    stream = client.get(f"/users/{zoe.id}/channel_members", params={"page": -1})
    assert stream.headers["content-type"] == "application/x-ndjson"
    assert [json.loads(line)["channel_id"] for line in stream.text.splitlines()] == [
        r["channel_id"] for r in rows
    ]
    assert_app_error(
        login(alice).get(f"/users/{zoe.id}/channel_members"), 403, "api.context.permissions.app_error"
    )
    loner = mm.make_user("loner")
    assert login(loner).get("/users/me/channel_members").json() == []
    assert_app_error(
        login(loner).get("/users/me/channel_members", params={"page": -1}),
        404,
        "app.channel.get_member.missing.app_error",
    )
