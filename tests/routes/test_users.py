"""Users: create, read, lists and filters, patch/update, deactivate, roles, password, search, images.
Upstream: server/channels/api4/user.go."""

from __future__ import annotations

import time

import httpx
import pytest

from mockmost.app import create_app, state_of
from mockmost.inprocess import InProcessTransport
from mockmost.settings import Settings
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
# What another user sees of a user (observed on 11.2.0, tests/parity/snapshots/users_crud.json).
OTHER_USER_KEYS = {
    "id",
    "create_at",
    "update_at",
    "delete_at",
    "username",
    "auth_data",
    "auth_service",
    "email",
    "nickname",
    "first_name",
    "last_name",
    "position",
    "roles",
    "locale",
    "timezone",
    "disable_welcome_email",
    "remote_id",
}


@pytest.fixture
def alice(mm):
    return mm.make_user("alice", password="alice-password", first_name="Alice", last_name="Liddell")


@pytest.fixture
def bob(mm):
    return mm.make_user("bob", password="bob-password", nickname="builder")


def _new_user(name, **extra):
    return {"username": name, "email": f"{name}@example.com", "password": "password123", **extra}


# ---- create ------------------------------------------------------------------------------------------
@upstream("server/channels/app/users/users.go", "CreateUser")
def test_create_user_first_signup_is_admin_then_closed():
    app = create_app(Settings(openapi_path=None))
    transport = InProcessTransport(app)
    with httpx.Client(base_url="http://mm/api/v4", transport=transport) as client:
        first = client.post("/users", json=_new_user("first"))
        assert first.status_code == 201
        assert first.json()["roles"] == "system_admin system_user"
        assert_app_error(
            client.post("/users", json=_new_user("second")), 403, "api.user.create_user.no_open_server"
        )
        state_of(app).store.settings.set("TeamSettings.EnableOpenServer", True)
        assert client.post("/users", json=_new_user("third")).json()["roles"] == "system_user"
    transport.close()


@upstream("server/channels/api4/user.go", "createUser")
def test_create_user_by_admin_ignores_roles(mm):
    resp = mm.client.post("/users", json=_new_user("carol", roles="system_admin system_user", nickname="C"))
    assert resp.status_code == 201
    body = resp.json()
    assert body["roles"] == "system_user" and body["nickname"] == "C"
    assert "password" not in body and "notify_props" in body


@upstream("server/channels/api4/user.go", "createUser")
@pytest.mark.parametrize(
    ("payload", "error_id"),
    [
        (b"{nope", "api.context.invalid_body_param.app_error"),
        (b"[1, 2]", "api.context.invalid_body_param.app_error"),
        (
            b'{"username": 5, "email": "a@b.com", "password": "password123"}',
            "api.context.invalid_body_param.app_error",
        ),
        (
            b'{"username": "carol", "email": "c@x.com", "password": "password123", "props": {"a": 1}}',
            "api.context.invalid_body_param.app_error",
        ),
        (
            b'{"username": "carol", "email": "c@x.com", "password": "password123", "roles": 7}',
            "api.context.invalid_body_param.app_error",
        ),
        (b'{"username": "carol", "password": "password123"}', "model.user.is_valid.email.app_error"),
        (
            b'{"username": "carol", "email": "c@example.com", "password": "short"}',
            "model.user.is_valid.pwd_min_length.app_error",
        ),
        (
            b'{"username": "all", "email": "c@example.com", "password": "password123"}',
            "model.user.is_valid.username.app_error",
        ),
    ],
)
def test_create_user_bad_input_is_400(mm, payload, error_id):
    resp = mm.client.post("/users", content=payload, headers={"content-type": "application/json"})
    assert_app_error(resp, 400, error_id)


@upstream("server/channels/app/user.go", "CreateUser")
def test_create_user_duplicate_is_400(mm, alice):
    assert_app_error(
        mm.client.post("/users", json=_new_user("alice")), 400, "app.user.save.username_exists.app_error"
    )
    resp = mm.client.post("/users", json={**_new_user("other"), "email": "ALICE@example.com"})
    assert_app_error(resp, 400, "app.user.save.email_exists.app_error")


@upstream("server/channels/app/user.go", "IsUserSignUpAllowed")
def test_create_user_creation_disabled_is_501(mm):
    mm.set_config("TeamSettings.EnableUserCreation", False)
    resp = mm.client.post("/users", json=_new_user("carol"))
    assert_app_error(resp, 501, "api.user.create_user.signup_email_disabled.app_error")


# ---- read --------------------------------------------------------------------------------------------
@upstream("server/channels/api4/user.go", "getUser")
def test_get_other_user_is_sanitised(mm, alice, bob, login):
    body = login(bob).get(f"/users/{alice.id}").json()
    assert set(body) == OTHER_USER_KEYS
    assert body["auth_data"] == "" and body["email"] == "alice@example.com" and body["first_name"] == "Alice"


@upstream("server/public/model/user.go", "Etag")
def test_get_user_etag(mm, alice):
    resp = mm.client.get(f"/users/{alice.id}")
    assert resp.headers["etag"] == f"11.2.0.{alice.id}.{alice.update_at}..0.true.true.0"
    assert mm.client.get("/users/username/alice").headers["etag"] == resp.headers["etag"]


@upstream("server/channels/api4/user.go", "getUser")
def test_get_user_as_admin_shows_notify_props(mm, alice):
    assert "notify_props" in mm.client.get(f"/users/{alice.id}").json()


@upstream("server/channels/app/users/utils.go", "SanitizeProfile")
def test_get_user_privacy_settings(mm, alice, bob, login):
    mm.set_config("PrivacySettings.ShowEmailAddress", False)
    mm.set_config("PrivacySettings.ShowFullName", False)
    body = login(bob).get(f"/users/{alice.id}").json()
    assert (body["email"], body["first_name"], body["last_name"]) == ("", "", "")
    assert mm.client.get(f"/users/{alice.id}").json()["email"] == "alice@example.com"


@upstream("server/channels/app/user.go", "GetUser")
def test_get_user_unknown_is_404(mm):
    assert_app_error(mm.client.get(f"/users/{'u' * 26}"), 404, "app.user.missing_account.const")


@upstream("server/channels/api4/user.go", "getUserByUsername")
def test_get_user_by_username(mm, alice):
    assert mm.client.get("/users/username/alice").json()["id"] == alice.id
    assert_app_error(mm.client.get("/users/username/nobody"), 404, "app.user.get_by_username.app_error")
    assert_app_error(
        mm.client.get("/users/username/" + "a" * 65), 400, "api.context.invalid_body_param.app_error"
    )


@upstream("server/channels/api4/user.go", "getUserByEmail")
def test_get_user_by_email(mm, alice, bob, login):
    assert mm.client.get("/users/email/Alice@Example.com").json()["id"] == alice.id
    assert_app_error(mm.client.get("/users/email/nobody@example.com"), 404, "app.user.missing_account.const")
    assert_app_error(
        mm.client.get("/users/email/not-an-email"), 400, "api.context.invalid_url_param.app_error"
    )
    mm.set_config("PrivacySettings.ShowEmailAddress", False)
    assert_app_error(
        login(bob).get("/users/email/alice@example.com"),
        403,
        "api.user.get_user_by_email.permissions.app_error",
    )


@upstream("server/channels/app/users/users.go", "GetUsersByIds")
def test_get_users_by_ids_sanitises_even_self(mm, alice, bob, login):
    resp = login(alice).post("/users/ids", json=[alice.id, bob.id, "x" * 26, alice.id])
    users = resp.json()
    assert sorted(u["username"] for u in users) == ["alice", "bob"]
    assert all("notify_props" not in u for u in users)


@upstream("server/channels/api4/user.go", "getUsersByIds")
def test_get_users_by_ids_bad_bodies(mm):
    assert_app_error(mm.client.post("/users/ids", json=[]), 400, "api.context.invalid_body_param.app_error")
    assert_app_error(mm.client.post("/users/ids", json={"ids": []}), 400, "api.payload.parse.error")
    assert_app_error(
        mm.client.post("/users/ids", json=["a"], params={"since": "x"}),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/channels/api4/user.go", "getUsersByIds")
def test_get_users_by_ids_since(mm, alice, bob):
    while mm.store.now() <= alice.update_at:
        time.sleep(0.001)
    mm.store.users.patch(bob, {"nickname": "later"})
    users = mm.client.post("/users/ids", params={"since": alice.update_at}, json=[alice.id, bob.id]).json()
    assert [u["username"] for u in users] == ["bob"]


@upstream("server/channels/api4/user.go", "getUsersByNames")
def test_get_users_by_usernames(mm, alice, bob):
    users = mm.client.post("/users/usernames", json=["bob", "nobody", "alice"]).json()
    assert sorted(u["id"] for u in users) == sorted([alice.id, bob.id])
    assert_app_error(
        mm.client.post("/users/usernames", json=[]), 400, "api.context.invalid_body_param.app_error"
    )


# ---- lists -------------------------------------------------------------------------------------------
@upstream("server/channels/store/sqlstore/user_store.go", "GetAllProfiles")
def test_get_users_ordered_by_username_and_paged(mm):
    for name in ("zed", "amy", "kim"):
        mm.make_user(name)
    names = [u["username"] for u in mm.client.get("/users").json()]
    assert names == sorted(names) and {"zed", "amy", "kim"} <= set(names)
    page = mm.client.get("/users", params={"page": 1, "per_page": 2}).json()
    assert [u["username"] for u in page] == names[2:4]


@upstream("server/channels/web/params.go", "NewParamsFromRequest")
def test_get_users_paging_quirks(mm):
    for i in range(3):
        mm.make_user(f"user{i}")
    assert len(mm.client.get("/users", params={"per_page": "abc"}).json()) == 4
    assert len(mm.client.get("/users", params={"page": "-3", "per_page": 2}).json()) == 2
    assert mm.client.get("/users", params={"per_page": 0}).json() == []


@upstream("server/channels/api4/user.go", "getUsers")
def test_get_users_team_and_channel_filters(mm, alice, bob):
    team = mm.make_team(members=[alice])
    channel = mm.make_channel(team, members=[alice])
    loner = mm.make_user("loner")
    get = lambda **q: sorted(u["username"] for u in mm.client.get("/users", params=q).json())  # noqa: E731
    assert get(in_team=team.id) == ["alice", "mockmost-admin"]
    assert get(not_in_team=team.id) == ["bob", "loner"]
    assert get(in_channel=channel.id) == ["alice", "mockmost-admin"]
    assert get(in_team=team.id, not_in_channel=channel.id) == []
    assert set(get(without_team="true")) == {"bob", "loner"}
    mm.store.users.set_active(loner, False)
    assert "loner" not in get(active="true")
    assert get(inactive="true") == ["loner"]


@upstream("server/channels/api4/user.go", "getUsers")
def test_get_users_filter_errors(mm, alice, login):
    team = mm.make_team()
    channel = mm.make_channel(team)
    assert_app_error(
        mm.client.get("/users", params={"not_in_channel": channel.id}),
        400,
        "api.context.invalid_url_param.app_error",
    )
    assert_app_error(
        mm.client.get("/users", params={"sort": "bogus"}), 400, "api.context.invalid_url_param.app_error"
    )
    assert_app_error(
        mm.client.get("/users", params={"sort": "create_at"}), 400, "api.context.invalid_url_param.app_error"
    )
    assert mm.client.get("/users", params={"sort": "create_at", "in_team": team.id}).status_code == 200
    assert_app_error(
        mm.client.get("/users", params={"role": "no_such_role"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        login(alice).get("/users", params={"in_team": team.id}), 403, "api.context.permissions.app_error"
    )


@upstream("server/channels/api4/user.go", "getUsers")
def test_get_users_by_role(mm, alice):
    assert [u["username"] for u in mm.client.get("/users", params={"role": "system_admin"}).json()] == [
        "mockmost-admin"
    ]


@upstream("server/channels/api4/user.go", "getTotalUsersStats")
def test_get_total_users_stats(mm, alice, bob):
    mm.store.users.set_active(bob, False)
    assert mm.client.get("/users/stats").json() == {"total_users_count": 2}


# ---- search / autocomplete ---------------------------------------------------------------------------
@upstream("server/channels/api4/user.go", "searchUsers")
def test_search_users_by_prefix(mm, alice, bob):
    assert [u["username"] for u in mm.client.post("/users/search", json={"term": "lidd"}).json()] == ["alice"]
    assert [u["username"] for u in mm.client.post("/users/search", json={"term": "bu"}).json()] == ["bob"]


@upstream("server/channels/api4/user.go", "searchUsers")
def test_search_users_in_team(mm, alice, bob):
    team = mm.make_team(members=[alice])
    # The term is a substring of any name (sqlstore performSearch): "a" would also find the team's admin.
    found = mm.client.post("/users/search", json={"term": "alic", "team_id": team.id}).json()
    assert [u["username"] for u in found] == ["alice"]


@upstream("server/channels/api4/user.go", "searchUsers")
@pytest.mark.parametrize(
    "body",
    [
        {"term": ""},
        {},
        {"term": "a", "limit": 1001},
        {"term": "a", "limit": -1},
        {"term": "a", "not_in_channel_id": "c" * 26},
        {"term": 5},
    ],
)
def test_search_users_bad_body_is_400(mm, body):
    assert_app_error(
        mm.client.post("/users/search", json=body), 400, "api.context.invalid_body_param.app_error"
    )


@upstream("server/channels/api4/user.go", "autocompleteUsers")
def test_autocomplete_users(mm, alice, bob):
    team = mm.make_team(members=[alice, bob])
    channel = mm.make_channel(team, members=[alice])
    body = mm.client.get(
        "/users/autocomplete", params={"in_team": team.id, "in_channel": channel.id, "name": ""}
    ).json()
    assert sorted(u["username"] for u in body["users"]) == ["alice", "mockmost-admin"]
    assert [u["username"] for u in body["out_of_channel"]] == ["bob"]
    only_team = mm.client.get("/users/autocomplete", params={"in_team": team.id, "name": "al"}).json()
    assert set(only_team) == {"users"} and [u["username"] for u in only_team["users"]] == ["alice"]


@upstream("server/channels/api4/user.go", "autocompleteUsers")
def test_autocomplete_users_channel_without_team_is_500(mm, alice):
    team = mm.make_team()
    channel = mm.make_channel(team)
    resp = mm.client.get("/users/autocomplete", params={"in_channel": channel.id, "name": "a"})
    assert resp.status_code == 500
    assert resp.json()["id"] == "api.user.autocomplete_users.missing_team_id.app_error"


# ---- patch / update ----------------------------------------------------------------------------------
@upstream("server/channels/api4/user.go", "patchUser")
def test_patch_own_user(mm, alice, login):
    resp = login(alice).put("/users/me/patch", json={"nickname": "Al", "props": {"k": "v"}})
    assert resp.status_code == 200
    body = resp.json()
    assert body["nickname"] == "Al" and body["props"] == {"k": "v"} and "notify_props" in body
    assert body["update_at"] >= body["create_at"]


@upstream("server/channels/api4/user.go", "patchUser")
def test_patch_user_permissions(mm, alice, bob, login):
    assert_app_error(
        login(bob).put(f"/users/{alice.id}/patch", json={"nickname": "x"}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        login(bob).put(f"/users/{mm.admin.id}/patch", json={"nickname": "x"}),
        403,
        "api.context.permissions.app_error",
    )
    assert (
        mm.client.put(f"/users/{alice.id}/patch", json={"nickname": "set by admin"}).json()["nickname"]
        == "set by admin"
    )


@upstream("server/channels/api4/user.go", "patchUser")
def test_patch_unknown_user_is_400(mm):
    assert_app_error(
        mm.client.put(f"/users/{'u' * 26}/patch", json={"nickname": "x"}),
        400,
        "api.context.invalid_body_param.app_error",
    )


@upstream("server/channels/api4/user.go", "patchUser")
def test_patch_own_email_needs_password(mm, alice, login):
    client = login(alice)
    assert_app_error(
        client.put("/users/me/patch", json={"email": "new@example.com"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.put("/users/me/patch", json={"email": "new@example.com", "password": "wrong-pass"}),
        401,
        "api.user.check_user_password.invalid.app_error",
    )
    resp = client.put("/users/me/patch", json={"email": "new@example.com", "password": "alice-password"})
    assert resp.json()["email"] == "new@example.com"


@upstream("server/channels/api4/user.go", "patchUser")
@pytest.mark.parametrize(
    ("patch", "error_id"),
    [
        ({"username": "bob"}, "app.user.save.username_exists.app_error"),
        ({"username": "not valid"}, "model.user.is_valid.username.app_error"),
        ({"nickname": "n" * 65}, "model.user.is_valid.nickname.app_error"),
        ({"nickname": 7}, "api.context.invalid_body_param.app_error"),
        ({"props": {"k": 1}}, "api.context.invalid_body_param.app_error"),
    ],
)
def test_patch_user_invalid_is_400(mm, alice, bob, login, patch, error_id):
    assert_app_error(login(alice).put("/users/me/patch", json=patch), 400, error_id)
    assert mm.store.users.get(alice.id).username == "alice"


@upstream("server/channels/api4/user.go", "updateUser")
def test_update_user_replaces_profile(mm, alice, login):
    client = login(alice)
    mm.store.users.patch(alice, {"nickname": "Al", "position": "boss"})
    resp = client.put(
        "/users/me",
        json={"id": alice.id, "username": "alice", "email": "alice@example.com", "first_name": "Alicia"},
    )
    assert resp.status_code == 200
    body = resp.json()
    assert (body["first_name"], body["nickname"], body["position"], body["last_name"]) == (
        "Alicia",
        "",
        "",
        "",
    )


@upstream("server/channels/api4/user.go", "updateUser")
def test_update_user_errors(mm, alice, login):
    client = login(alice)
    assert_app_error(
        client.put("/users/me", json={"id": "x" * 26, "username": "alice"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.put("/users/me", json={"id": alice.id, "email": "alice@example.com"}),
        400,
        "model.user.is_valid.username.app_error",
    )
    assert_app_error(
        client.put("/users/me", json={"id": alice.id, "username": "alice", "email": "z@example.com"}),
        400,
        "api.context.invalid_body_param.app_error",
    )


# ---- deactivate / active / roles / password ----------------------------------------------------------
@upstream("server/channels/api4/user.go", "deleteUser")
def test_delete_user_deactivates_and_revokes(mm, alice, login):
    client = login(alice)
    assert mm.client.delete(f"/users/{alice.id}").json() == {"status": "OK"}
    body = mm.client.get(f"/users/{alice.id}").json()
    assert body["delete_at"] > 0 and body["update_at"] == body["delete_at"]
    assert client.get("/users/me").status_code == 401


@upstream("server/channels/api4/user.go", "deleteUser")
def test_delete_user_errors(mm, alice, bob, login):
    assert_app_error(login(alice).delete("/users/me"), 401, "api.user.update_active.not_enable.app_error")
    assert_app_error(login(alice).delete(f"/users/{bob.id}"), 403, "api.context.permissions.app_error")
    assert_app_error(mm.client.delete(f"/users/{'u' * 26}"), 404, "app.user.missing_account.const")
    # EnableAPIUserDeletion off: a system admin gets the more verbose id.
    assert_app_error(
        mm.client.delete(f"/users/{bob.id}", params={"permanent": "true"}),
        401,
        "api.user.delete_user.not_enabled.for_admin.app_error",
    )
    mm.set_config("TeamSettings.EnableUserDeactivation", True)
    assert_app_error(
        login(alice).delete("/users/me", params={"permanent": "true"}),
        401,
        "api.user.delete_user.not_enabled.app_error",
    )


@upstream("server/channels/app/user.go", "PermanentDeleteUser")
def test_permanent_delete_removes_the_user_and_their_data(mm, alice, bob, login):
    mm.set_config("ServiceSettings.EnableAPIUserDeletion", True)
    team = mm.make_team("perm", members=[alice, bob])
    channel = mm.make_channel(team, "perm-chan", members=[alice, bob])
    kept = mm.make_post(alice, channel, "alice stays")
    gone = mm.make_post(bob, channel, "bob goes")
    login(bob).post("/reactions", json={"user_id": bob.id, "post_id": kept.id, "emoji_name": "smile"})
    bob_token = mm.make_access_token(bob)
    assert mm.client.delete(f"/users/{bob.id}", params={"permanent": "true"}).json() == {"status": "OK"}
    assert_app_error(mm.client.get(f"/users/{bob.id}"), 404, "app.user.missing_account.const")
    assert_app_error(
        mm.client.get(f"/users/username/{bob.username}"), 404, "app.user.get_by_username.app_error"
    )
    assert mm.client_for(bob_token).get("/users/me").status_code == 401
    posts = mm.client.get(f"/channels/{channel.id}/posts").json()
    assert gone.id not in posts["posts"] and kept.id in posts["posts"]
    assert posts["posts"][kept.id]["metadata"].get("reactions") is None
    assert_app_error(mm.client.get(f"/posts/{gone.id}"), 404, "app.post.get.app_error")
    assert bob.id not in {m["user_id"] for m in mm.client.get(f"/channels/{channel.id}/members").json()}
    assert bob.id not in {m["user_id"] for m in mm.client.get(f"/teams/{team.id}/members").json()}
    # The username is free again.
    again = mm.client.post(
        "/users", json={"username": bob.username, "email": bob.email, "password": "password123"}
    )
    assert again.status_code == 201


@upstream("server/channels/api4/user.go", "deleteUser")
def test_delete_self_allowed_when_deactivation_enabled(mm, alice, login):
    mm.set_config("TeamSettings.EnableUserDeactivation", True)
    assert login(alice).delete("/users/me").status_code == 200


@upstream("server/channels/api4/user.go", "updateUserActive")
def test_update_user_active(mm, alice, login):
    assert mm.client.put(f"/users/{alice.id}/active", json={"active": False}).json() == {"status": "OK"}
    assert mm.store.users.get(alice.id).delete_at > 0
    assert mm.client.put(f"/users/{alice.id}/active", json={"active": True}).status_code == 200
    assert mm.store.users.get(alice.id).delete_at == 0


@upstream("server/channels/api4/user.go", "updateUserActive")
def test_update_user_active_errors(mm, alice, bob, login):
    assert_app_error(
        mm.client.put(f"/users/{alice.id}/active", json={"active": "yes"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        login(alice).put(f"/users/{bob.id}/active", json={"active": False}),
        403,
        "api.user.update_active.permissions.app_error",
    )
    assert_app_error(
        login(alice).put("/users/me/active", json={"active": False}),
        401,
        "api.user.update_active.not_enable.app_error",
    )


@upstream("server/channels/api4/user.go", "updateUserRoles")
def test_update_user_roles(mm, alice, login):
    client = login(alice)
    assert (
        mm.client.put(f"/users/{alice.id}/roles", json={"roles": "system_user system_admin"}).status_code
        == 200
    )
    assert client.get("/users/me").json()["roles"] == "system_user system_admin"


@upstream("server/channels/api4/user.go", "updateUserRoles")
def test_update_user_roles_errors(mm, alice, bob, login):
    assert_app_error(
        mm.client.put(f"/users/{alice.id}/roles", json={"roles": "system_admin"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.put(f"/users/{alice.id}/roles", json={"roles": "System-Admin"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        mm.client.put(f"/users/{alice.id}/roles", json={"roles": "system_user wizard"}),
        400,
        "app.role.check_roles_exist.role_not_found",
    )
    assert_app_error(
        login(alice).put(f"/users/{bob.id}/roles", json={"roles": "system_user"}),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/api4/user.go", "updatePassword")
def test_update_own_password(mm, alice, login, anon):
    client = login(alice)
    resp = client.put(
        "/users/me/password", json={"current_password": "alice-password", "new_password": "new-pass-1"}
    )
    assert resp.json() == {"status": "OK"}
    assert anon.post("/users/login", json={"login_id": "alice", "password": "new-pass-1"}).status_code == 200


@upstream("server/channels/app/user.go", "UpdatePasswordAsUser")
def test_update_password_errors(mm, alice, bob, login):
    client = login(alice)
    assert_app_error(
        client.put("/users/me/password", json={"new_password": "new-pass-1"}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.put("/users/me/password", json={"current_password": "bad", "new_password": "new-pass-1"}),
        400,
        "api.user.update_password.incorrect.app_error",
    )
    assert_app_error(
        client.put(
            "/users/me/password", json={"current_password": "alice-password", "new_password": "short"}
        ),
        400,
        "model.user.is_valid.pwd_min_length.app_error",
    )
    assert_app_error(
        client.put(f"/users/{bob.id}/password", json={"new_password": "new-pass-1"}),
        403,
        "api.user.update_password.context.app_error",
    )


@upstream("server/channels/api4/user.go", "updatePassword")
def test_admin_resets_password(mm, alice, anon):
    assert (
        mm.client.put(f"/users/{alice.id}/password", json={"new_password": "reset-pass"}).status_code == 200
    )
    assert anon.post("/users/login", json={"login_id": "alice", "password": "reset-pass"}).status_code == 200


# ---- images ------------------------------------------------------------------------------------------
@upstream("server/channels/api4/user.go", "getDefaultProfileImage")
@pytest.mark.parametrize("suffix", ["image", "image/default"])
def test_profile_image_is_png(mm, alice, suffix):
    resp = mm.client.get(f"/users/{alice.id}/{suffix}")
    assert resp.status_code == 200
    assert resp.headers["content-type"] == "image/png"
    assert resp.content.startswith(b"\x89PNG\r\n\x1a\n")


@upstream("server/channels/app/limits.go", "GetServerLimits")
def test_unlicensed_user_limit(mm, login, alice):
    # An unlicensed server caps active non-bot users at 250 (hard) / 200 (soft): creating or reactivating
    # beyond it is refused (app/user.go createUserOrGuest, UpdateActive).
    limits = mm.client.get("/limits/server").json()
    assert limits["maxUsersLimit"] == 200 and limits["maxUsersHardLimit"] == 250
    humans = [u for u in mm.store.user_by_id.values() if not u.delete_at and not u.is_bot]
    assert limits["activeUserCount"] == len(humans)
    assert login(alice).get("/limits/server").json() == {
        "maxUsersLimit": 0,
        "maxUsersHardLimit": 0,
        "activeUserCount": 0,
        "postHistoryLimit": 0,
        "lastAccessiblePostTime": 0,
    }
    spare = mm.make_user("spare")
    mm.store.users.set_active(spare, False)
    mm.make_bot("countless")  # bots do not count
    while mm.client.get("/limits/server").json()["activeUserCount"] < 250:
        mm.make_user()
    body = {"username": "one-too-many", "email": "one-too-many@example.com", "password": "password123"}
    assert_app_error(mm.client.post("/users", json=body), 400, "api.user.create_user.user_limits.exceeded")
    assert_app_error(
        mm.client.put(f"/users/{spare.id}/active", json={"active": True}),
        400,
        "app.user.update_active.user_limit.exceeded",
    )
    # Deactivating someone frees a seat.
    assert mm.client.put(f"/users/{alice.id}/active", json={"active": False}).status_code == 200
    assert mm.client.post("/users", json=body).status_code == 201
