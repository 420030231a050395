"""Files over HTTP: upload forms, download headers, thumbnails, info, public links, search.
Upstream: server/channels/api4/file.go, server/platform/shared/web/files.go."""

from __future__ import annotations

import struct

import pytest

from mockmost.ids import is_valid_id
from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
PNG = (
    b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">II", 3, 2) + b"\x08\x06\0\0\0rest"
)


@pytest.fixture
def room(mm, login):
    alice, bob = mm.make_user("alice"), mm.make_user("bob")
    team = mm.make_team(members=[alice, bob])
    channel = mm.make_channel(team, members=[alice, bob])
    return login(alice), login(bob), alice, channel, team


def _multipart(boundary: str, *parts: tuple[str, str | None, bytes]) -> bytes:
    out = b""
    for name, filename, data in parts:
        disposition = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
        out += f"--{boundary}\r\nContent-Disposition: {disposition}\r\n\r\n".encode() + data + b"\r\n"
    return out + f"--{boundary}--\r\n".encode()


def _upload(client, *parts, params=None):
    body = _multipart("XyZ", *parts)
    return client.post(
        "/files",
        content=body,
        params=params or {},
        headers={"content-type": "multipart/form-data; boundary=XyZ"},
    )


@upstream("server/channels/api4/file.go", "uploadFileMultipart")
def test_upload_file_multipart_is_201_with_file_info_shape(room):
    client, _, alice, channel, _ = room
    resp = _upload(client, ("channel_id", None, channel.id.encode()), ("files", "pic.png", PNG))
    assert resp.status_code == 201
    body = resp.json()
    assert body["client_ids"] == []
    info = body["file_infos"][0]
    assert list(info) == [
        "id",
        "user_id",
        "channel_id",
        "create_at",
        "update_at",
        "delete_at",
        "name",
        "extension",
        "size",
        "mime_type",
        "width",
        "height",
        "has_preview_image",
        "mini_preview",
        "remote_id",
        "archived",
    ]
    assert is_valid_id(info["id"]) and info["user_id"] == alice.id and info["channel_id"] == channel.id
    assert (info["name"], info["extension"], info["size"], info["mime_type"]) == (
        "pic.png",
        "png",
        len(PNG),
        "image/png",
    )
    assert (info["width"], info["height"], info["has_preview_image"]) == (3, 2, True)
    assert isinstance(info["mini_preview"], str) and info["remote_id"] == "" and info["archived"] is False


@upstream("server/channels/api4/file.go", "uploadFileMultipart")
def test_upload_file_client_ids_are_echoed(room):
    client, _, _, channel, _ = room
    resp = _upload(
        client,
        ("channel_id", None, channel.id.encode()),
        ("client_ids", None, b"c1"),
        ("client_ids", None, b"c2"),
        ("files", "a.txt", b"a"),
        ("files", "b.txt", b"b"),
    )
    assert resp.status_code == 201
    assert resp.json()["client_ids"] == ["c1", "c2"]
    assert [i["name"] for i in resp.json()["file_infos"]] == ["a.txt", "b.txt"]


@upstream("server/channels/api4/file.go", "uploadFileMultipart")
def test_upload_file_client_ids_count_mismatch_is_400(room):
    client, _, _, channel, _ = room
    resp = _upload(
        client,
        ("channel_id", None, channel.id.encode()),
        ("client_ids", None, b"c1"),
        ("client_ids", None, b"c2"),
        ("files", "a.txt", b"a"),
    )
    assert_app_error(resp, 400, "api.file.upload_file.incorrect_number_of_client_ids.app_error")


@upstream("server/channels/api4/file.go", "uploadFileMultipart")
def test_upload_file_unknown_form_field_is_400(room):
    client, _, _, channel, _ = room
    resp = _upload(
        client, ("channel_id", None, channel.id.encode()), ("colour", None, b"red"), ("files", "a.txt", b"a")
    )
    body = assert_app_error(resp, 400, "api.context.invalid_body_param.app_error")
    assert "colour" in body["message"]


@upstream("server/channels/api4/file.go", "uploadFileMultipart")
def test_upload_file_conflicting_channel_ids_is_400(room):
    client, _, _, channel, _ = room
    resp = _upload(
        client, ("channel_id", None, b"a" * 26), ("files", "a.txt", b"a"), params={"channel_id": channel.id}
    )
    assert_app_error(resp, 400, "api.file.upload_file.multiple_channel_ids.app_error")


@upstream("server/channels/api4/file.go", "uploadFileMultipartLegacy")
def test_upload_file_before_channel_id_uses_legacy_reader(room):
    client, _, _, channel, _ = room
    resp = _upload(
        client,
        ("files", "a.txt", b"a"),
        ("other", "ignored.txt", b"x"),
        ("channel_id", None, channel.id.encode()),
    )
    assert resp.status_code == 201
    assert [i["name"] for i in resp.json()["file_infos"]] == ["a.txt"]


@upstream("server/channels/api4/file.go", "uploadFileMultipartLegacy")
def test_upload_file_without_channel_id_is_400(room):
    client = room[0]
    assert_app_error(
        _upload(client, ("files", "a.txt", b"a")), 400, "api.context.invalid_body_param.app_error"
    )


@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_upload_file_garbage_multipart_is_400(room):
    client = room[0]
    headers = {"content-type": "multipart/form-data; boundary=q"}
    resp = client.post("/files", content=b"\x00\xffgarbage", headers=headers)
    assert_app_error(resp, 400, "api.file.upload_file.read_request.app_error")


@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_upload_file_missing_boundary_is_400(room):
    resp = room[0].post("/files", content=b"x", headers={"content-type": "multipart/form-data"})
    assert_app_error(resp, 400, "api.file.upload_file.read_request.app_error")


@upstream("server/channels/api4/file.go", "uploadFileSimple")
def test_upload_file_simple_body_is_201(room):
    client, _, _, channel, _ = room
    resp = client.post(
        "/files",
        params={"channel_id": channel.id, "filename": "notes.md", "client_id": "k"},
        content=b"# title",
        headers={"content-type": "application/octet-stream"},
    )
    assert resp.status_code == 201
    assert resp.json()["client_ids"] == ["k"] and resp.json()["file_infos"][0]["size"] == 7


@upstream("server/channels/api4/file.go", "uploadFileSimple")
def test_upload_file_simple_without_client_id_has_null_client_ids(room):
    client, _, _, channel, _ = room
    resp = client.post("/files", params={"channel_id": channel.id, "filename": "a.bin"}, content=b"1")
    assert resp.status_code == 201 and resp.json()["client_ids"] is None


@upstream("server/channels/api4/file.go", "uploadFileSimple")
@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"filename": "a"}, "channel_id"),
        ({"channel_id": "x"}, "channel_id"),
        ({"channel_id": "a" * 26}, "filename"),
    ],
)
def test_upload_file_simple_missing_params_is_400(room, params, name):
    body = assert_app_error(
        room[0].post("/files", params=params, content=b"1"), 400, "api.context.invalid_url_param.app_error"
    )
    assert name in body["message"]


@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_upload_file_empty_body_is_400(room):
    client, _, _, channel, _ = room
    resp = client.post("/files", params={"channel_id": channel.id, "filename": "a"}, content=b"")
    assert_app_error(resp, 400, "api.file.upload_file.read_request.app_error")


@upstream("server/channels/app/authorization.go", "SessionHasPermissionToChannel")
def test_upload_file_to_unknown_or_foreign_channel_is_403(mm, room, login):
    client, _, _, _, team = room
    resp = client.post("/files", params={"channel_id": "a" * 26, "filename": "a"}, content=b"1")
    assert_app_error(resp, 403, "api.context.permissions.app_error")
    other = mm.make_channel(team)
    resp = client.post("/files", params={"channel_id": other.id, "filename": "a"}, content=b"1")
    assert_app_error(resp, 403, "api.context.permissions.app_error")
    admin_resp = mm.client.post("/files", params={"channel_id": "a" * 26, "filename": "a"}, content=b"1")
    assert_app_error(admin_resp, 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/file.go", "uploadFileStream")
def test_upload_file_attachments_disabled_is_403(mm, room):
    client, _, _, channel, _ = room
    mm.set_config("FileSettings.EnableFileAttachments", False)
    resp = client.post("/files", params={"channel_id": channel.id, "filename": "a"}, content=b"1")
    assert_app_error(resp, 403, "api.file.attachments.disabled.app_error")


@upstream("server/channels/app/file.go", "UploadFileX")
def test_upload_file_over_max_file_size_is_413(mm, room):
    client, _, _, channel, _ = room
    mm.set_config("FileSettings.MaxFileSize", 10)
    resp = client.post("/files", params={"channel_id": channel.id, "filename": "a"}, content=b"x" * 11)
    assert_app_error(resp, 413, "api.file.upload_file.too_large_detailed.app_error")


def _uploaded(client, channel, name="pic.png", data=PNG) -> dict:
    resp = client.post("/files", params={"channel_id": channel.id, "filename": name}, content=data)
    assert resp.status_code == 201
    return resp.json()["file_infos"][0]


@upstream("server/platform/shared/web/files.go", "WriteFileResponse")
def test_get_file_returns_bytes_and_headers(room):
    client, _, _, channel, _ = room
    info = _uploaded(client, channel)
    resp = client.get(f"/files/{info['id']}")
    assert resp.status_code == 200 and resp.content == PNG
    assert resp.headers["content-type"] == "image/png"
    assert resp.headers["content-disposition"] == "inline;filename=\"pic.png\"; filename*=UTF-8''pic.png"
    assert resp.headers["cache-control"] == "private, max-age=86400"
    assert resp.headers["x-frame-options"] == "DENY"
    assert resp.headers["content-security-policy"] == "Frame-ancestors 'none'"
    download = client.get(f"/files/{info['id']}", params={"download": "1"})
    assert download.headers["content-disposition"].startswith("attachment;")


@upstream("server/platform/shared/web/files.go", "setHeaders")
@pytest.mark.parametrize(
    ("name", "content_type", "disposition"),
    [
        ("page.html", "text/plain", "attachment"),
        ("blob.weird", "application/octet-stream", "attachment"),
        ("a b.txt", "text/plain; charset=utf-8", "attachment"),
    ],
)
def test_get_file_content_type_rules(room, name, content_type, disposition):
    client, _, _, channel, _ = room
    info = _uploaded(client, channel, name, b"<b>x</b>")
    resp = client.get(f"/files/{info['id']}")
    assert resp.headers["content-type"] == content_type
    assert resp.headers["content-disposition"].startswith(disposition + ";")
    if name == "a b.txt":
        assert 'filename="a%20b.txt"' in resp.headers["content-disposition"]


@upstream("server/channels/api4/file.go", "getFile")
def test_get_file_range(room):
    client, _, _, channel, _ = room
    info = _uploaded(client, channel, "n.txt", b"0123456789")
    resp = client.get(f"/files/{info['id']}", headers={"range": "bytes=2-4"})
    assert resp.status_code == 206 and resp.content == b"234"
    assert resp.headers["content-range"] == "bytes 2-4/10"


@upstream("server/channels/api4/file.go", "getFile")
def test_get_file_unknown_is_404_and_non_member_403(mm, room, login):
    client, other_client, alice, channel, team = room
    assert_app_error(client.get(f"/files/{'a' * 26}"), 404, "app.file_info.get.app_error")
    assert_app_error(client.get("/files/bad"), 400, "api.context.invalid_url_param.app_error")
    info = _uploaded(client, channel)
    assert other_client.get(f"/files/{info['id']}").status_code == 200
    outsider = login(mm.make_user("carol"))
    assert_app_error(outsider.get(f"/files/{info['id']}"), 403, "api.context.permissions.app_error")


@upstream("server/channels/api4/file.go", "getFileThumbnail")
def test_thumbnail_and_preview(room):
    client, _, _, channel, _ = room
    image = _uploaded(client, channel)
    for kind in ("thumbnail", "preview"):
        resp = client.get(f"/files/{image['id']}/{kind}")
        assert resp.status_code == 200 and resp.headers["content-type"] == "image/jpeg"
    text = _uploaded(client, channel, "a.txt", b"a")
    assert_app_error(
        client.get(f"/files/{text['id']}/thumbnail"),
        400,
        "api.file.get_file_thumbnail.no_thumbnail.app_error",
    )
    assert_app_error(
        client.get(f"/files/{text['id']}/preview"), 400, "api.file.get_file_preview.no_preview.app_error"
    )


@upstream("server/channels/api4/file.go", "getFileInfo")
def test_get_file_info(room):
    client, _, _, channel, _ = room
    info = _uploaded(client, channel)
    resp = client.get(f"/files/{info['id']}/info")
    assert resp.status_code == 200 and resp.json() == info
    assert resp.headers["cache-control"] == "max-age=2592000, private"


@upstream("server/channels/api4/file.go", "getFileLink")
def test_public_link_disabled_is_403(room):
    client, _, _, channel, _ = room
    info = _uploaded(client, channel)
    assert_app_error(
        client.get(f"/files/{info['id']}/link"), 403, "api.file.get_public_link.disabled.app_error"
    )


@upstream("server/channels/api4/file.go", "getFileLink")
def test_public_link_round_trip(mm, room, anon):
    client, _, _, channel, _ = room
    mm.set_config("FileSettings.EnablePublicLink", True)
    info = _uploaded(client, channel)
    assert_app_error(
        client.get(f"/files/{info['id']}/link"), 400, "api.file.get_public_link.no_post.app_error"
    )
    client.post("/posts", json={"channel_id": channel.id, "message": "x", "file_ids": [info["id"]]})
    link = client.get(f"/files/{info['id']}/link").json()["link"]
    path = link.split("://", 1)[1].split("/", 1)[1]
    resp = anon.get(f"{mm.url}/{path}")
    assert resp.status_code == 200 and resp.content == PNG
    bad = anon.get(f"{mm.url}/files/{info['id']}/public", params={"h": "nope"}, headers={"X-Mobile-App": "1"})
    assert_app_error(bad, 400, "api.file.get_file.public_invalid.app_error")


@upstream("server/channels/web/handlers.go", "handleContextError")
def test_public_file_errors_are_the_web_error_page(mm, room, anon):
    """Not an API path: the error is HTML sending the browser to /error; a bad hash renders it twice."""
    client, _, _, channel, _ = room
    info = _uploaded(client, channel)
    disabled = anon.get(f"{mm.url}/files/{info['id']}/public", params={"h": "nope"})
    assert (disabled.status_code, disabled.headers["content-type"]) == (403, "text/html")
    assert disabled.text.count("<!-- web error message -->") == 1
    assert "/error?message=Public+links+have+been+disabled.&amp;s=" in disabled.text
    mm.set_config("FileSettings.EnablePublicLink", True)
    bad = anon.get(f"{mm.url}/files/{info['id']}/public", params={"h": "nope"})
    assert (bad.status_code, bad.headers["content-type"]) == (400, "text/html")
    assert bad.text.count("The+public+link+does+not+appear+to+be+valid.&amp;s=") == 4


@upstream("server/channels/api4/file.go", "searchFiles")
def test_search_files_in_team(room):
    client, _, _, channel, team = room
    info = _uploaded(client, channel, "quarterly-report.pdf", b"%PDF")
    _uploaded(client, channel, "cat.png")
    resp = client.post(f"/teams/{team.id}/files/search", json={"terms": "report"})
    assert resp.status_code == 200
    body = resp.json()
    assert body["order"] == [info["id"]] and body["file_infos"][info["id"]]["name"] == "quarterly-report.pdf"
    assert (body["next_file_info_id"], body["prev_file_info_id"]) == ("", "")


@upstream("server/channels/api4/file.go", "searchFiles")
def test_search_files_bad_bodies(room):
    client, _, _, _, team = room
    assert_app_error(
        client.post(f"/teams/{team.id}/files/search", json={}),
        400,
        "api.context.invalid_body_param.app_error",
    )
    assert_app_error(
        client.post(f"/teams/{team.id}/files/search", content=b"{"),
        400,
        "api.post.search_files.invalid_body.app_error",
    )
    assert_app_error(
        client.post(f"/teams/{team.id}/files/search", json={"terms": 5}),
        400,
        "api.post.search_files.invalid_body.app_error",
    )
