"""The WebSocket protocol on a real socket: upgrade, hello, authentication, actions, errors, limits.

Upstream: server/channels/api4/websocket.go, app/platform/web_conn.go, web_hub.go, websocket_router.go,
server/channels/wsapi/*.go, server/public/model/websocket_message.go.
"""

from __future__ import annotations

import asyncio
import json
import socket

import pytest
import websockets

from mockmost.ids import is_valid_id
from tests.ws.conftest import authed, connect, run

upstream = pytest.mark.upstream
BROADCAST_KEYS = ["omit_users", "user_id", "channel_id", "team_id", "connection_id", "omit_connection_id"]


@upstream("server/channels/app/platform/web_conn.go", "createHelloMessage")
def test_hello_first_with_seq_zero_and_server_fields(world):
    async def go():
        sock = await connect(world.mm, world.tokens["alice"])
        raw = await sock.recv_raw()
        hello = json.loads(raw)
        assert raw.endswith("}\n")  # made for this connection: json.Encoder, newline-terminated
        assert list(hello) == ["event", "data", "broadcast", "seq"]
        assert hello["event"] == "hello" and hello["seq"] == 0
        assert list(hello["data"]) == ["connection_id", "server_hostname", "server_version"]
        assert is_valid_id(hello["data"]["connection_id"])
        assert hello["data"]["server_hostname"] == socket.gethostname()
        version = hello["data"]["server_version"].split(".")
        assert version[:3] == ["11", "2", "0"] and version[-1] == "false"
        assert list(hello["broadcast"]) == BROADCAST_KEYS
        assert hello["broadcast"]["user_id"] == world.alice.id and hello["broadcast"]["omit_users"] is None
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "NewWebConn")
def test_connecting_sets_online_and_tells_only_the_user(world):
    async def go():
        bob = await authed(world.mm, world.tokens["bob"])
        alice = await authed(world.mm, world.tokens["alice"])
        change = await alice.event("status_change")
        assert change["seq"] == 1 and change["data"] == {"status": "online", "user_id": world.alice.id}
        assert change["broadcast"]["user_id"] == world.alice.id
        # bob only hears about his own status, never alice's
        own = await bob.event("status_change")
        assert own["data"]["user_id"] == world.bob.id
        assert await bob.silent()
        await alice.ws.close()
        await bob.ws.close()

    run(go())


@upstream("server/public/model/websocket_message.go", "precomputedJSONBuf")
def test_broadcast_events_are_precomputed_with_spaces_and_per_connection_seq(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        await alice.event("status_change")
        world.mm.make_post(world.bob, world.channel, "hi")
        raw = await alice.recv_raw()
        assert raw.startswith('{"event": "posted", "data": {') and raw.endswith(', "seq": 2}')
        assert json.loads(raw)["seq"] == 2
        await alice.ws.close()

    run(go())


@upstream("server/channels/app/platform/websocket_router.go", "ServeWebSocket")
def test_authentication_challenge_hello_then_ok(world):
    async def go():
        sock = await connect(world.mm)
        assert await sock.silent()  # nothing before authentication
        await sock.send(1, "authentication_challenge", {"token": world.tokens["alice"]})
        hello = await sock.recv()
        assert hello["event"] == "hello" and hello["seq"] == 0
        assert await sock.recv() == {"status": "OK", "seq_reply": 1}
        # a second challenge on an authenticated socket is ignored without a reply
        await sock.send(2, "authentication_challenge", {"token": world.tokens["alice"]})
        await sock.send(3, "ping")
        reply = await sock.reply(3)
        assert reply["status"] == "OK" and reply["data"]["text"] == "pong"
        assert not any(m.get("seq_reply") == 2 for m in sock.seen)
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/websocket_router.go", "ServeWebSocket")
@pytest.mark.parametrize("data", [{"token": "x" * 26}, {"token": 5}, {}])
def test_bad_challenge_closes_without_reply(world, data):
    async def go():
        sock = await connect(world.mm)
        await sock.send(1, "authentication_challenge", data)
        closed = await sock.closed()
        assert closed.rcvd is None  # the TCP connection is dropped, no close frame
        assert sock.seen == []

    run(go())


@upstream("server/channels/app/platform/websocket_router.go", "returnWebSocketError")
def test_unauthenticated_socket_gets_no_events_and_no_replies(world):
    async def go():
        sock = await connect(world.mm)
        await sock.send(1, "get_statuses")
        await sock.send(2, "nonsense")
        await sock.send(3, "presence", {"channel_id": world.channel.id})
        world.mm.make_post(world.alice, world.channel, "hi")
        world.mm.make_user("dave")  # new_user goes to every authenticated connection
        assert await sock.silent(0.5)
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "writePump")
def test_unauthenticated_socket_closed_after_five_seconds(world):
    async def go():
        sock = await connect(world.mm)
        closed = await sock.closed(timeout=8)
        assert closed.rcvd is None and sock.seen == []

    run(go())


@upstream("server/channels/app/platform/websocket_router.go", "ServeWebSocket")
def test_router_errors(world):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.send(4, "")
        assert await sock.reply(4) == {
            "status": "FAIL",
            "seq_reply": 4,
            "error": {
                "id": "api.web_socket_router.no_action.app_error",
                "message": "No websocket action.",
                "detailed_error": "",
                "status_code": 400,
            },
        }
        await sock.send(0, "ping")
        assert await sock.reply(0) == {
            "status": "FAIL",
            "error": {
                "id": "api.web_socket_router.bad_seq.app_error",
                "message": "Invalid sequence for WebSocket message.",
                "detailed_error": "",
                "status_code": 400,
            },
        }
        await sock.send(5, "no_such_action")
        assert await sock.reply(5) == {
            "status": "FAIL",
            "seq_reply": 5,
            "error": {
                "id": "api.web_socket_router.bad_action.app_error",
                "message": "Unknown WebSocket action.",
                "detailed_error": "",
                "status_code": 500,
            },
        }
        await sock.send(6, "custom_plugin_thing")  # plugin actions never reach the router
        await sock.send(7, "ping")
        assert (await sock.reply(7))["status"] == "OK"
        assert not any(m.get("seq_reply") == 6 for m in sock.seen)
        await sock.ws.close()

    run(go())


@upstream("server/channels/wsapi/system.go", "ping")
def test_ping_reply_raw(world):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.send(2, "ping")
        while True:
            raw = await sock.recv_raw()
            if "seq_reply" in raw:
                break
        assert raw.startswith('{"status":"OK","seq_reply":2,"data":{"node_id":"","server_time":')
        assert raw.endswith('"text":"pong","version":"11.2.0"}}\n')
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "readPump")
@pytest.mark.parametrize(
    "frame",
    [
        "{not json",
        "[1,2]",
        '{"seq": "1", "action": "ping"}',
        '{"seq": 1.5}',
        '{"seq": 1, "action": "ping", "data": [1]}',
        "",
    ],
)
def test_undecodable_frames_close_the_socket(world, frame):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.ws.send(frame)
        closed = await sock.closed()
        assert closed.rcvd is None

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "readPump")
def test_decoder_reads_the_first_value_only_and_keys_case_insensitively(world):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.ws.send('{"SEQ": 9, "Action": "ping"} trailing garbage')
        assert (await sock.reply(9))["data"]["text"] == "pong"
        await sock.ws.send("null")  # decodes to an empty request: no action
        assert (await sock.reply(0))["error"]["id"] == "api.web_socket_router.no_action.app_error"
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "readPump")
def test_frames_over_8_kib_close_with_1009(world):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.send(1, "ping", {"pad": "x" * 9000})
        closed = await sock.closed()
        assert closed.rcvd is not None and closed.rcvd.code == 1009

    run(go())


@upstream("server/channels/wsapi/user.go", "userTyping")
def test_user_typing_reaches_other_members_only(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        bob = await authed(world.mm, world.tokens["bob"])
        carol = await authed(world.mm, world.tokens["carol"])
        await bob.send(2, "user_typing", {"channel_id": world.channel.id, "parent_id": "p" * 26})
        assert await bob.reply(2) == {"status": "OK", "seq_reply": 2}
        typing = await alice.event("typing")
        assert typing["data"] == {"parent_id": "p" * 26, "user_id": world.bob.id}
        assert typing["broadcast"]["omit_users"] == {world.bob.id: True}
        assert typing["broadcast"]["channel_id"] == world.channel.id
        assert not any(m.get("event") == "typing" for m in bob.seen)
        assert await carol.silent() or not any(m.get("event") == "typing" for m in carol.seen)
        for sock in (alice, bob, carol):
            await sock.ws.close()

    run(go())


@upstream("server/channels/wsapi/user.go", "userTyping")
def test_user_typing_invalid_channel(world):
    async def go():
        bob = await authed(world.mm, world.tokens["bob"])
        expected = {
            "id": "api.websocket_handler.invalid_param.app_error",
            "message": "Invalid channel_id parameter.",
            "detailed_error": "",
            "status_code": 400,
        }
        # not a member of the private channel, a malformed id, nothing at all
        for seq, data in ((2, {"channel_id": world.private.id}), (3, {"channel_id": "nope"}), (4, {})):
            await bob.send(seq, "user_typing", data)
            assert await bob.reply(seq) == {"status": "FAIL", "seq_reply": seq, "error": expected}
        await bob.ws.close()

    run(go())


@upstream("server/channels/wsapi/status.go", "getStatusesByIds")
def test_get_statuses_and_by_ids(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        world.mm.store.statuses.set_offline(world.carol.id, manual=True)
        await alice.send(2, "get_statuses")
        reply = await alice.reply(2)
        assert reply["data"] == {world.alice.id: "online"}  # offline users are left out
        unknown = "u" * 26
        await alice.send(3, "get_statuses_by_ids", {"user_ids": [world.alice.id, world.carol.id, unknown, 7]})
        assert (await alice.reply(3))["data"] == {
            world.alice.id: "online",
            world.carol.id: "offline",
            unknown: "offline",
        }
        await alice.send(4, "get_statuses_by_ids", {"user_ids": []})
        assert (await alice.reply(4))["error"]["message"] == "Invalid user_ids parameter."
        await alice.ws.close()

    run(go())


@upstream("server/channels/wsapi/user.go", "userUpdateActiveStatus")
def test_user_update_active_status(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        await alice.send(2, "user_update_active_status", {"user_is_active": False, "manual": True})
        assert await alice.reply(2) == {"status": "OK", "seq_reply": 2}
        changes = [m["data"]["status"] for m in alice.seen if m.get("event") == "status_change"]
        assert changes == ["online", "away"]
        assert world.mm.store.statuses.find(world.alice.id).status == "away"
        await alice.send(3, "user_update_active_status", {"user_is_active": "yes"})
        assert (await alice.reply(3))["error"]["message"] == "Invalid user_is_active parameter."
        await alice.ws.close()

    run(go())


@upstream("server/channels/app/platform/websocket_router.go", "ServeWebSocket")
def test_presence_answers_ok(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        await alice.send(2, "presence", {"channel_id": world.channel.id, "team_id": world.team.id})
        assert await alice.reply(2) == {"status": "OK", "seq_reply": 2}
        await alice.ws.close()

    run(go())


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_session_token_in_query_string_is_refused_before_upgrade(world):
    async def go():
        with pytest.raises(websockets.InvalidStatusCode) as info:
            await connect(world.mm, query=f"access_token={world.tokens['alice']}")
        assert info.value.status_code == 401

    run(go())


@upstream("server/channels/app/server.go", "OriginChecker")
def test_foreign_origin_refused_and_same_host_allowed(world):
    async def go():
        with pytest.raises(websockets.InvalidStatusCode) as info:
            await connect(world.mm, world.tokens["alice"], headers={"Origin": "null"})
        assert info.value.status_code == 403
        with pytest.raises(websockets.InvalidStatusCode):
            await connect(world.mm, world.tokens["alice"], headers={"Origin": "http://evil.example"})
        host = world.mm.url.split("://", 1)[1]
        sock = await connect(world.mm, world.tokens["alice"], headers={"Origin": f"http://{host}"})
        assert (await sock.recv())["event"] == "hello"
        await sock.ws.close()

    run(go())


@upstream("server/channels/api4/websocket.go", "InitWebSocket")
def test_trailing_slash_and_cookie_auth(world):
    async def go():
        sock = await connect(
            world.mm, path="/api/v4/websocket/", headers={"Cookie": f"MMAUTHTOKEN={world.tokens['bob']}"}
        )
        hello = await sock.recv()
        assert hello["event"] == "hello" and hello["broadcast"]["user_id"] == world.bob.id
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_hub.go", "Start")
def test_invalid_header_token_still_upgrades_unauthenticated(world):
    async def go():
        sock = await connect(world.mm, "x" * 26)
        assert await sock.silent()
        await sock.send(1, "authentication_challenge", {"token": world.tokens["carol"]})
        assert (await sock.recv())["broadcast"]["user_id"] == world.carol.id
        await sock.ws.close()

    run(go())


@upstream("server/channels/app/platform/web_hub.go", "Start")
def test_last_disconnect_sets_offline_unless_manual(world):
    async def go():
        first = await authed(world.mm, world.tokens["alice"])
        second = await authed(world.mm, world.tokens["alice"])
        await first.ws.close()
        await asyncio.sleep(0.2)
        assert world.mm.store.statuses.find(world.alice.id).status == "online"
        await second.ws.close()
        for _ in range(50):
            await asyncio.sleep(0.05)
            if world.mm.store.statuses.find(world.alice.id).status == "offline":
                break
        assert world.mm.store.statuses.find(world.alice.id).status == "offline"
        world.mm.store.statuses.set_dnd_timed(world.bob.id, 0)
        bob = await authed(world.mm, world.tokens["bob"])
        await bob.ws.close()
        await asyncio.sleep(0.3)
        assert world.mm.store.statuses.find(world.bob.id).status == "dnd"  # manual wins over (dis)connects

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "ShouldSendEvent")
def test_revoked_session_stops_events(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        await alice.event("status_change")
        session = world.mm.store.sessions.find_by_token(world.tokens["alice"])
        world.mm.store.sessions.revoke(session.id, world.alice.id)
        world.mm.make_post(world.bob, world.channel, "after revoke")
        assert await alice.silent(0.4)
        await alice.send(5, "ping")
        reply = await alice.reply(5)
        assert reply["error"]["id"] == "api.web_socket_router.not_authenticated.app_error"
        assert reply["error"]["status_code"] == 401
        await alice.ws.close()

    run(go())


def test_reset_closes_connections_of_the_old_world(world):
    async def go():
        alice = await authed(world.mm, world.tokens["alice"])
        await asyncio.get_running_loop().run_in_executor(None, world.mm.reset)
        closed = await alice.closed()
        assert closed is not None

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "readPump")
def test_binary_frames_are_messagepack(world):
    import msgpack

    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        await sock.ws.send(msgpack.packb({"seq": 3, "action": "ping"}))
        reply = await sock.reply(3)  # answered in JSON text, as every frame the server writes
        assert reply["status"] == "OK" and reply["data"]["text"] == "pong"
        await sock.ws.send(b"\xc1 not msgpack")
        closed = await sock.closed()
        assert closed.rcvd is None

    run(go())


@upstream("server/channels/app/platform/web_conn.go", "readPump")
def test_protocol_ping_answered_with_pong(world):
    async def go():
        sock = await authed(world.mm, world.tokens["alice"])
        pong = await sock.ws.ping(b"are you there")
        await asyncio.wait_for(pong, 3)
        await sock.ws.close()

    run(go())


def test_facade_ws_url_reaches_the_socket(mock_mattermost):
    # The fixture names the WebSocket URL, ws:// beside its http:// base.
    assert mock_mattermost.ws_url == mock_mattermost.url.replace("http://", "ws://") + "/api/v4/websocket"

    async def go():
        headers = {"Authorization": f"Bearer {mock_mattermost.admin_token}"}
        async with websockets.connect(mock_mattermost.ws_url, extra_headers=headers, open_timeout=5) as ws:
            assert json.loads(await ws.recv())["event"] == "hello"

    run(go())


@upstream("server/channels/api4/websocket.go", "connectWebSocket")
def test_plain_http_get_is_a_failed_upgrade(mock_mattermost):
    import httpx

    for path in ("/api/v4/websocket", "/api/v4/websocket/"):
        reply = httpx.get(mock_mattermost.url + path, timeout=5)
        # gorilla's Upgrader answers "Bad Request" in plain text, then the handler's AppError follows it.
        assert reply.status_code == 400
        assert reply.headers["content-type"] == "text/plain; charset=utf-8"
        assert reply.headers["sec-websocket-version"] == "13"
        assert reply.text.startswith("Bad Request\n")
        error = json.loads(reply.text[len("Bad Request\n") :])
        assert error["id"] == "api.web_socket.connect.upgrade.app_error" and error["status_code"] == 400
        assert error["request_id"] == reply.headers["x-request-id"]


@upstream("server/channels/wsapi/user.go", "userTyping")
def test_user_typing_refused_while_server_busy(world):
    async def go():
        bob = await authed(world.mm, world.tokens["bob"])
        world.mm.client.post("/server_busy", params={"seconds": 60})
        await bob.send(2, "user_typing", {"channel_id": world.channel.id})
        assert await bob.reply(2) == {
            "status": "FAIL",
            "seq_reply": 2,
            "error": {
                "id": "api.websocket_handler.server_busy.app_error",
                "message": "Server is busy, non-critical services are temporarily unavailable.",
                "detailed_error": "",
                "status_code": 503,
            },
        }
        world.mm.client.delete("/server_busy")
        await bob.send(3, "user_typing", {"channel_id": world.channel.id})
        assert await bob.reply(3) == {"status": "OK", "seq_reply": 3}
        await bob.ws.close()

    run(go())
