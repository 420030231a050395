"""Hypothesis throws random bodies at the core write routes: never a 5xx, never a recorded crash, and a
refused request (4xx) leaves the store exactly as it was (validate-then-mutate, ARCHITECTURE §3)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import store_fingerprint

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20)
)
JSON = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=6,
)
PLAUSIBLE = st.sampled_from(
    [
        "O",
        "P",
        "D",
        "X",
        "",
        "valid-name",
        "Valid Name",
        "a@example.com",
        "password123",
        "system_user",
        "system_admin",
        "team_user",
        "x" * 70,
        "é" * 5,
        "  padded  ",
    ]
)

# (method, path with {placeholders}, body fields the handler reads, who calls, fingerprint checked on refusal)
ROUTES = [
    (
        "POST",
        "/users",
        ["username", "email", "password", "nickname", "first_name", "locale", "props", "roles"],
        "anon",
        True,
    ),
    ("POST", "/users/login", ["login_id", "password", "id", "token", "device_id"], "anon", False),
    (
        "PUT",
        "/users/{alice}/patch",
        [
            "username",
            "email",
            "nickname",
            "first_name",
            "props",
            "notify_props",
            "timezone",
            "password",
            "locale",
            "position",
        ],
        "alice",
        True,
    ),
    ("PUT", "/users/{alice}", ["id", "username", "email", "nickname", "props", "locale"], "alice", True),
    ("PUT", "/users/{alice}/roles", ["roles"], "admin", True),
    ("PUT", "/users/{alice}/active", ["active"], "admin", True),
    ("PUT", "/users/{alice}/password", ["current_password", "new_password"], "alice", True),
    ("POST", "/users/{alice}/tokens", ["description"], "admin", True),
    ("POST", "/users/ids", [], "alice", True),
    (
        "POST",
        "/users/search",
        ["term", "team_id", "limit", "allow_inactive", "not_in_channel_id"],
        "alice",
        True,
    ),
    (
        "POST",
        "/teams",
        ["name", "display_name", "type", "description", "allow_open_invite", "email"],
        "alice",
        True,
    ),
    (
        "PUT",
        "/teams/{team}/patch",
        ["display_name", "description", "allow_open_invite", "company_name"],
        "alice",
        True,
    ),
    ("PUT", "/teams/{team}", ["id", "display_name", "description", "allow_open_invite"], "alice", True),
    ("POST", "/teams/{team}/members", ["team_id", "user_id"], "alice", True),
    ("POST", "/channels", ["team_id", "name", "display_name", "type", "header", "purpose"], "alice", True),
    ("PUT", "/channels/{channel}/patch", ["name", "display_name", "header", "purpose"], "alice", True),
    (
        "PUT",
        "/channels/{channel}",
        ["id", "name", "display_name", "header", "purpose", "type"],
        "alice",
        True,
    ),
    ("POST", "/channels/{channel}/members", ["user_id", "user_ids", "post_root_id"], "alice", True),
    ("POST", "/channels/direct", [], "alice", True),
    ("POST", "/channels/group", [], "alice", True),
    ("POST", "/channels/members/{alice}/view", ["channel_id", "prev_channel_id"], "alice", True),
    (
        "POST",
        "/posts",
        [
            "channel_id",
            "message",
            "root_id",
            "props",
            "file_ids",
            "type",
            "pending_post_id",
            "id",
            "create_at",
        ],
        "alice",
        True,
    ),
    ("PUT", "/posts/{post}/patch", ["message", "props", "is_pinned", "file_ids"], "alice", True),
    (
        "PUT",
        "/posts/{post}",
        ["id", "message", "props", "is_pinned", "file_ids", "has_reactions"],
        "alice",
        True,
    ),
]


@pytest.fixture
def world(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    alice = mm.make_user("alice", password="alice-password")
    bob = mm.make_user("bob")
    team = mm.make_team("world", members=[alice, bob], creator=alice)
    channel = mm.make_channel(team, "room", creator=alice, members=[bob])
    post = mm.make_post(alice, channel, "hello")
    ids = {
        "alice": alice.id,
        "bob": bob.id,
        "team": team.id,
        "channel": channel.id,
        "post": post.id,
        "admin": mm.admin.id,
    }
    clients = {"alice": mm.client_for(mm.make_token(alice)), "admin": mm.client, "anon": mm.client_for(None)}
    yield mm, ids, clients
    clients["alice"].close()
    clients["anon"].close()


def _bodies(fields: list[str], ids: list[str]) -> st.SearchStrategy[Any]:
    known = st.sampled_from(ids)
    value = JSON | PLAUSIBLE | known | st.lists(known | PLAUSIBLE, max_size=3)
    shaped = (
        st.fixed_dictionaries({}, optional={f: value for f in fields})
        if fields
        else st.lists(known | PLAUSIBLE | JSON, max_size=10)
    )
    return shaped | JSON | st.binary(max_size=30)


@pytest.mark.parametrize(
    ("method", "path", "fields", "who", "fingerprinted"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES]
)
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_bodies_never_5xx_and_refusals_change_nothing(
    world, data, method, path, fields, who, fingerprinted
):
    mm, ids, clients = world
    body = data.draw(_bodies(fields, sorted(ids.values())), label="body")
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    before, events_before = store_fingerprint(mm.store), len(mm.events)
    resp = clients[who].request(
        method, path.format(**ids), content=content, headers={"content-type": "application/json"}
    )
    crashes = mm._state.take_crashes()
    assert not crashes, crashes[0].traceback
    assert resp.status_code < 500, resp.text
    if 400 <= resp.status_code < 500:
        assert resp.json()["status_code"] == resp.status_code
        if fingerprinted:
            assert store_fingerprint(mm.store) == before, (resp.status_code, resp.text)
            assert len(mm.events) == events_before, [e.name for e in mm.events[events_before:]]


GET_ROUTES = [
    "/users",
    "/users/{alice}",
    "/users/autocomplete",
    "/teams",
    "/teams/{team}/members",
    "/teams/{team}/channels",
    "/channels/{channel}/members",
    "/channels/{channel}/posts",
    "/posts/{post}/thread",
    "/users/{alice}/teams/{team}/channels",
    "/users/{alice}/channels/{channel}/posts/unread",
    "/config/client",
]
QUERY_KEYS = [
    "page",
    "per_page",
    "since",
    "before",
    "after",
    "in_team",
    "not_in_team",
    "in_channel",
    "not_in_channel",
    "sort",
    "role",
    "active",
    "inactive",
    "without_team",
    "include_deleted",
    "perPage",
    "direction",
    "fromPost",
    "fromCreateAt",
    "limit_before",
    "limit_after",
    "name",
    "format",
    "skipFetchThreads",
    "collapsedThreads",
    "include_total_count",
    "exclude_deleted_users",
]


@pytest.mark.parametrize("path", GET_ROUTES)
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_query_strings_never_5xx_and_reads_change_nothing(world, data, path):
    mm, ids, clients = world
    values = (
        st.text(max_size=12)
        | st.sampled_from(sorted(ids.values()))
        | st.integers(-5, 10**12).map(str)
        | st.sampled_from(["true", "false", "up", "down", "create_at", "status", "-1", "0", "201", "1001"])
    )
    params = data.draw(st.dictionaries(st.sampled_from(QUERY_KEYS), values, max_size=5), label="params")
    before = store_fingerprint(mm.store)
    resp = clients["alice"].get(path.format(**ids), params=params)
    crashes = mm._state.take_crashes()
    assert not crashes, crashes[0].traceback
    assert (
        resp.status_code < 500 or resp.json()["id"] == "api.user.autocomplete_users.missing_team_id.app_error"
    )
    assert store_fingerprint(mm.store) == before
