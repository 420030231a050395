"""The contract against a mockmost app in this process: a fresh seeded world for every operation."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from mockmost.contract import build_seeded_app
from mockmost.contract.document import Contract
from mockmost.contract.runner import Runner, World
from mockmost.contract.target import app_clients, build_sandbox
from mockmost.seeds import DEFAULT_SEED


def build_app(seed: Path | None = DEFAULT_SEED) -> Any:
    return build_seeded_app(seed)


def inprocess_runner(contract: Contract, app: Any | None = None, max_examples: int = 10) -> Runner:
    """A Runner whose every operation starts from the seed again (reset, then a new sandbox)."""
    from mockmost.app import state_of
    from mockmost.testing import MockMattermost

    app = app if app is not None else build_app()
    state = state_of(app)
    clients = app_clients(app)
    settings = copy.deepcopy(state.settings)

    def prepare() -> World:
        # Config operations (PUT /config …) change the settings; each operation starts from the original ones.
        state.settings = copy.deepcopy(settings)
        state.reset()
        state.refresh_version_id()
        mock = MockMattermost(state, "http://mockmost.local:80")
        sandbox, admin, user = build_sandbox(clients, mock.admin_token)
        return World(sandbox, {"admin": admin, "user": user})

    return Runner(contract, clients, prepare, max_examples=max_examples)


def operation_kind(app: Any, method: str, path: str) -> str | None:
    """The operation's kind in the app's route table (operations.STATEFUL, ANSWERED or UNROUTED), None when
    the table does not list it."""
    from mockmost.app import state_of

    for op in state_of(app).operations:
        if op.method == method and op.path == path:
            return op.kind
    return None
