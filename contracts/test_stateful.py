"""Stateful sequences against an in-process mockmost: users, channels, posts, replies, reactions, deletes,
with every step read back (see mockmost/contract/stateful.py for the rules and the upstream facts)."""

from __future__ import annotations

import json

import httpx
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis.stateful import run_state_machine_as_test

from contracts.conftest import DERANDOMIZE, EXAMPLES
from mockmost.app import state_of
from mockmost.client import Client
from mockmost.contract.local import build_app
from mockmost.contract.stateful import machine
from mockmost.contract.target import Shared
from mockmost.inprocess import InProcessTransport

ADMIN_TOKEN = "admintokenxxxxxxxxxxxxxxxx"  # fixtures/default.yaml
TEAM_ID = "testteamyyyyyyyyyyyyyyyyya"


def test_sequences_of_posts_replies_reactions_and_deletes_read_back_consistently():
    app = build_app()
    transport = InProcessTransport(app)
    try:
        sequences = machine(
            lambda token: Client("http://mockmost.local", token, transport=Shared(transport)),
            ADMIN_TOKEN,
            TEAM_ID,
            reset=state_of(app).reset,
        )
        run_state_machine_as_test(
            sequences,
            settings=settings(
                max_examples=max(3, EXAMPLES * 2),
                stateful_step_count=25,
                derandomize=DERANDOMIZE,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
    finally:
        transport.close()


class _DropsReactions(Shared):
    """A server that forgets reactions in post metadata: the machine must notice."""

    def handle_request(self, request):
        response = super().handle_request(request)
        if (
            request.method == "GET"
            and request.url.path.startswith("/api/v4/posts/")
            and response.status_code == 200
        ):
            body = json.loads(response.content)
            body.get("metadata", {}).pop("reactions", None)
            return httpx.Response(200, json=body, request=request)
        return response


def test_the_invariants_catch_a_server_that_loses_reactions():
    app = build_app()
    transport = InProcessTransport(app)
    try:
        sequences = machine(
            lambda token: Client("http://mockmost.local", token, transport=_DropsReactions(transport)),
            ADMIN_TOKEN,
            TEAM_ID,
            reset=state_of(app).reset,
        )
        with pytest.raises(AssertionError, match="reactions"):
            run_state_machine_as_test(
                sequences,
                settings=settings(
                    max_examples=50,
                    stateful_step_count=25,
                    deadline=None,
                    database=None,
                    derandomize=True,
                    suppress_health_check=list(HealthCheck),
                    phases=[Phase.generate],
                ),
            )
    finally:
        transport.close()
