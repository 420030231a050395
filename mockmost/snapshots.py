"""snapshot() / restore(): the whole server state (store and config) saved and put back, e.g. per test.

A snapshot is a deep copy of the Store taken under its lock (about 5 ms for the default seed); restoring
copies it again, so one snapshot can be restored any number of times. The clock, the id source, the event
bus and the connections are the server's, not the state's: they are kept as they are. Restoring closes
the WebSocket connections of the replaced world, as a reset does.
"""

from __future__ import annotations

import copy
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mockmost.store import Store

if TYPE_CHECKING:
    from mockmost.state import AppState


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A saved server state; pass it to `restore`. `taken_at` is the server clock when it was taken (ms)."""

    store: Store
    taken_at: int


def _copy(store: Store, ids: object) -> Store:
    memo = {id(store.lock): threading.RLock(), id(store.publish): store.publish, id(store.ids): ids}
    with store.lock:
        return copy.deepcopy(store, memo)


def snapshot(state: AppState) -> Snapshot:
    store = state.store
    return Snapshot(_copy(store, store.ids), state.clock.now_ms())


def restore(state: AppState, snap: Snapshot) -> Store:
    """Serve a copy of the snapshot's state from now on; the events and the journal are kept."""
    store = _copy(snap.store, state.store.ids)
    store.publish = state.bus.publish
    state.swap_store(store, clear_records=False)
    state.refresh_version_id()
    return store
