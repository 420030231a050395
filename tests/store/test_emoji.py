"""Store rules for custom emoji. Upstream: server/channels/app/emoji.go, server/public/model/emoji.go."""

from __future__ import annotations

import struct

import pytest

from mockmost.errors import AppError
from mockmost.store.emoji import is_system_emoji

upstream = pytest.mark.upstream


def png(side: int = 16) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n"
        + struct.pack(">I", 13)
        + b"IHDR"
        + struct.pack(">II", side, side)
        + b"\x08\x06\0\0\0"
    )


def _err(call):
    with pytest.raises(AppError) as err:
        call()
    return err.value.status, err.value.id


@pytest.fixture
def alice(world):
    return world.user("alice")


@upstream("server/public/model/emoji_data.go", "SystemEmojis")
@pytest.mark.parametrize(
    "name", ["smile", "+1", "thumbsup", "white_check_mark", "+1_light_skin_tone", "mattermost"]
)
def test_system_emoji_names(name):
    assert is_system_emoji(name)


@upstream("server/channels/app/emoji.go", "CreateEmoji")
def test_create_emoji_and_event(world, store, alice):
    emoji = store.emoji.create(alice.id, alice.id, "party_parrot", png())
    assert (emoji.name, emoji.creator_id, emoji.delete_at, emoji.content_type) == (
        "party_parrot",
        alice.id,
        0,
        "image/png",
    )
    assert emoji.create_at == emoji.update_at > 0
    event = world.events[-1]
    assert event.name == "emoji_added" and event.data["emoji"] is emoji
    assert (event.broadcast.user_id, event.broadcast.channel_id, event.broadcast.team_id) == ("", "", "")


@upstream("server/public/model/emoji.go", "IsValidEmojiName")
@pytest.mark.parametrize(
    ("name", "error_id"),
    [
        ("", "model.emoji.name.app_error"),
        ("bad name", "model.emoji.name.app_error"),
        ("x" * 65, "model.emoji.name.app_error"),
        ("smile", "model.emoji.system_emoji_name.app_error"),
    ],
)
def test_create_emoji_bad_name_is_400(store, alice, name, error_id):
    assert _err(lambda: store.emoji.create(alice.id, alice.id, name, png())) == (400, error_id)


@upstream("server/channels/app/emoji.go", "CreateEmoji")
def test_create_emoji_for_other_user_is_403(store, alice):
    assert _err(lambda: store.emoji.create(alice.id, "b" * 26, "mine", png())) == (
        403,
        "api.emoji.create.other_user.app_error",
    )


@upstream("server/channels/app/emoji.go", "CreateEmoji")
def test_create_duplicate_emoji_is_400(store, alice):
    store.emoji.create(alice.id, alice.id, "dup", png())
    assert _err(lambda: store.emoji.create(alice.id, alice.id, "dup", png())) == (
        400,
        "api.emoji.create.duplicate.app_error",
    )


@upstream("server/channels/app/emoji.go", "UploadEmojiImage")
@pytest.mark.parametrize(
    ("image", "error_id"),
    [
        (b"plain text", "api.emoji.upload.image.app_error"),
        (png(2000), "api.emoji.upload.large_image.too_large.app_error"),
    ],
)
def test_create_emoji_bad_image_is_400(store, alice, image, error_id):
    assert _err(lambda: store.emoji.create(alice.id, alice.id, "pic", image)) == (400, error_id)
    assert store.emoji_by_id == {}


@upstream("server/channels/app/emoji.go", "DeleteEmoji")
def test_delete_emoji_soft_deletes_and_drops_its_reactions(world, store, alice):
    team = world.team(alice)
    post = world.post(alice, world.channel(team, alice), "hi")
    emoji = store.emoji.create(alice.id, alice.id, "gone", png())
    store.reactions.save(alice.id, post.id, "gone")
    store.emoji.delete(emoji)
    assert emoji.delete_at > 0 and store.emoji.find_by_name("gone") is None
    assert store.reactions.for_post(post.id) == [] and not post.has_reactions
    assert _err(lambda: store.emoji.get(emoji.id)) == (404, "app.emoji.get.no_result")
    assert store.emoji.create(alice.id, alice.id, "gone", png()).id != emoji.id


@upstream("server/channels/store/sqlstore/emoji_store.go", "Search")
def test_list_and_search(store, alice):
    for name in ("zeta", "alpha", "alphabet"):
        store.emoji.create(alice.id, alice.id, name, png())
    assert [e.name for e in store.emoji.list(0, 60, "name")] == ["alpha", "alphabet", "zeta"]
    assert [e.name for e in store.emoji.list(1, 2, "name")] == ["zeta"]
    assert [e.name for e in store.emoji.search("alp", True, 200)] == ["alpha", "alphabet"]
    assert [e.name for e in store.emoji.search("bet", False, 200)] == ["alphabet"]
    assert [e.name for e in store.emoji.by_names(["zeta", "nope"])] == ["zeta"]
