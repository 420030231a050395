"""create_app: wires the store, dispatcher, WebSocket, control API and lifespan into one Starlette app."""

from __future__ import annotations

import gc
import hashlib
import json
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount, Route, WebSocketRoute

from mockmost import control, openapi, web, webhooks
from mockmost.events.bus import EventBus
from mockmost.http.dispatch import Dispatcher
from mockmost.routes import ROUTES
from mockmost.settings import BUILD_NUMBER, SERVER_VERSION, Settings
from mockmost.store import Store
from mockmost.web import control as web_control


@dataclass(slots=True)
class Crash:
    where: str
    error: str
    traceback: str


@dataclass
class AppState:
    """What the server holds: settings, the current store (swapped on reset), the bus, recorded crashes."""

    settings: Settings
    store: Store
    bus: EventBus
    crashes: list[Crash] = field(default_factory=list)
    seed_loader: Callable[[Store], None] | None = None
    version_id: str = ""
    on_reset: list[Callable[[Store], None]] = field(default_factory=list)
    extensions: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _reaper: queue.SimpleQueue[list[Any]] | None = None

    def record_crash(self, where: str, exc: BaseException, tb: str) -> None:
        with self._lock:
            self.crashes.append(Crash(where, f"{type(exc).__name__}: {exc}", tb))

    def take_crashes(self) -> list[Crash]:
        with self._lock:
            crashes, self.crashes = self.crashes, []
        return crashes

    def refresh_version_id(self) -> None:
        from mockmost.routes.system import client_config

        digest = hashlib.sha256(json.dumps(client_config(self.settings), sort_keys=True).encode()).hexdigest()
        self.version_id = f"{SERVER_VERSION}.{BUILD_NUMBER}.{digest}.false"

    def new_store(self) -> Store:
        store = Store(self.settings)
        store.publish = self.bus.publish
        if self.seed_loader is not None:
            self.seed_loader(store)
        return store

    def reset(self) -> Store:
        """Swap in a freshly seeded store: cost follows the seed, not what the last test created."""
        store = self.new_store()
        old, self.store = self.store, store
        recorded = self.bus.take_recorded()
        for hook in self.on_reset:
            hook(store)
        # Freeing a large old world costs milliseconds: a background thread drops the last references.
        if self._reaper is None:
            self._reaper = queue.SimpleQueue()
            threading.Thread(target=_reap, args=(self._reaper,), name="mockmost-reaper", daemon=True).start()
        self._reaper.put([old, recorded])
        return store


class MockmostApp(Starlette):
    """Starlette for the shell (WebSocket, control API, lifespan); API requests go straight to the indexed
    dispatcher, skipping Starlette's router and exception middleware (measured: about a third of a request)."""

    dispatcher: Dispatcher

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/__mockmost__"):
            if web.is_web_path(scope["path"]):
                await web.serve(scope, receive, send)
                return
            await self.dispatcher(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def _reap(garbage_queue: queue.SimpleQueue[list[Any]]) -> None:
    while True:
        _drop(garbage_queue.get())


def _drop(garbage: list[Any]) -> None:
    """Free an old world in small batches, yielding the GIL between them so the tests keep running."""
    for item in garbage:
        tables = [v for v in vars(item).values() if isinstance(v, dict | deque)] if hasattr(item, "__dict__") \
            else [item]
        for table in tables:
            while table:
                for _ in range(min(32, len(table))):
                    table.popitem() if isinstance(table, dict) else table.popleft()
                time.sleep(0)
    garbage.clear()


def create_app(settings: Settings | None = None, store: Store | None = None,
               seed_loader: Callable[[Store], None] | None = None) -> Starlette:
    """Build the mockmost ASGI app.

    Args:
        settings: listening address and Mattermost config values; defaults to `Settings()`.
        store: an existing store to serve; by default a new one, seeded with `seed_loader` if given.
        seed_loader: called with each new store (at start and on every reset) to fill it.

    Example:
        >>> app = create_app(Settings())
        >>> # uvicorn.run(app, host="127.0.0.1", port=8065)
    """
    settings = settings or Settings()
    bus = EventBus()
    state = AppState(settings=settings, store=store or Store(settings), bus=bus, seed_loader=seed_loader)
    state.store.publish = bus.publish
    if store is None and seed_loader is not None:
        seed_loader(state.store)
    state.refresh_version_id()
    webhooks.install(state)
    doc = openapi.load_document(settings.openapi_path)
    stubs = [(op.method, op.path, op.operation_id) for op in openapi.list_operations(doc)]
    dispatcher = Dispatcher(state, ROUTES, stubs)
    state.extensions["dispatcher"] = dispatcher
    state.extensions["openapi_operations"] = openapi.list_operations(doc)
    routes: list[Any] = [Mount("/__mockmost__", routes=[*control.routes(state), *web_control.routes(state)])]
    try:
        from mockmost.ws.endpoint import websocket_routes
        routes[0:0] = websocket_routes(state)
    except ImportError:
        pass
    routes.append(Route("/{path:path}", dispatcher))
    app = MockmostApp(routes=routes)
    app.dispatcher = dispatcher
    app.router.redirect_slashes = False
    app.state.mockmost = state
    gc.freeze()
    return app


def state_of(app: Starlette) -> AppState:
    return app.state.mockmost  # type: ignore[no-any-return]


__all__ = ["AppState", "create_app", "state_of", "WebSocketRoute"]
