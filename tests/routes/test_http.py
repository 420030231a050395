"""The HTTP layer: standard headers, the AppError body, 404/413/414, token locations, CSRF, request quirks
(every operation of the document, with and without it: test_operations.py)."""

from __future__ import annotations

import re

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_headers_on_every_handled_response(mm):
    resp = mm.client.get("/users/me")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "application/json"
    assert is_valid_id(resp.headers["x-request-id"])
    assert re.fullmatch(r"11\.2\.0\.[^.]+\.[0-9a-f]{64}\.false", resp.headers["x-version-id"])
    assert resp.headers["expires"] == "0"
    assert resp.headers["x-content-type-options"] == "nosniff"


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_request_ids_differ_per_request(mm):
    first, second = mm.client.get("/users/me"), mm.client.get("/users/me")
    assert first.headers["x-request-id"] != second.headers["x-request-id"]


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_expires_header_only_on_get(mm):
    resp = mm.client.post("/users/logout")
    assert resp.status_code == 200
    assert "expires" not in resp.headers


@upstream("server/channels/web/context.go", "SessionRequired")
def test_no_token_is_401_session_expired(anon):
    body = assert_app_error(anon.get("/users/me"), 401, "api.context.session_expired.app_error")
    assert body["message"] == "Invalid or expired session, please login again."
    assert set(body) == {"id", "message", "detailed_error", "request_id", "status_code"}


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_invalid_token_is_401_and_expires_cookie(mm):
    with mm.client_for("x" * 26) as client:
        resp = client.get("/users/me")
    assert_app_error(resp, 401, "api.context.session_expired.app_error")
    assert "MMAUTHTOKEN=;" in resp.headers["set-cookie"]


@upstream("server/channels/web/web.go", "Handle404")
def test_unknown_route_is_404_without_request_id(mm):
    resp = mm.client.get("/nothing/here")
    assert resp.status_code == 404
    assert resp.headers["content-type"] == "application/json"
    body = resp.json()
    assert body["id"] == "api.context.404.app_error"
    assert body["status_code"] == 404
    assert "request_id" not in body
    assert "/api/v4/nothing/here" in body["detailed_error"]
    assert "x-request-id" not in resp.headers


@upstream("server/channels/web/web.go", "Handle404")
def test_wrong_method_on_known_path_is_404_not_405(mm):
    resp = mm.client.patch("/users/me")
    assert resp.status_code == 404
    assert resp.json()["id"] == "api.context.404.app_error"


@upstream("server/channels/api4/api.go", "Init")
def test_non_alphanumeric_id_segment_is_404(mm):
    resp = mm.client.get("/posts/not-an-id")
    assert resp.status_code == 404
    assert resp.json()["id"] == "api.context.404.app_error"


@upstream("server/channels/web/context.go", "RequireUserId")
def test_alphanumeric_but_malformed_id_is_400(mm):
    assert_app_error(mm.client.get("/users/abc"), 400, "api.context.invalid_url_param.app_error")


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_body_over_payload_limit_is_413(mm):
    big = b'{"message": "' + b"x" * 301_000 + b'"}'
    resp = mm.client.post("/posts", content=big, headers={"content-type": "application/json"})
    assert_app_error(resp, 413, "api.context.request_body_too_large.app_error")


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_url_over_maximum_length_is_414(mm):
    resp = mm.client.get("/users/me", params={"pad": "x" * 2100})
    assert_app_error(resp, 414, "basic_security_check.url.too_long_error")


@upstream("server/channels/app/authentication.go", "ParseAuthTokenFromRequest")
@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "BeArEr", "Token", "token", "TOKEN"])
def test_authorization_scheme_any_case(mm, scheme):
    with mm.client_for(None) as client:
        resp = client.get("/users/me", headers={"Authorization": f"{scheme} {mm.admin_token}"})
    assert resp.status_code == 200
    assert resp.json()["id"] == mm.admin.id


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_access_token_query_for_normal_session_is_401(anon, mm):
    resp = anon.get("/users/me", params={"access_token": mm.admin_token})
    assert_app_error(resp, 401, "api.context.token_provided.app_error")


@upstream("server/channels/app/authentication.go", "ParseAuthTokenFromRequest")
def test_cookie_beats_header(mm):
    with mm.client_for(mm.admin_token) as client:
        resp = client.get("/users/me", headers={"Cookie": "MMAUTHTOKEN=" + "x" * 26})
    assert_app_error(resp, 401, "api.context.session_expired.app_error")


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_cookie_session_get_needs_no_csrf(anon, mm):
    resp = anon.get("/users/me", headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}"})
    assert resp.status_code == 200


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_cookie_session_post_without_csrf_is_401(anon, mm):
    resp = anon.post("/users/me/sessions/revoke/all", headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}"})
    assert_app_error(resp, 401, "api.context.session_expired.app_error")
    assert mm.store.sessions.find_by_token(mm.admin_token) is not None


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_cookie_session_post_with_csrf_header_passes(anon, mm):
    session = mm.store.sessions.find_by_token(mm.admin_token)
    resp = anon.get("/teams", headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}"})
    assert resp.status_code == 200
    resp = anon.post(
        "/teams",
        json={"name": "csrfteam", "display_name": "Csrf", "type": "O"},
        headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}", "X-CSRF-Token": session.csrf},
    )
    assert resp.status_code == 201


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_cookie_session_post_with_requested_with_passes(anon, mm):
    resp = anon.post(
        "/teams",
        json={"name": "xhrteam", "display_name": "Xhr", "type": "O"},
        headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}", "X-Requested-With": "XMLHttpRequest"},
    )
    assert resp.status_code == 201


@upstream("server/channels/web/handlers.go", "checkCSRFToken")
def test_strict_csrf_refuses_requested_with(anon, mm):
    mm.set_config("ServiceSettings.ExperimentalStrictCSRFEnforcement", True)
    resp = anon.post(
        "/teams",
        json={"name": "xhrteam", "display_name": "Xhr", "type": "O"},
        headers={"Cookie": f"MMAUTHTOKEN={mm.admin_token}", "X-Requested-With": "XMLHttpRequest"},
    )
    assert_app_error(resp, 401, "api.context.session_expired.app_error")


def test_json_body_on_get_is_ignored(mm):
    resp = mm.client.request("GET", "/users/me", json={"unexpected": True})
    assert resp.status_code == 200 and resp.json()["id"] == mm.admin.id


@upstream("server/channels/api4/post.go", "deletePost")
def test_json_body_on_delete_is_ignored(mm):
    team = mm.make_team()
    channel = mm.make_channel(team)
    post = mm.make_post(mm.admin, channel, "bye")
    resp = mm.client.request("DELETE", f"/posts/{post.id}", json={"reason": "tidy"})
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    assert mm.store.post_by_id[post.id].delete_at > 0


def test_doubled_slashes_in_path(mm):
    resp = mm.client.get(mm.url + "/api/v4//users//me")
    assert resp.status_code == 200
    assert resp.json()["id"] == mm.admin.id


def test_trailing_slash_on_static_path(mm):
    assert mm.client.get(mm.url + "/api/v4/users/me/").status_code == 200


@upstream("server/public/model/utils.go", "AppError")
def test_error_messages_are_english(anon):
    body = anon.post("/users/login", json={"login_id": "nobody", "password": ""}).json()
    assert body["message"] == "Password field must not be blank"


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_detailed_error_shown_in_developer_mode(mm):
    mm.set_config("ServiceSettings.EnableDeveloper", True)
    body = mm.client.get("/users/" + "x" * 26).json()
    assert body["id"] == "app.user.missing_account.const"
    assert body["detailed_error"] != ""


@upstream("server/channels/web/handlers.go", "ServeHTTP")
def test_access_token_query_refused_on_public_route_too(anon, mm):
    assert_app_error(
        anon.get("/system/ping", params={"access_token": mm.admin_token}),
        401,
        "api.context.token_provided.app_error",
    )
    assert anon.get("/system/ping", params={"access_token": "x" * 26}).status_code == 200


@upstream("server/channels/web/context.go", "HandleEtag")
def test_if_none_match_answers_304(mm):
    first = mm.client.get("/users/me")
    etag = first.headers["etag"]
    again = mm.client.get("/users/me", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert mm.client.get("/users/me", headers={"If-None-Match": "stale"}).status_code == 200
