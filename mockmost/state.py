"""AppState: what one running server holds (settings, the current store, the bus, crashes, wiring results).

`http/`, `ws/`, `integrations/`, the control API and the jobs import this module, never `app.py`; this module
imports nothing above the store, the bus and the components it holds (the hub and the outbound pool take no
state of their own), so no import circle runs through it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import queue
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mockmost.client_config import client_config
from mockmost.events.bus import EventBus
from mockmost.faults import Faults
from mockmost.ids import Clock, IdSource
from mockmost.journal import Journal
from mockmost.operations import OperationInfo
from mockmost.settings import BUILD_NUMBER, SERVER_VERSION, Settings
from mockmost.store import Store

if TYPE_CHECKING:
    from mockmost.integrations.outbound import Outbound
    from mockmost.ws.hub import Hub

logger = logging.getLogger("mockmost")


@dataclass(slots=True)
class Crash:
    where: str
    error: str
    traceback: str


@dataclass(eq=False)
class AppState:
    """What the server holds: settings, the current store (swapped on reset), the bus, recorded crashes.

    `operations` (the route table's, each with its tag and kind; no document needed) is set by `create_app`;
    `hub` by the WebSocket routes; `outbound` on the first outbound integration call."""

    settings: Settings
    store: Store
    bus: EventBus
    crashes: list[Crash] = field(default_factory=list)
    seed_loader: Callable[[Store], None] | None = None
    version_id: str = ""
    on_reset: list[Callable[[Store], None]] = field(default_factory=list)
    operations: tuple[OperationInfo, ...] = ()
    hub: Hub | None = None
    outbound: Outbound | None = None
    # The test toolkit: the clock, the request journal, injected faults, named snapshots (control API).
    clock: Clock = field(default_factory=Clock)
    journal: Journal = field(default_factory=Journal)
    faults: Faults = field(default_factory=Faults)
    snapshots: dict[str, Any] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)
    _reaper: queue.SimpleQueue[list[Any]] | None = None

    def record_crash(self, where: str, exc: BaseException, tb: str) -> None:
        """A mockmost bug: logged with its traceback, and kept so the pytest fixture fails the test."""
        logger.error("unhandled exception in %s\n%s", where, tb.rstrip())
        with self.lock:
            self.crashes.append(Crash(where, f"{type(exc).__name__}: {exc}", tb))

    def outbound_pool(self) -> Outbound:
        """The pool every outbound integration call runs on, made on first use."""
        if self.outbound is None:
            from mockmost.integrations.outbound import Outbound

            with self.lock:
                if self.outbound is None:
                    self.outbound = Outbound()
        return self.outbound

    def take_crashes(self) -> list[Crash]:
        with self.lock:
            crashes, self.crashes = self.crashes, []
        return crashes

    def refresh_version_id(self) -> None:
        """X-Version-Id: CurrentVersion.BuildNumber.ConfigHash.IsEE, the hash following the client config."""
        digest = hashlib.sha256(json.dumps(client_config(self.settings), sort_keys=True).encode()).hexdigest()
        self.version_id = f"{SERVER_VERSION}.{BUILD_NUMBER}.{digest}.false"

    def new_store(self) -> Store:
        store = Store(self.settings, IdSource(self.settings.id_seed, clock=self.clock))
        store.publish = self.bus.publish
        if self.seed_loader is not None:
            with self.bus.unrecorded():  # the seed is set-up, not something a test did
                self.seed_loader(store)
        return store

    def reset(self) -> Store:
        """Swap in a freshly seeded store: cost follows the seed, not what the last test created. The config
        returns to the one the server started with, the clock runs from the wall clock again; the journal, the
        events and every injected fault are cleared."""
        self.settings.restore_started()
        self.refresh_version_id()
        self.clock.reset()
        self.faults.clear()
        return self.swap_store(self.new_store())

    def swap_store(self, store: Store, clear_records: bool = True) -> Store:
        """Serve `store` from now on (reset, restore): old WebSocket connections close; with `clear_records`
        the recorded events and the request journal empty."""
        old, self.store = self.store, store
        self.settings = store.settings
        recorded: Any = None
        if clear_records:
            recorded = self.bus.take_recorded()
            self.journal.clear()
        for hook in self.on_reset:
            hook(store)
        # Freeing a large old world costs milliseconds: a background thread drops the last references.
        if self._reaper is None:
            self._reaper = queue.SimpleQueue()
            threading.Thread(target=_reap, args=(self._reaper,), name="mockmost-reaper", daemon=True).start()
        self._reaper.put([old, recorded])
        return store


def _reap(garbage_queue: queue.SimpleQueue[list[Any]]) -> None:
    while True:
        _drop(garbage_queue.get())


def _drop(garbage: list[Any]) -> None:
    """Free an old world in small batches, yielding the GIL between them so the tests keep running."""
    for item in garbage:
        tables = (
            [v for v in vars(item).values() if isinstance(v, dict | deque)]
            if hasattr(item, "__dict__")
            else [item]
        )
        for table in tables:
            while table:
                for _ in range(min(32, len(table))):
                    table.popitem() if isinstance(table, dict) else table.popleft()
                time.sleep(0)
    garbage.clear()
