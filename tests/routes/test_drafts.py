"""Drafts rules not in the parity scenario: the message length limit (the Postgres column VARCHAR(65535) over
four bytes a rune: 16383; 16384 answered 500 app.draft.save.app_error on the real 11.2), the setting, drafts
gone with a deleted thread root."""

from __future__ import annotations

import pytest

from mockmost.testing import MockMattermost

upstream = pytest.mark.upstream


@pytest.fixture
def alice_room(mock_mattermost: MockMattermost):
    mm = mock_mattermost
    alice = mm.make_user("alice")
    team = mm.make_team("eng", members=[alice])
    channel = mm.make_channel(team, "general", members=[alice])
    api = mm.client_for(mm.make_token(alice))
    yield mm, alice, team, channel, api
    api.close()


@upstream("server/channels/store/sqlstore/draft_store.go", "determineMaxDraftSize")
def test_message_length_limit(alice_room) -> None:
    _, _, _, channel, api = alice_room
    assert api.post("/drafts", json={"channel_id": channel.id, "message": "é" * 16383}).status_code == 201
    too_long = api.post("/drafts", json={"channel_id": channel.id, "message": "a" * 16384})
    assert too_long.status_code == 500
    assert too_long.json()["id"] == "app.draft.save.app_error"
    assert too_long.json()["message"] == "Unable to save the Draft."


@upstream("server/channels/api4/drafts.go", "upsertDraft")
def test_setting_off_refuses_and_on_again_keeps_rows(alice_room) -> None:
    mm, alice, team, channel, api = alice_room
    assert api.post("/drafts", json={"channel_id": channel.id, "message": "kept"}).status_code == 201
    mm.set_config("ServiceSettings.AllowSyncedDrafts", False)
    off = api.get(f"/users/{alice.id}/teams/{team.id}/drafts")
    assert off.status_code == 501 and off.json()["message"] == "Drafts feature is disabled."
    mm.set_config("ServiceSettings.AllowSyncedDrafts", True)
    assert [d["message"] for d in api.get(f"/users/{alice.id}/teams/{team.id}/drafts").json()] == ["kept"]


@upstream("server/channels/app/post.go", "deleteDraftsAssociatedWithPost")
def test_deleting_the_root_deletes_its_thread_drafts(alice_room) -> None:
    _, alice, team, channel, api = alice_room
    root = api.post("/posts", json={"channel_id": channel.id, "message": "root"}).json()
    saved = api.post("/drafts", json={"channel_id": channel.id, "root_id": root["id"], "message": "r"})
    assert saved.status_code == 201
    assert len(api.get(f"/users/{alice.id}/teams/{team.id}/drafts").json()) == 1
    assert api.delete(f"/posts/{root['id']}").status_code == 200
    assert api.get(f"/users/{alice.id}/teams/{team.id}/drafts").json() is None
