"""Store rules for users: creation, validation, uniqueness, patch, roles, deactivation, search."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError
from mockmost.ids import is_valid_id

upstream = pytest.mark.upstream


@upstream("server/channels/app/users/users.go", "CreateUser")
def test_create_first_human_user_is_system_admin(world):
    first = world.user("alice")
    second = world.user("bob")
    assert first.roles == "system_admin system_user"
    assert second.roles == "system_user"


@upstream("server/channels/app/users/users.go", "CreateUser")
def test_create_bot_first_does_not_take_admin(world, store):
    store.bots.create("", {"username": "firstbot"})
    human = world.user("alice")
    assert human.roles == "system_admin system_user"


@upstream("server/public/model/user.go", "PreSave")
def test_create_user_fields_ids_and_timestamps(world):
    user = world.user("Alice", email="  Alice@Example.COM ")
    assert is_valid_id(user.id) and len(user.id) == 26
    assert user.username == "alice"
    assert user.email == "alice@example.com"
    assert user.create_at == user.update_at > 1_600_000_000_000
    assert user.delete_at == 0
    assert user.locale == "en"
    assert user.notify_props["mention_keys"] == ""


@upstream("server/public/model/user.go", "PreSave")
def test_create_user_without_username_generates_one(store):
    user = store.users.create({"email": "x@example.com", "password": "password123"})
    assert user.username.startswith("a") and len(user.username) == 27


@upstream("server/public/model/user.go", "IsValid")
@pytest.mark.parametrize("username", ["all", "channel", "matterbot", "system", "bad name", "bäd", "x" * 65])
def test_create_user_invalid_username_is_400(world, username):
    with pytest.raises(AppError) as err:
        world.user(username)
    assert (err.value.status, err.value.id) == (400, "model.user.is_valid.username.app_error")


@upstream("server/public/model/user.go", "IsValid")
@pytest.mark.parametrize("username", ["1abc", "a", "-dash-", "_under", "a.b"])
def test_create_user_username_any_first_char(world, username):
    assert world.user(username).username == username


@upstream("server/public/model/user.go", "IsValid")
@pytest.mark.parametrize("email", ["", "no-at-sign", "Name <a@b.com>", "a@b@c"])
def test_create_user_invalid_email_is_400(store, email):
    with pytest.raises(AppError) as err:
        store.users.create({"username": "alice", "email": email, "password": "password123"})
    assert (err.value.status, err.value.id) == (400, "model.user.is_valid.email.app_error")


@upstream("server/channels/app/users/users.go", "CreateUser")
def test_create_user_short_password_checked_before_username(store):
    with pytest.raises(AppError) as err:
        store.users.create({"username": "all", "email": "a@example.com", "password": "short"})
    assert (err.value.status, err.value.id) == (400, "model.user.is_valid.pwd_min_length.app_error")


@upstream("server/channels/app/users/password.go", "IsPasswordValidWithSettings")
def test_create_user_password_over_72_bytes_is_400(store):
    with pytest.raises(AppError) as err:
        store.users.create({"username": "alice", "email": "a@example.com", "password": "p" * 73})
    assert err.value.id == "model.user.is_valid.pwd_max_length.app_error"


@upstream("server/channels/store/sqlstore/user_store.go", "Save")
def test_create_user_duplicate_username_and_email(world, store):
    world.user("alice")
    with pytest.raises(AppError) as err:
        store.users.create({"username": "ALICE", "email": "other@example.com", "password": "password123"})
    assert (err.value.status, err.value.id) == (400, "app.user.save.username_exists.app_error")
    with pytest.raises(AppError) as err:
        store.users.create({"username": "other", "email": "alice@example.com", "password": "password123"})
    assert (err.value.status, err.value.id) == (400, "app.user.save.email_exists.app_error")


def test_create_user_refused_changes_nothing(world, store):
    world.user("alice")
    before = (len(store.user_by_id), dict(store.user_id_by_username), len(world.events))
    with pytest.raises(AppError):
        store.users.create({"username": "alice", "email": "x@example.com", "password": "password123"})
    assert (len(store.user_by_id), dict(store.user_id_by_username), len(world.events)) == before


@upstream("server/public/model/user.go", "SanitizeInput")
def test_create_user_untrusted_roles_ignored(world, store):
    world.user("alice")
    user = store.users.create(
        {
            "username": "bob",
            "email": "b@example.com",
            "password": "password123",
            "roles": "system_admin system_user",
        }
    )
    assert user.roles == "system_user"


@upstream("server/channels/app/users/users.go", "CreateUser")
def test_create_user_unsupported_locale_becomes_en(world):
    assert world.user("alice", locale="xx").locale == "en"
    assert world.user("bob", locale="fr").locale == "fr"


@upstream("server/channels/app/user.go", "CreateUser")
def test_create_user_emits_new_user(world):
    world.user("alice")
    assert world.event_names() == ["new_user"]


@upstream("server/channels/app/user.go", "GetUser")
def test_get_unknown_user_is_404(store):
    with pytest.raises(AppError) as err:
        store.users.get("x" * 26)
    assert (err.value.status, err.value.id) == (404, "app.user.missing_account.const")


@upstream("server/channels/app/user.go", "GetUserByUsername")
def test_get_by_username_case_insensitive_and_404(world, store):
    alice = world.user("alice")
    assert store.users.get_by_username("ALICE") is alice
    with pytest.raises(AppError) as err:
        store.users.get_by_username("nobody")
    assert (err.value.status, err.value.id) == (404, "app.user.get_by_username.app_error")


@upstream("server/channels/app/login.go", "GetUserForLogin")
def test_find_by_login_username_or_email_any_case(world, store):
    alice = world.user("alice")
    assert store.users.find_by_login("Alice") is alice
    assert store.users.find_by_login("ALICE@example.com") is alice
    store.settings.set("EmailSettings.EnableSignInWithEmail", False)
    assert store.users.find_by_login("alice@example.com") is None


@upstream("server/channels/app/user.go", "PatchUser")
def test_patch_user_updates_indexes(world, store):
    alice = world.user("alice")
    store.users.patch(alice, {"username": "alicia", "email": "alicia@example.com", "nickname": "Al"})
    assert store.users.find_by_username("alicia") is alice
    assert store.users.find_by_username("alice") is None
    assert store.users.find_by_email("alicia@example.com") is alice
    assert alice.nickname == "Al" and alice.update_at >= alice.create_at


@upstream("server/channels/app/user.go", "PatchUser")
def test_patch_user_invalid_leaves_user_untouched(world, store):
    alice = world.user("alice")
    with pytest.raises(AppError) as err:
        store.users.patch(alice, {"nickname": "ok", "username": "not valid"})
    assert err.value.id == "model.user.is_valid.username.app_error"
    assert alice.nickname == "" and alice.username == "alice"


@upstream("server/channels/app/user.go", "PatchUser")
def test_patch_user_username_taken_is_400(world, store):
    world.user("alice")
    bob = world.user("bob")
    with pytest.raises(AppError) as err:
        store.users.patch(bob, {"username": "alice"})
    assert (err.value.status, err.value.id) == (400, "app.user.save.username_exists.app_error")


@upstream("server/channels/app/user.go", "PatchUser")
def test_patch_user_props_replace_whole_map(world, store):
    alice = world.user("alice", props={"a": "1"})
    store.users.patch(alice, {"props": {"b": "2"}})
    assert alice.props == {"b": "2"}


@upstream("server/channels/app/user.go", "UpdateActive")
def test_deactivate_user_revokes_sessions(world, store):
    alice = world.user("alice")
    session = store.sessions.create(alice)
    store.users.set_active(alice, False)
    assert alice.delete_at > 0 and alice.update_at == alice.delete_at
    assert store.sessions.find_by_token(session.token) is None
    store.users.set_active(alice, True)
    assert alice.delete_at == 0


@upstream("server/channels/app/user.go", "UpdateUserRoles")
def test_set_roles_updates_sessions(world, store):
    world.user("admin")
    bob = world.user("bob")
    session = store.sessions.create(bob)
    store.users.set_roles(bob, "system_user system_admin")
    assert session.roles == "system_user system_admin"


@upstream("server/channels/app/role.go", "CheckRolesExist")
@pytest.mark.parametrize("roles", ["bogus_role", "system_user bogus"])
def test_set_roles_unknown_role_is_400(world, store, roles):
    world.user("admin")
    bob = world.user("bob")
    with pytest.raises(AppError) as err:
        store.users.set_roles(bob, roles)
    assert (err.value.status, err.value.id) == (400, "app.role.check_roles_exist.role_not_found")
    assert bob.roles == "system_user"


def test_check_password(world, store):
    alice = world.user("alice", password="right-password")
    assert store.users.check_password(alice, "right-password")
    assert not store.users.check_password(alice, "wrong-password")
    store.users.set_password(alice, "new-password")
    assert store.users.check_password(alice, "new-password")


@upstream("server/channels/store/sqlstore/user_store.go", "Search")
def test_search_by_prefix_of_username_names_and_email(world, store):
    world.user("alice", first_name="Alice", last_name="Liddell")
    world.user("bob", nickname="builder")
    found = store.users.search("lid", store.users.all(), False, 100)
    assert [u.username for u in found] == ["alice"]
    assert [u.username for u in store.users.search("@bu", store.users.all(), False, 100)] == ["bob"]


def test_search_skips_inactive_unless_asked(world, store):
    alice = world.user("alice")
    store.users.set_active(alice, False)
    assert store.users.search("ali", store.users.all(), False, 100) == []
    assert store.users.search("ali", store.users.all(), True, 100) == [alice]
