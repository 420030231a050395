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
