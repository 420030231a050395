"""Thread memberships, lists, read state and events without HTTP. Upstream: sqlstore/thread_store.go,
app/user.go (UpdateThreadFollowForUser, UpdateThreadReadForUser), app/notification.go (thread_updated)."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError
from mockmost.store.threads import ThreadQuery

upstream = pytest.mark.upstream


@pytest.fixture
def room(world, store):
    alice, bob, carol = world.user("alice"), world.user("bob"), world.user("carol")
    team = world.team(alice)
    for user in (bob, carol):
        store.teams.join(team, user)
    channel = world.channel(team, alice, "room")
    for user in (bob, carol):
        store.channels.add_member(channel, user, user)
    return alice, bob, carol, team, channel


@upstream("server/channels/store/sqlstore/post_store.go", "updateThreadsFromPosts")
def test_root_without_replies_has_no_thread_row(world, store, room):
    alice, *_, channel = room
    root = world.post(alice, channel, "lonely")
    assert store.threads.thread(root.id) is None
    store.threads.set_following(alice.id, channel.team_id, root.id, True)  # a membership, but no thread
    with pytest.raises(AppError) as err:
        store.threads.view(store.threads.get_membership(alice.id, root.id), extended=False)
    assert err.value.id == "app.user.get_threads_for_user.not_found"


@upstream("server/channels/store/sqlstore/thread_store.go", "GetThreadsForUser")
def test_list_counts_unread_and_mentions(world, store, room):
    alice, bob, carol, team, channel = room
    root = world.post(alice, channel, "root")
    world.post(bob, channel, "hi @alice", root=root)
    world.post(carol, channel, "and me", root=root)
    totals, threads = store.threads.list_for_user(alice.id, team.id, ThreadQuery())
    assert (totals.total, totals.total_unread_threads, totals.total_unread_mentions) == (1, 1, 1)
    (view,) = threads
    assert (view.reply_count, view.unread_replies, view.unread_mentions) == (2, 2, 1)
    assert [u.id for u in view.participants] == [bob.id, carol.id]


@upstream("server/channels/store/sqlstore/thread_store.go", "getTotalThreadsQuery")
def test_direct_message_threads_count_in_every_team(world, store, room):
    alice, bob, _, team, _ = room
    dm = store.channels.get_or_create_direct(alice, bob, alice.id)
    root = world.post(alice, dm, "dm root")
    world.post(bob, dm, "dm reply", root=root)
    totals, threads = store.threads.list_for_user(alice.id, team.id, ThreadQuery())
    assert totals.total == 1 and threads[0].id == root.id
    totals, _ = store.threads.list_for_user(alice.id, team.id, ThreadQuery(exclude_direct=True))
    assert totals.total == 0


@upstream("server/channels/app/user.go", "UpdateThreadFollowForUser")
def test_follow_emits_event_and_unfollow_keeps_membership(world, store, room):
    alice, bob, carol, team, channel = room
    root = world.post(alice, channel, "root")
    world.post(bob, channel, "reply", root=root)
    world.events.clear()
    store.threads.set_following(carol.id, team.id, root.id, True)
    store.threads.set_following(carol.id, team.id, root.id, False)
    assert [e.name for e in world.events] == ["thread_follow_changed", "thread_follow_changed"]
    assert [e.data["state"] for e in world.events] == [True, False]
    assert store.threads.membership(carol.id, root.id).following is False


@upstream("server/channels/app/post.go", "countThreadMentions")
def test_mark_read_recounts_mentions_after_timestamp(world, store, room):
    alice, bob, _, team, channel = room
    root = world.post(alice, channel, "root")
    first = world.post(bob, channel, "@alice one", root=root)
    second = world.post(bob, channel, "@alice two", root=root)
    view = store.threads.mark_read(alice, team.id, root.id, second.create_at)
    assert (view.unread_mentions, view.unread_replies) == (1, 0)  # >= timestamp for mentions, > for replies
    view = store.threads.mark_read(alice, team.id, root.id, first.create_at - 1)
    assert (view.unread_mentions, view.unread_replies) == (2, 2)


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_thread_updated_only_to_followers_still_in_channel(world, store, room):
    alice, bob, carol, _, channel = room
    root = world.post(alice, channel, "root")
    world.post(carol, channel, "first", root=root)
    store.channels.remove_member(channel, carol, carol)
    world.events.clear()
    world.post(bob, channel, "second", root=root)
    receivers = {e.broadcast.user_id for e in world.events if e.name == "thread_updated"}
    assert receivers == {alice.id, bob.id}  # carol left the channel
    assert store.threads.membership(carol.id, root.id) is None  # DeleteMembershipsForChannel


@upstream("server/channels/app/user.go", "IsCRTEnabledForUser")
def test_no_thread_updated_when_crt_disabled(world, store, room):
    alice, bob, _, _, channel = room
    store.settings.set("ServiceSettings.CollapsedThreads", "disabled")
    root = world.post(alice, channel, "root")
    world.post(bob, channel, "reply", root=root)
    assert "thread_updated" not in world.event_names()


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_auto_follow_participants(world, store, room):
    alice, bob, carol, _, channel = room
    root = world.post(alice, channel, "root for @carol")
    world.post(bob, channel, "a reply", root=root)
    # the replier, the root's author and users mentioned in the root follow
    assert {uid for uid, m in store.thread_members[root.id].items() if m.following} == {
        alice.id,
        bob.id,
        carol.id,
    }
    store.threads.set_following(carol.id, channel.team_id, root.id, False)
    world.post(bob, channel, "another", root=root)
    assert store.threads.membership(carol.id, root.id).following is False  # an unfollow sticks
    world.post(bob, channel, "but @carol look", root=root)
    membership = store.threads.membership(carol.id, root.id)
    assert membership.following and membership.unread_mentions == 1  # a mention follows again


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_channel_auto_follow_threads_member_follows(world, store, room):
    alice, bob, carol, _, channel = room
    store.channels.member(channel.id, carol.id).notify_props["channel_auto_follow_threads"] = "on"
    root = world.post(alice, channel, "root")
    world.post(bob, channel, "reply", root=root)
    assert store.threads.membership(carol.id, root.id).following


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_root_from_webhook_author_does_not_follow(world, store, room):
    alice, bob, _, _, channel = room
    root = store.posts.create(alice, channel, {"message": "hook"}, from_webhook=True)
    world.post(bob, channel, "reply", root=root)
    assert store.threads.membership(alice.id, root.id) is None


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_bot_followers_get_no_thread_updated(world, store, room):
    alice, _, _, team, channel = room
    bot = store.users.get(store.bots.create(alice.id, {"username": "helper"}).user_id)
    store.teams.join(team, bot)
    store.channels.add_member(channel, bot, bot)
    root = world.post(alice, channel, "root")
    world.post(bot, channel, "bot reply", root=root)
    world.events.clear()
    world.post(alice, channel, "human reply", root=root)
    receivers = {e.broadcast.user_id for e in world.events if e.name == "thread_updated"}
    assert store.threads.membership(bot.id, root.id).following and receivers == {alice.id}
