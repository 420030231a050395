"""The README's JS and Go example tests (tests/clients/js/control_example.test.js,
tests/clients/go/control_example_test.go): bots' tests in other languages, with the official drivers,
against `mockmost serve` and its control API (reset, faults, events/wait, the request journal, the clock,
snapshots). Skipped only when Node or Go is not installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_serve import Served
from tests.clients import ensure_js_client

HERE = Path(__file__).resolve().parent


@pytest.fixture(scope="module")
def served_url() -> Iterator[str]:
    served = Served()
    try:
        url = served.read_until(r"API v4 at (http://\S+)/api/v4").group(1)
        served.wait_up(url)
        yield url
    finally:
        served.stop_now()


def test_js_example_with_client4(served_url):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js is not installed")
    ensure_js_client(HERE / "js")
    done = subprocess.run(
        [node, "--test", "control_example.test.js"],
        cwd=HERE / "js",
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "MOCKMOST_URL": served_url},
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "# pass 2" in done.stdout and "# fail 0" in done.stdout


def test_go_example_with_model_client4(served_url):
    go = shutil.which("go")
    if go is None:
        pytest.skip("Go is not installed")
    done = subprocess.run(
        [go, "test", "-count=1", "-run", "TestControl", "-v", "."],
        cwd=HERE / "go",
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "MOCKMOST_URL": served_url},
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "--- PASS: TestControlFailedPostIsRetried" in done.stdout
    assert "--- PASS: TestControlFrozenClockAndSnapshot" in done.stdout
