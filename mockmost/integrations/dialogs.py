"""Interactive dialogs: the submission goes to the integration, whose errors come back to the client.
Upstream: app/integration_action.go SubmitInteractiveDialog."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mockmost import gojson
from mockmost.integrations.actions import action_request

if TYPE_CHECKING:
    from mockmost.state import AppState


async def submit_dialog(state: AppState, url: str, submission: dict[str, Any]) -> dict[str, Any]:
    """app/integration_action.go SubmitInteractiveDialog: the integration's errors come back to the client."""
    store = state.store
    outbound = state.outbound_pool()
    resp = await outbound.call(action_request, outbound, store, url, submission)
    try:
        answer = gojson.decode(resp.body)
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        return {}
    out: dict[str, Any] = {}
    for name, kind in (("error", str), ("errors", dict), ("type", str), ("form", dict)):
        value = gojson.field(answer, name)
        if value and isinstance(value, kind):
            out[name] = value
    return out


async def lookup_dialog(state: AppState, url: str, lookup: dict[str, Any]) -> dict[str, Any]:
    """app/integration_action.go LookupInteractiveDialog: POSTs the request as type dialog_lookup and answers
    the integration's items (an empty body is no items)."""
    store = state.store
    outbound = state.outbound_pool()
    resp = await outbound.call(action_request, outbound, store, url, {**lookup, "type": "dialog_lookup"})
    try:
        answer = gojson.decode(resp.body) if resp.body else {}
    except ValueError:
        answer = {}
    items = gojson.field(answer, "items") if isinstance(answer, dict) else None
    return {"items": items if isinstance(items, list) else None}
