"""The browser client's files at `/` and `/static/`, and its control endpoints (/__mockmost__/signin,
/__mockmost__/events/feed), over HTTP without a browser."""

from __future__ import annotations

import threading
import time

import httpx


def test_root_serves_the_client_and_static_files_have_types_and_etags(mock_mattermost):
    with httpx.Client(base_url=mock_mattermost.url) as c:
        page = c.get("/")
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert '<script type="module" src="/static/js/main.js">' in page.text
        js = c.get("/static/js/main.js")
        assert js.headers["content-type"] == "text/javascript; charset=utf-8"
        again = c.get("/static/js/main.js", headers={"If-None-Match": js.headers["etag"]})
        assert again.status_code == 304 and again.content == b""
        assert c.get("/static/app.css").headers["content-type"].startswith("text/css")


def test_static_paths_cannot_leave_the_folder_or_serve_python(mock_mattermost):
    with httpx.Client(base_url=mock_mattermost.url) as c:
        assert c.get("/static/__init__.py").status_code == 404
        assert c.get("/static/control.py").status_code == 404
        assert c.get("/static/../settings.py").status_code == 404
        assert c.get("/static/%2e%2e/settings.py").status_code == 404
        assert c.get("/static/nothing.js").status_code == 404
        assert c.post("/").status_code == 405


def test_other_paths_stay_the_api_s(mock_mattermost):
    with httpx.Client(base_url=mock_mattermost.url) as c:
        res = c.get("/api/v4/nothing/here")
        assert res.status_code == 404 and res.json()["id"] == "api.context.404.app_error"


def test_signin_lists_active_users_and_bots_and_issues_a_web_session(mock_mattermost):
    alice = mock_mattermost.make_user("alice")
    gone = mock_mattermost.make_user("gone")
    mock_mattermost.store.users.set_active(gone, False)
    bot, _ = mock_mattermost.make_bot("robo")
    with httpx.Client(base_url=mock_mattermost.url) as c:
        listed = {u["username"]: u for u in c.get("/__mockmost__/signin").json()}
        assert {"alice", "robo"} <= set(listed) and "gone" not in listed
        assert listed["robo"]["is_bot"] is True and listed["alice"]["is_bot"] is False
        res = c.post("/__mockmost__/signin", json={"username": "alice"})
        assert res.status_code == 200 and res.json()["id"] == alice.id
        cookies = res.headers.get_list("set-cookie")
        token = next(h for h in cookies if h.startswith("MMAUTHTOKEN=")).split(";")[0].split("=", 1)[1]
        assert any(h.startswith("MMAUTHTOKEN=") and "httponly" in h.lower() for h in cookies)
        assert any(h.startswith("MMCSRF=") and "httponly" not in h.lower() for h in cookies)
        assert any(h.startswith(f"MMUSERID={alice.id}") for h in cookies)
        session = mock_mattermost.store.sessions.find_by_token(token)
        assert session.user_id == alice.id
        # the cookie session works as the real web app's does, CSRF header included for writes
        me = httpx.get(f"{mock_mattermost.url}/api/v4/users/me", cookies={"MMAUTHTOKEN": token})
        assert me.json()["id"] == alice.id
        by_id = c.post("/__mockmost__/signin", json={"user_id": bot.id})
        assert by_id.json()["username"] == "robo"


def test_signin_refuses_unknown_and_inactive_users(mock_mattermost):
    gone = mock_mattermost.make_user("gone")
    mock_mattermost.store.users.set_active(gone, False)
    with httpx.Client(base_url=mock_mattermost.url) as c:
        for body in ({"username": "nobody"}, {"user_id": gone.id}, {}, ["alice"]):
            res = c.post("/__mockmost__/signin", json=body)
            assert res.status_code == 404 and res.json()["id"] == "mockmost.signin.unknown_user"
        assert c.post("/__mockmost__/signin", content=b"{not json").status_code == 404


def test_event_feed_numbers_events_with_data_and_waits_for_the_next(mock_mattermost):
    team = mock_mattermost.make_team("acme")
    alice = mock_mattermost.make_user("alice")
    channel = mock_mattermost.make_channel(team, "general", members=[alice])
    with httpx.Client(base_url=mock_mattermost.url, timeout=10) as c:
        last = c.get("/__mockmost__/events/feed").json()["last"]
        mock_mattermost.make_post(alice, channel, "hello feed")
        feed = c.get("/__mockmost__/events/feed", params={"after": last}).json()
        posted = [e for e in feed["events"] if e["event"] == "posted"]
        assert posted and '"hello feed"' in posted[0]["data"]["post"]
        assert posted[0]["broadcast"]["channel_id"] == channel.id and posted[0]["at"] > 0
        assert [e["seq"] for e in feed["events"]] == sorted(e["seq"] for e in feed["events"])
        # a long poll answers as soon as an event arrives
        later = feed["last"]
        threading.Timer(0.3, lambda: mock_mattermost.make_post(alice, channel, "later")).start()
        start = time.monotonic()
        waited = c.get("/__mockmost__/events/feed", params={"after": later, "wait": 5}).json()
        assert time.monotonic() - start < 4
        assert any('"later"' in e["data"].get("post", "") for e in waited["events"])
        assert c.get("/__mockmost__/events/feed", params={"after": "x"}).status_code == 400


def test_event_feed_is_emptied_by_reset(mock_mattermost):
    team = mock_mattermost.make_team("acme")
    alice = mock_mattermost.make_user("alice")
    channel = mock_mattermost.make_channel(team, "general", members=[alice])
    mock_mattermost.make_post(alice, channel, "before reset")
    with httpx.Client(base_url=mock_mattermost.url) as c:
        c.post("/__mockmost__/reset")
        events = c.get("/__mockmost__/events/feed").json()["events"]
        assert not any("before reset" in str(e["data"]) for e in events)
