"""Mattermost's official JS driver (npm @mattermost/client Client4) under Node on bots, collapsed threads,
post search, ephemeral posts, set_unread and reminders, against mockmost on a real socket.

Upstream: server/channels/api4/bot.go, api4/user.go (thread handlers), api4/post.go (searchPosts,
createEphemeralPost, setPostUnread, setPostReminder).
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.clients import ensure_js_client

JS = Path(__file__).resolve().parent / "js"
upstream = pytest.mark.upstream


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the official JS driver cannot run")
    ensure_js_client(JS)
    return node


@upstream("server/channels/api4/bot.go", "createBot")
def test_client4_bots_threads_search_ephemeral(node, mock_mattermost):
    mm = mock_mattermost
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team("js", members=[alice, bob])
    channel = mm.make_channel(team, "harbour", members=[alice, bob])
    root = mm.make_post(alice, channel, "where is the lighthouse?")
    reply = mm.make_post(bob, channel, "past the pier", root=root)
    args = [mm.url, mm.admin_token, mm.make_token(alice), alice.id, team.id, channel.id, root.id, reply.id]
    done = subprocess.run(
        [node, str(JS / "bots_threads.js"), *args], capture_output=True, text=True, timeout=60
    )
    steps = {
        s["step"]: s for s in (json.loads(line) for line in done.stdout.splitlines() if line.startswith("{"))
    }
    failed = [s for s in steps.values() if not s["ok"]]
    assert not failed and done.returncode == 0, f"{failed or done.stdout}\n{done.stderr[-2000:]}"
    bot_id = steps["create_bot"]["user_id"]
    assert steps["create_bot"]["username"] == "jsbot" and steps["create_bot"]["owner_id"] == mm.admin.id
    assert steps["patch_bot"]["description"] == "patched" and steps["get_bots"]["ids"] == [bot_id]
    assert steps["disable_bot"]["delete_at"] > 0 and steps["orphaned_bots"]["count"] == 1
    # app/permissions_migrations.go: bot permissions belong to system admins only
    assert steps["create_bot_refused"]["status_code"] == 403
    assert steps["create_bot_refused"]["server_error_id"] == "api.context.permissions.app_error"
    assert steps["user_threads"] == {
        "step": "user_threads",
        "ok": True,
        "total": 1,
        "unread": 1,
        "id": root.id,
        "reply_count": 1,
        "participants": ["bob"],
    }
    assert steps["read_thread"]["unread_replies"] == 0 and steps["unread_thread"]["unread_replies"] == 1
    assert steps["get_thread"]["id"] == root.id and steps["unfollow"]["status"] == "OK"
    assert steps["threads_after_unfollow"]["total"] == 0
    assert steps["search"]["order"] == [root.id] and steps["search"]["matches"] is None
    assert steps["search_all_teams"]["order"] == [root.id]
    assert (
        steps["ephemeral"]["type"] == "system_ephemeral"
        and steps["ephemeral"]["id"] not in mm.store.post_by_id
    )
    assert steps["set_unread"] == {
        "step": "set_unread",
        "ok": True,
        "channel_id": channel.id,
        "last_viewed_at": root.create_at - 1,
    }
    assert steps["reminder"]["status"] == "OK" and (root.id, alice.id) in mm.store.post_reminders
