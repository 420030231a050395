"""Post search over HTTP. Upstream: server/channels/api4/post.go (searchPosts), app/post.go
SearchPostsForUser, model/search_params.go ParseSearchParams, sqlstore/post_store.go search."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def room(mm, login):
    alice, bob, carol = mm.make_user("alice"), mm.make_user("bob"), mm.make_user("carol")
    team = mm.make_team(members=[alice, bob, carol])
    town = mm.make_channel(team, name="town", members=[alice, bob])
    other = mm.make_channel(team, name="other", members=[alice, bob])
    hidden = mm.make_channel(team, name="hidden", members=[carol], channel_type="P")
    return SimpleNamespace(
        alice=alice,
        bob=bob,
        carol=carol,
        team=team,
        town=town,
        other=other,
        hidden=hidden,
        a=login(alice),
        c=login(carol),
    )


def _search(client, team, terms, **extra):
    return client.post(f"/teams/{team.id}/posts/search", json={"terms": terms, **extra})


def _ids(resp):
    assert resp.status_code == 200, resp.text
    return resp.json()["order"]


@upstream("server/public/model/post_search_results.go", "PostSearchResults")
def test_search_result_shape_and_headers(mm, room):
    post = mm.make_post(room.bob, room.town, "the deployment finished")
    resp = _search(room.a, room.team, "deployment")
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == [
        "order",
        "posts",
        "next_post_id",
        "prev_post_id",
        "first_inaccessible_post_time",
        "matches",
    ]
    assert body["order"] == [post.id] and body["matches"] is None
    assert body["posts"][post.id]["metadata"] == {}
    assert resp.headers["cache-control"] == "no-cache, no-store, must-revalidate"


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_search_and_or_terms_newest_first(mm, room):
    both = mm.make_post(room.bob, room.town, "red apples and green pears")
    red = mm.make_post(room.bob, room.town, "a red car")
    mm.make_post(room.bob, room.town, "nothing to see")
    assert _ids(_search(room.a, room.team, "red pears")) == [both.id]
    assert _ids(_search(room.a, room.team, "red pears", is_or_search=True)) == [red.id, both.id]


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_search_phrase_exclusion_prefix_and_stemming(mm, room):
    phrase = mm.make_post(room.bob, room.town, "the quick brown fox")
    scrambled = mm.make_post(room.bob, room.town, "brown and quick dog")
    assert _ids(_search(room.a, room.team, '"quick brown"')) == [phrase.id]
    assert _ids(_search(room.a, room.team, "quick -fox")) == [scrambled.id]
    assert _ids(_search(room.a, room.team, "qui*")) == [scrambled.id, phrase.id]
    running = mm.make_post(room.bob, room.town, "the servers are running")
    assert _ids(_search(room.a, room.team, "server")) == [running.id]  # english stemming


@upstream("server/channels/app/post.go", "SearchPostsForUser")
def test_search_from_and_in_filters(mm, room):
    a1 = mm.make_post(room.alice, room.town, "status report")
    b1 = mm.make_post(room.bob, room.town, "status update")
    b2 = mm.make_post(room.bob, room.other, "status elsewhere")
    assert _ids(_search(room.a, room.team, "status from:bob")) == [b2.id, b1.id]
    assert _ids(_search(room.a, room.team, "status from: bob in:town")) == [b1.id]
    assert _ids(_search(room.a, room.team, "status -from:bob")) == [a1.id]
    assert _ids(_search(room.a, room.team, "status -in:town")) == [b2.id]
    assert _ids(_search(room.a, room.team, "from:bob")) == [b2.id, b1.id]  # flags alone search too
    assert _ids(_search(room.a, room.team, "status from:nobody")) == []


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_search_hashtags(mm, room):
    tagged = mm.make_post(room.bob, room.town, "release #shipit today")
    mm.make_post(room.bob, room.town, "shipit without a tag")
    assert _ids(_search(room.a, room.team, "#shipit")) == [tagged.id]
    assert _ids(_search(room.a, room.team, "#ShipIt")) == [tagged.id]


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_search_only_readable_channels_and_no_system_or_deleted(mm, room):
    mm.make_post(room.carol, room.hidden, "secret plan")
    gone = mm.make_post(room.bob, room.town, "plan that was deleted")
    mm.store.posts.delete(gone, room.bob.id)
    assert _ids(_search(room.a, room.team, "plan")) == []
    assert len(_ids(_search(room.c, room.team, "plan"))) == 1
    mm.store.channels.add_member(room.town, room.carol, room.carol)  # system_join_channel post
    assert _ids(_search(room.a, room.team, "joined")) == []


@upstream("server/channels/store/sqlstore/post_store.go", "buildCreateDateFilterClause")
def test_search_date_filters_with_time_zone_offset(mm, room):
    post = mm.make_post(room.bob, room.town, "dated message")
    day = dt.datetime.fromtimestamp(post.create_at / 1000, dt.timezone.utc).date()
    assert _ids(_search(room.a, room.team, f"dated on:{day.isoformat()}")) == [post.id]
    before = (day - dt.timedelta(days=1)).isoformat()
    after = (day + dt.timedelta(days=1)).isoformat()
    assert _ids(_search(room.a, room.team, f"dated after:{before} before:{after}")) == [post.id]
    assert _ids(_search(room.a, room.team, f"dated after:{day.isoformat()}")) == []
    assert _ids(_search(room.a, room.team, f"dated -on:{day.isoformat()}")) == []
    # a time zone 14 hours ahead of UTC moves the post's local day for most of the UTC day or not at all
    shifted = dt.datetime.fromtimestamp(post.create_at / 1000 + 14 * 3600, dt.timezone.utc).date()
    assert _ids(
        _search(room.a, room.team, f"dated on:{shifted.isoformat()}", time_zone_offset=14 * 3600)
    ) == [post.id]


@upstream("server/channels/store/sqlstore/post_store.go", "SearchPostsForUser")
def test_search_later_pages_are_empty(mm, room):
    mm.make_post(room.bob, room.town, "paged")
    assert len(_ids(_search(room.a, room.team, "paged", page=0, per_page=1))) == 1
    assert _ids(_search(room.a, room.team, "paged", page=1)) == []


@upstream("server/channels/api4/post.go", "searchPostsInAllTeams")
def test_search_in_all_teams(mm, room, login):
    other_team = mm.make_team(members=[room.alice])
    elsewhere = mm.make_channel(other_team, members=[room.alice])
    far = mm.make_post(room.alice, elsewhere, "everywhere word")
    near = mm.make_post(room.bob, room.town, "everywhere word too")
    resp = room.a.post("/posts/search", json={"terms": "everywhere"})
    assert _ids(resp) == [near.id, far.id]
    assert _ids(_search(room.a, room.team, "everywhere")) == [near.id]


@upstream("server/channels/api4/post.go", "searchPosts")
def test_search_bad_bodies(room):
    url = f"/teams/{room.team.id}/posts/search"
    assert_app_error(room.a.post(url, content=b"{nope"), 400, "api.post.search_posts.invalid_body.app_error")
    assert_app_error(room.a.post(url, json={"terms": 5}), 400, "api.post.search_posts.invalid_body.app_error")
    assert_app_error(room.a.post(url, json={"terms": ""}), 400, "api.context.invalid_body_param.app_error")
    assert_app_error(room.a.post(url, json={}), 400, "api.context.invalid_body_param.app_error")


@upstream("server/channels/api4/post.go", "searchPostsInTeam")
def test_search_team_without_membership_is_403(mm, room):
    outsider = mm.make_team()
    assert_app_error(_search(room.a, outsider, "x"), 403, "api.context.permissions.app_error")


@upstream("server/channels/app/post.go", "SearchPostsForUser")
def test_search_disabled_is_501(mm, room):
    mm.set_config("ServiceSettings.EnablePostSearch", False)
    assert_app_error(_search(room.a, room.team, "x"), 501, "store.sql_post.search.disabled")


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_search_uses_english_stemming_and_stop_words(mm, room):
    post = mm.make_post(room.bob, room.town, "The deployments finished quickly")
    assert _ids(_search(room.a, room.team, "deploy")) == [post.id]  # Postgres english: deployments -> deploy
    assert _ids(_search(room.a, room.team, "quick")) == [post.id]
    assert _ids(_search(room.a, room.team, "the")) == []  # a query of stop words only finds nothing
    assert _ids(_search(room.a, room.team, "the finished")) == [post.id]
