"""Hypothesis throws random bodies and forms at the OAuth 2.0 routes: never a 5xx, never a recorded crash (the
fixture fails the test on one), and a refused request (4xx) leaves the store as it was (validate-then-mutate,
ARCHITECTURE §3)."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import store_fingerprint
from tests.properties.test_bad_input import JSON

CB = "http://cb.example.com/cb"
PLAUSIBLE = st.sampled_from(
    [CB, "", "code", "token", "S256", "plain", "x" * 70, "ftp://x", "http://h", "authorization_code", "é" * 3]
)
# (method, path, body fields the handler reads, who calls)
ROUTES = [
    (
        "POST",
        "/api/v4/oauth/apps",
        ["name", "description", "icon_url", "callback_urls", "homepage", "is_trusted", "is_public"],
        "admin",
    ),
    (
        "PUT",
        "/api/v4/oauth/apps/{app}",
        ["id", "name", "description", "callback_urls", "homepage", "mattermost_app_id", "create_at"],
        "admin",
    ),
    (
        "POST",
        "/oauth/authorize",
        ["response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "resource"],
        "alice",
    ),
    ("POST", "/oauth/deauthorize", ["client_id"], "alice"),
    (
        "POST",
        "/api/v4/oauth/apps/register",
        ["redirect_uris", "client_name", "token_endpoint_auth_method"],
        "anon",
    ),
]
FORM_KEYS = [
    "grant_type",
    "client_id",
    "client_secret",
    "code",
    "redirect_uri",
    "refresh_token",
    "code_verifier",
]


@pytest.fixture
def world(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    alice = mm.make_user("alice")
    app = mm.client.post("/oauth/apps", json={"name": "A", "callback_urls": [CB], "homepage": CB}).json()
    root = mm.url
    clients = {"alice": mm.client_for(mm.make_token(alice)), "admin": mm.client, "anon": mm.client_for(None)}
    yield mm, app, root, clients
    clients["alice"].close()
    clients["anon"].close()


def _check(mm, before, events_before, resp):
    assert resp.status_code < 500, resp.text
    if 400 <= resp.status_code < 500 and resp.headers["content-type"] == "application/json":
        body = resp.json()
        if "status_code" in body:
            assert body["status_code"] == resp.status_code
        assert store_fingerprint(mm.store) == before, (resp.status_code, resp.text)
        assert len(mm.events) == events_before


@pytest.mark.parametrize(("method", "path", "fields", "who"), ROUTES)
@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_bodies_never_break_the_oauth_routes(world, method, path, fields, who, data):
    mm, app, root, clients = world
    value = JSON | PLAUSIBLE | st.just(app["id"]) | st.lists(PLAUSIBLE, max_size=3)
    body: Any = data.draw(st.fixed_dictionaries({}, optional={f: value for f in fields}) | JSON)
    before, events_before = store_fingerprint(mm.store), len(mm.events)
    url = root + path.format(app=app["id"])
    resp = clients[who].request(method, url, content=json.dumps(body).encode())
    _check(mm, before, events_before, resp)


@settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_forms_never_break_the_token_endpoint(world, data):
    mm, app, root, clients = world
    text = st.text(max_size=12) | PLAUSIBLE | st.just(app["id"]) | st.just(app["client_secret"])
    form = data.draw(st.fixed_dictionaries({}, optional={k: text for k in FORM_KEYS}))
    raw = data.draw(st.just(urlencode(form)) | st.text(max_size=40))
    before, events_before = store_fingerprint(mm.store), len(mm.events)
    resp = clients["anon"].post(
        root + "/oauth/access_token",
        content=raw.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    _check(mm, before, events_before, resp)
