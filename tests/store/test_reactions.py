"""Store rules for reactions. Upstream: server/channels/app/reaction.go, sqlstore/reaction_store.go."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError

upstream = pytest.mark.upstream
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000100000001008060000")


@pytest.fixture
def room(world):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    world.store.teams.join(team, bob)
    channel = world.channel(team, alice)
    world.store.channels.add_member(channel, bob, alice)
    return alice, bob, channel, world.post(alice, channel, "react to me")


def _err(call):
    with pytest.raises(AppError) as err:
        call()
    return err.value.status, err.value.id


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_save_sets_has_reactions_and_emits(world, store, room):
    alice, _, channel, post = room
    before = post.update_at
    reaction = store.reactions.save(alice.id, post.id, "+1")
    assert (reaction.channel_id, reaction.delete_at, reaction.remote_id) == (channel.id, 0, "")
    assert post.has_reactions and post.update_at > before
    event = world.events[-1]
    assert event.name == "reaction_added" and event.data["reaction"].emoji_name == "+1"
    assert event.broadcast.channel_id == channel.id
    assert [e.name for e in world.events].count("post_edited") == 0


@upstream("server/channels/store/sqlstore/reaction_store.go", "saveReactionAndUpdatePost")
def test_save_twice_is_an_upsert(store, room):
    alice, _, _, post = room
    store.reactions.save(alice.id, post.id, "smile")
    store.reactions.save(alice.id, post.id, "smile")
    assert [r.emoji_name for r in store.reactions.for_post(post.id)] == ["smile"]


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_unknown_emoji_is_404(store, room):
    alice, _, _, post = room
    assert _err(lambda: store.reactions.save(alice.id, post.id, "not_an_emoji_xyz")) == (
        404,
        "app.emoji.get_by_name.no_result",
    )


@upstream("server/channels/app/emoji.go", "GetEmojiByName")
def test_unknown_emoji_with_custom_emoji_off_is_403(store, room):
    alice, _, _, post = room
    store.settings.set("ServiceSettings.EnableCustomEmoji", False)
    assert _err(lambda: store.reactions.save(alice.id, post.id, "nope_xyz")) == (
        403,
        "api.emoji.disabled.app_error",
    )
    assert store.reactions.save(alice.id, post.id, "smile").emoji_name == "smile"


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_custom_emoji_reaction(store, room):
    alice, _, _, post = room
    store.emoji.create(alice.id, alice.id, "partyparrot", PNG)
    assert store.reactions.save(alice.id, post.id, "partyparrot").emoji_name == "partyparrot"


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_unique_emoji_limit_is_400(store, room):
    alice, bob, _, post = room
    store.settings.set("ServiceSettings.UniqueEmojiReactionLimitPerPost", 2)
    store.reactions.save(alice.id, post.id, "smile")
    store.reactions.save(alice.id, post.id, "heart")
    assert store.reactions.save(bob.id, post.id, "heart").user_id == bob.id
    assert _err(lambda: store.reactions.save(bob.id, post.id, "tada")) == (
        400,
        "app.reaction.save.save.too_many_reactions",
    )


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_reaction_in_archived_channel_is_403(store, room):
    alice, _, channel, post = room
    store.channels.archive(channel, alice)
    assert _err(lambda: store.reactions.save(alice.id, post.id, "smile")) == (
        403,
        "api.reaction.save.archived_channel.app_error",
    )


@upstream("server/channels/app/reaction.go", "SaveReactionForPost")
def test_reaction_on_deleted_post_is_404(store, room):
    alice, _, _, post = room
    store.posts.delete(post, alice.id)
    assert _err(lambda: store.reactions.save(alice.id, post.id, "smile")) == (404, "app.post.get.app_error")


@upstream("server/channels/store/sqlstore/reaction_store.go", "Delete")
def test_delete_rebuilds_event_payload_and_clears_flag(world, store, room):
    alice, _, channel, post = room
    store.reactions.save(alice.id, post.id, "smile")
    store.reactions.delete(alice.id, post.id, "smile")
    assert store.reactions.for_post(post.id) == [] and not post.has_reactions
    event = world.events[-1]
    removed = event.data["reaction"]
    assert event.name == "reaction_removed" and event.broadcast.channel_id == channel.id
    assert (removed.create_at, removed.delete_at, removed.channel_id) == (0, 0, "") and removed.update_at > 0


@upstream("server/channels/app/reaction.go", "DeleteReactionForPost")
def test_delete_missing_reaction_still_emits(world, store, room):
    alice, _, _, post = room
    store.reactions.delete(alice.id, post.id, "smile")
    assert world.events[-1].name == "reaction_removed"


@upstream("server/channels/app/reaction.go", "GetBulkReactionsForPosts")
def test_bulk_has_every_requested_id(store, room):
    alice, bob, _, post = room
    store.reactions.save(alice.id, post.id, "smile")
    store.reactions.save(bob.id, post.id, "heart")
    bulk = store.reactions.bulk([post.id, "x" * 26])
    assert [r.user_id for r in bulk[post.id]] == [alice.id, bob.id] and bulk["x" * 26] == []
