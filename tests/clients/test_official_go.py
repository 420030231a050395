"""Mattermost's official Go driver (model.Client4 and model.WebSocketClient, module
github.com/mattermost/mattermost/server/public v0.1.21) against mockmost on a real socket: login, team,
channel, post, read back, an AppError, `posted` on the socket.

`make deps-go` (run by `make test`) builds tests/clients/go into .envs/go-smoke; the test builds it itself
when the binary is missing or older than its sources, and skips only when Go is not installed.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from mockmost.testing import ADMIN_PASSWORD, ADMIN_USERNAME

SOURCE = Path(__file__).resolve().parent / "go"
BINARY = Path(__file__).resolve().parents[2] / ".envs" / "go-smoke"


@pytest.fixture(scope="module")
def smoke() -> Path:
    go = shutil.which("go")
    if go is None:
        pytest.skip("Go is not installed: the official Go driver cannot be built")
    newest = max(p.stat().st_mtime for p in SOURCE.iterdir())
    if not BINARY.exists() or BINARY.stat().st_mtime < newest:
        BINARY.parent.mkdir(parents=True, exist_ok=True)
        built = subprocess.run(
            [go, "build", "-o", str(BINARY), "."], cwd=SOURCE, capture_output=True, text=True, timeout=540
        )
        assert built.returncode == 0, f"go build failed:\n{built.stderr[-3000:]}"
    return BINARY


def test_model_client4_and_websocket_client_smoke_flow(smoke, mock_mattermost):
    done = subprocess.run(
        [str(smoke), mock_mattermost.url, ADMIN_USERNAME, ADMIN_PASSWORD],
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
        "socket_connect",
        "create_post",
        "read_back",
        "client_error",
        "socket_posted",
    ]
    # Upstream: model/client4.go decodes the error body into *model.AppError.
    assert (steps["client_error"]["server_error_id"], steps["client_error"]["status_code"]) == (
        "app.post.get.app_error",
        404,
    )
    post = mock_mattermost.store.posts.get(steps["create_post"]["post_id"])
    assert post.channel_id == steps["create_channel"]["channel_id"]
    assert steps["socket_posted"]["post_id"] == post.id
