"""Store rules for preferences and flagged posts. Upstream: server/channels/app/preference.go,
server/public/model/preference.go, sqlstore/post_store.go (getFlaggedPosts), app/users/users.go."""

from __future__ import annotations

import json

import pytest

from mockmost.errors import AppError
from mockmost.store.entities import Preference

upstream = pytest.mark.upstream


def _err(call):
    with pytest.raises(AppError) as err:
        call()
    return err.value.status, err.value.id


@pytest.fixture
def alice(world):
    return world.user("alice")


@upstream("server/channels/app/users/users.go", "CreateUser")
def test_new_user_has_three_preferences(store, alice):
    rows = [(p.category, p.name, p.value) for p in store.preferences.for_user(alice.id)]
    assert rows == [
        ("recommended_next_steps", "hide", "false"),
        ("tutorial_step", alice.id, "0"),
        ("system_notice", "GMasDM", "true"),
    ]


@upstream("server/channels/app/bot.go", "CreateBot")
def test_bot_account_has_no_preferences(store):
    bot = store.bots.create("", {"username": "helper"})
    assert store.preferences.for_user(bot.user_id) == []


@upstream("server/channels/app/preference.go", "UpdatePreferences")
def test_save_upserts_and_emits(world, store, alice):
    store.preferences.save(alice.id, [Preference(alice.id, "display_settings", "use_military_time", "true")])
    store.preferences.save(alice.id, [Preference(alice.id, "display_settings", "use_military_time", "false")])
    assert store.preferences.get(alice.id, "display_settings", "use_military_time").value == "false"
    assert [e.name for e in world.events[-2:]] == ["sidebar_category_updated", "preferences_changed"]
    assert world.events[-1].broadcast.user_id == alice.id
    assert world.events[-1].data["preferences"][0].value == "false"


@upstream("server/channels/app/preference.go", "UpdatePreferences")
def test_save_for_other_user_is_403(store, alice):
    prefs = [Preference("b" * 26, "display_settings", "x", "y")]
    assert _err(lambda: store.preferences.save(alice.id, prefs)) == (
        403,
        "api.preference.update_preferences.set.app_error",
    )


@upstream("server/public/model/preference.go", "IsValid")
@pytest.mark.parametrize(
    ("category", "name", "value", "error_id"),
    [
        ("", "n", "v", "model.preference.is_valid.category.app_error"),
        ("c" * 33, "n", "v", "model.preference.is_valid.category.app_error"),
        ("cat", "n" * 33, "v", "model.preference.is_valid.name.app_error"),
        ("cat", "n", "v" * 20001, "model.preference.is_valid.value.app_error"),
        ("theme", "t", "not json", "model.preference.is_valid.theme.app_error"),
        (
            "sidebar_settings",
            "limit_visible_dms_gms",
            "41",
            "model.preference.is_valid.limit_visible_dms_gms.app_error",
        ),
    ],
)
def test_invalid_preference_is_400_and_nothing_saved(store, alice, category, name, value, error_id):
    good = Preference(alice.id, "display_settings", "good", "1")
    bad = Preference(alice.id, category, name, value)
    assert _err(lambda: store.preferences.save(alice.id, [good, bad])) == (400, error_id)
    assert (alice.id, "display_settings", "good") not in store.preference_rows


@upstream("server/public/model/preference.go", "PreUpdate")
def test_theme_colours_are_coerced(store, alice):
    value = json.dumps({"sidebarBg": "red", "type": "Custom", "linkColor": "#abc"})
    store.preferences.save(alice.id, [Preference(alice.id, "theme", "", value)])
    saved = json.loads(store.preferences.get(alice.id, "theme", "").value)
    assert saved == {"linkColor": "#abc", "sidebarBg": "#ffffff", "type": "Custom"}


@upstream("server/channels/app/preference.go", "GetPreferenceByCategoryForUser")
def test_reads_by_category_and_name(store, alice):
    assert _err(lambda: store.preferences.by_category(alice.id, "nothing_here")) == (
        404,
        "api.preference.preferences_category.get.app_error",
    )
    missing = (400, "app.preference.get.app_error")
    assert _err(lambda: store.preferences.get(alice.id, "tutorial_step", "nope")) == missing
    assert [p.name for p in store.preferences.by_category(alice.id, "tutorial_step")] == [alice.id]


@upstream("server/channels/app/preference.go", "DeletePreferences")
def test_delete_echoes_request_in_event(world, store, alice):
    request = [Preference(alice.id, "system_notice", "GMasDM", "whatever")]
    store.preferences.delete(alice.id, request)
    assert (alice.id, "system_notice", "GMasDM") not in store.preference_rows
    assert world.events[-1].name == "preferences_deleted" and world.events[-1].data["preferences"] == request


@upstream("server/channels/store/sqlstore/post_store.go", "getFlaggedPosts")
def test_flagged_posts_newest_first_in_member_channels(world, store, alice):
    bob = world.user("bob")
    team = world.team(alice)
    mine = world.channel(team, alice)
    other = world.channel(team, bob, kind="P")
    first, second = world.post(alice, mine, "1"), world.post(alice, mine, "2")
    hidden = world.post(bob, other, "secret")
    deleted = world.post(alice, mine, "3")
    flags = [Preference(alice.id, "flagged_post", p.id, "true") for p in (first, second, hidden, deleted)]
    for pref in flags:
        store.preference_rows[(pref.user_id, pref.category, pref.name)] = pref
    store.posts.delete(deleted, alice.id)
    assert store.preferences.flagged_post_ids(alice.id) == [second.id, first.id]
    assert store.preferences.flagged_post_ids(alice.id, channel_id=other.id) == []
    assert store.preferences.flagged_post_ids(alice.id, team_id="t" * 26) == []
