"""Account administration routes. Upstream: server/channels/api4/user.go (searchUserAccessTokens,
revokeAllSessionsAllUsers, verifyUserEmailWithoutToken, resetPasswordFailedAttempts, resetPassword),
app/session.go SearchUserAccessTokens (token values blanked), sqlstore user_access_token_store.go Search
(LIKE without wildcards: equality on token id, user id or username), model/user.go ClearNonProfileFields."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@upstream
def test_search_user_access_tokens(mm, login, alice):
    token = mm.store.sessions.create_token(alice, "ci token")
    for term in (alice.username, alice.id, token.id):
        found = mm.client.post("/users/tokens/search", json={"term": term}).json()
        assert [t["id"] for t in found] == [token.id]
        assert "token" not in found[0] and found[0]["user_id"] == alice.id
    assert mm.client.post("/users/tokens/search", json={"term": alice.username[:3]}).json() == []
    assert_app_error(
        mm.client.post("/users/tokens/search", json={"term": ""}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.post("/users/tokens/search", content=b"[1]"),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        login(alice).post("/users/tokens/search", json={"term": "x"}),
        403,
        "api.context.permissions.app_error",
    )


@upstream
def test_revoke_all_sessions_keeps_access_tokens(mm, login, alice):
    session_client = login(alice)
    pat = mm.make_access_token(alice)
    assert_app_error(
        session_client.post("/users/sessions/revoke/all"), 403, "api.context.permissions.app_error"
    )
    admin_session = mm.client_for(mm.make_token(mm.admin))
    assert admin_session.post("/users/sessions/revoke/all").json() == {"status": "OK"}
    assert session_client.get("/users/me").status_code == 401
    assert admin_session.get("/users/me").status_code == 401  # the caller's own session went too
    assert mm.client_for(pat).get("/users/me").status_code == 200


@upstream
def test_verify_email_without_token(mm, login, alice):
    reply = mm.client.post(f"/users/{alice.id}/email/verify/member")
    assert reply.status_code == 200
    # SanitizeProfile(asAdmin) clears email_verified in the answer; the account itself is verified.
    assert reply.json()["id"] == alice.id and "email_verified" not in reply.json()
    assert login(alice).get("/users/me").json()["email_verified"] is True
    assert mm.events_named("user_updated")
    assert_app_error(
        mm.client.post(f"/users/{'n' * 26}/email/verify/member"), 404, "app.user.missing_account.const"
    )
    assert_app_error(
        login(alice).post(f"/users/{alice.id}/email/verify/member"), 403, "api.context.permissions.app_error"
    )


@upstream
def test_reset_failed_attempts(mm, login, anon, alice):
    for _ in range(2):
        anon.post("/users/login", json={"login_id": "alice", "password": "wrong-password"})
    assert mm.client.get(f"/users/{alice.id}").json()["failed_attempts"] == 2
    assert_app_error(
        login(alice).post(f"/users/{alice.id}/reset_failed_attempts"),
        403,
        "api.user.reset_password_failed_attempts.permissions.app_error",
    )
    assert mm.client.post(f"/users/{alice.id}/reset_failed_attempts").json() == {"status": "OK"}
    assert "failed_attempts" not in mm.client.get(f"/users/{alice.id}").json()


@upstream
def test_reset_password_by_token(anon):
    assert_app_error(
        anon.post("/users/password/reset", json={"token": "short", "new_password": "x"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    reply = anon.post("/users/password/reset", json={"token": "t" * 64, "new_password": "password123"})
    assert_app_error(reply, 400, "api.user.reset_password.invalid_link.app_error")


@pytest.mark.upstream("server/channels/api4/user.go", "getUserAudits")
def test_a_login_leaves_two_audits_newest_first(mock_mattermost):
    """Observed on 11.2.0 (tests/parity/snapshots/ops_users.json): "authenticated" without a session, then
    "success session_user=<id>" with the new session; others need edit_other_users."""
    mm = mock_mattermost
    dave = mm.make_user("dave", password="dave-password")
    login = mm.client_for("").post("/users/login", json={"login_id": "dave", "password": "dave-password"})
    token = login.headers["Token"]
    with mm.client_for(token) as client:
        audits = client.get(f"/users/{dave.id}/audits").json()
        assert [(a["action"], a["extra_info"]) for a in audits] == [
            ("/api/v4/users/login", f"success session_user={dave.id}"),
            ("/api/v4/users/login", "authenticated"),
        ]
        assert (
            audits[0]["session_id"] == mm.store.sessions.find_by_token(token).id
            and audits[1]["session_id"] == ""
        )
        assert client.get(f"/users/{mm.admin.id}/audits").status_code == 403


@pytest.mark.upstream("server/channels/api4/user.go", "login")
def test_a_failed_login_is_audited_under_the_id_given(mock_mattermost):
    """api4/user.go login: "attempt - login_id=..." then "failure - login_id=..." under the body's `id`
    (empty for a login by name, so only GET /audits shows them), before the masked 401."""
    mm = mock_mattermost
    erin = mm.make_user("erin", password="erin-password")
    anon = mm.client_for("")
    assert anon.post("/users/login", json={"login_id": "erin", "password": "wrong"}).status_code == 401
    assert anon.post("/users/login", json={"id": erin.id, "password": "wrong"}).status_code == 401
    everyone = mm.client.get("/audits", params={"per_page": 4}).json()
    assert [(a["user_id"], a["extra_info"], a["session_id"]) for a in everyone] == [
        (erin.id, "failure - login_id=", ""),
        (erin.id, "attempt - login_id=", ""),
        ("", "failure - login_id=erin", ""),
        ("", "attempt - login_id=erin", ""),
    ]
    assert [a["extra_info"] for a in mm.client.get(f"/users/{erin.id}/audits").json()] == [
        "failure - login_id=",
        "attempt - login_id=",
    ]


@pytest.mark.upstream("server/channels/api4/user.go", "resetPassword")
def test_a_refused_password_reset_is_audited_without_a_user(mock_mattermost):
    mm = mock_mattermost
    token = "t" * 64
    mm.client_for("").post("/users/password/reset", json={"token": token, "new_password": "password123"})
    everyone = mm.client.get("/audits", params={"per_page": 2}).json()
    assert [(a["user_id"], a["action"], a["extra_info"]) for a in everyone] == [
        ("", "/api/v4/users/password/reset", f"fail - token={token}"),
        ("", "/api/v4/users/password/reset", f"attempt - token={token}"),
    ]
