"""The bare Starlette app the benchmark compares against: same uvicorn set-up, same JSON encoder, payloads
of the same size as mockmost's answers, no Mattermost logic."""

from __future__ import annotations

import json
import os

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from mockmost.http.replies import encode

_PAYLOADS = json.loads(os.environ.get("BENCH_BARE_PAYLOADS", "{}"))


async def me(request: Request) -> Response:
    return Response(encode(_PAYLOADS.get("me", {})), media_type="application/json")


async def create_post(request: Request) -> Response:
    body = json.loads(await request.body())
    out = dict(_PAYLOADS.get("post", {}))
    out["message"] = body.get("message", "")
    return Response(encode(out), status_code=201, media_type="application/json")


async def channel_posts(request: Request) -> Response:
    return Response(encode(_PAYLOADS.get("posts", {})), media_type="application/json")


app = Starlette(
    routes=[
        Route("/api/v4/users/me", me),
        Route("/api/v4/posts", create_post, methods=["POST"]),
        Route("/api/v4/channels/{channel_id}/posts", channel_posts),
    ]
)
