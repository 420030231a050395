"""`mockmost contract --base-url` as a user's CI runs it: against mockmost started as a separate process."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from xml.etree import ElementTree as ET

import httpx
import pytest

from tests.cli.test_serve import Served

ADMIN_TOKEN = "admintokenxxxxxxxxxxxxxxxx"  # fixtures/default.yaml


@pytest.fixture
def server():
    served = Served()
    try:
        url = served.read_until(r"API v4 at (http://\S+)/api/v4").group(1)
        served.wait_up(url)
        yield url
    finally:
        served.stop_now()


def contract(url: str, *args: str, timeout: float = 240) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockmost", "contract", "--base-url", url, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def teams(url: str) -> list[dict]:
    r = httpx.get(
        f"{url}/api/v4/teams",
        params={"include_deleted": "true", "per_page": 200},
        headers={"Authorization": f"Bearer {ADMIN_TOKEN}"},
    )
    return r.json()


def test_contract_against_a_server_by_url_reports_and_cleans_up(server, tmp_path):
    junit = tmp_path / "contract.xml"
    done = contract(
        server,
        "--token",
        ADMIN_TOKEN,
        "--max-examples",
        "2",
        "--junit",
        str(junit),
        "--stateful",
        "2",
        "--operations",
        r"/api/v4/(posts|reactions|channels/\{channel_id\}(/members)?$)",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 failed" in done.stdout and "COVERAGE" in done.stdout
    assert "STATEFUL (2 sequences): passed" in done.stdout
    suite = ET.parse(junit).getroot()
    assert int(suite.get("tests")) > 10 and suite.get("failures") == "0"
    names = [c.get("name") for c in suite.iter("testcase")]
    assert "POST /api/v4/posts [user]" in names and "DELETE /api/v4/channels/{channel_id} [admin]" in names
    # Only its own objects were touched, and they are deleted again.
    mine = [t for t in teams(server) if t["name"].startswith("mmc")]
    assert mine and all(t["delete_at"] > 0 for t in mine)
    assert all(t["delete_at"] == 0 for t in teams(server) if t["name"] == "testteam")


def test_contract_read_only_and_password_login_skip_every_write(server):
    done = contract(
        server,
        "--login-id",
        "admin",
        "--password",
        "admin-password",
        "--read-only",
        "--max-examples",
        "1",
        "--operations",
        r"^(GET|POST|PUT) /api/v4/(users/me|posts)",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "read-only mode" in done.stdout


def test_contract_never_sends_denied_system_operations(server):
    done = contract(
        server,
        "--token",
        ADMIN_TOKEN,
        "--max-examples",
        "1",
        "--operations",
        r"^(PUT /api/v4/config|POST /api/v4/database/recycle|DELETE /api/v4/users/\{)",
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "deny list" in done.stdout
    assert httpx.get(f"{server}/api/v4/system/ping").status_code == 200


def test_contract_with_a_bad_token_stops_before_running(server):
    done = contract(server, "--token", "nottherightone", "--max-examples", "1")
    assert done.returncode == 2 and "cannot prepare the run" in done.stderr


def coverage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mockmost", "coverage", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )


def _table(stdout: str) -> dict[str, list[int]]:
    """Tag (which may hold spaces) → its counts, from the lines of the table up to its total."""
    rows = {}
    for line in stdout.splitlines()[1:]:
        if not line.strip():
            break
        tag, numbers = re.match(r"^(.*?)\s+((?:\d+\s*)+)$", line).groups()
        rows[tag] = [int(n) for n in numbers.split()]
    return rows


def test_coverage_command_prints_kinds_per_tag_and_checks_the_document():
    done = coverage("--no-contract")
    assert done.returncode == 0, done.stderr
    header = done.stdout.splitlines()[0]
    assert re.split(r"\s{2,}", header.strip()) == [
        "tag",
        "operations",
        "stateful",
        "answered",
        "unrouted",
        "not implemented",
    ]
    rows = _table(done.stdout)
    total = rows.pop("total")
    assert total[0] == 511 == sum(total[1:4]) and total[4] == 0
    assert [sum(row[i] for row in rows.values()) for i in range(5)] == total
    assert all(row[0] == sum(row[1:]) for row in rows.values())
    assert {"posts", "Content Flagging", "access control", "bleve"} <= set(rows)
    assert rows["bleve"] == [1, 0, 0, 1, 0]  # POST /bleve/purge_indexes: gone from 11.x
    assert "The route table and the OpenAPI document list the same 511 operations." in done.stdout


def test_coverage_command_without_the_document_counts_the_route_table(tmp_path):
    missing = str(tmp_path / "openapi.yaml")
    done = coverage("--no-contract", MOCKMOST_OPENAPI=missing)
    assert done.returncode == 0, done.stderr
    rows = _table(done.stdout)
    assert rows["total"][0] == 511 and rows["total"][4] == 0
    assert rows == _table(coverage("--no-contract").stdout)
    assert done.stderr.strip() == (
        f"mockmost coverage: no OpenAPI document at {missing} (set MOCKMOST_OPENAPI to Mattermost's "
        "openapi.yaml); the route table alone, not compared"
    )
    with_contract = coverage(MOCKMOST_OPENAPI=missing)
    assert with_contract.returncode == 2 and "the contract run needs it" in with_contract.stderr


def test_full_default_contract_against_serve_is_green(server):
    """`mockmost contract` with its default options, as the README documents it, against `mockmost serve`:
    every operation, both identities, the stateful sequences. Progress goes to stderr, the report to
    stdout."""
    done = contract(server, "--token", ADMIN_TOKEN, timeout=900)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert re.match(r"mockmost contract: \d+ operation runs checked .*: \d+ passed, 0 failed;", done.stdout)
    assert "STATEFUL (3 sequences): passed" in done.stdout
    progress = [line for line in done.stderr.splitlines() if line.startswith("mockmost contract: ")]
    assert progress and progress[-1].startswith("mockmost contract: ") and "(100%)" in progress[-1]
