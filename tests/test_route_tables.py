"""The route table is the code: every operation with its operationId, tag and kind, checked against the
OpenAPI document (same operations, same method and path, the document's operationId and first tag, handler
named snake_case(operationId)). Routes the document leaves out (e.g. /hooks/{id}) say so (`documented=False`).
The document checks skip without the document; the table's own checks do not need it."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from mockmost import openapi
from mockmost.http.checks import answered
from mockmost.operations import ANSWERED, KINDS, STATEFUL, UNROUTED
from mockmost.routes import ROUTES
from mockmost.settings import default_openapi_path


@pytest.fixture(scope="module")
def operations() -> dict[tuple[str, str], openapi.Operation]:
    doc = openapi.load_document(default_openapi_path())
    if not doc:
        pytest.skip("OpenAPI document absent (set MOCKMOST_OPENAPI)")
    return {(op.method, op.path): op for op in openapi.list_operations(doc)}


def _documented():
    return [r for r in ROUTES if r.documented]


def test_table_and_document_list_the_same_operations(operations):
    table = {(r.method, r.path) for r in _documented()}
    assert sorted(set(operations) - table) == []  # in the document, not in the table: not implemented
    assert sorted(table - set(operations)) == []  # documented=True, yet not in the document
    assert len(table) == len(operations) == 511


def test_undocumented_routes_are_not_in_the_document(operations):
    undocumented = [(r.method, r.path) for r in ROUTES if not r.documented]
    assert undocumented and [k for k in undocumented if k in operations] == []


def test_operation_id_and_tag_are_the_documents(operations):
    wrong = []
    for r in _documented():
        op = operations[(r.method, r.path)]
        # The content flagging operations have no operationId in the document: named after the Go handler.
        if (op.operation_id and r.operation_id != op.operation_id) or r.tag != op.tag:
            wrong.append(f"{r.method} {r.path}: {r.operation_id} [{r.tag}] != {op.operation_id} [{op.tag}]")
    assert wrong == []
    assert {r.tag for r in _documented()} == {op.tag for op in operations.values()}


def test_handler_named_after_operation_id(operations):
    wrong = []
    for r in _documented():
        op = operations[(r.method, r.path)]
        if op.operation_id and r.handler.__name__ != openapi.snake_case(op.operation_id):
            wrong.append(
                f"{r.method} {r.path}: {r.handler.__name__} != {openapi.snake_case(op.operation_id)}"
            )
    assert wrong == []


def test_every_route_has_an_operation_id_a_tag_and_a_kind():
    """Without the document: what the server lists at /__mockmost__/operations comes from here alone."""
    assert [
        f"{r.method} {r.path}" for r in ROUTES if not (r.operation_id and r.tag and r.kind in KINDS)
    ] == []
    kinds = Counter(r.kind for r in _documented())
    assert sum(kinds.values()) == 511 and set(kinds) == {STATEFUL, ANSWERED, UNROUTED}


def test_answered_routes_are_of_kind_answered():
    route = answered("GET", "/api/v4/x", "get_x", operation_id="GetX", tag="x")
    assert (route.kind, route.operation_id, route.tag, route.handler.__name__) == (
        ANSWERED,
        "GetX",
        "x",
        "get_x",
    )


def test_operation_id_defaults_to_the_handler_name_in_camel_case():
    route = next(r for r in ROUTES if (r.method, r.path) == ("POST", "/api/v4/posts"))
    assert route.operation_id == "CreatePost" and route.kind == STATEFUL and route.tag == "posts"


def test_no_duplicate_routes():
    seen = [(r.method, re.sub(r"\{[^}]+\}", "{}", r.path)) for r in ROUTES]
    assert len(seen) == len(set(seen))


@pytest.mark.parametrize(
    ("operation_id", "expected"),
    [
        ("CreatePost", "create_post"),
        ("GetPostsForChannel", "get_posts_for_channel"),
        ("GetUserByUsername", "get_user_by_username"),
        ("RevokeAllSessions", "revoke_all_sessions"),
    ],
)
def test_snake_case(operation_id, expected):
    assert openapi.snake_case(operation_id) == expected
