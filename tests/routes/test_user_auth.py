"""Login, logout, `me` and sessions. Upstream: server/channels/api4/user.go, app/login.go,
app/authentication.go."""

from __future__ import annotations

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mm):
    return mm.make_user("alice", password="alice-password", first_name="Alice")


@upstream("server/channels/api4/user.go", "login")
@pytest.mark.parametrize("login_id", ["alice", "ALICE", "alice@example.com", "Alice@Example.com"])
def test_login_by_username_or_email_any_case(anon, alice, login_id):
    resp = anon.post("/users/login", json={"login_id": login_id, "password": "alice-password"})
    assert resp.status_code == 200
    assert is_valid_id(resp.headers["token"])
    body = resp.json()
    assert body["id"] == alice.id
    assert "password" not in body and "notify_props" in body and body["email"] == "alice@example.com"
    assert "set-cookie" not in resp.headers


@upstream("server/channels/api4/user.go", "login")
def test_login_by_user_id(anon, alice):
    resp = anon.post("/users/login", json={"id": alice.id, "password": "alice-password"})
    assert resp.status_code == 200 and resp.json()["id"] == alice.id


@upstream("server/channels/api4/user.go", "login")
def test_login_token_opens_session(anon, mm, alice):
    token = anon.post("/users/login", json={"login_id": "alice", "password": "alice-password"}).headers[
        "token"
    ]
    with mm.client_for(token) as client:
        assert client.get("/users/me").json()["username"] == "alice"


@upstream("server/channels/app/login.go", "AttachSessionCookies")
def test_login_xhr_sets_cookies(anon, alice):
    resp = anon.post(
        "/users/login",
        json={"login_id": "alice", "password": "alice-password"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    assert resp.status_code == 200
    cookies = resp.headers.get_list("set-cookie")
    by_name = {c.split("=", 1)[0]: c for c in cookies}
    assert by_name["MMAUTHTOKEN"].startswith(f"MMAUTHTOKEN={resp.headers['token']};")
    assert "HttpOnly" in by_name["MMAUTHTOKEN"]
    assert by_name["MMUSERID"].startswith(f"MMUSERID={alice.id};") and "HttpOnly" not in by_name["MMUSERID"]
    assert "HttpOnly" not in by_name["MMCSRF"]


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_login_cookies_then_csrf_header_works(anon, alice):
    resp = anon.post(
        "/users/login",
        json={"login_id": "alice", "password": "alice-password"},
        headers={"X-Requested-With": "XMLHttpRequest"},
    )
    jar = {c.split("=", 1)[0]: c.split("=", 1)[1].split(";")[0] for c in resp.headers.get_list("set-cookie")}
    cookie = f"MMAUTHTOKEN={jar['MMAUTHTOKEN']}; MMUSERID={jar['MMUSERID']}; MMCSRF={jar['MMCSRF']}"
    ok = anon.post("/users/me/sessions/revoke/all", headers={"Cookie": cookie, "X-CSRF-Token": jar["MMCSRF"]})
    assert ok.status_code == 200


@upstream("server/channels/app/authentication.go", "AuthenticateUserForLogin")
def test_login_blank_password_is_400(anon, alice):
    assert_app_error(
        anon.post("/users/login", json={"login_id": "alice"}), 400, "api.user.login.blank_pwd.app_error"
    )


@upstream("server/public/model/utils.go", "MapFromJSON")
def test_login_malformed_json_reads_as_blank_password(anon):
    resp = anon.post("/users/login", content=b"{not json", headers={"content-type": "application/json"})
    assert_app_error(resp, 400, "api.user.login.blank_pwd.app_error")


@upstream("server/channels/api4/user.go", "login")
def test_login_unknown_user_is_masked_401(anon):
    resp = anon.post("/users/login", json={"login_id": "nobody", "password": "whatever1"})
    assert_app_error(resp, 401, "api.user.login.invalid_credentials_email_username")


@upstream("server/channels/api4/user.go", "login")
def test_login_wrong_password_is_masked_401_and_counted(anon, mm, alice):
    resp = anon.post("/users/login", json={"login_id": "alice", "password": "wrong-password"})
    assert_app_error(resp, 401, "api.user.login.invalid_credentials_email_username")
    assert mm.store.users.get(alice.id).failed_attempts == 1
    anon.post("/users/login", json={"login_id": "alice", "password": "alice-password"})
    assert mm.store.users.get(alice.id).failed_attempts == 0


@upstream("server/channels/api4/user.go", "login")
@pytest.mark.parametrize(
    ("setting", "error_id"),
    [
        ("EmailSettings.EnableSignInWithEmail", "api.user.login.invalid_credentials_username"),
        ("EmailSettings.EnableSignInWithUsername", "api.user.login.invalid_credentials_email"),
    ],
)
def test_login_masked_id_follows_sign_in_settings(anon, mm, alice, setting, error_id):
    mm.set_config(setting, False)
    assert_app_error(
        anon.post("/users/login", json={"login_id": "x", "password": "wrong-pwd"}), 401, error_id
    )


@upstream("server/channels/app/authentication.go", "CheckUserPreflightAuthenticationCriteria")
def test_login_inactive_checked_before_password(anon, mm, alice):
    mm.store.users.set_active(alice, False)
    resp = anon.post("/users/login", json={"login_id": "alice", "password": "wrong-password"})
    assert_app_error(resp, 401, "api.user.login.inactive.app_error")


@upstream("server/channels/app/authentication.go", "checkUserNotBot")
def test_login_bot_forbidden(anon, mm):
    bot, _ = mm.make_bot("robot")
    resp = anon.post("/users/login", json={"login_id": "robot", "password": "anything1"})
    assert_app_error(resp, 401, "api.user.login.bot_login_forbidden.app_error")


@upstream("server/channels/app/authentication.go", "checkUserLoginAttempts")
def test_login_locked_after_maximum_attempts(anon, mm, alice):
    mm.set_config("ServiceSettings.MaximumLoginAttempts", 2)
    for _ in range(2):
        anon.post("/users/login", json={"login_id": "alice", "password": "wrong-password"})
    resp = anon.post("/users/login", json={"login_id": "alice", "password": "alice-password"})
    assert_app_error(resp, 401, "api.user.check_user_login_attempts.too_many.app_error")


@upstream("server/channels/app/session.go", "RevokeSessionsForDeviceId")
def test_login_with_device_id_replaces_session_of_that_device(anon, mm, alice):
    first = anon.post(
        "/users/login", json={"login_id": "alice", "password": "alice-password", "device_id": "android:abc"}
    ).headers["token"]
    anon.post(
        "/users/login", json={"login_id": "alice", "password": "alice-password", "device_id": "android:abc"}
    )
    assert mm.store.sessions.find_by_token(first) is None
    assert len(mm.store.sessions.list_for_user(alice.id)) == 1


@upstream("server/channels/api4/user.go", "Logout")
def test_logout_revokes_session_and_expires_cookie(mm, alice, login):
    client = login(alice)
    resp = client.post("/users/logout")
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    assert "MMAUTHTOKEN=;" in resp.headers["set-cookie"]
    assert_app_error(client.get("/users/me"), 401, "api.context.session_expired.app_error")


@upstream("server/channels/api4/user.go", "Logout")
def test_logout_without_session_is_200(anon):
    resp = anon.post("/users/logout")
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}


@upstream("server/channels/web/context.go", "RequireUserId")
def test_me_is_the_session_user(mm, alice, login):
    assert login(alice).get("/users/me").json()["id"] == alice.id
    assert login(alice).get(f"/users/{alice.id}").json()["id"] == alice.id


@upstream("server/channels/api4/user.go", "getSessions")
def test_get_sessions_blanks_tokens(mm, alice, login):
    client = login(alice)
    login(alice)
    sessions = client.get("/users/me/sessions").json()
    assert len(sessions) == 2
    assert all(s["token"] == "" and s["user_id"] == alice.id for s in sessions)
    assert set(sessions[0]["props"]) >= {"csrf", "platform", "os", "browser"}
    # 180 days, as a stock 11.2 whose database is configured through the environment (parity users_login).
    assert sessions[0]["expires_at"] - sessions[0]["create_at"] == 4320 * 3600 * 1000


@upstream("server/channels/api4/user.go", "getSessions")
def test_get_sessions_of_other_user_is_403(mm, alice, login):
    bob = mm.make_user("bob")
    assert_app_error(login(bob).get(f"/users/{alice.id}/sessions"), 403, "api.context.permissions.app_error")
    assert mm.client.get(f"/users/{alice.id}/sessions").status_code == 200


@upstream("server/channels/api4/user.go", "revokeSession")
def test_revoke_session(mm, alice, login):
    keep, gone = login(alice), login(alice)
    target = next(
        s
        for s in mm.store.sessions.list_for_user(alice.id)
        if s.token == gone.headers["authorization"].split()[1]
    )
    resp = keep.post("/users/me/sessions/revoke", json={"session_id": target.id})
    assert resp.json() == {"status": "OK"}
    assert gone.get("/users/me").status_code == 401
    assert keep.get("/users/me").status_code == 200


@upstream("server/channels/api4/user.go", "revokeSession")
def test_revoke_session_errors(mm, alice, login):
    client = login(alice)
    assert_app_error(
        client.post("/users/me/sessions/revoke", json={}), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        client.post("/users/me/sessions/revoke", json={"session_id": "x" * 26}),
        400,
        "app.session.get.app_error",
    )
    admin_session = mm.store.sessions.find_by_token(mm.admin_token)
    resp = mm.client.post(f"/users/{alice.id}/sessions/revoke", json={"session_id": admin_session.id})
    assert_app_error(resp, 400, "api.context.invalid_url_param.app_error")


@upstream("server/channels/api4/user.go", "revokeAllSessionsForUser")
def test_revoke_all_sessions(mm, alice, login):
    first, second = login(alice), login(alice)
    assert first.post("/users/me/sessions/revoke/all").status_code == 200
    assert second.get("/users/me").status_code == 401
    assert mm.store.sessions.list_for_user(alice.id) == []


@upstream("server/channels/api4/user.go", "revokeAllSessionsForUser")
def test_revoke_all_sessions_of_admin_by_user_is_403(mm, alice, login):
    resp = login(alice).post(f"/users/{mm.admin.id}/sessions/revoke/all")
    assert_app_error(resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_login_with_valid_cookie_but_no_csrf_is_401(anon, mm, alice):
    resp = anon.post(
        "/users/login",
        json={"login_id": "alice", "password": "alice-password"},
        headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}"},
    )
    assert_app_error(resp, 401, "api.context.session_expired.app_error")
    stale = anon.post(
        "/users/login",
        json={"login_id": "alice", "password": "alice-password"},
        headers={"Cookie": "MMAUTHTOKEN=" + "s" * 26},
    )
    assert stale.status_code == 200
