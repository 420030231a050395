"""Store rules for resumable uploads. Upstream: server/channels/app/upload.go, model/upload_session.go."""

from __future__ import annotations

import pytest

from mockmost.errors import AppError
from mockmost.store.uploads import MIN_FIRST_PART_SIZE

upstream = pytest.mark.upstream


@pytest.fixture
def room(world):
    alice = world.user("alice")
    team = world.team(alice)
    return alice, world.channel(team, alice)


def _err(call):
    with pytest.raises(AppError) as err:
        call()
    return err.value.status, err.value.id


@upstream("server/channels/app/upload.go", "CreateUploadSession")
def test_create_session_starts_at_offset_zero(store, room):
    alice, channel = room
    us = store.uploads.create(alice.id, {"channel_id": channel.id, "filename": "a.bin", "file_size": 10})
    assert (us.type, us.user_id, us.channel_id, us.file_offset, us.file_size) == (
        "attachment",
        alice.id,
        channel.id,
        0,
        10,
    )
    assert store.uploads.get(us.id) is us


@upstream("server/public/model/upload_session.go", "IsValid")
@pytest.mark.parametrize(
    ("fields", "error_id"),
    [
        ({"filename": "a", "file_size": 0}, "model.upload_session.is_valid.file_size.app_error"),
    ],
)
def test_create_session_invalid_is_400(store, room, fields, error_id):
    alice, channel = room
    assert _err(lambda: store.uploads.create(alice.id, {"channel_id": channel.id, **fields})) == (
        400,
        error_id,
    )
    assert store.upload_by_id == {}


@upstream("server/channels/app/upload.go", "CreateUploadSession")
def test_create_session_for_unknown_channel_is_400(store, room):
    alice, _ = room
    fields = {"channel_id": "a" * 26, "filename": "a", "file_size": 3}
    assert _err(lambda: store.uploads.create(alice.id, fields)) == (
        400,
        "app.upload.create.incorrect_channel_id.app_error",
    )


@upstream("server/channels/api4/upload.go", "createUpload")
def test_create_session_over_max_file_size_is_413(store, room):
    alice, channel = room
    too_big = store.settings.get("FileSettings.MaxFileSize") + 1
    fields = {"channel_id": channel.id, "filename": "a", "file_size": too_big}
    assert _err(lambda: store.uploads.create(alice.id, fields)) == (
        413,
        "api.upload.create.upload_too_large.app_error",
    )


@upstream("server/channels/app/upload.go", "UploadData")
def test_upload_in_parts_completes_into_file_info(store, room):
    alice, channel = room
    size = MIN_FIRST_PART_SIZE + 3
    us = store.uploads.create(alice.id, {"channel_id": channel.id, "filename": "big.bin", "file_size": size})
    assert store.uploads.upload_data(us, b"x" * MIN_FIRST_PART_SIZE) is None
    assert us.file_offset == MIN_FIRST_PART_SIZE
    info = store.uploads.upload_data(us, b"yyyzzz")
    assert info is not None and info.size == size and info.content.endswith(b"yyy")
    assert (info.user_id, info.channel_id, info.name) == (alice.id, channel.id, "big.bin")
    assert us.id not in store.upload_by_id and store.files.get(info.id) is info


@upstream("server/channels/app/upload.go", "UploadData")
def test_small_first_part_is_400_and_nothing_kept(store, room):
    alice, channel = room
    us = store.uploads.create(
        alice.id, {"channel_id": channel.id, "filename": "a", "file_size": MIN_FIRST_PART_SIZE}
    )
    assert _err(lambda: store.uploads.upload_data(us, b"abc")) == (
        400,
        "app.upload.upload_data.first_part_too_small.app_error",
    )
    assert us.file_offset == 0 and store.file_by_id == {}


@upstream("server/channels/app/upload.go", "genFileInfoFromReader")
def test_session_upload_of_an_image_has_no_preview_flag(store, room):
    alice, channel = room
    data = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000050000000708060000")
    us = store.uploads.create(
        alice.id, {"channel_id": channel.id, "filename": "p.png", "file_size": len(data)}
    )
    info = store.uploads.upload_data(us, data)
    assert (info.width, info.height, info.has_preview_image, info.mini_preview) == (5, 7, False, None)
