"""Hypothesis on the bots, threads, search, ephemeral, set_unread and reminder routes: never a 5xx or a
recorded crash, and a refused request leaves the store and the event stream as they were."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mockmost.store.post_search import _after_millis, _before_millis, _on_millis, parse_search_params
from tests.helpers import store_fingerprint
from tests.properties.test_bad_input import _bodies

# (method, path, body fields, caller)
ROUTES = [
    ("POST", "/bots", ["username", "display_name", "description"], "admin"),
    ("PUT", "/bots/{bot}", ["username", "display_name", "description"], "admin"),
    ("POST", "/bots/{bot}/convert_to_user", ["password", "username", "email", "props"], "admin"),
    (
        "POST",
        "/teams/{team}/posts/search",
        ["terms", "is_or_search", "time_zone_offset", "page", "per_page", "include_deleted_channels"],
        "alice",
    ),
    ("POST", "/posts/search", ["terms", "is_or_search", "time_zone_offset", "page"], "alice"),
    ("POST", "/posts/ephemeral", ["user_id", "post"], "admin"),
    ("POST", "/users/{alice}/posts/{post}/set_unread", ["collapsed_threads_supported"], "alice"),
    ("POST", "/users/{alice}/posts/{post}/reminder", ["target_time"], "alice"),
    ("PUT", "/users/{alice}/teams/{team}/threads/{post}/following", [], "alice"),
]
_PIECES = [*'ab #-"*:@~.,é ', "from:", "in:", "on:", "before:", "after:", "2020-1-1", "-", "room ", "alice "]
TERMS = st.lists(st.sampled_from(_PIECES), max_size=12).map("".join)


@pytest.fixture
def world(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    alice = mm.make_user("alice")
    team = mm.make_team("world", members=[alice])
    channel = mm.make_channel(team, "room", members=[alice])
    post = mm.make_post(alice, channel, "hello #tag")
    mm.make_post(alice, channel, "reply", root=post)
    bot, _ = mm.make_bot("robot")
    ids = {"alice": alice.id, "team": team.id, "post": post.id, "bot": bot.id}
    clients = {"alice": mm.client_for(mm.make_token(alice)), "admin": mm.client}
    yield mm, ids, clients
    clients["alice"].close()


@pytest.mark.parametrize(("method", "path", "fields", "who"), ROUTES, ids=[f"{m} {p}" for m, p, *_ in ROUTES])
@settings(
    max_examples=15,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_bodies_never_5xx_and_refusals_change_nothing(world, data, method, path, fields, who):
    mm, ids, clients = world
    body = data.draw(
        _bodies(fields, sorted(ids.values())) | st.fixed_dictionaries({"terms": TERMS}), label="body"
    )
    content = body if isinstance(body, bytes) else json.dumps(body).encode()
    before, events_before = store_fingerprint(mm.store), len(mm.events)
    resp = clients[who].request(
        method, path.format(**ids), content=content, headers={"content-type": "application/json"}
    )
    crashes = mm._state.take_crashes()
    assert not crashes, crashes[0].traceback
    assert resp.status_code < 500 or resp.status_code == 501, resp.text
    if 400 <= resp.status_code < 500:
        assert resp.json()["status_code"] == resp.status_code
        assert store_fingerprint(mm.store) == before, (resp.status_code, resp.text)
        assert len(mm.events) == events_before, [e.name for e in mm.events[events_before:]]


@settings(max_examples=200, deadline=None, database=None)
@given(text=st.text(max_size=60) | TERMS, offset=st.integers(-(2**40), 2**40))
def test_search_grammar_never_raises(text, offset):
    for group in parse_search_params(text, offset):
        for value in (group.on_date, group.after_date, group.before_date):
            _on_millis(value, offset)
            _before_millis(value, offset)
            _after_millis(value, offset, dt.date(2020, 1, 1))
