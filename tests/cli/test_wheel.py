"""mockmost as a user installs it: a wheel built from this tree, `pip install`ed into a fresh virtualenv, run
from an empty folder with no OpenAPI document and no checkout beside it. `mockmost serve` answers with the
bundled seed, a bot project's pytest run uses the plugin and the toolkit, and `mockmost contract` says how
to install the extra it needs.

pip fetches the runtime dependencies from the package index (or its cache); without network the test is
skipped, never failed, since the wheel itself was built and checked offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import httpx
import pytest

from tests.cli.test_serve import Served

ROOT = Path(__file__).resolve().parents[2]


def _clean_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k
        not in (
            "MOCKMOST_OPENAPI",
            "PYTHONPATH",
            "VIRTUAL_ENV",
            "PYTEST_XDIST_WORKER",
            "PYTEST_ADDOPTS",
            "PYTEST_PLUGINS",
        )
        and not k.startswith("PYTEST_")
    }
    return {**env, "PYTHONUNBUFFERED": "1", "PIP_DISABLE_PIP_VERSION_CHECK": "1"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel, built offline from a copy of the tree (symlinked package data followed)."""
    work = tmp_path_factory.mktemp("wheel")
    src = work / "mockmost-src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "mockmost", src / "mockmost", ignore=shutil.ignore_patterns("__pycache__"))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "-q",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(work / "dist"),
            f"{src}{os.sep}",
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=_clean_env(),
    )
    assert done.returncode == 0, done.stdout + done.stderr
    (built,) = (work / "dist").glob("mockmost-*.whl")
    return built


def test_the_wheel_carries_its_data_and_metadata(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert {"mockmost/fixtures/default.yaml", "mockmost/contract/errata.yaml", "mockmost/py.typed"} <= set(
        names
    )
    meta = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith("METADATA"))).decode()
    assert "License-Expression: MIT" in meta and "Provides-Extra: contract" in meta
    runtime = [
        line for line in meta.splitlines() if line.startswith("Requires-Dist:") and "extra ==" not in line
    ]
    assert not [line for line in runtime if "schemathesis" in line or "hypothesis" in line]


BOT_PROJECT_TEST = """
import httpx


def test_bot_project(mock_mattermost):
    mm = mock_mattermost
    alice = mm.make_user("alice")
    team = mm.make_team("acme", members=[alice])
    channel = mm.make_channel(team, "general", members=[alice])
    assert mm.events == [] and mm.requests == []
    mm.clock.freeze("2031-05-06T07:08:09Z")
    snap = mm.snapshot()
    api = httpx.Client(base_url=mm.api_url, headers={"Authorization": "Bearer " + mm.make_token(alice)})
    mm.fail_next("CreatePost", status=503)
    assert api.post("/posts", json={"channel_id": channel.id, "message": "x"}).status_code == 503
    api.post("/posts", json={"channel_id": channel.id, "message": "hello"})
    post = mm.wait_for_post(channel)
    assert post.message == "hello" and post.create_at == 1935817689000
    mm.assert_requested("CreatePost", times=2, user=alice)
    assert "hello" in [p.message for p in mm.posts_in(channel)]
    mm.restore(snap)
    assert "hello" not in [p.message for p in mm.posts_in(channel)]
"""


def test_fresh_virtualenv_serves_and_runs_a_bot_project(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", str(wheel), "pytest"],
        capture_output=True,
        text=True,
        timeout=600,
        env=_clean_env(),
    )
    if done.returncode != 0 and (
        "Could not find a version" in done.stderr
        or "NewConnectionError" in done.stderr
        or "Temporary failure in name resolution" in done.stderr
    ):
        pytest.skip(f"no package index reachable: {done.stderr.strip().splitlines()[-1]}")
    assert done.returncode == 0, done.stdout + done.stderr
    empty = tmp_path / "project"
    empty.mkdir()
    env = _clean_env()
    # `mockmost serve` from an empty folder: the bundled seed; no OpenAPI document, and no need of one.
    served = Served(cwd=empty, env=env, command=[str(venv / "bin" / "mockmost")])
    try:
        url = served.read_until(r"API v4 at (http://\S+)/api/v4").group(1)
        served.wait_up(url)
        token = {"Authorization": "Bearer admintokenxxxxxxxxxxxxxxxx"}
        assert httpx.get(f"{url}/api/v4/users/me", headers=token).json()["username"] == "admin"
        assert httpx.get(f"{url}/__mockmost__/state").json()["users"] >= 4
        assert httpx.get(f"{url}/__mockmost__/operations").json()["total"]["operations"] == 511
    finally:
        stderr = served.stop_now()
    assert [line for line in stderr.splitlines() if "OpenAPI" in line] == [], stderr
    # A bot project's test run with the plugin the wheel registers.
    (empty / "test_bot.py").write_text(textwrap.dedent(BOT_PROJECT_TEST))
    run = subprocess.run(
        [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=empty,
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert run.returncode == 0 and "1 passed" in run.stdout, run.stdout + run.stderr
    # The contract needs the extra, and says so in one line.
    contract = subprocess.run(
        [str(venv / "bin" / "mockmost"), "contract", "--base-url", "http://127.0.0.1:9", "--token", "x"],
        cwd=empty,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert contract.returncode == 2
    assert contract.stderr.strip() == (
        "mockmost contract: needs the contract extra (schemathesis and hypothesis), "
        "which is not installed: pip install 'mockmost[contract]'"
    )
