"""Marking the server busy. Upstream: server/channels/api4/system.go (setServerBusy, getServerBusyExpires,
clearServerBusy; DefaultServerBusySeconds 3600, MaxServerBusySeconds 86400), app/platform/busy.go (ToJSON:
busy, expires in Unix seconds, expires_ts in Go's "Mon Jan 2 15:04:05 -0700 MST 2006"; cleared: the zero
time), wsapi/user.go userTyping (503 server_busy while busy), platform/status.go BroadcastStatus (nothing sent
while busy)."""

from __future__ import annotations

import time

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream
def test_busy_state_round_trip(mm, login):
    idle = mm.client.get("/server_busy").json()
    assert idle == {"busy": False, "expires": -62135596800, "expires_ts": "Mon Jan 1 00:00:00 +0000 UTC 0001"}
    before = int(time.time())
    assert mm.client.post("/server_busy").json() == {"status": "OK"}
    busy = mm.client.get("/server_busy").json()
    assert busy["busy"] is True and before + 3599 <= busy["expires"] <= int(time.time()) + 3600
    assert busy["expires_ts"].endswith(" +0000 UTC " + time.strftime("%Y", time.gmtime(busy["expires"])))
    assert mm.client.post("/server_busy", params={"seconds": 5}).status_code == 200
    assert mm.client.get("/server_busy").json()["expires"] <= int(time.time()) + 5
    assert mm.client.delete("/server_busy").json() == {"status": "OK"}
    assert mm.client.get("/server_busy").json()["busy"] is False
    for bad in ("0", "86401", "soon", "-3"):
        assert_app_error(
            mm.client.post("/server_busy", params={"seconds": bad}),
            400,
            "api.context.invalid_url_param.app_error",
        )
    user = login(mm.make_user("plain"))
    for method in ("GET", "POST", "DELETE"):
        assert_app_error(user.request(method, "/server_busy"), 403, "api.context.permissions.app_error")


@upstream
def test_busy_server_drops_status_broadcasts(mm, login):
    alice = mm.make_user("alice")
    client = login(alice)
    mm.client.post("/server_busy", params={"seconds": 60})
    assert client.put("/users/me/status", json={"user_id": alice.id, "status": "dnd"}).status_code == 200
    assert not [e for e in mm.events_named("status_change") if e.data.get("user_id") == alice.id]
    mm.client.delete("/server_busy")
    client.put("/users/me/status", json={"user_id": alice.id, "status": "away"})
    assert [e for e in mm.events_named("status_change") if e.data.get("user_id") == alice.id]
