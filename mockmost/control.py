"""The control API under /__mockmost__/: reset, seed, state, events, operations. Never under /api/v4."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

if TYPE_CHECKING:
    from mockmost.state import AppState


def routes(state: AppState) -> list[Route]:
    async def reset(request: Request) -> JSONResponse:
        state.reset()
        return JSONResponse({"status": "OK"})

    async def seed(request: Request) -> JSONResponse:
        from mockmost.seeds import SeedError, apply_seed, parse_seed

        body = await request.body()
        try:
            data = parse_seed(body.decode("utf-8", errors="replace"), "<request>")
            apply_seed(state.store, data, "<request>")
        except SeedError as err:
            return JSONResponse({"id": "mockmost.seed.invalid", "message": str(err), "status_code": 400},
                                status_code=400)
        return JSONResponse({"status": "OK"})

    async def get_state(request: Request) -> JSONResponse:
        s = state.store
        return JSONResponse({
            "users": len(s.user_by_id), "teams": len(s.team_by_id), "channels": len(s.channel_by_id),
            "posts": len(s.post_by_id), "sessions": len(s.session_by_id),
        })

    async def events(request: Request) -> JSONResponse:
        out: list[dict[str, Any]] = [{"event": e.name, "broadcast": {
            "user_id": e.broadcast.user_id, "channel_id": e.broadcast.channel_id, "team_id": e.broadcast.team_id}}
            for e in state.bus.recorded]
        return JSONResponse(out)

    async def post_reminders(request: Request) -> JSONResponse:
        from mockmost.jobs import run_post_reminders

        return JSONResponse({"status": "OK", "sent": run_post_reminders(state)})

    async def operations(request: Request) -> JSONResponse:
        from mockmost.coverage import operation_table

        return JSONResponse(operation_table(state))

    return [
        Route("/reset", reset, methods=["POST"]),
        Route("/seed", seed, methods=["POST"]),
        Route("/state", get_state, methods=["GET"]),
        Route("/events", events, methods=["GET"]),
        Route("/operations", operations, methods=["GET"]),
        Route("/jobs/post_reminders", post_reminders, methods=["POST"]),
    ]
