"""What the sync and async clients share: URL and token handling, turning a Request into httpx arguments,
reading an answer (JSON, bytes or a MattermostError), and the typed helpers built from client.requests."""

from __future__ import annotations

import functools
import json
from typing import Any

import httpx

from mockmost.client import requests as rq
from mockmost.client.errors import MattermostError


def api_url(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith(rq.API) else url + rq.API


def httpx_kwargs(req: rq.Request) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"params": {k: _query_value(v) for k, v in req.query.items()} or None}
    if req.files is not None:
        kwargs["files"] = req.files
        kwargs["data"] = req.data
    elif req.body is not None:
        kwargs["content"] = json.dumps(req.body).encode()
        kwargs["headers"] = {"Content-Type": "application/json"}
    return kwargs


def _query_value(value: Any) -> Any:
    return ("true" if value else "false") if isinstance(value, bool) else value


def read_answer(req: rq.Request, response: httpx.Response) -> Any:
    if response.status_code >= 400:
        raise MattermostError.from_response(response.status_code, response.headers, response.content)
    if req.raw:
        return response.content
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


class Helpers:
    """Typed helpers (users, teams, channels, posts, files, reactions); `_send` is sync or async."""

    def _send(self, req: rq.Request) -> Any:  # pragma: no cover - overridden
        raise NotImplementedError


def _helper(name: str) -> Any:
    build = getattr(rq, name)

    @functools.wraps(build)
    def method(self: Helpers, *args: Any, **kwargs: Any) -> Any:
        return self._send(build(*args, **kwargs))

    return method


for _name in rq.HELPERS:
    setattr(Helpers, _name, _helper(_name))
