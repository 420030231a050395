"""The outbound pool: one httpx client and a worker pool shared by every call mockmost makes to an
integration.

Requests run on the pool with the configured OutgoingIntegrationRequestsTimeout, so a slow or dead integration
never blocks the server loop; async handlers await them through `Outbound.call`. Upstream:
platform/services/httpservice, app/webhook.go MaxIntegrationResponseSize.
"""

from __future__ import annotations

import asyncio
import threading
import time
import urllib.parse
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import httpx

from mockmost import gojson

if TYPE_CHECKING:
    from mockmost.store import Store

MAX_RESPONSE_BYTES = 1024 * 1024  # app/webhook.go MaxIntegrationResponseSize
USER_AGENT = "Mattermost-Bot/1.1"  # platform/services/httpservice defaultUserAgent
T = TypeVar("T")


class OutboundError(Exception):
    """The integration could not be reached or did not answer in time."""


@dataclass(slots=True)
class OutboundResponse:
    status: int
    headers: httpx.Headers
    body: bytes

    @property
    def media_type(self) -> str:
        return str(self.headers.get("content-type", "")).split(";")[0].strip().lower()


def go_json(obj: Any) -> bytes:
    """encoding/json.Marshal: compact, with <, > and & escaped as Go does."""
    return gojson.marshal(obj)


def form_encode(values: list[tuple[str, str]]) -> str:
    """url.Values.Encode: keys sorted, each key's values in insertion order."""
    return urllib.parse.urlencode(sorted(values, key=lambda kv: kv[0]))


class Outbound:
    """A worker pool and one httpx client shared by every outbound integration call."""

    def __init__(self, workers: int = 16) -> None:
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="mockmost-integration")
        self._client = httpx.Client(
            follow_redirects=True, trust_env=False, headers={"User-Agent": USER_AGENT}
        )
        self._pending: set[Future[Any]] = set()
        self._lock = threading.Lock()

    def request(
        self,
        method: str,
        url: str,
        *,
        timeout: float,
        headers: dict[str, str] | None = None,
        content: bytes | str | None = None,
    ) -> OutboundResponse:
        """Blocking request (call it on the pool); the body is read up to the 1 MiB integration limit."""
        try:
            with self._client.stream(method, url, headers=headers, content=content, timeout=timeout) as resp:
                chunks: list[bytes] = []
                size = 0
                for chunk in resp.iter_bytes():
                    chunks.append(chunk)
                    size += len(chunk)
                    if size >= MAX_RESPONSE_BYTES:
                        break
                return OutboundResponse(resp.status_code, resp.headers, b"".join(chunks)[:MAX_RESPONSE_BYTES])
        except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError, ValueError) as exc:
            raise OutboundError(f"{type(exc).__name__}: {exc}") from exc

    def submit(self, fn: Callable[..., T], *args: Any) -> Future[T]:
        future = self._pool.submit(fn, *args)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)
        return future

    def _done(self, future: Future[Any]) -> None:
        with self._lock:
            self._pending.discard(future)

    async def call(self, fn: Callable[..., T], *args: Any) -> T:
        """Run a blocking call on the pool and await it from whichever event loop serves the request."""
        return await asyncio.wrap_future(self.submit(fn, *args))

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Wait until no outbound work is pending (tests use it after a post that fires webhooks)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                pending = list(self._pending)
            if not pending:
                return True
            for future in pending:
                try:
                    future.result(timeout=max(0.0, deadline - time.monotonic()))
                except Exception:  # noqa: BLE001 - failures are reported where the work ran
                    pass
        return False


def timeout_of(store: Store) -> float:
    return float(store.settings.get("ServiceSettings.OutgoingIntegrationRequestsTimeout"))
