"""Delivers committed events to subscribers (WebSocket hub, outgoing webhooks, recorder)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable

from mockmost.events.catalog import Event

Subscriber = Callable[[list[Event]], None]


class EventBus:
    def __init__(self, record_limit: int = 10000) -> None:
        self._subscribers: list[Subscriber] = []
        self.recorded: deque[Event] = deque(maxlen=record_limit)
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, events: list[Event]) -> None:
        with self._lock:
            self.recorded.extend(events)
        for subscriber in list(self._subscribers):
            subscriber(events)

    def take_recorded(self) -> deque[Event]:
        """Swap the recording out in O(1) (reset hands the old one to a background thread to free)."""
        with self._lock:
            old, self.recorded = self.recorded, deque(maxlen=self.recorded.maxlen)
        return old

    def clear(self) -> None:
        with self._lock:
            self.recorded.clear()
