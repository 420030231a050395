"""Thread, ephemeral and unread events on a real socket, as a client reads them. Upstream:
app/post.go SendEphemeralPost, app/user.go (UpdateThreadFollowForUser, UpdateThreadReadForUser,
UpdateThreadsReadForUser), app/channel.go sendWebSocketPostUnreadEvent."""

from __future__ import annotations

import asyncio
import json

import pytest

from tests.ws.conftest import authed, run

upstream = pytest.mark.upstream


async def _socket(world, name: str):
    sock = await authed(world.mm, world.tokens[name])
    await sock.event("status_change")  # connecting sets the user online (to its own sockets)
    return sock


async def _nothing_named(world, sock, name: str) -> bool:
    """new_user reaches everyone: read up to it and check no `name` event came before."""
    await asyncio.get_running_loop().run_in_executor(None, world.mm.make_user)
    await sock.event("new_user")
    return all(m.get("event") != name for m in sock.seen)


async def _rest(world, method: str, path: str, token: str, body=None):
    """A REST call from a worker thread, so the test's event loop keeps reading its sockets."""

    def call():
        with world.mm.client_for(token) as client:
            return client.request(method, path, json=body)

    return await asyncio.get_running_loop().run_in_executor(None, call)


@upstream("server/channels/app/post.go", "SendEphemeralPost")
def test_ephemeral_message_reaches_only_its_user(world):
    async def go():
        alice, bob = (
            await authed(world.mm, world.tokens["alice"]),
            await authed(world.mm, world.tokens["bob"]),
        )
        body = {"user_id": world.alice.id, "post": {"channel_id": world.channel.id, "message": "psst"}}
        resp = await _rest(world, "POST", "/posts/ephemeral", world.mm.admin_token, body)
        assert resp.status_code == 201
        event = await alice.event("ephemeral_message")
        post = json.loads(event["data"]["post"])
        assert (post["id"], post["type"], post["message"]) == (resp.json()["id"], "system_ephemeral", "psst")
        assert event["broadcast"]["user_id"] == world.alice.id
        assert event["broadcast"]["channel_id"] == world.channel.id
        assert await _nothing_named(world, bob, "ephemeral_message")
        await alice.ws.close()
        await bob.ws.close()

    run(go())


@upstream("server/channels/app/user.go", "UpdateThreadFollowForUser")
def test_thread_follow_and_read_events(world):
    root = world.mm.make_post(world.bob, world.channel, "root")
    reply = world.mm.make_post(world.bob, world.channel, "reply", root=root)
    base = f"/users/{world.alice.id}/teams/{world.team.id}/threads/{root.id}"

    async def go():
        alice = await _socket(world, "alice")
        await _rest(world, "PUT", base + "/following", world.tokens["alice"])
        followed = await alice.event("thread_follow_changed")
        assert followed["data"] == {"reply_count": 1, "state": True, "thread_id": root.id}
        assert (followed["broadcast"]["user_id"], followed["broadcast"]["team_id"]) == (
            world.alice.id,
            world.team.id,
        )
        await _rest(world, "PUT", base + f"/read/{reply.create_at - 1}", world.tokens["alice"])
        read = await alice.event("thread_read_changed")
        assert list(read["data"]) == [
            "channel_id",
            "previous_unread_mentions",
            "previous_unread_replies",
            "thread_id",
            "timestamp",
            "unread_mentions",
            "unread_replies",
        ]
        assert (read["data"]["timestamp"], read["data"]["unread_replies"]) == (reply.create_at - 1, 1)
        await _rest(
            world, "PUT", f"/users/{world.alice.id}/teams/{world.team.id}/threads/read", world.tokens["alice"]
        )
        assert (await alice.event("thread_read_changed"))["data"] == {}
        await alice.ws.close()

    run(go())


@upstream("server/channels/app/channel.go", "sendWebSocketPostUnreadEvent")
def test_post_unread_to_the_user(world):
    first = world.mm.make_post(world.bob, world.channel, "first")

    async def go():
        alice, bob = (
            await authed(world.mm, world.tokens["alice"]),
            await authed(world.mm, world.tokens["bob"]),
        )
        resp = await _rest(
            world,
            "POST",
            f"/users/{world.alice.id}/posts/{first.id}/set_unread",
            world.tokens["alice"],
            {"collapsed_threads_supported": True},
        )
        assert resp.status_code == 200
        event = await alice.event("post_unread")
        assert event["data"]["post_id"] == first.id
        assert event["data"]["last_viewed_at"] == first.create_at - 1
        assert event["broadcast"]["channel_id"] == world.channel.id
        assert await _nothing_named(world, bob, "post_unread")
        await alice.ws.close()
        await bob.ws.close()

    run(go())
