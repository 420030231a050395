"""Collapsed reply threads over HTTP. Upstream: server/channels/api4/user.go (getThreadsForUser,
getThreadForUser, followThreadByUser, unfollowThreadByUser, updateReadStateThreadByUser,
setUnreadThreadByPostId, updateReadStateAllThreadsByUser), app/user.go, sqlstore/thread_store.go,
model/thread.go."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def room(mm, login):
    alice, bob, carol = mm.make_user("alice"), mm.make_user("bob"), mm.make_user("carol")
    team = mm.make_team(members=[alice, bob, carol])
    channel = mm.make_channel(team, members=[alice, bob, carol])
    root = mm.make_post(alice, channel, "a question")
    return SimpleNamespace(
        alice=alice,
        bob=bob,
        carol=carol,
        team=team,
        channel=channel,
        root=root,
        a=login(alice),
        b=login(bob),
        c=login(carol),
    )


def _threads(client, user, team, **params):
    return client.get(f"/users/{user.id}/teams/{team.id}/threads", params=params)


@upstream("server/public/model/thread.go", "Threads")
def test_user_threads_shape_after_reply(mm, room):
    reply = mm.make_post(room.bob, room.channel, "an answer", root=room.root)
    resp = _threads(room.a, room.alice, room.team)
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == [
        "total",
        "total_unread_threads",
        "total_unread_mentions",
        "total_unread_urgent_mentions",
        "threads",
    ]
    assert (body["total"], body["total_unread_threads"], body["total_unread_mentions"]) == (1, 1, 0)
    (thread,) = body["threads"]
    assert list(thread) == [
        "id",
        "reply_count",
        "last_reply_at",
        "last_viewed_at",
        "participants",
        "post",
        "unread_replies",
        "unread_mentions",
        "is_urgent",
        "delete_at",
    ]
    assert (thread["id"], thread["reply_count"], thread["last_reply_at"]) == (
        room.root.id,
        1,
        reply.create_at,
    )
    assert (thread["unread_replies"], thread["last_viewed_at"], thread["is_urgent"]) == (1, 0, False)
    # sqlstore toThreadResponse: without `extended` a participant is a bare model.User{Id}
    assert [p["id"] for p in thread["participants"]] == [room.bob.id]
    assert thread["participants"][0]["username"] == "" and thread["participants"][0]["timezone"] is None
    # the root as read from the Posts table: no metadata, reply_count 0
    assert thread["post"]["id"] == room.root.id and "metadata" not in thread["post"]
    assert thread["post"]["reply_count"] == 0


@upstream("server/channels/store/sqlstore/thread_store.go", "GetThreadsForUser")
def test_user_threads_extended_participants_are_profiles(mm, room):
    mm.make_post(room.bob, room.channel, "one", root=room.root)
    mm.make_post(room.carol, room.channel, "two", root=room.root)
    mm.make_post(room.bob, room.channel, "three", root=room.root)
    (thread,) = _threads(room.a, room.alice, room.team, extended="true").json()["threads"]
    # participants ordered by their latest reply, the root author absent (never replied)
    assert [p["username"] for p in thread["participants"]] == ["carol", "bob"]
    assert "notify_props" not in thread["participants"][0]


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_replier_follows_and_has_read_own_reply(mm, room):
    mm.make_post(room.bob, room.channel, "mine", root=room.root)
    (thread,) = _threads(room.b, room.bob, room.team).json()["threads"]
    assert thread["unread_replies"] == 0
    assert _threads(room.c, room.carol, room.team).json()["threads"] == []


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_mention_in_reply_follows_and_counts(mm, room):
    mm.make_post(room.bob, room.channel, "hey @carol", root=room.root)
    body = _threads(room.c, room.carol, room.team).json()
    assert (body["total"], body["total_unread_mentions"]) == (1, 1)
    assert body["threads"][0]["unread_mentions"] == 1


@upstream("server/channels/api4/user.go", "getThreadsForUser")
def test_user_threads_totals_only_and_threads_only(mm, room):
    mm.make_post(room.bob, room.channel, "x", root=room.root)
    totals = _threads(room.a, room.alice, room.team, totalsOnly="true").json()
    assert totals["threads"] is None and totals["total"] == 1
    only = _threads(room.a, room.alice, room.team, threadsOnly="true").json()
    assert (only["total"], only["total_unread_threads"]) == (0, 0) and len(only["threads"]) == 1
    assert_app_error(
        _threads(room.a, room.alice, room.team, totalsOnly="true", threadsOnly="true"),
        400,
        "api.getThreadsForUser.bad_only_params",
    )
    assert_app_error(
        _threads(room.a, room.alice, room.team, before=room.root.id, after=room.root.id),
        400,
        "api.getThreadsForUser.bad_params",
    )
    assert_app_error(
        _threads(room.a, room.alice, room.team, since="-1"), 400, "api.context.invalid_body_param.app_error"
    )


@upstream("server/channels/store/sqlstore/thread_store.go", "GetThreadsForUser")
def test_user_threads_order_before_after_page_size(mm, room):
    roots = [
        room.root,
        mm.make_post(room.alice, room.channel, "r2"),
        mm.make_post(room.alice, room.channel, "r3"),
    ]
    for root in roots:
        mm.make_post(room.bob, room.channel, "re", root=root)
    ids = [t["id"] for t in _threads(room.a, room.alice, room.team).json()["threads"]]
    assert ids == [roots[2].id, roots[1].id, roots[0].id]  # last_reply_at descending
    page = _threads(room.a, room.alice, room.team, per_page=2).json()["threads"]
    assert [t["id"] for t in page] == [roots[2].id, roots[1].id]
    before = _threads(room.a, room.alice, room.team, before=roots[1].id).json()["threads"]
    assert [t["id"] for t in before] == [roots[0].id]
    after = _threads(room.a, room.alice, room.team, after=roots[0].id).json()["threads"]
    assert [t["id"] for t in after] == [roots[1].id, roots[2].id]  # ascending with `after`


@upstream("server/channels/store/sqlstore/thread_store.go", "GetThreadsForUser")
def test_user_threads_unread_and_since(mm, room):
    first = mm.make_post(room.bob, room.channel, "re", root=room.root)
    other = mm.make_post(room.alice, room.channel, "r2")
    later = mm.make_post(room.bob, room.channel, "re", root=other)
    room.a.put(f"/users/{room.alice.id}/teams/{room.team.id}/threads/{other.id}/read/{later.create_at}")
    unread = _threads(room.a, room.alice, room.team, unread="true").json()
    assert [t["id"] for t in unread["threads"]] == [room.root.id] and unread["total"] == 1
    since = _threads(room.a, room.alice, room.team, since=later.create_at).json()["threads"]
    assert [t["id"] for t in since] == [other.id]
    assert first.create_at < later.create_at


@upstream("server/channels/store/sqlstore/thread_store.go", "getTotalThreadsQuery")
def test_user_threads_deleted_root_hidden_unless_deleted(mm, room):
    mm.make_post(room.bob, room.channel, "re", root=room.root)
    mm.store.posts.delete(room.root, room.alice.id)
    assert _threads(room.a, room.alice, room.team).json()["total"] == 0
    body = _threads(room.a, room.alice, room.team, deleted="true").json()
    assert body["total"] == 1 and body["threads"][0]["delete_at"] > 0


@upstream("server/channels/api4/user.go", "getThreadsForUser")
def test_user_threads_of_someone_else_is_403(mm, room):
    assert_app_error(_threads(room.b, room.alice, room.team), 403, "api.context.permissions.app_error")
    outsider_team = mm.make_team()
    assert_app_error(_threads(room.a, room.alice, outsider_team), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/user.go", "getThreadForUser")
def test_get_user_thread_and_not_found(mm, room):
    mm.make_post(room.bob, room.channel, "re", root=room.root)
    url = f"/users/{room.alice.id}/teams/{room.team.id}/threads/{room.root.id}"
    body = room.a.get(url).json()
    assert body["id"] == room.root.id and body["reply_count"] == 1
    assert_app_error(
        room.c.get(f"/users/{room.carol.id}/teams/{room.team.id}/threads/{room.root.id}"),
        404,
        "app.user.get_thread_membership_for_user.not_found",
    )
    room.a.delete(url + "/following")
    assert_app_error(room.a.get(url), 404, "app.user.get_threads_for_user.not_found")
    assert_app_error(
        room.a.get(f"/users/{room.alice.id}/teams/{room.team.id}/threads/abc"),
        400,
        "api.context.invalid_url_param.app_error",
    )


@upstream("server/channels/app/user.go", "UpdateThreadFollowForUser")
def test_follow_unfollow_with_events(mm, room):
    mm.make_post(room.bob, room.channel, "re", root=room.root)
    url = f"/users/{room.carol.id}/teams/{room.team.id}/threads/{room.root.id}/following"
    resp = room.c.put(url)
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    (event,) = mm.events_named("thread_follow_changed")
    assert event.data == {"thread_id": room.root.id, "state": True, "reply_count": 1}
    assert (event.broadcast.user_id, event.broadcast.team_id) == (room.carol.id, room.team.id)
    # following marks the thread viewed now (UpdateViewedTimestamp)
    thread = _threads(room.c, room.carol, room.team).json()["threads"][0]
    assert thread["unread_replies"] == 0 and thread["last_viewed_at"] > 0
    assert room.c.delete(url).status_code == 200
    assert mm.events_named("thread_follow_changed")[-1].data["state"] is False
    assert _threads(room.c, room.carol, room.team).json()["total"] == 0


@upstream("server/channels/api4/user.go", "followThreadByUser")
def test_follow_thread_in_unreadable_channel_is_403(mm, room, login):
    dave = mm.make_user("dave")
    mm.store.teams.join(room.team, dave)
    private = mm.make_channel(room.team, members=[room.alice], channel_type="P")
    root = mm.make_post(room.alice, private, "secret")
    client = login(dave)
    assert_app_error(
        client.put(f"/users/{dave.id}/teams/{room.team.id}/threads/{root.id}/following"),
        403,
        "api.context.permissions.app_error",
    )


@upstream("server/channels/app/user.go", "UpdateThreadReadForUser")
def test_mark_thread_read_at_timestamp(mm, room):
    one = mm.make_post(room.bob, room.channel, "one @alice", root=room.root)
    two = mm.make_post(room.bob, room.channel, "two", root=room.root)
    url = f"/users/{room.alice.id}/teams/{room.team.id}/threads/{room.root.id}/read/{one.create_at}"
    resp = room.a.put(url)
    assert resp.status_code == 200
    body = resp.json()
    assert (body["last_viewed_at"], body["unread_replies"]) == (one.create_at, 1)
    # countThreadMentions counts replies created at or after the timestamp
    assert body["unread_mentions"] == 1
    (event,) = mm.events_named("thread_read_changed")
    assert event.data == {
        "thread_id": room.root.id,
        "timestamp": one.create_at,
        "unread_mentions": 1,
        "unread_replies": 1,
        "previous_unread_mentions": 1,
        "previous_unread_replies": 2,
        "channel_id": room.channel.id,
    }
    assert two.create_at > one.create_at


@upstream("server/channels/web/context.go", "RequireTimestamp")
def test_mark_thread_read_bad_timestamps(mm, room):
    base = f"/users/{room.alice.id}/teams/{room.team.id}/threads/{room.root.id}/read/"
    assert_app_error(room.a.put(base + "0"), 400, "api.context.invalid_url_param.app_error")
    assert room.a.put(base + "abc").status_code == 404
    assert_app_error(room.a.put(base + "5"), 404, "app.user.get_thread_membership_for_user.not_found")


@upstream("server/channels/api4/user.go", "setUnreadThreadByPostId")
def test_set_thread_unread_by_post(mm, room):
    mm.make_post(room.bob, room.channel, "one", root=room.root)
    two = mm.make_post(room.bob, room.channel, "two", root=room.root)
    url = f"/users/{room.alice.id}/teams/{room.team.id}/threads/{room.root.id}/set_unread/{two.id}"
    body = room.a.post(url).json()
    assert (body["last_viewed_at"], body["unread_replies"]) == (two.create_at - 1, 1)
    other_root = mm.make_post(room.alice, room.channel, "elsewhere")
    bad = f"/users/{room.alice.id}/teams/{room.team.id}/threads/{room.root.id}/set_unread/{other_root.id}"
    assert_app_error(room.a.post(bad), 400, "app.user.update_thread_read_for_user_by_post.app_error")


@upstream("server/channels/store/sqlstore/thread_store.go", "MarkAllAsReadByTeam")
def test_mark_all_threads_read(mm, room):
    mm.make_post(room.bob, room.channel, "hey @alice", root=room.root)
    resp = room.a.put(f"/users/{room.alice.id}/teams/{room.team.id}/threads/read")
    assert resp.status_code == 200 and resp.json() == {"status": "OK"}
    body = _threads(room.a, room.alice, room.team).json()
    assert (body["total_unread_threads"], body["total_unread_mentions"]) == (0, 0)
    event = mm.events_named("thread_read_changed")[-1]
    assert event.data == {} and event.broadcast.user_id == room.alice.id


@upstream("server/channels/app/notification.go", "SendNotifications")
def _reply(mm, user, room, message):
    # Through the store, not make_post: the facade's set-up helpers are not recorded in `events`.
    return mm.store.posts.create(user, room.channel, {"message": message, "root_id": room.root.id})


def test_reply_emits_thread_updated_to_followers(mm, room):
    _reply(mm, room.bob, room, "first")
    _reply(mm, room.carol, room, "second")
    updates = {e.broadcast.user_id: e for e in mm.events_named("thread_updated")[-3:]}
    assert set(updates) == {room.alice.id, room.bob.id, room.carol.id}
    alice = updates[room.alice.id]
    assert alice.broadcast.team_id == room.team.id
    assert (alice.data["previous_unread_replies"], alice.data["previous_unread_mentions"]) == (1, 0)
    assert alice.data["thread"].unread_replies == 2
    # The replier follows before SendNotifications runs (app/post.go CreatePost), so it is no new follower:
    # its previous unread replies are the thread's as it last read it (never: 2) less this one, and its
    # own copy shows the thread read; it has read the thread only after the event was built.
    carol = updates[room.carol.id]
    assert (carol.data["previous_unread_replies"], carol.data["thread"].unread_replies) == (1, 0)
    assert carol.data["thread"].last_viewed_at == 0
    assert mm.store.threads.membership(room.carol.id, room.root.id).last_viewed > 0


@upstream("server/channels/api4/user.go", "InitUser")
def test_thread_mention_counts_route_is_404(room):
    resp = room.a.get(f"/users/{room.alice.id}/teams/{room.team.id}/threads/mention_counts")
    assert resp.status_code == 404 and resp.json()["id"] == "api.context.404.app_error"


@upstream("server/channels/store/sqlstore/post_store.go", "prepareThreadedResponse")
def test_collapsed_threads_channel_page_decorates_roots(mm, room):
    reply = mm.make_post(room.bob, room.channel, "re", root=room.root)
    lonely = mm.make_post(room.alice, room.channel, "no replies")
    body = room.a.get(f"/channels/{room.channel.id}/posts", params={"collapsedThreads": "true"}).json()
    root = body["posts"][room.root.id]
    assert (root["reply_count"], root["last_reply_at"], root["is_following"]) == (1, reply.create_at, True)
    assert [p["id"] for p in root["participants"]] == [room.bob.id]
    assert "auth_data" not in root["participants"][0] and root["participants"][0]["username"] == ""
    assert list(root)[-2:] == ["is_following", "metadata"]
    alone = body["posts"][lonely.id]
    assert alone["participants"] is None and alone["reply_count"] == 0 and "is_following" not in alone
    extended = room.c.get(
        f"/channels/{room.channel.id}/posts",
        params={"collapsedThreads": "true", "collapsedThreadsExtended": "true"},
    ).json()
    root = extended["posts"][room.root.id]
    assert root["participants"][0]["username"] == "bob" and "is_following" not in root


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_thread_updated_renders_thread_as_json_string(mm, room):
    import json

    from mockmost.ws.render import render_data

    _reply(mm, room.bob, room, "one")
    _reply(mm, room.carol, room, "two")
    event = next(
        e for e in reversed(mm.events_named("thread_updated")) if e.broadcast.user_id == room.alice.id
    )
    data = render_data(mm.store, event)
    assert list(data) == ["previous_unread_mentions", "previous_unread_replies", "thread"]
    thread = json.loads(data["thread"])
    assert list(thread) == [
        "id",
        "reply_count",
        "last_reply_at",
        "last_viewed_at",
        "participants",
        "post",
        "unread_replies",
        "unread_mentions",
        "is_urgent",
        "delete_at",
    ]
    # extended participants (GetThreadForUser with extended=true), sanitised as for anyone
    assert [p["username"] for p in thread["participants"]] == ["bob", "carol"]
    assert (thread["reply_count"], thread["unread_replies"], data["previous_unread_replies"]) == (2, 2, 1)


@upstream("server/channels/app/team.go", "GetTeamsUnreadForUser")
def test_teams_unread_include_collapsed_threads(mm, room):
    mm.make_post(room.bob, room.channel, "hi @alice", root=room.root)
    plain = room.a.get(f"/users/{room.alice.id}/teams/unread").json()
    assert (plain[0]["thread_count"], plain[0]["thread_mention_count"]) == (0, 0)
    (row,) = room.a.get(
        f"/users/{room.alice.id}/teams/unread", params={"include_collapsed_threads": "true"}
    ).json()
    assert (row["team_id"], row["thread_count"], row["thread_mention_count"]) == (room.team.id, 1, 1)


@upstream("server/channels/app/notification.go", "addFollowerToNotify")
def test_posted_followers_are_the_followers_to_notify_on_desktop(mm, room):
    """posted's per-user `followers` (notificationsForCRT.Desktop): following members with CRT, the replier
    left out; a member whose desktop notifications are off is left out too."""
    mm.make_post(room.carol, room.channel, "carol follows", root=room.root)
    props = {**room.bob.notify_props, "desktop": "none"}
    assert room.b.put(f"/users/{room.bob.id}/patch", json={"notify_props": props}).status_code == 200
    mm.make_post(room.bob, room.channel, "bob follows", root=room.root)
    resp = room.b.post(
        "/posts", json={"channel_id": room.channel.id, "root_id": room.root.id, "message": "x"}
    )
    assert resp.status_code == 201
    posted = mm.events_named("posted")[-1]
    followers = {uid for uid, extra in posted.per_user.items() if "followers" in extra}
    assert followers == {room.alice.id, room.carol.id}
