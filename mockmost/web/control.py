"""Control endpoints the browser client needs beyond the control API (mockmost/control.py): the one-click
"sign in as" list and session, and the inspector's live event feed. Mounted under /__mockmost__/ by
create_app."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

if TYPE_CHECKING:
    from mockmost.state import AppState


def routes(state: AppState) -> list[Route]:
    return [*signin_routes(state), *feed_routes(state)]


def signin_routes(state: AppState) -> list[Route]:
    """For the browser client's one-click "sign in as": list who can sign in, and issue a web session for one
    of them with the cookies the real login sets (MMAUTHTOKEN, MMUSERID, MMCSRF). Local use only."""

    async def list_signin(request: Request) -> JSONResponse:
        users = sorted(state.store.users.all(), key=lambda u: (u.is_bot, u.username))
        return JSONResponse(
            [
                {
                    "id": u.id,
                    "username": u.username,
                    "first_name": u.first_name,
                    "last_name": u.last_name,
                    "nickname": u.nickname,
                    "is_bot": u.is_bot,
                    "roles": u.roles,
                }
                for u in users
                if not u.delete_at
            ]
        )

    async def signin(request: Request) -> JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            body = None
        wanted = body if isinstance(body, dict) else {}
        store = state.store
        user = store.users.find(str(wanted.get("user_id", ""))) or store.users.find_by_username(
            str(wanted.get("username", ""))
        )
        if user is None or user.delete_at:
            return JSONResponse(
                {"id": "mockmost.signin.unknown_user", "message": "No such active user.", "status_code": 404},
                status_code=404,
            )
        from mockmost import wire

        session = store.sessions.create(user, props={"mockmost_signin": "true"})
        reply = JSONResponse(wire.user(user, "self"), headers={"Token": session.token})
        max_age = state.settings.get("ServiceSettings.SessionLengthWebInHours") * 3600
        reply.set_cookie("MMAUTHTOKEN", session.token, max_age=max_age, path="/", httponly=True)
        reply.set_cookie("MMUSERID", user.id, max_age=max_age, path="/")
        reply.set_cookie("MMCSRF", session.csrf, max_age=max_age, path="/")
        return reply

    return [Route("/signin", list_signin, methods=["GET"]), Route("/signin", signin, methods=["POST"])]


def feed_routes(state: AppState) -> list[Route]:
    """The browser inspector's live event stream: every published event numbered, and rendered with its data
    and broadcast as the WebSocket writes them when asked for. Long-polls up to `wait` seconds (max 25)."""
    import asyncio
    import itertools
    import time
    from collections import deque

    from mockmost.events.catalog import Event

    numbered: deque[tuple[int, int, Event]] = deque(maxlen=2000)
    counter = itertools.count(1)

    def record(events: list[Event]) -> None:
        now = int(time.time() * 1000)
        numbered.extend((next(counter), now, e) for e in events)

    state.bus.subscribe(record)
    state.on_reset.append(lambda store: numbered.clear())

    async def feed(request: Request) -> JSONResponse:
        from mockmost.ws import render

        try:
            after = int(request.query_params.get("after", "0"))
            wait = min(float(request.query_params.get("wait", "0")), 25.0)
        except ValueError:
            return JSONResponse(
                {
                    "id": "mockmost.feed.bad_query",
                    "message": "after and wait are numbers.",
                    "status_code": 400,
                },
                status_code=400,
            )
        if numbered and after > numbered[-1][0] or not numbered and after:
            after = 0  # a restarted server numbers from 1 again
        deadline = time.monotonic() + wait
        while not (numbered and numbered[-1][0] > after) and time.monotonic() < deadline:
            await asyncio.sleep(0.1)
        store = state.store
        out = []
        for seq, at, event in list(numbered):
            if seq <= after:
                continue
            try:
                data = render.render_data(store, event, None, "admin")
            except Exception as err:  # noqa: BLE001 - an event of an old world may not render against the new
                data = {"error": f"not renderable: {err}"}
            out.append(
                {
                    "seq": seq,
                    "at": at,
                    "event": event.name,
                    "data": data,
                    "broadcast": render.broadcast_json(event.broadcast),
                }
            )
        last = numbered[-1][0] if numbered else after
        return JSONResponse({"last": max(last, after), "events": out})

    return [Route("/events/feed", feed, methods=["GET"])]
