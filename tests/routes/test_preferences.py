"""Preferences over HTTP. Upstream: server/channels/api4/preference.go, app/preference.go."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@pytest.fixture
def client(login, alice):
    return login(alice)


def _pref(user, category="display_settings", name="use_military_time", value="true"):
    return {"user_id": user.id, "category": category, "name": name, "value": value}


@upstream("server/channels/api4/preference.go", "updatePreferences")
def test_update_then_read_back(mm, client, alice):
    resp = client.put(f"/users/{alice.id}/preferences", json=[_pref(alice)])
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    assert _pref(alice) in client.get("/users/me/preferences").json()
    assert client.get("/users/me/preferences/display_settings").json() == [_pref(alice)]
    assert client.get("/users/me/preferences/display_settings/name/use_military_time").json() == _pref(alice)
    changed = mm.events_named("preferences_changed")[-1]
    assert changed.broadcast.user_id == alice.id


@upstream("server/channels/app/preference.go", "GetPreferenceByCategoryForUser")
def test_missing_category_is_404_and_missing_name_is_400(client):
    assert_app_error(
        client.get("/users/me/preferences/nothing"), 404, "api.preference.preferences_category.get.app_error"
    )
    assert_app_error(
        client.get("/users/me/preferences/display_settings/name/nothing"), 400, "app.preference.get.app_error"
    )
    assert client.get("/users/me/preferences/bad-category").status_code == 404


@upstream("server/channels/api4/preference.go", "updatePreferences")
def test_update_preferences_errors(mm, client, alice):
    other = mm.make_user("bob")
    assert_app_error(
        client.put("/users/me/preferences", json=[_pref(other)]),
        403,
        "api.preference.update_preferences.set.app_error",
    )
    assert_app_error(
        client.put("/users/me/preferences", json=[]), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        client.put("/users/me/preferences", json=[_pref(alice, name=f"n{i}") for i in range(101)]),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.put("/users/me/preferences", content=b"{"), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        client.put(f"/users/{other.id}/preferences", json=[_pref(other)]),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        client.put("/users/me/preferences", json=[_pref(alice, category="")]),
        400,
        "model.preference.is_valid.category.app_error",
    )


@upstream("server/channels/api4/preference.go", "updatePreferences")
def test_flagging_needs_a_readable_post(mm, client, alice):
    team = mm.make_team(members=[alice])
    secret = mm.make_channel(team, channel_type="P")
    hidden = mm.make_post(mm.admin, secret, "secret")
    assert_app_error(
        client.put("/users/me/preferences", json=[_pref(alice, "flagged_post", "z" * 26)]),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.put("/users/me/preferences", json=[_pref(alice, "flagged_post", hidden.id)]),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/api4/preference.go", "deletePreferences")
def test_delete_preferences(mm, client, alice):
    client.put("/users/me/preferences", json=[_pref(alice)])
    resp = client.post("/users/me/preferences/delete", json=[_pref(alice)])
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    assert_app_error(
        client.get("/users/me/preferences/display_settings"),
        404,
        "api.preference.preferences_category.get.app_error",
    )
    assert mm.events_named("preferences_deleted")[-1].data["preferences"][0].name == "use_military_time"
