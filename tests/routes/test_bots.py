"""Bots over HTTP. Upstream: server/channels/api4/bot.go, app/bot.go, model/bot.go, app/authorization.go
(SessionHasPermissionToManageBot), sqlstore/bot_store.go."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error, store_fingerprint

upstream = pytest.mark.upstream


def assert_no_route(resp) -> None:
    """web/handlers.go: the router's 404 names the url in detailed_error."""
    assert resp.status_code == 404
    body = resp.json()
    assert (
        body["id"] == "api.context.404.app_error"
        and "There doesn't appear to be an api call" in body["detailed_error"]
    )


@pytest.fixture
def admin(mm):
    return mm.client


@pytest.fixture
def alice(mm, login):
    user = mm.make_user("alice")
    return user, login(user)


@upstream("server/channels/api4/bot.go", "createBot")
def test_create_bot_is_201_with_bot_shape(mm, admin):
    resp = admin.post(
        "/bots", json={"username": "helper", "display_name": "Helper", "description": "does things"}
    )
    assert resp.status_code == 201, resp.text
    body = resp.json()
    # model/bot.go field order; last_icon_update omitted while 0
    assert list(body) == [
        "user_id",
        "username",
        "display_name",
        "description",
        "owner_id",
        "create_at",
        "update_at",
        "delete_at",
    ]
    assert (body["username"], body["owner_id"], body["delete_at"]) == ("helper", mm.admin.id, 0)
    user = admin.get(f"/users/{body['user_id']}").json()
    assert user["is_bot"] is True and user["first_name"] == "Helper" and user["email"] == "helper@localhost"
    assert user["bot_description"] == "does things"


@upstream("server/channels/app/bot.go", "CreateBot")
def test_create_bot_opens_dm_with_owner_and_posts_welcome(mm, admin):
    bot_id = admin.post("/bots", json={"username": "greeter"}).json()["user_id"]
    channel = admin.post("/channels/direct", json=[mm.admin.id, bot_id]).json()
    posts = admin.get(f"/channels/{channel['id']}/posts").json()
    (post,) = posts["posts"].values()
    assert post["type"] == "add_bot_teams_channels" and post["user_id"] == bot_id
    assert post["message"].startswith("Please add me to teams and channels")


@upstream("server/channels/api4/bot.go", "createBot")
def test_create_bot_minimal_omits_display_name_and_description(admin):
    body = admin.post("/bots", json={"username": "plain"}).json()
    assert "display_name" not in body and "description" not in body


@upstream("server/public/model/bot.go", "IsValidCreate")
@pytest.mark.parametrize(
    "fields,error_id",
    [
        ({"username": ""}, "model.bot.is_valid.username.app_error"),
        ({"username": "UpperCase"}, "model.bot.is_valid.username.app_error"),
        ({"username": "all"}, "model.bot.is_valid.username.app_error"),
        ({"username": "a" * 65}, "model.bot.is_valid.username.app_error"),
        ({"username": "ok", "display_name": "d" * 65}, "model.bot.is_valid.user_id.app_error"),
        ({"username": "ok", "description": "d" * 1025}, "model.bot.is_valid.description.app_error"),
    ],
)
def test_create_bot_invalid_is_400(mm, admin, fields, error_id):
    before = store_fingerprint(mm.store)
    assert_app_error(admin.post("/bots", json=fields), 400, error_id)
    assert store_fingerprint(mm.store) == before


@upstream("server/channels/api4/bot.go", "createBot")
@pytest.mark.parametrize("body", [b"", b"null", b"[1]", b'{"username": 5}', b"{bad"])
def test_create_bot_bad_body_is_400_invalid_bot(admin, body):
    assert_app_error(admin.post("/bots", content=body), 400, "api.context.invalid_body_param.app_error")


@upstream("server/channels/app/bot.go", "CreateBot")
def test_create_bot_username_taken_is_400(mm, admin):
    mm.make_user("taken")
    assert_app_error(
        admin.post("/bots", json={"username": "taken"}), 400, "app.user.save.username_exists.app_error"
    )


@upstream("server/channels/app/permissions_migrations.go", "getAddBotPermissionsMigration")
def test_create_bot_by_plain_user_is_403(alice):
    assert_app_error(
        alice[1].post("/bots", json={"username": "mine"}), 403, "api.context.permissions.app_error"
    )


@upstream("server/channels/api4/bot.go", "createBot")
def test_create_bot_when_disabled_is_403_create_disabled(mm, admin):
    mm.set_config("ServiceSettings.EnableBotAccountCreation", False)
    body = assert_app_error(admin.post("/bots", json={"username": "nope"}), 403, "api.bot.create_disabled")
    assert body["message"] == "Bot creation has been disabled."


@upstream("server/channels/api4/bot.go", "createBot")
def test_create_bot_by_a_bot_is_403(mm, login):
    bot_user, token = mm.make_bot("robo")
    mm.store.users.set_roles(bot_user, "system_user system_admin")
    client = mm.client_for(token)
    assert_app_error(
        client.post("/bots", json={"username": "child"}), 403, "api.context.permissions.app_error"
    )
    client.close()


@upstream("server/channels/api4/bot.go", "getBot")
def test_get_bot_with_etag_and_include_deleted(mm, admin):
    bot_user, _ = mm.make_bot("getme")
    resp = admin.get(f"/bots/{bot_user.id}")
    assert resp.status_code == 200 and resp.json()["user_id"] == bot_user.id
    bot = mm.store.bots.get(bot_user.id)
    etag = f"11.2.0.{bot.user_id}.{bot.update_at}"
    # HandleEtag sends the ETag only with the 304 of a matching If-None-Match (parity snapshot bots_basic).
    assert "etag" not in resp.headers
    not_modified = admin.get(f"/bots/{bot_user.id}", headers={"If-None-Match": etag})
    assert not_modified.status_code == 304 and not_modified.headers["etag"] == etag
    admin.post(f"/bots/{bot_user.id}/disable")
    assert_app_error(admin.get(f"/bots/{bot_user.id}"), 404, "store.sql_bot.get.missing.app_error")
    assert admin.get(f"/bots/{bot_user.id}", params={"include_deleted": "true"}).json()["delete_at"] > 0


@upstream("server/channels/api4/bot.go", "getBot")
def test_get_bot_without_read_permission_looks_absent(mm, alice):
    bot_user, _ = mm.make_bot("hidden")
    assert_app_error(alice[1].get(f"/bots/{bot_user.id}"), 404, "store.sql_bot.get.missing.app_error")
    assert_app_error(alice[1].get(f"/bots/{alice[0].id}"), 404, "store.sql_bot.get.missing.app_error")


@upstream("server/channels/api4/bot.go", "getBot")
def test_get_bot_bad_id_is_404_route(admin):
    assert_no_route(admin.get("/bots/not-an-id"))
    assert_app_error(admin.get("/bots/abc"), 400, "api.context.invalid_url_param.app_error")


@upstream("server/channels/store/sqlstore/bot_store.go", "GetAll")
def test_get_bots_order_paging_deleted_and_orphaned(mm, admin):
    owner = mm.make_user("owner")
    first, _ = mm.make_bot("bfirst")
    second, _ = mm.make_bot("bsecond", owner=owner)
    third, _ = mm.make_bot("bthird")
    ids = [b["user_id"] for b in admin.get("/bots").json()]
    assert ids == [first.id, second.id, third.id]
    assert [b["user_id"] for b in admin.get("/bots", params={"page": 1, "per_page": 2}).json()] == [third.id]
    admin.post(f"/bots/{third.id}/disable")
    assert [b["user_id"] for b in admin.get("/bots").json()] == [first.id, second.id]
    assert len(admin.get("/bots", params={"include_deleted": "true"}).json()) == 3
    assert admin.get("/bots", params={"only_orphaned": "true"}).json() == []
    mm.store.users.set_active(owner, False)  # DisableBotsWhenOwnerIsDeactivated: the bot is disabled too
    assert admin.get("/bots", params={"only_orphaned": "true"}).json() == []
    orphaned = admin.get("/bots", params={"only_orphaned": "true", "include_deleted": "true"}).json()
    assert [b["user_id"] for b in orphaned] == [second.id]


@upstream("server/public/model/bot.go", "BotList.Etag")
def test_get_bots_etag(mm, admin):
    bot_user, _ = mm.make_bot("tagged")
    bot = mm.store.bots.get(bot_user.id)
    etag = f"11.2.0.{bot.user_id}.{bot.update_at}.0.1"
    assert "etag" not in admin.get("/bots").headers  # sent only with a 304 (observed on 11.2.0)
    assert admin.get("/bots", headers={"If-None-Match": etag}).status_code == 304
    mm.store.bots.set_active(bot, False)
    assert admin.get("/bots", headers={"If-None-Match": "11.2.0.0.0.0.0"}).status_code == 304


@upstream("server/channels/api4/bot.go", "getBots")
def test_get_bots_plain_user_is_403(alice):
    assert_app_error(alice[1].get("/bots"), 403, "api.context.permissions.app_error")


@upstream("server/channels/app/bot.go", "PatchBot")
def test_patch_bot_updates_user_and_bot(mm, admin):
    bot_user, _ = mm.make_bot("patchme")
    resp = admin.put(
        f"/bots/{bot_user.id}", json={"username": "patched", "display_name": "P", "description": "d"}
    )
    assert resp.status_code == 200
    body = resp.json()
    assert (body["username"], body["display_name"], body["description"]) == ("patched", "P", "d")
    user = admin.get(f"/users/{bot_user.id}").json()
    assert (user["username"], user["first_name"], user["email"]) == ("patched", "P", "patched@localhost")
    assert mm.events_named("user_updated")


@upstream("server/channels/app/bot.go", "PatchBot")
def test_patch_bot_without_change_keeps_update_at(mm, admin):
    bot_user, _ = mm.make_bot("same")
    before = mm.store.bots.get(bot_user.id).update_at
    body = admin.put(f"/bots/{bot_user.id}", json={"username": "same"}).json()
    assert body["update_at"] == before


@upstream("server/channels/app/authorization.go", "SessionHasPermissionToManageBot")
def test_patch_bot_unknown_is_404_and_plain_user_404(mm, admin, alice):
    assert_app_error(admin.put(f"/bots/{alice[0].id}", json={}), 404, "store.sql_bot.get.missing.app_error")
    bot_user, _ = mm.make_bot("guarded")
    assert_app_error(
        alice[1].put(f"/bots/{bot_user.id}", json={"description": "x"}),
        404,
        "store.sql_bot.get.missing.app_error",
    )


@upstream("server/channels/app/bot.go", "UpdateBotActive")
def test_disable_enable_bot(mm, admin):
    bot_user, token = mm.make_bot("toggle")
    body = admin.post(f"/bots/{bot_user.id}/disable").json()
    assert body["delete_at"] > 0
    assert admin.get(f"/users/{bot_user.id}").json()["delete_at"] == body["delete_at"]
    client = mm.client_for(token)
    assert client.get("/users/me").status_code == 401  # deactivation revokes the bot's sessions
    client.close()
    again = admin.post(f"/bots/{bot_user.id}/disable").json()
    assert again["delete_at"] == body["delete_at"]
    assert admin.post(f"/bots/{bot_user.id}/enable").json()["delete_at"] == 0


@upstream("server/channels/api4/bot.go", "assignBot")
def test_assign_bot(mm, admin, alice):
    bot_user, _ = mm.make_bot("movable")
    body = admin.post(f"/bots/{bot_user.id}/assign/{alice[0].id}").json()
    assert body["owner_id"] == alice[0].id
    other_bot, _ = mm.make_bot("otherbot")
    assert_app_error(
        admin.post(f"/bots/{bot_user.id}/assign/{other_bot.id}"), 403, "api.context.permissions.app_error"
    )


@upstream("server/channels/api4/bot.go", "convertBotToUser")
def test_convert_bot_to_user(mm, admin):
    bot_user, _ = mm.make_bot("becoming")
    resp = admin.post(
        f"/bots/{bot_user.id}/convert_to_user",
        params={"set_system_admin": "true"},
        json={"password": "Password123!", "email": "became@example.com"},
    )
    assert resp.status_code == 200, resp.text
    body = resp.json()
    # The answer is the user as UpdateUser returned it, still is_bot (parity snapshot bots_convert_icons);
    # read back, it is a plain user.
    assert body["is_bot"] is True and body["email"] == "became@example.com"
    assert "is_bot" not in admin.get(f"/users/{bot_user.id}").json()
    assert "system_admin" in body["roles"].split()
    assert_app_error(
        admin.get(f"/bots/{bot_user.id}", params={"include_deleted": "true"}),
        404,
        "store.sql_bot.get.missing.app_error",
    )
    login = admin.post("/users/login", json={"login_id": "becoming", "password": "Password123!"})
    assert login.status_code == 200


@upstream("server/channels/api4/bot.go", "convertBotToUser")
def test_convert_bot_to_user_needs_password_then_manage_system(mm, admin, alice):
    bot_user, _ = mm.make_bot("stays")
    assert_app_error(
        admin.post(f"/bots/{bot_user.id}/convert_to_user", json={}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        alice[1].post(f"/bots/{bot_user.id}/convert_to_user", json={"password": "Password123!"}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        admin.post(f"/bots/{alice[0].id}/convert_to_user", json={"password": "x"}),
        404,
        "store.sql_bot.get.missing.app_error",
    )


@upstream("server/channels/app/bot.go", "ConvertUserToBot")
def test_convert_user_to_bot(mm, admin, alice):
    user, client = alice
    resp = admin.post(f"/users/{user.id}/convert_to_bot")
    assert resp.status_code == 200
    body = resp.json()
    assert (body["user_id"], body["owner_id"], body["username"], body["display_name"]) == (
        user.id,
        user.id,
        "alice",
        "alice",
    )
    assert client.get("/users/me").status_code == 401
    assert admin.get(f"/users/{user.id}").json()["is_bot"] is True
    assert_app_error(admin.post(f"/users/{user.id}/convert_to_bot"), 500, "app.bot.createbot.internal_error")


@upstream("server/channels/api4/user.go", "convertUserToBot")
def test_convert_user_to_bot_plain_user_is_403(mm, alice):
    other = mm.make_user("other")
    assert_app_error(
        alice[1].post(f"/users/{other.id}/convert_to_bot"), 403, "api.context.permissions.app_error"
    )


@upstream("server/channels/api4/bot.go", "InitBot")
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_bot_icon_routes_are_gone_404(mm, admin, method):
    bot_user, _ = mm.make_bot("iconless")
    assert_no_route(admin.request(method, f"/bots/{bot_user.id}/icon"))


@upstream("server/channels/app/bot.go", "CreateBot")
def test_create_bot_sends_no_new_user_event(mm, admin):
    bot_id = admin.post("/bots", json={"username": "quiet"}).json()["user_id"]
    assert all(e.data.get("user_id") != bot_id for e in mm.events_named("new_user"))
    assert [e.data["post"].type for e in mm.events_named("posted")] == ["add_bot_teams_channels"]


@upstream("server/channels/app/user.go", "userDeactivated")
def test_deactivating_owner_disables_bots_and_tells_admins(mm, admin):
    owner = mm.make_user("owner")
    bot_user, _ = mm.make_bot("minion", owner=owner)
    admin.delete(f"/users/{owner.id}")
    assert admin.get(f"/bots/{bot_user.id}", params={"include_deleted": "true"}).json()["delete_at"] > 0
    self_dm = mm.store.channels.find_by_name("", f"{mm.admin.id}__{mm.admin.id}")
    (note,) = mm.posts_in(self_dm)
    assert note.type == "system_generic" and note.user_id == mm.admin.id
    assert note.message.startswith(
        "owner was deactivated. They managed the following bot accounts which have now been disabled."
        "\n\n* minion\nYou can take ownership of each bot"
    )


@upstream("server/channels/app/user.go", "userDeactivated")
def test_deactivating_owner_keeps_bots_when_setting_off(mm, admin):
    mm.set_config("ServiceSettings.DisableBotsWhenOwnerIsDeactivated", False)
    owner = mm.make_user("owner2")
    bot_user, _ = mm.make_bot("keeper", owner=owner)
    mm.store.users.set_active(owner, False)
    assert admin.get(f"/bots/{bot_user.id}").json()["delete_at"] == 0
    self_dm = mm.store.channels.find_by_name("", f"{mm.admin.id}__{mm.admin.id}")
    assert "which are still enabled.\n\n* keeper\n\nWe strongly recommend" in mm.posts_in(self_dm)[0].message
