"""Synced drafts through real clients: a draft saved with mattermostdriver's REST client reaches the same
user's other WebSocket connections as draft_created (data "draft" a JSON string), never another user's; the
connection named by the Connection-Id header is left out (broadcast.omit_connection_id); a delete sends
draft_deleted. Observed on the real 11.2 (tests/parity/snapshots/drafts_sync.json) and read in
server/channels/app/draft.go (UpsertDraft, DeleteDraft).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from mattermostdriver import Driver

from mockmost.testing import MockMattermost
from tests.clients.test_ws_clients import Listener, _run_loop

upstream = pytest.mark.upstream


def _driver(mm: MockMattermost, token: str) -> Driver:
    driver = Driver(
        {
            "url": mm.host,
            "port": mm.port,
            "scheme": "http",
            "basepath": "/api/v4",
            "token": token,
            "keepalive": True,
            "keepalive_delay": 0.2,
            "timeout": 2,
        }
    )
    driver.login()
    return driver


def _socket(mm: MockMattermost, token: str) -> tuple[Driver, Listener, str]:
    driver = _driver(mm, token)
    listener = Listener()
    listener.start(_run_loop(lambda: driver.init_websocket(listener.handler)))
    connection_id = listener.event("hello")["data"]["connection_id"]
    return driver, listener, connection_id


def _draft_events(listener: Listener, name: str) -> dict[str, Any]:
    return listener.wait(lambda m: m.get("event") == name)


@upstream("server/channels/app/draft.go", "UpsertDraft")
@upstream("server/channels/app/draft.go", "DeleteDraft")
def test_draft_saved_by_rest_is_synced_to_the_second_connection(mock_mattermost: MockMattermost) -> None:
    mm = mock_mattermost
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team("eng", members=[alice, bob])
    channel = mm.make_channel(team, "general", members=[alice, bob])
    alice_token, bob_token = mm.make_token(alice), mm.make_token(bob)
    sockets = [_socket(mm, alice_token), _socket(mm, alice_token), _socket(mm, bob_token)]
    (_, first, first_id), (_, second, _), (_, bob_socket, _) = sockets
    rest = _driver(mm, alice_token)
    try:
        saved = rest.client.post("/drafts", options={"channel_id": channel.id, "message": "half"})
        assert saved["message"] == "half" and saved["user_id"] == alice.id and saved["metadata"] == {}

        event = _draft_events(second, "draft_created")
        assert isinstance(event["data"]["draft"], str)  # a JSON string, as the server sends it
        assert json.loads(event["data"]["draft"]) == saved
        assert event["broadcast"]["user_id"] == alice.id and event["broadcast"]["channel_id"] == channel.id
        assert _draft_events(first, "draft_created")["data"] == event["data"]

        # Saved from the first connection (Connection-Id): only the second hears it.
        api = mm.client_for(alice_token)
        reply = api.post(
            "/drafts",
            json={"channel_id": channel.id, "message": "whole thought"},
            headers={"Connection-Id": first_id},
        )
        assert reply.status_code == 201
        update = second.wait(
            lambda m: m.get("event") == "draft_created" and "whole thought" in m["data"]["draft"]
        )
        assert update["broadcast"]["omit_connection_id"] == first_id

        listed = rest.client.get(f"/users/{alice.id}/teams/{team.id}/drafts")
        assert [d["message"] for d in listed] == ["whole thought"]

        assert rest.client.delete(f"/users/{alice.id}/channels/{channel.id}/drafts") == {"status": "OK"}
        deleted = _draft_events(second, "draft_deleted")
        assert json.loads(deleted["data"]["draft"])["message"] == "whole thought"
        assert "metadata" not in json.loads(deleted["data"]["draft"])  # the stored row, not the answer
        # The first connection's next draft event after the first one is the delete: the update skipped it.
        _draft_events(first, "draft_deleted")
        assert [m["event"] for m in first.all if m.get("event", "").startswith("draft_")] == [
            "draft_created",
            "draft_deleted",
        ]
        # Bob shares the channel but hears nothing of Alice's drafts.
        assert not any(m.get("event", "").startswith("draft_") for m in bob_socket.all)
        while not bob_socket.messages.empty():
            assert not bob_socket.messages.get().get("event", "").startswith("draft_")
        api.close()
    finally:
        for driver, _, _ in sockets:
            driver.websocket.disconnect()
        mm._state.hub.drop()
        for _, listener, _ in sockets:
            assert listener.thread is not None
            listener.thread.join(timeout=10)
