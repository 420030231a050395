"""Delivers committed events to subscribers (WebSocket hub, outgoing webhooks, recorder)."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from mockmost.events.catalog import Event

Subscriber = Callable[[list[Event]], None]


class EventBus:
    def __init__(self, record_limit: int = 10000) -> None:
        self._subscribers: list[Subscriber] = []
        self.recorded: deque[Event] = deque(maxlen=record_limit)
        self.count = 0  # events recorded since the last take_recorded (the newest one's seq)
        self._lock = threading.Lock()
        self.changed = threading.Condition(self._lock)
        self._waiting = 0  # threads in wait_for_more: publish notifies only when there are some
        self._local = threading.local()

    def subscribe(self, subscriber: Subscriber) -> None:
        self._subscribers.append(subscriber)

    def publish(self, events: list[Event]) -> None:
        if not getattr(self._local, "quiet", False):
            with self._lock:
                self.recorded.extend(events)
                self.count += len(events)
                if self._waiting:
                    self.changed.notify_all()
        for subscriber in list(self._subscribers):
            subscriber(events)

    def wait_for_more(self, count: int, timeout: float) -> None:
        """Wait up to `timeout` while the recorded count is still `count` (a publish or a take wakes it)."""
        with self._lock:
            if self.count != count:
                return
            self._waiting += 1
            try:
                self.changed.wait(timeout)
            finally:
                self._waiting -= 1

    @contextmanager
    def unrecorded(self) -> Iterator[None]:
        """Events published by this thread inside the block are delivered as usual but not recorded (the test
        facade's set-up helpers)."""
        before = getattr(self._local, "quiet", False)
        self._local.quiet = True
        try:
            yield
        finally:
            self._local.quiet = before

    def since(self, seq: int) -> list[tuple[int, Event]]:
        """(seq, event) of the recorded events after `seq` (seq counts from 1 since the last reset)."""
        with self._lock:
            first = self.count - len(self.recorded) + 1
            events = list(self.recorded)[max(0, seq - first + 1) :]
        return [(self.count - len(events) + 1 + i, e) for i, e in enumerate(events)]

    def take_recorded(self) -> deque[Event]:
        """Swap the recording out in O(1) (reset hands the old one to a background thread to free)."""
        with self._lock:
            old, self.recorded = self.recorded, deque(maxlen=self.recorded.maxlen)
            self.count = 0
            self.changed.notify_all()
        return old

    def clear(self) -> None:
        with self._lock:
            self.recorded.clear()
            self.count = 0
