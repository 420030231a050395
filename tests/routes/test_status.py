"""Statuses, custom statuses and typing over REST.

Upstream: server/channels/api4/status.go, app/status.go, app/platform/status.go, model/status.go,
model/custom_status.go, api4/user.go publishUserTyping.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
STATUS_KEYS = ["user_id", "status", "manual", "last_activity_at", "dnd_end_time"]


@pytest.fixture
def room(mm, login):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team("eng", members=[alice, bob])
    channel = mm.make_channel(team, "general", members=[alice, bob])
    return SimpleNamespace(
        mm=mm, alice=alice, bob=bob, team=team, channel=channel, a=login(alice), b=login(bob)
    )


@upstream("server/channels/api4/status.go", "getUserStatus")
def test_get_status_of_a_user_never_seen_is_offline(room):
    resp = room.b.get(f"/users/{room.alice.id}/status")
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == STATUS_KEYS
    assert body == {
        "user_id": room.alice.id,
        "status": "offline",
        "manual": False,
        "last_activity_at": 0,
        "dnd_end_time": 0,
    }
    # any well-formed id answers, existing or not
    assert room.b.get(f"/users/{'x' * 26}/status").json()["status"] == "offline"
    assert_app_error(room.b.get("/users/nope/status"), 400, "api.context.invalid_url_param.app_error")


@upstream("server/channels/api4/status.go", "updateUserStatus")
@pytest.mark.parametrize("wanted", ["online", "away", "offline", "dnd"])
def test_update_own_status(room, wanted):
    resp = room.a.put("/users/me/status", json={"user_id": room.alice.id, "status": wanted})
    assert resp.status_code == 200
    body = resp.json()
    assert body["status"] == wanted and body["user_id"] == room.alice.id
    assert body["manual"] is (
        wanted != "online"
    )  # online is never manual (platform/status.go SetStatusOnline)
    assert room.a.get("/users/me/status").json() == body
    events = [e for e in room.mm.events if e.name == "status_change"]
    assert events[-1].data == {"status": wanted, "user_id": room.alice.id}
    assert events[-1].broadcast.user_id == room.alice.id


@upstream("server/channels/app/platform/status.go", "SetStatusDoNotDisturbTimed")
def test_dnd_end_time_truncated_to_the_minute(room):
    resp = room.a.put(
        f"/users/{room.alice.id}/status",
        json={"user_id": room.alice.id, "status": "dnd", "dnd_end_time": 4102444859},
    )
    assert resp.json()["dnd_end_time"] == 4102444800


@upstream("server/channels/api4/status.go", "updateUserStatus")
def test_update_status_refusals(room):
    me = f"/users/{room.alice.id}/status"
    assert_app_error(
        room.a.put(me, json={"user_id": room.bob.id, "status": "online"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    body = assert_app_error(
        room.a.put(me, json={"user_id": room.alice.id, "status": "ooo"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert body["message"] == "Invalid or missing status in request body."
    assert_app_error(room.a.put(me, content=b"{bad"), 400, "api.context.invalid_body_param.app_error")
    assert_app_error(
        room.a.put(me, json={"user_id": room.alice.id, "status": 5}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        room.b.put(me, json={"user_id": room.alice.id, "status": "away"}),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/app/platform/status.go", "SetStatusOnline")
def test_manual_status_survives_automatic_activity(room):
    room.a.put("/users/me/status", json={"user_id": room.alice.id, "status": "away"})
    room.mm.store.statuses.set_online(room.alice.id, manual=False)  # what a WebSocket connect does
    assert room.a.get("/users/me/status").json()["status"] == "away"


@upstream("server/channels/api4/status.go", "getUserStatusesByIds")
def test_statuses_by_ids_sorted_known_first(room):
    room.mm.store.statuses.set_online(room.bob.id, manual=False)
    unknown = "0" * 26
    resp = room.a.post("/users/status/ids", json=[room.alice.id, room.bob.id, unknown, room.bob.id])
    assert resp.status_code == 200
    assert [(s["user_id"], s["status"]) for s in resp.json()] == [
        (room.bob.id, "online"),
        *sorted([(room.alice.id, "offline"), (unknown, "offline")]),
    ]
    assert_app_error(
        room.a.post("/users/status/ids", json=["short"]), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        room.a.post("/users/status/ids", json=[]), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(room.a.post("/users/status/ids", json={"a": 1}), 400, "api.payload.parse.error")
    # Observed on 11.2: an empty body is io.EOF (a parse error); JSON null is an empty list.
    assert_app_error(room.a.post("/users/status/ids", content=b""), 400, "api.payload.parse.error")
    assert_app_error(
        room.a.post("/users/status/ids", content=b"null"), 400, "api.context.invalid_body_param.app_error"
    )


@upstream("server/channels/app/status.go", "SetCustomStatus")
def test_custom_status_set_read_back_and_recent(room):
    resp = room.a.put("/users/me/status/custom", json={"emoji": "calendar", "text": "In a meeting"})
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    user = room.a.get("/users/me").json()
    assert json.loads(user["props"]["customStatus"]) == {
        "emoji": "calendar",
        "text": "In a meeting",
        "duration": "",
        "expires_at": "0001-01-01T00:00:00Z",
    }
    recent = room.a.get("/users/me/preferences/custom_status/name/recent_custom_statuses").json()
    assert json.loads(recent["value"])[0]["text"] == "In a meeting"
    assert any(e.name == "user_updated" for e in room.mm.events)
    assert room.a.delete("/users/me/status/custom").json() == {"status": "OK"}
    assert room.a.get("/users/me").json()["props"]["customStatus"] == ""


@upstream("server/channels/api4/status.go", "updateUserCustomStatus")
def test_custom_status_refusals(room):
    path = f"/users/{room.alice.id}/status/custom"
    assert_app_error(
        room.a.put(path, json={"emoji": "", "text": ""}), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        room.a.put(path, json={"text": "x", "duration": "forever"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        room.a.put(path, json={"text": "x", "expires_at": "2001-01-01T00:00:00Z", "duration": "one_hour"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        room.a.put(path, json={"emoji": "no_such_emoji_here", "text": "x"}),
        400,
        "api.custom_status.set_custom_statuses.emoji_not_found",
    )
    assert_app_error(room.b.put(path, json={"text": "x"}), 403, "api.context.permissions.app_error")
    room.mm.set_config("TeamSettings.EnableCustomUserStatuses", False)
    assert_app_error(room.a.put(path, json={"text": "x"}), 501, "api.custom_status.disabled")


@upstream("server/channels/app/status.go", "RemoveRecentCustomStatus")
@pytest.mark.parametrize("method", ["delete", "post"])
def test_remove_recent_custom_status(room, method):
    room.a.put("/users/me/status/custom", json={"emoji": "calendar", "text": "busy"})
    room.a.put(
        "/users/me/status/custom",
        json={"text": "lunch", "duration": "one_hour", "expires_at": "2099-01-01T10:00:00Z"},
    )
    path = "/users/me/status/custom/recent" + ("/delete" if method == "post" else "")
    entry = {"emoji": "calendar", "text": "busy", "duration": "", "expires_at": "0001-01-01T00:00:00Z"}
    resp = room.a.request(method.upper(), path, json=entry)
    assert resp.status_code == 200, resp.text
    recent = room.a.get("/users/me/preferences/custom_status/name/recent_custom_statuses").json()
    assert [r["text"] for r in json.loads(recent["value"])] == ["lunch"]
    again = room.a.request(method.upper(), path, json=entry)
    assert_app_error(again, 400, "api.custom_status.recent_custom_statuses.delete.app_error")


@upstream("server/channels/api4/user.go", "publishUserTyping")
def test_publish_user_typing(room):
    resp = room.a.post(
        f"/users/{room.alice.id}/typing", json={"channel_id": room.channel.id, "parent_id": ""}
    )
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    event = [e for e in room.mm.events if e.name == "typing"][-1]
    assert event.data == {"parent_id": "", "user_id": room.alice.id}
    assert event.broadcast.channel_id == room.channel.id and event.broadcast.omit_users == {room.alice.id}


@upstream("server/channels/api4/user.go", "publishUserTyping")
def test_publish_user_typing_refusals(room):
    assert_app_error(
        room.a.post(f"/users/{room.bob.id}/typing", json={"channel_id": room.channel.id}),
        403,
        "api.context.permissions.app_error",
    )
    private = room.mm.make_channel(room.team, "hidden", channel_type="P")
    assert_app_error(
        room.a.post(f"/users/{room.alice.id}/typing", json={"channel_id": private.id}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        room.a.post(f"/users/{room.alice.id}/typing", content=b"[1]"),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert not [e for e in room.mm.events if e.name == "typing"]
    # an admin may publish for someone else, who must be able to post there
    admin = room.mm.client
    assert admin.post(f"/users/{room.bob.id}/typing", json={"channel_id": room.channel.id}).status_code == 200


@upstream("server/channels/api4/post.go", "createPost")
def test_posting_sets_the_poster_online_unless_asked_not_to(room):
    room.b.post("/posts?set_online=false", json={"channel_id": room.channel.id, "message": "quiet"})
    assert room.b.get("/users/me/status").json()["status"] == "offline"
    room.b.post("/posts", json={"channel_id": room.channel.id, "message": "hello"})
    status = room.b.get("/users/me/status").json()
    assert status["status"] == "online" and status["manual"] is False and status["last_activity_at"] > 0


@upstream("server/channels/app/platform/status.go", "GetUserStatusesByIds")
def test_statuses_disabled(room):
    room.mm.set_config("ServiceSettings.EnableUserStatuses", False)
    assert_app_error(room.a.get("/users/me/status"), 404, "api.status.user_not_found.app_error")
    assert room.a.post("/users/status/ids", json=[room.alice.id]).json() == []
