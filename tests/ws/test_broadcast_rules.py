"""Hypothesis: random memberships (public, private, DM, GM), random posts and membership changes; every
connection receives exactly the posts of the channels its user belonged to when each post was made, and
nothing scoped to a channel it never belonged to.

Upstream: server/channels/app/platform/web_conn.go ShouldSendEvent (channel members only, user_id only,
omit_users), web_hub.go (every connection of a user).
"""

from __future__ import annotations

import asyncio
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.ws.conftest import Socket, authed, run

upstream = pytest.mark.upstream
USERS = 4


def _ops():
    op = st.one_of(
        st.tuples(st.just("post"), st.integers(0, 4), st.integers(0, USERS - 1)),
        st.tuples(st.just("add"), st.integers(0, 2), st.integers(0, USERS - 1)),
        st.tuples(st.just("remove"), st.integers(0, 2), st.integers(0, USERS - 1)),
    )
    return st.lists(op, min_size=1, max_size=10)


@upstream("server/channels/app/platform/web_conn.go", "ShouldSendEvent")
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    kinds=st.lists(st.sampled_from("OP"), min_size=3, max_size=3),
    members=st.lists(st.sets(st.integers(0, USERS - 1), min_size=1), min_size=3, max_size=3),
    dm=st.tuples(st.integers(0, USERS - 1), st.integers(0, USERS - 1)).filter(lambda p: p[0] != p[1]),
    gm=st.sets(st.integers(0, USERS - 1), min_size=3, max_size=3),
    ops=_ops(),
    twice=st.integers(0, USERS - 1),
)
def test_every_connection_gets_exactly_its_posts(mock_mattermost, kinds, members, dm, gm, ops, twice):
    mm = mock_mattermost
    mm.reset()
    users = [mm.make_user(f"u{i}") for i in range(USERS)]
    team = mm.make_team("team", members=users)
    channels = [
        mm.make_channel(team, f"c{i}", channel_type=kinds[i], members=[users[j] for j in members[i]])
        for i in range(3)
    ]
    channels.append(mm.make_direct_channel(users[dm[0]], users[dm[1]]))
    channels.append(mm.store.channels.get_or_create_group([users[i] for i in sorted(gm)], users[min(gm)].id))
    model = [set(members[i]) | {-1} for i in range(3)] + [set(dm), set(gm)]  # -1: the admin creator
    ever = [set(m) for m in model]
    tokens = [mm.make_token(u) for u in users]
    expected: dict[int, set[str]] = {i: set() for i in range(USERS)}

    def apply() -> None:
        for kind, ci, ui in ops:
            channel, user = channels[ci], users[ui]
            if kind == "post":
                if ui not in model[ci]:
                    continue
                post = mm.make_post(user, channel, f"m{ci}")
                for member in model[ci]:
                    if member >= 0:
                        expected[member].add(post.id)
            elif kind == "add" and ui not in model[ci]:
                mm.store.channels.add_member(channel, user, mm.admin)
                model[ci].add(ui)
                ever[ci].add(ui)
            elif kind == "remove" and ui in model[ci] and len(model[ci]) > 2:
                mm.store.channels.remove_member(channel, user, mm.admin)
                model[ci].discard(ui)
        mm.make_user("marker")  # new_user reaches everyone: the end of the stream

    async def go() -> dict[int, list[Socket]]:
        socks = {i: [await authed(mm, tokens[i])] for i in range(USERS)}
        socks[twice].append(await authed(mm, tokens[twice]))
        await asyncio.get_running_loop().run_in_executor(None, apply)
        for conns in socks.values():
            for sock in conns:
                await sock.event("new_user", timeout=5)
                await sock.ws.close()
        return socks

    socks = run(go())
    own_posts = {p.id for c in channels for p in mm.posts_in(c) if not p.type}
    for i, conns in socks.items():
        for sock in conns:
            got = {json.loads(m["data"]["post"])["id"] for m in sock.seen if m.get("event") == "posted"}
            assert got & own_posts == expected[i]
            seqs = [m["seq"] for m in sock.seen if "seq" in m]
            assert seqs == list(range(len(seqs)))
            for message in sock.seen:
                cid = message.get("broadcast", {}).get("channel_id")
                if cid:
                    index = next((k for k, c in enumerate(channels) if c.id == cid), None)
                    assert index is None or i in ever[index], (message["event"], i)
