"""Sidebar categories. Upstream: server/channels/api4/channel_category.go, app/channel_category.go,
store/sqlstore/channel_store_categories.go (initial categories with deterministic ids, orphaned channels
collected by the Channels / Direct Messages categories by display name, custom categories placed after
Favorites, order updates, favorites kept in step with favorite_channel preferences)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@pytest.fixture
def bob(mm):
    return mm.make_user("bob")


@pytest.fixture
def team(mm, alice, bob):
    return mm.make_team("side", members=[alice, bob])


def _url(user, team, rest=""):
    return f"/users/{user.id}/teams/{team.id}/channels/categories{rest}"


@upstream
def test_initial_categories_and_orphans(mm, login, alice, bob, team):
    zulu = mm.make_channel(team, "zulu", members=[alice], display_name="Zulu")
    alpha = mm.make_channel(team, "alpha", members=[alice], display_name="Alpha", channel_type="P")
    direct = mm.make_direct_channel(alice, bob)
    body = login(alice).get(_url(alice, team)).json()
    ids = [f"{kind}_{alice.id}_{team.id}" for kind in ("favorites", "channels", "direct_messages")]
    assert body["order"] == ids
    favorites, channels, dms = body["categories"]
    assert (favorites["type"], favorites["display_name"], favorites["sort_order"], favorites["sorting"]) == (
        "favorites",
        "Favorites",
        0,
        "",
    )
    assert (channels["type"], channels["display_name"], channels["sort_order"]) == (
        "channels",
        "Channels",
        10,
    )
    assert (dms["type"], dms["display_name"], dms["sort_order"], dms["sorting"]) == (
        "direct_messages",
        "Direct Messages",
        20,
        "recent",
    )
    assert favorites["channel_ids"] == []
    # Orphans by display name: Alpha, Off-Topic, Town Square, Zulu.
    town = mm.store.channels.find_by_name(team.id, "town-square")
    off = mm.store.channels.find_by_name(team.id, "off-topic")
    assert channels["channel_ids"] == [alpha.id, off.id, town.id, zulu.id]
    assert dms["channel_ids"] == [direct.id]
    assert set(channels) == {
        "id",
        "user_id",
        "team_id",
        "sort_order",
        "sorting",
        "type",
        "display_name",
        "muted",
        "collapsed",
        "channel_ids",
    }
    one = login(alice).get(_url(alice, team, f"/{ids[1]}")).json()
    assert one == channels


@upstream
def test_custom_category_after_favorites_takes_its_channels(mm, login, alice, team):
    dev = mm.make_channel(team, "dev", members=[alice])
    client = login(alice)
    reply = client.post(
        _url(alice, team),
        json={
            "user_id": alice.id,
            "team_id": team.id,
            "display_name": "Work",
            "channel_ids": [dev.id, dev.id, "x" * 26],
        },
    )
    assert reply.status_code == 200
    custom = reply.json()
    # Placed right after Favorites (sort order 10); unknown and repeated channel ids are dropped.
    assert (custom["type"], custom["sort_order"], custom["channel_ids"]) == ("custom", 10, [dev.id])
    body = client.get(_url(alice, team)).json()
    assert body["order"][1] == custom["id"]
    assert [c["sort_order"] for c in body["categories"]] == [0, 10, 20, 30]
    assert dev.id not in body["categories"][2]["channel_ids"]
    assert client.get(_url(alice, team, "/order")).json() == body["order"]
    assert mm.events_named("sidebar_category_created")[-1].data == {"category_id": custom["id"]}
    # Deleting it puts the channel back among the orphans of Channels.
    assert client.delete(_url(alice, team, f"/{custom['id']}")).json() == {"status": "OK"}
    body = client.get(_url(alice, team)).json()
    assert len(body["order"]) == 3 and dev.id in body["categories"][1]["channel_ids"]
    # Default categories cannot be deleted (store ErrInvalidInput → 400).
    assert_app_error(
        client.delete(_url(alice, team, f"/channels_{alice.id}_{team.id}")),
        400,
        "app.channel.sidebar_categories.app_error",
    )


@pytest.mark.upstream("server/channels/app/channel_category.go", "DeleteSidebarCategory")
def test_remove_sidebar_category_unknown_is_500_with_the_store_message(mm):
    # Observed on a real 11.2.0: an unknown category (here an admin's, in a team that does not exist) is a
    # plain store error, 500, and the id's en.json text is "Failed to insert record to database."
    missing_team = "q" * 26
    body = assert_app_error(
        mm.client.delete(
            f"/users/{mm.admin.id}/teams/{missing_team}/channels/categories/favorites_{mm.admin.id}_{missing_team}"
        ),
        500,
        "app.channel.sidebar_categories.app_error",
    )
    assert body["message"] == "Failed to insert record to database."


@upstream
def test_order_update(mm, login, alice, team):
    client = login(alice)
    order = client.get(_url(alice, team, "/order")).json()
    new = [order[2], order[0], order[1]]
    assert client.put(_url(alice, team, "/order"), json=new).json() == new
    body = client.get(_url(alice, team)).json()
    assert body["order"] == new and [c["sort_order"] for c in body["categories"]] == [0, 10, 20]
    assert mm.events_named("sidebar_category_order_updated")[-1].data == {"order": new}
    # A category id that is not the caller's is an invalid body param; a shorter list is the store's plain
    # error, which the real server answers with a 500.
    assert_app_error(
        client.put(_url(alice, team, "/order"), json=[*new[:2], "y" * 26]),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.put(_url(alice, team, "/order"), json=new[:2]), 500, "app.channel.sidebar_categories.app_error"
    )
    assert_app_error(client.put(_url(alice, team, "/order"), json={"a": 1}), 400, "api.payload.parse.error")


@upstream
def test_update_categories_favorites_follow_preferences_and_mute(mm, login, alice, team):
    dev = mm.make_channel(team, "dev", members=[alice])
    client = login(alice)
    favorites, channels, dms = client.get(_url(alice, team)).json()["categories"]
    favorites["channel_ids"] = [dev.id]
    channels["channel_ids"] = [c for c in channels["channel_ids"] if c != dev.id]
    channels["display_name"] = "Renamed"  # only custom categories take a new name
    channels["muted"] = True
    reply = client.put(_url(alice, team), json=[favorites, channels])
    assert reply.status_code == 200
    new_favorites, new_channels = reply.json()
    assert new_favorites["channel_ids"] == [dev.id]
    assert new_channels["display_name"] == "Channels" and new_channels["muted"] is True
    # Favorites write favorite_channel preferences; the muted category mutes its channels.
    prefs = client.get("/users/me/preferences/favorite_channel").json()
    assert [(p["name"], p["value"]) for p in prefs] == [(dev.id, "true")]
    town = mm.store.channels.find_by_name(team.id, "town-square")
    member = client.get(f"/channels/{town.id}/members/{alice.id}").json()
    assert member["notify_props"]["mark_unread"] == "mention"
    event = mm.events_named("sidebar_category_updated")[-1]
    assert json.loads(event.data["updatedCategories"]) == reply.json()


@upstream
def test_favorite_preference_moves_channel_into_favorites(mm, login, alice, team):
    dev = mm.make_channel(team, "dev", members=[alice])
    client = login(alice)
    client.get(_url(alice, team))
    pref = {"user_id": alice.id, "category": "favorite_channel", "name": dev.id, "value": "true"}
    assert client.put("/users/me/preferences", json=[pref]).status_code == 200
    favorites, channels, _ = client.get(_url(alice, team)).json()["categories"]
    assert favorites["channel_ids"] == [dev.id] and dev.id not in channels["channel_ids"]
    assert client.post("/users/me/preferences/delete", json=[pref]).status_code == 200
    favorites, channels, _ = client.get(_url(alice, team)).json()["categories"]
    assert favorites["channel_ids"] == [] and dev.id in channels["channel_ids"]


@upstream
def test_permissions_and_bad_input(mm, login, alice, bob, team):
    client = login(bob)
    assert_app_error(client.get(_url(alice, team)), 403, "api.context.permissions.app_error")
    outsider = mm.make_user("carol")
    assert_app_error(login(outsider).get(_url(outsider, team)), 403, "api.context.permissions.app_error")
    own = login(alice)
    own.get(_url(alice, team))
    assert_app_error(
        own.post(_url(alice, team), json={"user_id": bob.id, "team_id": team.id}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        own.post(_url(alice, team), content=b'{"display_name": 3}'),
        400,
        "api.context.invalid_body_param.app_error",
    )
    # Another user's category through one's own path: permission error.
    bob_channels = f"channels_{bob.id}_{team.id}"
    login(bob).get(_url(bob, team))
    assert_app_error(own.get(_url(alice, team, f"/{bob_channels}")), 403, "api.context.permissions.app_error")
    assert_app_error(own.get(_url(alice, team, "/not.an.id")), 400, "api.context.invalid_url_param.app_error")
    # An admin (edit_other_users) may read any user's categories.
    assert mm.client.get(_url(alice, team)).status_code == 200


@pytest.mark.upstream("server/channels/app/channel_category.go", "UpdateSidebarCategories")
def test_update_sidebar_categories_without_ids_is_the_store_500(mm):
    # Observed on a real 11.2.0: an admin's PUT of categories without ids fails in the store, 500 with the
    # id's en.json text (not a mockmost crash).
    missing_team = "b" * 26
    body = assert_app_error(
        mm.client.put(
            f"/users/{mm.admin.id}/teams/{missing_team}/channels/categories", json=[{"team_id": "x"}, {}]
        ),
        500,
        "app.channel.sidebar_categories.app_error",
    )
    assert body["message"] == "Failed to insert record to database."
