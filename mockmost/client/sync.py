"""The synchronous client."""

from __future__ import annotations

from typing import Any

import httpx

from mockmost.client import requests as rq
from mockmost.client._base import Helpers, api_url, httpx_kwargs, read_answer


class Client(Helpers):
    """A small Mattermost API v4 client on httpx.

    Example:
        >>> client = Client("http://127.0.0.1:8065", token="admintokenxxxxxxxxxxxxxxxx")
        >>> me = client.get_me()
        >>> post = client.create_post(channel_id, "hello")
        >>> client.call("GetPost", path_params={"post_id": post["id"]})
    """

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 30.0,
        document: str | None = None,
    ) -> None:
        self.token = token
        self.document = document
        self._http = httpx.Client(base_url=api_url(url), transport=transport, timeout=timeout)

    def _send(self, req: rq.Request) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        kwargs = httpx_kwargs(req)
        headers.update(kwargs.pop("headers", {}))
        return read_answer(req, self._http.request(req.method, req.path, headers=headers, **kwargs))

    def call(
        self,
        operation_id: str,
        path_params: dict[str, str] | None = None,
        query: dict[str, Any] | None = None,
        body: Any = None,
    ) -> Any:
        """Any documented operation by its operationId."""
        return self._send(rq.for_operation(operation_id, path_params, query, body, self.document))

    def login(self, login_id: str, password: str, mfa_token: str = "") -> dict[str, Any]:
        """Password login; later calls use the session token the server answered with."""
        req = rq.login(login_id, password, mfa_token)
        response = self._http.request(req.method, req.path, **httpx_kwargs(req))
        user = read_answer(req, response)
        self.token = response.headers.get("Token")
        return user  # type: ignore[no-any-return]

    def logout(self) -> None:
        self._send(rq.logout())
        self.token = None

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
