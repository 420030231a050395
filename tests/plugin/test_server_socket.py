"""The listening socket. asyncio enables TCP_NODELAY on accepted connections only when the listening socket's
protocol is IPPROTO_TCP (asyncio base_events._set_nodelay); with proto 0 every keep-alive response waits on
Nagle's algorithm and the client's delayed ACK (~40 ms a request on Linux)."""

from __future__ import annotations

import socket

from mockmost.server import listening_socket


def test_listening_socket_is_tcp_so_connections_get_nodelay():
    sock = listening_socket("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
        sock.listen(1)
        client = socket.create_connection(sock.getsockname())
        accepted, _ = sock.accept()
        with client, accepted:
            assert accepted.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_fixture_and_cli_servers_use_it(mockmost_server):
    # The pytest fixture's server listens on such a socket (mockmost serve does too: mockmost/cli.py).
    assert mockmost_server.sock.proto == socket.IPPROTO_TCP
