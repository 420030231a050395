"""The runner itself: a server that breaks the contract is caught by the right check, with the request and
the response in the result; 501 counts as not implemented."""

from __future__ import annotations

import json

import httpx
import pytest

from contracts.conftest import CONTRACT
from mockmost.contract.local import build_app, inprocess_runner
from mockmost.contract.target import Shared
from mockmost.openapi import Operation

pytestmark = pytest.mark.skipif(CONTRACT is None, reason="no OpenAPI document (MOCKMOST_OPENAPI)")
ME = Operation("GET", "/api/v4/users/{user_id}", "GetUser", "users")


class Tamper(Shared):
    def __init__(self, inner, change):
        super().__init__(inner)
        self.change = change

    def handle_request(self, request):
        response = super().handle_request(request)
        if (
            request.method == "GET"
            and request.url.path.startswith("/api/v4/users/")
            and request.url.path.count("/") == 4
        ):
            return self.change(request, response)
        return response


def run_with(change, op=ME):
    from mockmost.inprocess import InProcessTransport

    app = build_app()
    runner = inprocess_runner(CONTRACT, app, max_examples=4)
    transport = Tamper(InProcessTransport(app), change)
    runner.clients = lambda token: httpx.Client(
        base_url="http://mockmost.local/api/v4",
        transport=transport,
        headers={"Authorization": f"Bearer {token}"} if token else {},
    )
    return runner.run_operation(op, "admin")


def test_an_untouched_server_passes():
    result = run_with(lambda request, response: response)
    assert result.outcome == "passed" and result.examples == 4, result.failures


def test_a_wrong_field_type_fails_the_schema_check():
    def change(request, response):
        body = json.loads(response.content)
        if response.status_code == 200:
            body["create_at"] = "yesterday"
        return httpx.Response(response.status_code, json=body, request=request)

    result = run_with(change)
    assert result.outcome == "failed"
    failure = next(f for f in result.failures if f.check == "response_schema_conformance")
    assert "yesterday" in failure.message and failure.request.startswith(
        "GET http://mockmost.local/api/v4/users/"
    )
    assert failure.response.startswith("200")


def test_a_server_error_and_a_foreign_error_body_fail():
    result = run_with(lambda request, response: httpx.Response(500, text="oops", request=request))
    checks = {f.check for f in result.failures}
    assert {"not_a_server_error", "app_error_shape", "status_code_conformance"} <= checks


def test_501_is_not_implemented_not_a_failure():
    result = run_with(
        lambda request, response: httpx.Response(
            501,
            json={
                "id": "api.context.not_implemented.app_error",
                "message": "m",
                "detailed_error": "",
                "request_id": "r",
                "status_code": 501,
            },
            request=request,
        )
    )
    assert (result.outcome, result.failures) == ("not_implemented", [])
