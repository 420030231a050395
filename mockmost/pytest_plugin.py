"""pytest plugin: `mock_mattermost` (a fresh world per test on one server per session or xdist worker).

Fixtures users may override: `mockmost_settings`, `mockmost_seed`. `mock_mattermost_inprocess` runs
the same facade on a new app per test through an in-process httpx transport, with no socket.
Each test starts from the seed with the session's settings: `set_config` changes last one test.

This module is loaded in every pytest run of a project that installed mockmost: it imports nothing of
mockmost's server until a fixture is used (collection stays as fast as without the plugin).
"""

from __future__ import annotations

import copy
import gc
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from mockmost.server import ThreadedServer
    from mockmost.settings import Settings
    from mockmost.testing import MockMattermost


@pytest.fixture(scope="session")
def mockmost_settings() -> Settings:
    """Override to change Mattermost config values for the whole session."""
    from mockmost.settings import Settings

    return Settings(port=0)


@pytest.fixture(scope="session")
def mockmost_seed() -> str | None:
    """Override to return a path to a YAML/JSON seed applied before every test (None: empty server)."""
    return None


def _build_app(settings: Settings, seed: str | None) -> Any:
    from mockmost.app import create_app
    from mockmost.seeds import load_seed_file, seed_loader

    loader = seed_loader(load_seed_file(seed), str(seed)) if seed else None
    return create_app(settings, seed_loader=loader)


@pytest.fixture(scope="session")
def mockmost_server(mockmost_settings: Settings, mockmost_seed: str | None) -> Iterator[ThreadedServer]:
    """One real-socket server per session (so per xdist worker)."""
    from mockmost.server import ThreadedServer

    app = _build_app(copy.deepcopy(mockmost_settings), mockmost_seed)
    server = ThreadedServer(app, host="127.0.0.1", port=0).start()
    try:
        yield server
    finally:
        server.stop()


def _fail_on_crashes(mock: MockMattermost) -> None:
    crashes = mock._state.take_crashes()
    if crashes:
        details = "\n\n".join(f"{c.where}: {c.error}\n{c.traceback}" for c in crashes)
        pytest.fail(f"mockmost recorded {len(crashes)} unhandled server error(s):\n{details}", pytrace=False)


@pytest.fixture
def mock_mattermost(mockmost_server: ThreadedServer, mockmost_settings: Settings) -> Iterator[MockMattermost]:
    """A reset mockmost server on a real socket: `.url`, `.admin_token`, `.client`, `make_*` helpers,
    `.store`, `.events` / `wait_for_event`, `.requests` / `assert_requested`, faults, `.clock`, snapshots."""
    from mockmost.app import state_of
    from mockmost.testing import MockMattermost

    state = state_of(mockmost_server.app)
    # Config changed by the last test (set_config) is part of the world a reset replaces.
    state.settings = copy.deepcopy(mockmost_settings)
    state.settings.started()  # what mock.reset() returns to within the test
    state.reset()
    state.refresh_version_id()
    state.take_crashes()
    mock = MockMattermost(state, mockmost_server.url)
    try:
        yield mock
    finally:
        mock.close()
        _fail_on_crashes(mock)


@pytest.fixture(scope="session")
def _inprocess_apps() -> dict[str, int]:
    """How many in-process apps this session built (for the periodic collection)."""
    return {"count": 0}


@pytest.fixture
def mock_mattermost_inprocess(
    mockmost_settings: Settings, mockmost_seed: str | None, _inprocess_apps: dict[str, int]
) -> Iterator[MockMattermost]:
    """Like mock_mattermost, without a socket: HTTP only, through an in-process httpx transport.

    Clients must use that transport: `.client` / `.client_for(token)` do, and httpx-based drivers
    (mattermostautodriver) do when given `Driver(mock.driver_options())`. Nothing listens on the URL
    (http://in-process.mockmost.invalid:80, a name that never resolves), so requests-based drivers
    (mattermostdriver) and WebSocket clients fail naming it and need `mock_mattermost` instead.
    """
    from mockmost.app import state_of
    from mockmost.inprocess import InProcessTransport
    from mockmost.testing import MockMattermost

    app = _build_app(copy.deepcopy(mockmost_settings), mockmost_seed)
    transport = InProcessTransport(app)
    mock = MockMattermost(state_of(app), "http://in-process.mockmost.invalid:80", transport=transport)
    try:
        yield mock
    finally:
        mock.close()
        transport.close()
        # create_app freezes the heap (gc.freeze) for a long-lived server; an app per test must be
        # collectable, and a full collection now and then keeps a long in-process suite flat (measured:
        # ~1 MB a test otherwise).
        gc.unfreeze()
        _inprocess_apps["count"] += 1
        if _inprocess_apps["count"] % 25 == 0:
            gc.collect()
        _fail_on_crashes(mock)
