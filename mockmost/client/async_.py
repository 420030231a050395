"""The asynchronous client: the same helpers as Client, awaited."""

from __future__ import annotations

from typing import Any

import httpx

from mockmost.client import requests as rq
from mockmost.client._base import Helpers, api_url, httpx_kwargs, read_answer


class AsyncClient(Helpers):
    """Like Client, on httpx.AsyncClient: `await client.get_me()`, `await client.call("GetPost", ...)`."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout: float = 30.0,
        document: str | None = None,
    ) -> None:
        self.token = token
        self.document = document
        self._http = httpx.AsyncClient(base_url=api_url(url), transport=transport, timeout=timeout)

    async def _send(self, req: rq.Request) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        kwargs = httpx_kwargs(req)
        headers.update(kwargs.pop("headers", {}))
        return read_answer(req, await self._http.request(req.method, req.path, headers=headers, **kwargs))

    async def call(
        self,
        operation_id: str,
        path_params: dict[str, str] | None = None,
        query: dict[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        return await self._send(rq.for_operation(operation_id, path_params, query, body, self.document))

    async def login(self, login_id: str, password: str, mfa_token: str = "") -> dict[str, Any]:
        req = rq.login(login_id, password, mfa_token)
        response = await self._http.request(req.method, req.path, **httpx_kwargs(req))
        user = read_answer(req, response)
        self.token = response.headers.get("Token")
        return user  # type: ignore[no-any-return]

    async def logout(self) -> None:
        await self._send(rq.logout())
        self.token = None

    async def aclose(self) -> None:
        await self._http.aclose()

    async def __aenter__(self) -> AsyncClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()
