"""create_app: wires the store, dispatcher, WebSocket, control API and lifespan into one Starlette app."""

from __future__ import annotations

import gc
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.routing import Mount, Route

from mockmost import control, web
from mockmost.events.bus import EventBus
from mockmost.http.dispatch import Dispatcher
from mockmost.ids import Clock, IdSource
from mockmost.integrations import outgoing_webhooks
from mockmost.routes import ROUTES
from mockmost.settings import Settings
from mockmost.state import AppState
from mockmost.store import Store
from mockmost.web import control as web_control
from mockmost.ws.endpoint import websocket_routes


class MockmostApp(Starlette):
    """Starlette for the shell (WebSocket, control API, lifespan); API requests go straight to the indexed
    dispatcher, skipping Starlette's router and exception middleware (measured: about a third of a
    request)."""

    dispatcher: Dispatcher

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and not scope["path"].startswith("/__mockmost__"):
            if web.is_web_path(scope["path"]):
                await web.serve(scope, receive, send)
                return
            await self.dispatcher(scope, receive, send)
            return
        await super().__call__(scope, receive, send)


def create_app(
    settings: Settings | None = None,
    store: Store | None = None,
    seed_loader: Callable[[Store], None] | None = None,
) -> Starlette:
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
    settings.started()
    bus = EventBus()
    clock = store.ids.clock if store is not None else Clock()
    state = AppState(
        settings=settings,
        store=store or Store(settings, IdSource(settings.id_seed, clock=clock)),
        bus=bus,
        seed_loader=seed_loader,
        clock=clock,
    )
    state.store.publish = bus.publish
    if store is None and seed_loader is not None:
        with bus.unrecorded():
            seed_loader(state.store)
    state.refresh_version_id()
    outgoing_webhooks.install(state)
    # The route table is the code: every operation, its tag and kind, with or without the OpenAPI document.
    dispatcher = Dispatcher(state, ROUTES)
    state.operations = tuple(route.info() for route in ROUTES)
    control_routes = [*control.routes(state), *web_control.routes(state)]
    routes: list[Any] = [
        *websocket_routes(state),
        Mount("/__mockmost__", routes=control_routes),
        Route("/{path:path}", dispatcher),
    ]
    app = MockmostApp(routes=routes)
    app.dispatcher = dispatcher
    app.router.redirect_slashes = False
    app.state.mockmost = state
    gc.freeze()
    return app


def state_of(app: Starlette) -> AppState:
    return app.state.mockmost  # type: ignore[no-any-return]


__all__ = ["AppState", "create_app", "state_of"]
