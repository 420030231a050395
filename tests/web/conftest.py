"""The browser client in a real headless Chromium (Debian's `chromium`, driven by Playwright from PyPI with
executable_path; no browser is downloaded). One server with the default seed per worker, reset per test,
a fresh browser context (so fresh cookies) per test.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from mockmost.app import create_app, state_of
from mockmost.seeds import DEFAULT_SEED, load_seed_file, seed_loader
from mockmost.server import ThreadedServer
from mockmost.settings import Settings

ADMIN_TOKEN = "admintokenxxxxxxxxxxxxxxxx"
BOT_TOKEN = "bottokenxxxxxxxxxxxxxxxxxx"


def chromium_path() -> str | None:
    for candidate in (os.environ.get("MOCKMOST_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Module-scoped: Playwright's sync API runs an event loop in this thread while it is open, which would
    break later tests of the same worker that run their own loop."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (make test installs it from PyPI with the test extras)")
    path = chromium_path()
    if path is None:
        pytest.skip(
            "no Chromium on this machine: `make deps-web` installs Debian's chromium with apt-get (as root)"
        )
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=path, args=["--no-sandbox", "--disable-gpu"])
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture(scope="session")
def web_server() -> Iterator[ThreadedServer]:
    app = create_app(
        Settings(port=0), seed_loader=seed_loader(load_seed_file(DEFAULT_SEED), str(DEFAULT_SEED))
    )
    server = ThreadedServer(app, host="127.0.0.1", port=0).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def server(web_server: ThreadedServer) -> Iterator[ThreadedServer]:
    state = state_of(web_server.app)
    state.reset()
    state.take_crashes()
    yield web_server
    crashes = state.take_crashes()
    if crashes:
        pytest.fail("\n".join(f"{c.where}: {c.error}\n{c.traceback}" for c in crashes), pytrace=False)


@pytest.fixture
def page(browser: Any, server: ThreadedServer) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 900}, base_url=server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    try:
        yield page
    finally:
        context.close()
    assert not errors, f"uncaught errors in the page: {errors}"


@pytest.fixture
def api(server: ThreadedServer) -> Iterator[Any]:
    """api(token) → an httpx client on /api/v4 with that token."""
    clients: list[httpx.Client] = []

    def make(token: str = ADMIN_TOKEN) -> httpx.Client:
        client = httpx.Client(base_url=f"{server.url}/api/v4", headers={"Authorization": f"Bearer {token}"})
        clients.append(client)
        return client

    yield make
    for c in clients:
        c.close()


def login_token(server: ThreadedServer, username: str) -> str:
    res = httpx.post(
        f"{server.url}/api/v4/users/login", json={"login_id": username, "password": f"{username}-password"}
    )
    res.raise_for_status()
    return res.headers["Token"]
