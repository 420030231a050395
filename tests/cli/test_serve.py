"""`mockmost serve` as a user runs it: a subprocess on a free port, its printed URL and logins, a ping,
SIGINT."""

from __future__ import annotations

import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mockmost.seeds import DEFAULT_SEED

DEFAULT = DEFAULT_SEED


class Served:
    def __init__(
        self,
        *args: str,
        cwd: Path | None = None,
        env: dict[str, str] | None = None,
        command: list[str] | None = None,
    ) -> None:
        env = {**(os.environ if env is None else env), "PYTHONUNBUFFERED": "1"}
        self.proc = subprocess.Popen(
            [*(command or [sys.executable, "-m", "mockmost"]), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
            cwd=cwd,
        )
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()

    def _pump(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._queue.put(line.rstrip("\n"))
        self._queue.put(None)

    def read_until(self, pattern: str, timeout: float = 20) -> re.Match[str]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self._queue.get(timeout=0.2)
            except queue.Empty:
                continue
            if line is None:
                break
            self.lines.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no line matching {pattern!r}; got {self.lines}; stderr: {self.stop_now()}")

    def wait_up(self, url: str) -> None:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/api/v4/system/ping", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                time.sleep(0.05)
        raise AssertionError("server never answered")

    def interrupt(self) -> int:
        self.proc.send_signal(signal.SIGINT)
        return self.proc.wait(timeout=20)

    def stop_now(self) -> str:
        if self.proc.poll() is None:
            self.proc.kill()
        assert self.proc.stderr is not None
        self.proc.wait(timeout=10)
        return self.proc.stderr.read()


@pytest.fixture
def served() -> Iterator[list[Served]]:
    started: list[Served] = []
    yield started
    for s in started:
        if s.proc.poll() is None:
            s.stop_now()


def _start(served: list[Served], *args: str) -> tuple[Served, str]:
    s = Served(*args)
    served.append(s)
    url = s.read_until(r"API v4 at (http://127\.0\.0\.1:(\d+))/api/v4").group(1)
    s.wait_up(url)
    return s, url


def test_serve_default_seed_prints_logins_and_answers(served):
    s, url = _start(served)
    assert not url.endswith(":0")
    login_line = s.read_until(r"login\s+alice\s+password\s+(\S+)")
    token_line = s.read_until(r"token\s+helperbot\s+(\S+)")
    ping = httpx.get(f"{url}/api/v4/system/ping")
    assert ping.status_code == 200 and ping.json()["status"] == "OK"
    login = httpx.post(
        f"{url}/api/v4/users/login", json={"login_id": "alice", "password": login_line.group(1)}
    )
    assert login.status_code == 200 and login.headers["token"]
    me = httpx.get(f"{url}/api/v4/users/me", headers={"Authorization": f"Bearer {token_line.group(1)}"})
    assert me.json()["username"] == "helperbot"
    assert s.interrupt() == 0


def test_serve_explicit_seed_file(served, tmp_path):
    seed = tmp_path / "mine.yaml"
    seed.write_text(
        "users:\n  - username: solo\n    email: solo@x.com\n    password: solo-password\n"
        "    tokens:\n      - description: generated\n"
    )
    s, url = _start(served, "--seed", str(seed))
    s.read_until(r"login\s+solo\s+password\s+solo-password\s+roles system_admin system_user")
    token = s.read_until(r"token\s+solo\s+([a-z0-9]{26})").group(1)
    me = httpx.get(f"{url}/api/v4/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200 and me.json()["username"] == "solo"
    assert s.interrupt() == 0


def test_serve_empty(served):
    s, url = _start(served, "--empty")
    s.read_until(r"empty server")
    first = httpx.post(
        f"{url}/api/v4/users", json={"username": "first", "email": "f@x.com", "password": "password1"}
    )
    assert first.status_code == 201 and first.json()["roles"] == "system_admin system_user"
    assert s.interrupt() == 0


def test_serve_bad_seed_exits_2_naming_file(tmp_path):
    seed = tmp_path / "broken.yaml"
    seed.write_text("users:\n  - username: nomail\n")
    result = subprocess.run(
        [sys.executable, "-m", "mockmost", "serve", "--port", "0", "--seed", str(seed)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert f"{seed}: users[0] (nomail): email is missing or not a string" in result.stderr


def test_serve_seed_and_empty_are_exclusive():
    result = subprocess.run(
        [sys.executable, "-m", "mockmost", "serve", "--empty", "--seed", "x.yaml"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "not allowed with argument" in result.stderr
