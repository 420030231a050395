"""Store rules for files: upload facts, image headers, attach, soft delete, search. Upstream:
server/channels/app/file.go (UploadFileX), server/public/model/file_info.go (NewInfo)."""

from __future__ import annotations

import struct

import pytest

from mockmost.errors import AppError
from mockmost.ids import is_valid_id
from mockmost.store.files import MINI_PREVIEW, go_ext, has_thumbnail, image_size, mime_type_for

upstream = pytest.mark.upstream


def png(width: int, height: int) -> bytes:
    header = struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", width, height)
    return b"\x89PNG\r\n\x1a\n" + header + b"\x08\x06\0\0\0"


def gif(width: int, height: int) -> bytes:
    return b"GIF89a" + struct.pack("<HH", width, height) + b"\xf7\0\0"


@pytest.fixture
def room(world):
    alice, bob = world.user("alice"), world.user("bob")
    team = world.team(alice)
    world.store.teams.join(team, bob)
    channel = world.channel(team, alice)
    world.store.channels.add_member(channel, bob, alice)
    return alice, bob, team, channel


@upstream("server/public/model/file_info.go", "NewInfo")
def test_upload_text_file_fields(store, room):
    alice, _, _, channel = room
    info = store.files.upload(alice.id, channel.id, "dir/Notes.TXT", b"hello")
    assert is_valid_id(info.id) and info.user_id == alice.id and info.channel_id == channel.id
    assert (info.name, info.extension, info.size) == ("Notes.TXT", "txt", 5)
    assert info.mime_type == "text/plain; charset=utf-8"
    assert info.post_id == "" and info.create_at == info.update_at > 0
    assert info.content == b"hello" and info.mini_preview is None and not info.has_preview_image


@upstream("server/public/model/file_info.go", "NewInfo")
@pytest.mark.parametrize(
    ("name", "ext"), [("a.tar.gz", ".gz"), (".bashrc", ".bashrc"), ("README", ""), ("x.", ".")]
)
def test_extension_is_go_filepath_ext(name, ext):
    assert go_ext(name) == ext


@upstream("server/public/model/file_info.go", "NewInfo")
@pytest.mark.parametrize(
    ("ext", "mime"),
    [
        (".png", "image/png"),
        (".JPG", "image/jpeg"),
        (".json", "application/json"),
        (".html", "text/html; charset=utf-8"),
        (".unknownext", ""),
    ],
)
def test_mime_type_from_extension(ext, mime):
    assert mime_type_for(ext) == mime


@upstream("server/channels/app/file.go", "preprocessImage")
def test_upload_png_gets_dimensions_and_previews(store, room):
    alice, _, _, channel = room
    info = store.files.upload(alice.id, channel.id, "pic.png", png(640, 480))
    assert (info.width, info.height, info.has_preview_image) == (640, 480, True)
    assert info.mini_preview == MINI_PREVIEW and has_thumbnail(info)


@upstream("server/channels/app/file.go", "preprocessImage")
def test_upload_gif_has_no_preview_flag_but_a_thumbnail(store, room):
    alice, _, _, channel = room
    info = store.files.upload(alice.id, channel.id, "anim.gif", gif(20, 10))
    assert (info.width, info.height, info.has_preview_image) == (20, 10, False)
    assert has_thumbnail(info)


@upstream("server/channels/app/file.go", "preprocessImage")
def test_upload_undecodable_image_keeps_no_dimensions(store, room):
    alice, _, _, channel = room
    info = store.files.upload(alice.id, channel.id, "broken.png", b"not an image")
    assert (info.width, info.height, info.has_preview_image, info.mini_preview) == (0, 0, False, None)
    assert not has_thumbnail(info)


@upstream("server/channels/app/file.go", "preprocessImage")
def test_jpeg_header_size():
    assert image_size(MINI_PREVIEW) == ("jpeg", 16, 16)


@upstream("server/channels/app/file.go", "UploadFileX")
def test_upload_over_max_file_size_is_413(store, room):
    alice, _, _, channel = room
    store.settings.set("FileSettings.MaxFileSize", 4)
    with pytest.raises(AppError) as err:
        store.files.upload(alice.id, channel.id, "big.bin", b"12345")
    assert (err.value.status, err.value.id) == (413, "api.file.upload_file.too_large_detailed.app_error")
    assert store.file_by_id == {}


@upstream("server/channels/app/file.go", "checkImageResolutionLimit")
def test_upload_image_over_resolution_limit_is_400(store, room):
    alice, _, _, channel = room
    with pytest.raises(AppError) as err:
        store.files.upload(alice.id, channel.id, "huge.png", png(10000, 10000))
    assert (err.value.status, err.value.id) == (400, "api.file.upload_file.large_image_detailed.app_error")


@upstream("server/channels/store/sqlstore/file_info_store.go", "AttachToPost")
def test_post_attaches_own_unattached_files_only(world, store, room):
    alice, bob, _, channel = room
    mine = store.files.upload(alice.id, channel.id, "a.txt", b"a")
    theirs = store.files.upload(bob.id, channel.id, "b.txt", b"b")
    post = world.post(alice, channel, "files", file_ids=[mine.id, theirs.id])
    assert post.file_ids == [mine.id]
    assert (mine.post_id, theirs.post_id) == (post.id, "")
    assert [i.id for i in store.files.for_post(post.id)] == [mine.id]


@upstream("server/channels/app/post.go", "DeletePost")
def test_deleting_post_soft_deletes_its_files(world, store, room):
    alice, _, _, channel = room
    info = store.files.upload(alice.id, channel.id, "a.txt", b"a")
    post = world.post(alice, channel, "files", file_ids=[info.id])
    store.posts.delete(post, alice.id)
    with pytest.raises(AppError) as err:
        store.files.get(info.id)
    assert (err.value.status, err.value.id) == (404, "app.file_info.get.app_error")
    assert store.files.for_post(post.id) == [] and store.files.for_post(post.id, include_deleted=True) == [
        info
    ]


@upstream("server/channels/app/notification.go", "SendNotifications")
def test_posted_event_flags_files_and_images(world, store, room):
    alice, _, _, channel = room
    text = store.files.upload(alice.id, channel.id, "a.txt", b"a")
    world.post(alice, channel, "text", file_ids=[text.id])
    image = store.files.upload(alice.id, channel.id, "p.png", png(2, 2))
    world.post(alice, channel, "pic", file_ids=[image.id])
    plain = world.post(alice, channel, "none")
    posted = [e for e in world.events if e.name == "posted"][-3:]
    assert posted[0].data["otherFile"] == "true" and "image" not in posted[0].data
    assert posted[1].data["otherFile"] == "true" and posted[1].data["image"] == "true"
    assert posted[2].data["post"] is plain and "otherFile" not in posted[2].data


@upstream("server/channels/store/sqlstore/file_info_store.go", "Search")
def test_search_by_name_in_member_channels_newest_first(world, store, room):
    alice, bob, team, channel = room
    old = store.files.upload(alice.id, channel.id, "Report-2024.pdf", b"1")
    new = store.files.upload(bob.id, channel.id, "report-final.pdf", b"2")
    old.create_at -= 10
    store.files.upload(alice.id, channel.id, "photo.png", b"3")
    secret = world.channel(team, bob, kind="P")
    store.files.upload(bob.id, secret.id, "report-secret.pdf", b"4")
    assert [i.id for i in store.files.search(alice.id, team.id, "report")] == [new.id, old.id]
    assert [i.id for i in store.files.search(alice.id, team.id, "report 2024")] == [old.id]
    assert len(store.files.search(alice.id, team.id, "report photo", is_or=True)) == 3
    assert [i.name for i in store.files.search(alice.id, "", "ext:png")] == ["photo.png"]
