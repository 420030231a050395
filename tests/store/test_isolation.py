"""The store knows nothing about HTTP: it imports with Starlette, httpx and uvicorn blocked (ARCHITECTURE
§2)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

BLOCKER = textwrap.dedent("""
    import importlib.abc, sys

    BLOCKED = ("starlette", "httpx", "uvicorn", "wsproto", "websockets", "orjson", "mockmost.http",
               "mockmost.routes", "mockmost.ws", "mockmost.app")

    class Blocker(importlib.abc.MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            if any(name == b or name.startswith(b + ".") for b in BLOCKED):
                raise ImportError(f"blocked import of {name}")
            return None

    sys.meta_path.insert(0, Blocker())
    import mockmost.store
    from mockmost.settings import Settings
    store = mockmost.store.Store(Settings(openapi_path=None))
    user = store.users.create({"username": "alice", "email": "a@example.com", "password": "password123"})
    team = store.teams.create(user, {"name": "team", "display_name": "Team", "type": "O"})
    print(len(store.channel_by_id), sorted(m for m in sys.modules if m.split(".")[0] in
          ("starlette", "httpx", "uvicorn")))
""")


def test_store_imports_without_web_stack():
    result = subprocess.run([sys.executable, "-c", BLOCKER], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "2 []"


def test_blocker_really_blocks():
    result = subprocess.run(
        [sys.executable, "-c", BLOCKER.replace("import mockmost.store", "import mockmost.app")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0 and "blocked import" in result.stderr
