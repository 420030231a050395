"""Mattermost's official JS driver (npm @mattermost/client: Client4 and WebSocketClient) under Node against
mockmost on a real socket: login, team, channel, post, read back, a ClientError, `posted` on the socket.

`make deps-js` (run by `make test`) installs tests/clients/js; the test runs `npm ci` itself when
node_modules is missing, and skips only when Node is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mockmost.testing import ADMIN_PASSWORD, ADMIN_USERNAME
from tests.clients import ensure_js_client

JS = Path(__file__).resolve().parent / "js"


@pytest.fixture(scope="module")
def node() -> str:
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed: the official JS driver cannot run")
    ensure_js_client(JS)
    return node


def test_client4_and_websocket_client_smoke_flow(node, mock_mattermost):
    done = subprocess.run(
        [node, str(JS / "smoke.js"), mock_mattermost.url, ADMIN_USERNAME, ADMIN_PASSWORD],
        capture_output=True,
        text=True,
        timeout=60,
    )
    steps = {
        s["step"]: s for s in (json.loads(line) for line in done.stdout.splitlines() if line.startswith("{"))
    }
    failed = [s for s in steps.values() if not s["ok"]]
    assert not failed and done.returncode == 0, f"{failed or done.stdout}\n{done.stderr[-2000:]}"
    assert list(steps) == [
        "login",
        "create_team",
        "create_channel",
        "socket_hello",
        "create_post",
        "read_back",
        "client_error",
        "socket_posted",
    ]
    # Upstream: model/utils.go AppError → the driver's ClientError carries id and status.
    assert steps["client_error"] == {
        "step": "client_error",
        "ok": True,
        "server_error_id": "app.post.get.app_error",
        "status_code": 404,
    }
    post = mock_mattermost.store.posts.get(steps["create_post"]["post_id"])
    assert post.channel_id == steps["create_channel"]["channel_id"]
    assert steps["socket_posted"]["post_id"] == post.id
