"""Store rules for posts: counters, mentions, threads, edits, deletes, pages. Upstream: app/post.go,
sqlstore/post_store.go, app/notification.go."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError
from mockmost.store.posts import parse_hashtags

upstream = pytest.mark.upstream


@pytest.fixture
def room(world, store):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    store.teams.join(team, bob)
    channel = world.channel(team, alice, "room")
    store.channels.add_member(channel, bob, bob)
    return alice, bob, channel


@upstream("server/channels/store/sqlstore/post_store.go", "SaveMultiple")
def test_create_updates_channel_counters(world, room):
    alice, _, channel = room
    root = world.post(alice, channel, "root")
    reply = world.post(alice, channel, "reply", root=root)
    assert (channel.total_msg_count, channel.total_msg_count_root) == (2, 1)
    assert channel.last_post_at == reply.create_at and channel.last_root_post_at == root.create_at
    assert reply.create_at > root.create_at


@upstream("server/channels/app/post.go", "CreatePostAsUser")
def test_poster_marked_viewed_except_replies_and_bots(world, store, room):
    alice, bob, channel = room
    world.post(bob, channel, "from bob")
    alice_member = store.channels.get_member(channel.id, alice.id)
    assert alice_member.msg_count < channel.total_msg_count
    root = world.post(alice, channel, "root", client_input=True)
    assert (alice_member.msg_count, alice_member.last_viewed_at) == (
        channel.total_msg_count,
        channel.last_post_at,
    )
    world.post(bob, channel, "unread for alice")
    world.post(alice, channel, "reply", root=root, client_input=True)
    assert alice_member.msg_count == channel.total_msg_count - 2
    # Posts the server makes itself (commands, webhooks) never mark the channel viewed for their author.
    world.post(alice, channel, "not through the API")
    assert alice_member.msg_count == channel.total_msg_count - 3


@upstream("server/channels/app/notification.go", "SendNotifications")
@pytest.mark.parametrize(
    ("message", "mentioned"),
    [
        ("hi @bob", True),
        ("hi @BOB.", True),
        ("hi @bobby", False),
        ("email bob@x.com", False),
        ("@channel hello", True),
        ("@all hello", True),
        ("bob without at", False),
    ],
)
def test_mentions(world, store, room, message, mentioned):
    alice, bob, channel = room
    world.post(alice, channel, message)
    assert store.channels.get_member(channel.id, bob.id).mention_count == int(mentioned)


@upstream("server/channels/app/mention_keywords.go", "AddUser")
def test_mention_keys_and_first_name(world, store, room):
    alice, bob, channel = room
    store.users.patch(
        bob,
        {
            "first_name": "Robert",
            "notify_props": {**bob.notify_props, "mention_keys": "builder", "first_name": "true"},
        },
    )
    world.post(alice, channel, "the builder is here")
    world.post(alice, channel, "Robert too")
    world.post(alice, channel, "robert lowercase does not count")
    assert store.channels.get_member(channel.id, bob.id).mention_count == 2


@upstream("server/channels/app/mention_keywords.go", "AddUser")
def test_here_mentions_only_members_who_are_online(world, store, room):
    # Observed on 11.2: @here raised bob's mention_count while his status was online, not while away or
    # offline.
    alice, bob, channel = room
    member = store.channels.get_member(channel.id, bob.id)
    store.statuses.set_online(bob.id, manual=True)
    world.post(alice, channel, "@here online")
    assert member.mention_count == 1
    store.statuses.set_away_if_needed(bob.id, manual=True)
    world.post(alice, channel, "@here away")
    store.statuses.set_offline(bob.id, manual=True)
    world.post(alice, channel, "@here offline")
    assert member.mention_count == 1


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_poster_never_mentions_self(world, store, room):
    alice, _, channel = room
    world.post(alice, channel, "@alice @channel")
    assert store.channels.get_member(channel.id, alice.id).mention_count == 0


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_group_message_mentions_everyone_but_poster(world, store, room):
    alice, bob, _ = room
    carol = world.user("carol")
    gm = store.channels.get_or_create_group([alice, bob, carol], alice.id)
    world.post(alice, gm, "hello all")
    counts = {
        uid: store.channels.get_member(gm.id, uid).mention_count for uid in (alice.id, bob.id, carol.id)
    }
    assert counts == {alice.id: 0, bob.id: 1, carol.id: 1}


@upstream("server/channels/app/post.go", "CreatePost")
def test_thread_record_and_followers(world, store, room):
    alice, bob, channel = room
    root = world.post(alice, channel, "root")
    world.post(bob, channel, "r1", root=root)
    world.post(alice, channel, "r2", root=root)
    thread = store.thread_by_root[root.id]
    assert thread.reply_count == 2 and thread.participants == [bob.id, alice.id]
    assert set(store.thread_members[root.id]) == {alice.id, bob.id}
    assert store.posts.thread_ids(root.id)[0] == root.id


@upstream("server/public/model/post.go", "ParseHashtags")
def test_parse_hashtags():
    assert parse_hashtags("ship #release and #v2-final, not #1 or a#b") == "#release #v2-final"


@upstream("server/channels/app/post.go", "UpdatePost")
def test_update_keeps_history_and_sets_edit_at(world, store, room):
    alice, _, channel = room
    post = world.post(alice, channel, "v1")
    store.posts.update(post, {"message": "v2"}, patch=True)
    history = [p for p in store.post_by_id.values() if p.original_id == post.id]
    assert len(history) == 1 and history[0].message == "v1" and history[0].delete_at > 0
    assert post.edit_at > 0 and post.message == "v2"
    assert post.id in store.channel_posts[channel.id].ids()
    assert history[0].id not in store.channel_posts[channel.id].ids()


@upstream("server/channels/app/post.go", "PatchPost")
def test_pin_does_not_set_edit_at(world, store, room):
    alice, _, channel = room
    post = world.post(alice, channel, "pin")
    store.posts.set_pinned(post, True)
    assert post.is_pinned and post.edit_at == 0 and store.posts.pinned(channel.id) == [post.id]


@upstream("server/channels/store/sqlstore/post_store.go", "Delete")
def test_delete_root_soft_deletes_thread(world, store, room):
    alice, bob, channel = room
    root = world.post(alice, channel, "root")
    reply = world.post(bob, channel, "reply", root=root)
    world.events.clear()
    store.posts.delete(root, alice.id)
    assert root.delete_at > 0 and reply.delete_at > 0 and reply.props["deleteBy"] == alice.id
    assert root.id not in store.channel_posts[channel.id].ids()
    assert set(world.event_names()) == {"post_deleted"}
    with pytest.raises(AppError) as err:
        store.posts.get(root.id)
    assert (err.value.status, err.value.id) == (404, "app.post.get.app_error")


@upstream("server/channels/app/post.go", "CreatePost")
def test_refused_post_changes_nothing(world, store, room):
    alice, _, channel = room
    before = (len(store.post_by_id), channel.total_msg_count, channel.last_post_at, len(world.events))
    with pytest.raises(AppError):
        world.post(alice, channel, "x" * 16384)
    with pytest.raises(AppError):
        world.post(alice, channel, "x", type="nonsense")
    assert (len(store.post_by_id), channel.total_msg_count, channel.last_post_at, len(world.events)) == before


@upstream("server/channels/store/sqlstore/post_store.go", "GetPosts")
def test_page_and_cursors(world, store, room):
    alice, _, channel = room
    for i in range(4):
        world.post(alice, channel, f"m{i}")
    ids = store.channel_posts[channel.id].ids()
    page = store.posts.page(channel.id, 0, 2)
    assert page.order == ids[::-1][:2] and page.next_post_id == "" and page.prev_post_id == ids[-3]
    before = store.posts.before(channel.id, store.post_by_id[ids[-1]], 0, 2)
    assert before.order == [ids[-2], ids[-3]] and before.next_post_id == ids[-1]
    after = store.posts.after(channel.id, store.post_by_id[ids[0]], 0, 2)
    assert after.order == [ids[2], ids[1]] and after.prev_post_id == ids[0] and after.next_post_id == ids[3]


@upstream("server/channels/app/post.go", "CreatePost")
def test_pending_post_id_dedup_window(world, store, room):
    alice, _, channel = room
    first = world.post(alice, channel, "x", pending_post_id="abc")
    assert world.post(alice, channel, "x", pending_post_id="abc") is first
    assert world.post(alice, channel, "x", pending_post_id="other") is not first
