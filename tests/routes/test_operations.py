"""The route table is the code (issue 10): without the OpenAPI document a server answers every one of the
document's operations exactly as with it; none answers the generic not-implemented 501; the operations the
real router does not know answer its 404 before any session or body check; /__mockmost__/operations lists
every operation with its kind, document or not."""

from __future__ import annotations

import gc
import re
from collections import Counter

import httpx
import pytest

from mockmost import openapi
from mockmost.app import create_app, state_of
from mockmost.ids import Clock, IdSource
from mockmost.inprocess import InProcessTransport
from mockmost.operations import KINDS, UNROUTED, listing
from mockmost.seeds import apply_seed
from mockmost.settings import Settings, default_openapi_path
from mockmost.store import Store
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream

ADMIN_TOKEN = "admintokenxxxxxxxxxxxxxxxx"
USER_TOKEN = "usertokenxxxxxxxxxxxxxxxxx"
SEED = {
    "users": [
        {
            "username": "admin",
            "email": "admin@example.com",
            "password": "admin-password",
            "roles": "system_admin system_user",
            "tokens": [{"token": ADMIN_TOKEN}],
        },
        {
            "username": "plain",
            "email": "plain@example.com",
            "password": "plain-password",
            "tokens": [{"token": USER_TOKEN}],
        },
    ],
    "teams": [
        {"name": "sweep", "display_name": "Sweep", "type": "O", "creator": "admin", "members": ["plain"]}
    ],
}
MADE_UP = "zmadeupidzmadeupidzmadeupi"  # 26 characters: a well-formed id that names nothing
FROZEN_AT = 1_767_225_600_000  # 2026-01-01T00:00:00Z


@pytest.fixture(scope="module")
def document_operations() -> list[openapi.Operation]:
    doc = openapi.load_document(default_openapi_path())
    if not doc:
        pytest.skip("OpenAPI document absent (set MOCKMOST_OPENAPI)")
    return openapi.list_operations(doc)


def _app(monkeypatch: pytest.MonkeyPatch, document: str) -> object:
    """An app on a seeded store with fixed ids and a frozen clock, built with MOCKMOST_OPENAPI=document."""
    monkeypatch.setenv("MOCKMOST_OPENAPI", document)
    settings = Settings(id_seed=10)
    clock = Clock()
    clock.freeze(FROZEN_AT)
    store = Store(settings, IdSource(settings.id_seed, clock=clock))
    store.telemetry_id = "sweeptelemetryidxxxxxxxxxx"  # the installation's id is random, not from id_seed
    apply_seed(store, SEED, "sweep")
    return create_app(settings, store=store)


def _sweep(app: object, ops: list[openapi.Operation]) -> list[tuple[str, int, bytes]]:
    """Every operation as the plain user, then as the admin: made-up ids, an empty JSON body."""
    answers = []
    with httpx.Client(transport=InProcessTransport(app), base_url="http://sweep.invalid") as client:
        for token in (USER_TOKEN, ADMIN_TOKEN):
            for op in ops:
                path = re.sub(r"\{[^}]+\}", MADE_UP, op.path)
                body = {} if op.method != "GET" else None
                resp = client.request(
                    op.method, path, json=body, headers={"Authorization": f"Bearer {token}"}
                )
                # A web error page's link is signed with the app's own random key (web/handlers.go).
                content = re.sub(
                    rb"(&amp;|\\u0026|[?&])s(=|\\u003D)[A-Za-z0-9_-]+(=|\\u003D)*",
                    rb"\1s=<signature>",
                    resp.content,
                )
                answers.append((f"{op.method} {op.path}", resp.status_code, content))
    return answers


def test_without_the_document_every_operation_answers_the_same(monkeypatch, tmp_path, document_operations):
    try:
        without = _app(monkeypatch, str(tmp_path / "missing" / "openapi.yaml"))
        assert not state_of(without).settings.openapi_path.exists()
        answers_without = _sweep(without, document_operations)
        with_document = _app(monkeypatch, str(default_openapi_path()))
        answers_with = _sweep(with_document, document_operations)
    finally:
        gc.unfreeze()
    assert len(answers_with) == 2 * 511
    assert [a for a, b in zip(answers_without, answers_with, strict=True) if a != b] == []
    assert listing(state_of(without).operations) == listing(state_of(with_document).operations)
    # No operation reaches a generic not-implemented answer; the unrouted ones answer the router's 404.
    assert [what for what, _, body in answers_with if b"not_implemented.app_error" in body] == []
    unrouted = {f"{op.method} {op.path}" for op in state_of(with_document).operations if op.kind == UNROUTED}
    assert {what: status for what, status, _ in answers_with if what in unrouted} == dict.fromkeys(
        unrouted, 404
    )
    assert all(
        b"There doesn't appear to be an api call" in b for what, _, b in answers_with if what in unrouted
    )


@upstream("server/channels/api4/api.go", "Init")
def test_unrouted_operation_is_404_before_the_token_check(mm):
    """Observed on 11.2: GET /bots/{id}/icon?access_token=<a session token> answers the router's 404, where a
    routed operation answers 401 api.context.token_provided.app_error."""
    with mm.client_for(None) as anon:
        _assert_router_404(anon.get(f"/bots/{mm.admin.id}/icon", params={"access_token": mm.admin_token}))
        _assert_router_404(anon.post("/users/mfa", params={"access_token": mm.admin_token}, json={}))
        resp = anon.get("/users/me", params={"access_token": mm.admin_token})
        assert_app_error(resp, 401, "api.context.token_provided.app_error")


def _assert_router_404(resp: httpx.Response) -> None:
    body = resp.json()
    assert (resp.status_code, body["id"]) == (404, "api.context.404.app_error") and "request_id" not in body
    assert body["detailed_error"].startswith("There doesn't appear to be an api call for the url=")


def test_control_operations_lists_every_operation_with_its_kind(mm):
    with mm.client_for(None) as anon:
        listed = anon.get(mm.url.rstrip("/") + "/__mockmost__/operations").json()
    assert set(listed) == {"total", "tags", "operations", "undocumented"}
    assert listed["total"]["operations"] == 511 == sum(listed["total"][k] for k in KINDS)
    assert len(listed["operations"]) == 511
    for key in ("operations", *KINDS):
        assert sum(row[key] for row in listed["tags"].values()) == listed["total"][key]
    by_kind = Counter(op["kind"] for op in listed["operations"])
    assert {k: by_kind[k] for k in KINDS} == {k: listed["total"][k] for k in KINDS}
    create_post = next(op for op in listed["operations"] if op["operation_id"] == "CreatePost")
    assert create_post == {
        "method": "POST",
        "path": "/api/v4/posts",
        "operation_id": "CreatePost",
        "tag": "posts",
        "kind": "stateful",
    }
    assert {
        "method": "POST",
        "path": "/api/v4/users/mfa",
        "operation_id": "CheckUserMfa",
        "tag": "users",
    } == {
        k: v
        for k, v in next(op for op in listed["operations"] if op["path"] == "/api/v4/users/mfa").items()
        if k != "kind"
    }
    assert listed["tags"]["compliance"] == {"operations": 4, "stateful": 0, "answered": 4, "unrouted": 0}
    assert ("POST", "/hooks/{hook_id}") in {(op["method"], op["path"]) for op in listed["undocumented"]}
