"""The post search index answers as a scan of every post would: kept up to date on create, edit, delete,
permanent delete and membership changes, never losing a match by reading postings instead of every row.
Upstream: sqlstore/post_store.go search (the database's full-text index is always current)."""

from __future__ import annotations

import random

import pytest

from mockmost.store.post_search import PostSearch
from mockmost.store.search_index import SearchIndex

upstream = pytest.mark.upstream

WORDS = (
    "run running runs runner quick brown fox jumps the lazy dog deploy deployment deployed a of "
    "alpha beta gamma delta supernovae supernova 2024 x_y café"
).split()
QUERIES = [
    "run",
    "running",
    "runner",
    "run*",
    "ru*",
    "dep*",
    "supernovae*",
    "quick brown",
    '"quick brown"',
    '"brown quick"',
    "fox -dog",
    "-lazy",
    "the",
    "the*",
    "dog",
    "#alpha",
    "#alpha #beta",
    "#alpha -#beta",
    "-#beta",
    "from:bob",
    "from:bob fox",
    "-from:bob jumps",
    "in:shared run",
    "-in:shared run",
    "café",
    "2024",
    "x_y",
    "from:nobody",
    "from:carol in:theirs",
    'deploy "lazy dog"',
    "gamma delta",
    "nothingmatches",
    "fox*",
]


def _message(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(1, 8))]
    if rng.random() < 0.3:
        words.append(rng.choice(("#alpha", "#beta", "#gamma")))
    return " ".join(words) + rng.choice(("", ".", "!", "?"))


def _scan_everything(store):
    """The same search with no index: every post's words read afresh, every post considered."""
    fresh = SearchIndex()
    for post in store.post_by_id.values():
        if not post.delete_at:
            fresh.put(post)
    search = PostSearch(store)
    search.index = fresh
    search._candidates = lambda query, channels, from_users: iter(  # type: ignore[method-assign]
        sorted(((p.create_at, p.id) for p in store.post_by_id.values()), reverse=True)
    )
    return search


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_indexed_search_answers_as_a_full_scan(world, store):
    rng = random.Random(13)
    alice, bob, carol = world.user("alice"), world.user("bob"), world.user("carol")
    team = world.team(alice)
    for user in (bob, carol):
        store.teams.join(team, user)
    shared = world.channel(team, alice, "shared")
    mine = world.channel(team, alice, "mine")
    theirs = world.channel(team, bob, "theirs", kind="P")
    store.channels.add_member(shared, bob, bob)
    store.channels.add_member(theirs, carol, carol)
    channels = {alice.id: [shared, mine], bob.id: [shared, theirs], carol.id: [theirs]}
    posts = []
    for i in range(600):
        author = rng.choice((alice, bob, carol))
        channel = rng.choice(channels[author.id])
        fields = {}
        if i % 37 == 0:  # an older create_at written late: postings must stay in order
            fields = {"create_at": 1_600_000_000_000 + i, "id": None}
        post = store.posts.create(author, channel, {"message": _message(rng), **fields}, keep_create_at=True)
        posts.append(post)
        if rng.random() < 0.1:
            store.posts.update(rng.choice(posts), {"message": _message(rng)}, patch=True)
        if rng.random() < 0.05:
            victim = rng.choice(posts)
            if not victim.delete_at:
                store.posts.delete(victim, alice.id)
    store.channels.remove_member(theirs, carol, carol)
    for user in (alice, bob, carol):
        for terms in QUERIES:
            for is_or in (False, True):
                indexed = store.post_search.search(user.id, team.id, terms, is_or=is_or)
                scanned = _scan_everything(store).search(user.id, team.id, terms, is_or=is_or)
                assert indexed == scanned, (user.username, terms, is_or)
    assert store.post_search.search(alice.id, team.id, "run")  # the corpus does hit


@upstream("server/channels/store/sqlstore/post_store.go", "search")
def test_edit_and_delete_update_the_index(world, store):
    alice = world.user("alice")
    team = world.team(alice)
    channel = world.channel(team, alice, "room")
    post = world.post(alice, channel, "the quarterly report")
    assert store.post_search.search(alice.id, team.id, "quarterly") == [post.id]
    store.posts.update(post, {"message": "the yearly summary"}, patch=True)
    assert store.post_search.search(alice.id, team.id, "quarterly") == []
    assert store.post_search.search(alice.id, team.id, "yearly") == [post.id]
    store.posts.delete(post, alice.id)
    assert store.post_search.search(alice.id, team.id, "yearly") == []
    assert len(store.post_search.index) == 0


@upstream("server/channels/store/sqlstore/file_info_store.go", "Search")
def test_file_name_index_answers_as_a_full_scan(world, store, monkeypatch):
    rng = random.Random(7)
    alice = world.user("alice")
    team = world.team(alice)
    channel = world.channel(team, alice, "room")
    stems = ("report", "budget", "photo", "IMG", "draft", "final", "q3", "x")
    for _ in range(300):
        name = "_".join(rng.choice(stems) for _ in range(rng.randint(1, 3))) + rng.choice(
            (".pdf", ".png", ".txt")
        )
        info = store.files.upload(alice.id, channel.id, name, b"data")
        if rng.random() < 0.1:
            info.delete_at = 1
    queries = [
        "report",
        "budget final",
        "img",
        "port",
        "q3",
        "x",
        "ext:pdf",
        "draft ext:png",
        "nothing",
        "pho*",
        '"final"',
        "epo",
    ]
    indexed = {
        (q, o): store.files.search(alice.id, team.id, q, is_or=o) for q in queries for o in (False, True)
    }
    monkeypatch.setattr(
        type(store.files), "_candidates", lambda self, words, is_or: list(store.file_by_id.values())
    )
    for (q, o), found in indexed.items():
        assert found == store.files.search(alice.id, team.id, q, is_or=o), (q, o)
    assert indexed[("report", False)]
