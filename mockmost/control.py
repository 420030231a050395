"""The control API under /__mockmost__/: what the pytest facade does, over HTTP, for bots in any language.

reset, seed, state, snapshots, events (with payloads, and a long-poll wait), the request journal, faults,
the clock, operations and the post-reminder job. Never under /api/v4. Errors have Mattermost's AppError
shape with `mockmost.control.*` ids. The README's "Control API" section documents each shape.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from mockmost.events.catalog import Event
from mockmost.journal import select
from mockmost.operations import listing

if TYPE_CHECKING:
    from mockmost.state import AppState

MAX_WAIT_SECONDS = 60.0


class ControlError(Exception):
    def __init__(self, status: int, message: str, error_id: str = "mockmost.control.bad_request") -> None:
        super().__init__(message)
        self.status, self.message, self.error_id = status, message, error_id


def _error(err: ControlError) -> JSONResponse:
    return JSONResponse(
        {
            "id": err.error_id,
            "message": err.message,
            "detailed_error": "",
            "request_id": "",
            "status_code": err.status,
        },
        status_code=err.status,
    )


async def _object(request: Request) -> dict[str, Any]:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw)
    except ValueError:
        raise ControlError(400, "the body is not valid JSON") from None
    if not isinstance(body, dict):
        raise ControlError(400, "the body must be a JSON object")
    return body


def _number(body: dict[str, Any] | Any, key: str, default: float | None = None) -> float:
    value = body.get(key, default) if isinstance(body, dict) else default
    if isinstance(value, str):
        try:
            value = float(value)
        except ValueError:
            value = None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ControlError(400, f"`{key}` must be a number")
    return float(value)


def event_json(state: AppState, seq: int, event: Event) -> dict[str, Any]:
    """An event as a WebSocket client receives it (data rendered by `wire`, as seen by a user who is neither
    the subject nor an admin), plus its seq in the recording."""
    from mockmost.ws.render import broadcast_json, render_data

    return {
        "seq": seq,
        "event": event.name,
        "data": render_data(state.store, event),
        "broadcast": broadcast_json(event.broadcast),
    }


def _parsed(value: Any) -> Any:
    """Event data values that are JSON strings on the wire (post, channel, ...) are matched as objects."""
    if isinstance(value, str) and value[:1] in "{[":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _subset(want: Any, got: Any) -> bool:
    if isinstance(want, dict):
        got = _parsed(got)
        return isinstance(got, dict) and all(k in got and _subset(v, got[k]) for k, v in want.items())
    return bool(want == got)


def routes(state: AppState) -> list[Route]:
    def guarded(handler: Any) -> Any:
        async def endpoint(request: Request) -> JSONResponse:
            try:
                return await handler(request)  # type: ignore[no-any-return]
            except ControlError as err:
                return _error(err)
            except (ValueError, TypeError, KeyError) as err:
                return _error(ControlError(400, str(err).strip("'\"")))

        return endpoint

    async def reset(request: Request) -> JSONResponse:
        state.reset()  # the config the server started with is part of the world a reset restores
        return JSONResponse({"status": "OK"})

    async def seed(request: Request) -> JSONResponse:
        from mockmost.seeds import SeedError, apply_seed, parse_seed

        body = await request.body()
        try:
            data = parse_seed(body.decode("utf-8", errors="replace"), "<request>")
            with state.bus.unrecorded():
                apply_seed(state.store, data, "<request>")
        except SeedError as err:
            raise ControlError(400, str(err), "mockmost.seed.invalid") from None
        return JSONResponse({"status": "OK"})

    async def get_state(request: Request) -> JSONResponse:
        s = state.store
        return JSONResponse(
            {
                "users": len(s.user_by_id),
                "teams": len(s.team_by_id),
                "channels": len(s.channel_by_id),
                "posts": len(s.post_by_id),
                "sessions": len(s.session_by_id),
            }
        )

    # ---- snapshots ----
    async def take_snapshot(request: Request) -> JSONResponse:
        from mockmost.snapshots import snapshot

        body = await _object(request)
        name = body.get("name") or f"snapshot-{len(state.snapshots) + 1}"
        if not isinstance(name, str):
            raise ControlError(400, "`name` must be a string")
        snap = snapshot(state)
        state.snapshots[name] = snap
        return JSONResponse({"name": name, "taken_at": snap.taken_at}, status_code=201)

    async def list_snapshots(request: Request) -> JSONResponse:
        return JSONResponse([{"name": n, "taken_at": s.taken_at} for n, s in state.snapshots.items()])

    async def restore_snapshot(request: Request) -> JSONResponse:
        from mockmost.snapshots import restore

        snap = state.snapshots.get(request.path_params["name"])
        if snap is None:
            raise ControlError(
                404, f"no snapshot named {request.path_params['name']!r}", "mockmost.control.not_found"
            )
        restore(state, snap)
        return JSONResponse({"status": "OK"})

    async def delete_snapshot(request: Request) -> JSONResponse:
        if state.snapshots.pop(request.path_params["name"], None) is None:
            raise ControlError(
                404, f"no snapshot named {request.path_params['name']!r}", "mockmost.control.not_found"
            )
        return JSONResponse({"status": "OK"})

    # ---- events ----
    def _matching(since: int, name: str | None, match: dict[str, Any]) -> list[dict[str, Any]]:
        out = []
        for seq, event in state.bus.since(since):
            if name and event.name != name:
                continue
            rendered = event_json(state, seq, event)
            if _subset(match, rendered):
                out.append(rendered)
        return out

    async def events(request: Request) -> JSONResponse:
        q = request.query_params
        since = int(_number(dict(q), "since", 0))
        return JSONResponse(_matching(since, q.get("name") or None, {}))

    async def wait_event(request: Request) -> JSONResponse:
        body = await _object(request)
        name = body.get("event")
        match = body.get("match") or {}
        if name is not None and not isinstance(name, str) or not isinstance(match, dict):
            raise ControlError(400, "`event` must be a string and `match` an object")
        since = int(_number(body, "since", 0))
        timeout = min(_number(body, "timeout", 5.0), MAX_WAIT_SECONDS)
        deadline = time.monotonic() + timeout
        while True:
            found = _matching(since, name, match)
            if found:
                return JSONResponse(found[0])
            if time.monotonic() >= deadline:
                seen = [f"{seq}:{e.name}" for seq, e in state.bus.since(0)][-50:]
                return JSONResponse(
                    {
                        "id": "mockmost.control.wait_timeout",
                        "status_code": 408,
                        "detailed_error": "",
                        "request_id": "",
                        "events": seen,
                        "message": f"no {name or 'event'!r} matching {match} after seq {since} "
                        f"within {timeout} s; {len(seen)} event(s) recorded",
                    },
                    status_code=408,
                )
            await asyncio.sleep(0.02)

    # ---- request journal ----
    async def requests(request: Request) -> JSONResponse:
        q = request.query_params
        since = int(_number(dict(q), "since", 0))
        match: dict[str, Any] = {}
        if "status" in q:
            match["status"] = int(_number(dict(q), "status"))
        if "user_id" in q:
            match["user_id"] = q["user_id"]
        records = select(state.journal.entries(since), q.get("target") or None, match)
        return JSONResponse([r.as_json() for r in records])

    async def clear_requests(request: Request) -> JSONResponse:
        state.journal.clear()
        return JSONResponse({"status": "OK"})

    # ---- faults ----
    async def add_fault(request: Request) -> JSONResponse:
        body = await _object(request)
        kind = body.get("kind")
        if kind in ("fail_next", "delay"):
            target = body.get("target")
            if not isinstance(target, str) or not target:
                raise ControlError(400, "`target` must name an operation id, a path or a route")
            times = int(_number(body, "times", 1 if kind == "fail_next" else -1))
            if kind == "fail_next":
                error_id = body.get("error_id")
                message = body.get("message")
                rule: Any = state.faults.fail_next(
                    target,
                    int(_number(body, "status", 500)),
                    error_id if isinstance(error_id, str) else None,
                    times,
                    message if isinstance(message, str) else None,
                )
            else:
                rule = state.faults.delay(target, _number(body, "seconds"), times)
            return JSONResponse(rule.as_json(), status_code=201)
        if kind == "drop_websockets":
            user_id = body.get("user_id") or None
            hub = state.hub
            dropped = hub.drop(user_id) if hub is not None else 0
            return JSONResponse({"kind": kind, "dropped": dropped}, status_code=201)
        if kind == "refuse_websockets":
            seconds = _number(body, "seconds")
            state.faults.refuse_websockets(seconds)
            return JSONResponse({"kind": kind, "seconds": seconds}, status_code=201)
        raise ControlError(400, "`kind` must be fail_next, delay, drop_websockets or refuse_websockets")

    async def list_faults(request: Request) -> JSONResponse:
        return JSONResponse(state.faults.rules())

    async def clear_faults(request: Request) -> JSONResponse:
        state.faults.clear()
        return JSONResponse({"status": "OK"})

    # ---- clock ----
    def _clock() -> JSONResponse:
        return JSONResponse({"now": state.clock.now_ms(), "frozen": state.clock.frozen})

    async def get_clock(request: Request) -> JSONResponse:
        return _clock()

    async def set_clock(request: Request) -> JSONResponse:
        from mockmost.jobs import run_post_reminders

        body = await _object(request)
        if body.get("freeze"):
            state.clock.freeze(body.get("at"))
        if body.get("unfreeze"):
            state.clock.unfreeze()
        if "advance" in body:
            state.clock.advance(_number(body, "advance"))
            run_post_reminders(state)
        if not ({"freeze", "unfreeze", "advance"} & set(body)):
            raise ControlError(
                400, "give `freeze` (with an optional `at`), `unfreeze` or `advance` (seconds)"
            )
        return _clock()

    async def post_reminders(request: Request) -> JSONResponse:
        from mockmost.jobs import run_post_reminders

        return JSONResponse({"status": "OK", "sent": run_post_reminders(state)})

    async def operations(request: Request) -> JSONResponse:
        return JSONResponse(listing(state.operations))

    table = [
        ("/reset", reset, ["POST"]),
        ("/seed", seed, ["POST"]),
        ("/state", get_state, ["GET"]),
        ("/snapshots", take_snapshot, ["POST"]),
        ("/snapshots", list_snapshots, ["GET"]),
        ("/snapshots/{name}/restore", restore_snapshot, ["POST"]),
        ("/snapshots/{name}", delete_snapshot, ["DELETE"]),
        ("/events", events, ["GET"]),
        ("/events/wait", wait_event, ["POST"]),
        ("/requests", requests, ["GET"]),
        ("/requests", clear_requests, ["DELETE"]),
        ("/faults", add_fault, ["POST"]),
        ("/faults", list_faults, ["GET"]),
        ("/faults", clear_faults, ["DELETE"]),
        ("/clock", get_clock, ["GET"]),
        ("/clock", set_clock, ["POST"]),
        ("/operations", operations, ["GET"]),
        ("/jobs/post_reminders", post_reminders, ["POST"]),
    ]
    return [Route(path, guarded(handler), methods=methods) for path, handler, methods in table]
