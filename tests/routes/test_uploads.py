"""Resumable uploads over HTTP. Upstream: server/channels/api4/upload.go, app/upload.go."""

from __future__ import annotations

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@pytest.fixture
def room(mm, login):
    alice = mm.make_user("alice")
    team = mm.make_team(members=[alice])
    return login(alice), alice, mm.make_channel(team, members=[alice])


def _create(client, channel, size=5, name="data.bin"):
    return client.post("/uploads", json={"channel_id": channel.id, "filename": name, "file_size": size})


@upstream("server/channels/api4/upload.go", "createUpload")
def test_create_upload_is_201_with_session(room):
    client, alice, channel = room
    resp = _create(client, channel)
    assert resp.status_code == 201
    body = resp.json()
    assert list(body) == [
        "id",
        "type",
        "create_at",
        "user_id",
        "channel_id",
        "filename",
        "file_size",
        "file_offset",
        "remote_id",
        "req_file_id",
    ]
    assert is_valid_id(body["id"]) and (body["type"], body["user_id"], body["file_offset"]) == (
        "attachment",
        alice.id,
        0,
    )


@upstream("server/channels/api4/upload.go", "uploadData")
def test_upload_data_completes_and_session_goes_away(room):
    client, alice, channel = room
    upload_id = _create(client, channel, size=5).json()["id"]
    resp = client.post(f"/uploads/{upload_id}", content=b"hello")
    assert resp.status_code == 200
    info = resp.json()
    assert (info["name"], info["size"], info["user_id"], info["channel_id"]) == (
        "data.bin",
        5,
        alice.id,
        channel.id,
    )
    assert client.get(f"/files/{info['id']}").content == b"hello"
    assert_app_error(client.get(f"/uploads/{upload_id}"), 404, "app.upload.get.app_error")


@upstream("server/channels/app/upload.go", "UploadData")
def test_upload_data_in_parts_reports_offset(room):
    client, _, channel = room
    size = 5 * 1024 * 1024 + 4
    upload_id = _create(client, channel, size=size).json()["id"]
    first = client.post(f"/uploads/{upload_id}", content=b"a" * (5 * 1024 * 1024))
    assert first.status_code == 204 and first.content == b""
    assert client.get(f"/uploads/{upload_id}").json()["file_offset"] == 5 * 1024 * 1024
    done = client.post(f"/uploads/{upload_id}", content=b"bbbb")
    assert done.status_code == 200 and done.json()["size"] == size


@upstream("server/channels/api4/upload.go", "doUploadData")
def test_upload_data_multipart_first_part(room):
    client, _, channel = room
    upload_id = _create(client, channel, size=3).json()["id"]
    body = b'--B\r\nContent-Disposition: form-data; name="data"; filename="x"\r\n\r\nabc\r\n--B--\r\n'
    headers = {"content-type": "multipart/form-data; boundary=B"}
    resp = client.post(f"/uploads/{upload_id}", content=body, headers=headers)
    assert resp.status_code == 200 and resp.json()["size"] == 3


@upstream("server/channels/api4/upload.go", "doUploadData")
def test_upload_data_too_long_is_400(room):
    client, _, channel = room
    upload_id = _create(client, channel, size=3).json()["id"]
    assert_app_error(
        client.post(f"/uploads/{upload_id}", content=b"abcd"),
        400,
        "api.upload.upload_data.invalid_content_length",
    )


@upstream("server/channels/app/upload.go", "UploadData")
def test_upload_data_first_part_too_small_is_400(room):
    client, _, channel = room
    upload_id = _create(client, channel, size=10).json()["id"]
    assert_app_error(
        client.post(f"/uploads/{upload_id}", content=b"abc"),
        400,
        "app.upload.upload_data.first_part_too_small.app_error",
    )


@upstream("server/channels/api4/upload.go", "createUpload")
def test_create_upload_errors(mm, room, login):
    client, _, channel = room
    assert_app_error(client.post("/uploads", content=b"{"), 400, "api.context.invalid_body_param.app_error")
    assert_app_error(
        client.post("/uploads", json={"channel_id": "a" * 26, "filename": "a", "file_size": 1}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(
        _create(client, channel, size=0), 400, "model.upload_session.is_valid.file_size.app_error"
    )
    # observed on 11.2 (parity snapshot files_uploads): no filename is filepath.Base(""), "."
    assert _create(client, channel, name="").json()["filename"] == "."
    mm.set_config("FileSettings.MaxFileSize", 200)
    assert_app_error(_create(client, channel, size=201), 413, "api.upload.create.upload_too_large.app_error")
    mm.set_config("FileSettings.EnableFileAttachments", False)
    assert_app_error(_create(client, channel), 501, "api.file.attachments.disabled.app_error")


@upstream("server/channels/api4/upload.go", "getUpload")
def test_get_upload_of_someone_else_is_403(mm, room, login):
    client, _, channel = room
    upload_id = _create(client, channel).json()["id"]
    other = login(mm.make_user("bob"))
    assert_app_error(other.get(f"/uploads/{upload_id}"), 403, "api.upload.get_upload.forbidden.app_error")
    assert_app_error(
        other.post(f"/uploads/{upload_id}", content=b"hello"), 403, "api.context.permissions.app_error"
    )
    assert mm.client.get(f"/uploads/{upload_id}").status_code == 200
