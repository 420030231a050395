"""The official JS WebSocketClient (@mattermost/client from npm) under Node against a real mockmost socket:
hello, the authentication reply, posted after a REST post (Client4), typing, reconnection (a fresh
connection with a new hello when the token came by challenge; a resumed one when it came in the header).

Upstream: server/channels/api4/websocket.go, app/platform/web_conn.go, websocket_router.go.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

JS = Path(__file__).resolve().parent / "js"
upstream = pytest.mark.upstream

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not (JS / "node_modules" / "@mattermost" / "client").exists(),
    reason="node or tests/clients/js/node_modules missing: run `npm ci` in tests/clients/js",
)


def _seqs_ok(events: list[list]) -> bool:
    """The JS client reconnects when a seq is not the one it expects; each connection counts from 0."""
    expected = 0
    for name, seq in events:
        if name == "hello":
            expected = seq
        if seq != expected:
            return False
        expected += 1
    return True


@upstream("server/channels/app/platform/web_conn.go", "writePump")
def test_js_websocket_client(mock_mattermost):
    mm = mock_mattermost
    alice = mm.make_user("alice")
    bot, bot_token = mm.make_bot("jsbot")
    team = mm.make_team("eng", members=[alice, bot])
    channel = mm.make_channel(team, "general", members=[alice, bot])
    proc = subprocess.run(
        ["node", "ws_client.js", mm.url, bot_token, mm.make_token(alice), channel.id, alice.id],
        cwd=JS,
        capture_output=True,
        text=True,
        timeout=60,
    )
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    assert proc.returncode == 0 and "error" not in out, (out, proc.stderr)
    assert out["auth"] == {"status": "OK", "seq_reply": 1}
    assert out["typingReply"] == {"status": "OK", "seq_reply": 3}  # after the challenge (1) and the ping (2)
    assert out["typing"]["data"] == {"parent_id": "", "user_id": alice.id}
    assert set(out["helloB"]) == {"connection_id", "server_hostname", "server_version"}
    challenged, headed = out["challenged"], out["headed"]
    # by challenge: the reconnect is a new connection (new id, a missed-message callback, seq from 0 again)
    assert len(challenged["hellos"]) == 2 and challenged["hellos"][0] != challenged["hellos"][1]
    assert challenged["missed"] == 1 and challenged["reconnects"] == 1
    # by header: resumed, one hello only, nothing missed, seq unbroken across the reconnect
    assert len(headed["hellos"]) == 1 and headed["missed"] == 0 and headed["reconnects"] == 1
    for seen in (challenged, headed):
        assert _seqs_ok(seen["events"]), seen["events"]
    posted_b = [seq for name, seq in headed["events"] if name == "posted"]
    assert len(posted_b) == 3 and posted_b == sorted(posted_b)
