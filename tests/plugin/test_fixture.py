"""The pytest plugin itself, through pytester: reset between tests, a real socket, helpers, in-process
mode, server crashes failing the test, and one server per xdist worker."""

from __future__ import annotations

import json

import pytest


def _run_fast(pytester, monkeypatch, *args):
    """Without plugin autoloading (hypothesis and schemathesis cost seconds to load); the plugin named."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")
    return pytester.runpytest_subprocess("-q", "-p", "mockmost.pytest_plugin", *args)


INNER_BASICS = """
import httpx
import requests

CREATED = {}


def test_1_make_world(mock_mattermost):
    user = mock_mattermost.make_user("leaky")
    CREATED["id"] = user.id
    CREATED["url"] = mock_mattermost.url
    mock_mattermost.set_config("TeamSettings.EnableOpenServer", True)
    assert mock_mattermost.store.users.get(user.id)


def test_2_world_was_reset(mock_mattermost):
    assert mock_mattermost.url == CREATED["url"]
    assert mock_mattermost.store.users.find(CREATED["id"]) is None
    assert mock_mattermost.store.users.find_by_username("leaky") is None
    assert mock_mattermost.store.settings.get("TeamSettings.EnableOpenServer") is False
    assert mock_mattermost.events == []


def test_3_real_socket_with_requests(mock_mattermost):
    assert mock_mattermost.url.startswith("http://127.0.0.1:") and mock_mattermost.port > 0
    ping = requests.get(mock_mattermost.api_url + "/system/ping", timeout=5)
    assert ping.status_code == 200 and ping.headers["Content-Type"] == "application/json"
    me = requests.get(mock_mattermost.api_url + "/users/me",
                      headers={"Authorization": "Bearer " + mock_mattermost.admin_token}, timeout=5)
    assert me.json()["id"] == mock_mattermost.admin.id
    assert mock_mattermost.client.get("/users/me").json()["roles"] == "system_admin system_user"


def test_4_helpers(mock_mattermost):
    mm = mock_mattermost
    alice = mm.make_user("alice")
    team = mm.make_team("tools", members=[alice])
    channel = mm.make_channel(team, "room", members=[alice])
    root = mm.make_post(alice, channel, "hello")
    mm.make_post(mm.admin, channel, "reply", root=root)
    assert [p.message for p in mm.posts_in(channel)][-2:] == ["hello", "reply"]
    bot, bot_token = mm.make_bot("helperbot")
    assert bot.is_bot
    with mm.client_for(bot_token) as client:
        assert client.get("/users/me").json()["username"] == "helperbot"
    token = mm.make_access_token(alice)
    session_token = mm.make_token(alice)
    for t in (token, session_token):
        with mm.client_for(t) as client:
            assert client.get("/users/me").json()["username"] == "alice"
    dm = mm.make_direct_channel(alice, mm.admin)
    assert dm.type == "D"
    # Set-up helpers are not recorded: `events` holds only what requests to the server caused.
    assert mm.events == []
    assert [(r.operation_id, r.path) for r in mm.requests] == [("GetUser", "/api/v4/users/me")] * 3
    with mm.client_for(token) as client:
        client.post("/posts", json={"channel_id": channel.id, "message": "by request"})
    assert [e.data["post"].message for e in mm.events_named("posted")] == ["by request"]


def test_5_in_process(mock_mattermost_inprocess):
    mm = mock_mattermost_inprocess
    assert mm.client.get("/system/ping").json()["status"] == "OK"
    user = mm.make_user("inproc")
    assert mm.client.get(f"/users/{user.id}").json()["username"] == "inproc"
    try:
        httpx.get(mm.api_url + "/system/ping", timeout=1)
    except httpx.HTTPError:
        pass
    else:
        raise AssertionError("the in-process server must not listen on a socket")
"""


def test_reset_socket_helpers_and_in_process(pytester):
    """With plugin autoloading: the plugin comes from the pyproject entry point."""
    pytester.makepyfile(test_inner=INNER_BASICS)
    result = pytester.runpytest_subprocess("-q")
    result.assert_outcomes(passed=5)


INNER_CRASH = """
def test_crashing_request(mock_mattermost):
    def boom(*args, **kwargs):
        raise ZeroDivisionError("boom in the store")

    mock_mattermost.store.users.get = boom
    resp = mock_mattermost.client.get("/users/me")
    assert resp.status_code == 500
    assert resp.json()["status_code"] == 500


def test_after_crash_is_clean(mock_mattermost):
    assert mock_mattermost.client.get("/users/me").status_code == 200
"""


def test_server_crash_fails_the_test(pytester, monkeypatch):
    in_process = INNER_CRASH.replace("mock_mattermost)", "mock_mattermost_inprocess)").replace(
        "mock_mattermost.", "mock_mattermost_inprocess."
    )
    pytester.makepyfile(test_socket=INNER_CRASH, test_in_process=in_process)
    result = _run_fast(pytester, monkeypatch)
    result.assert_outcomes(passed=4, errors=2)
    result.stdout.fnmatch_lines(
        [
            "*mockmost recorded 1 unhandled server error*",
            "*GET /api/v4/users/me*",
            "*ZeroDivisionError: boom in the store*",
        ]
    )


INNER_XDIST = """
import json
import os


def test_record_server(mock_mattermost, tmp_path_factory):
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    mock_mattermost.make_user("only-" + worker)
    names = sorted(u.username for u in mock_mattermost.store.users.all())
    out = tmp_path_factory.getbasetemp().parent.parent / f"server-{worker}.json"
    out.write_text(json.dumps({"worker": worker, "port": mock_mattermost.port, "pid": os.getpid(),
                               "names": names}))
"""


def test_each_xdist_worker_has_its_own_server(pytester, monkeypatch):
    pytest.importorskip("xdist")
    pytester.makepyfile(test_inner=INNER_XDIST)
    result = _run_fast(pytester, monkeypatch, "-p", "xdist.plugin", "-n", "2", "--dist", "each")
    result.assert_outcomes(passed=2)
    records = [json.loads(p.read_text()) for p in pytester.path.parent.rglob("server-*.json")]
    assert len(records) == 2, records
    assert len({r["worker"] for r in records}) == 2
    assert len({r["port"] for r in records}) == 2
    assert len({r["pid"] for r in records}) == 2
    for record in records:
        assert f"only-{record['worker']}" in record["names"]
        assert not any(n.startswith("only-") and n != f"only-{record['worker']}" for n in record["names"])


def test_settings_fixture_override(pytester, monkeypatch):
    pytester.makeconftest("""
import pytest
from mockmost.settings import Settings


@pytest.fixture(scope="session")
def mockmost_settings():
    return Settings(port=0).with_overrides({"TeamSettings.MaxUsersPerTeam": 3})
""")
    pytester.makepyfile("""
def test_override(mock_mattermost):
    assert mock_mattermost.store.settings.get("TeamSettings.MaxUsersPerTeam") == 3
    assert mock_mattermost.client.get("/config/client").status_code == 200
""")
    _run_fast(pytester, monkeypatch).assert_outcomes(passed=1)
