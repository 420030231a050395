"""Custom emoji over HTTP. Upstream: server/channels/api4/emoji.go, app/emoji.go."""

from __future__ import annotations

import json
import struct

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream
PNG = (
    b"\x89PNG\r\n\x1a\n"
    + struct.pack(">I", 13)
    + b"IHDR"
    + struct.pack(">II", 16, 16)
    + b"\x08\x06\0\0\0data"
)


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@pytest.fixture
def client(login, alice):
    return login(alice)


def _create(client, name, creator_id, image=PNG):
    files = {"emoji": (None, json.dumps({"name": name, "creator_id": creator_id}))}
    if image is not None:
        files["image"] = ("e.png", image, "image/png")
    return client.post("/emoji", files=files)


@upstream("server/channels/api4/emoji.go", "createEmoji")
def test_create_emoji_is_200(mm, client, alice):
    resp = _create(client, "blob", alice.id)
    assert resp.status_code == 200
    body = resp.json()
    assert list(body) == ["id", "create_at", "update_at", "delete_at", "creator_id", "name"]
    assert (body["name"], body["creator_id"], body["delete_at"]) == ("blob", alice.id, 0)
    assert mm.events_named("emoji_added")[-1].data["emoji"].id == body["id"]
    image = client.get(f"/emoji/{body['id']}/image")
    assert image.status_code == 200 and image.content == PNG and image.headers["content-type"] == "image/png"


@upstream("server/channels/api4/emoji.go", "createEmoji")
def test_create_emoji_errors(mm, client, alice):
    assert_app_error(_create(client, "smile", alice.id), 400, "model.emoji.system_emoji_name.app_error")
    assert_app_error(_create(client, "blob", "b" * 26), 403, "api.emoji.create.other_user.app_error")
    assert_app_error(
        _create(client, "blob", alice.id, image=None), 400, "api.context.invalid_body_param.app_error"
    )
    assert_app_error(
        _create(client, "blob", alice.id, image=b"text"), 400, "api.emoji.upload.image.app_error"
    )
    assert_app_error(client.post("/emoji", json={"name": "x"}), 400, "api.emoji.create.parse.app_error")
    no_emoji = client.post("/emoji", data={"other": "1"}, files={"image": ("e.png", PNG, "image/png")})
    assert_app_error(no_emoji, 400, "api.context.invalid_body_param.app_error")
    _create(client, "blob", alice.id)
    assert_app_error(_create(client, "blob", alice.id), 400, "api.emoji.create.duplicate.app_error")
    big = client.post(
        "/emoji", content=b"x" * (512 * 1024 + 1), headers={"content-type": "multipart/form-data; boundary=z"}
    )
    assert_app_error(big, 413, "api.emoji.create.too_large.app_error")


@upstream("server/channels/api4/emoji.go", "createEmoji")
def test_custom_emoji_disabled_is_501(mm, client, alice):
    mm.set_config("ServiceSettings.EnableCustomEmoji", False)
    assert_app_error(_create(client, "blob", alice.id), 501, "api.emoji.disabled.app_error")
    assert_app_error(client.get("/emoji"), 501, "api.emoji.disabled.app_error")
    assert_app_error(client.post("/emoji/search", json={"term": "b"}), 403, "api.emoji.disabled.app_error")


@upstream("server/channels/api4/emoji.go", "getEmojiList")
def test_list_get_by_name_search_autocomplete(client, alice):
    ids = {
        name: _create(client, name, alice.id).json()["id"] for name in ("zz_custom", "ap_one", "ap_one_more")
    }
    names = [e["name"] for e in client.get("/emoji", params={"sort": "name"}).json()]
    assert names == ["ap_one", "ap_one_more", "zz_custom"]
    assert_app_error(
        client.get("/emoji", params={"sort": "created"}), 400, "api.context.invalid_url_param.app_error"
    )
    assert client.get(f"/emoji/{ids['ap_one']}").json()["name"] == "ap_one"
    assert client.get("/emoji/name/zz_custom").json()["id"] == ids["zz_custom"]
    assert_app_error(client.get("/emoji/name/nothing"), 404, "app.emoji.get_by_name.no_result")
    assert_app_error(client.get(f"/emoji/{'q' * 26}"), 404, "app.emoji.get.no_result")
    found = client.post("/emoji/search", json={"term": "ap_", "prefix_only": True}).json()
    assert [e["name"] for e in found] == ["ap_one", "ap_one_more"]
    assert_app_error(client.post("/emoji/search", json={}), 400, "api.context.invalid_body_param.app_error")
    assert [e["name"] for e in client.get("/emoji/autocomplete", params={"name": "zz"}).json()] == [
        "zz_custom"
    ]
    assert_app_error(client.get("/emoji/autocomplete"), 400, "api.context.invalid_url_param.app_error")
    assert [e["name"] for e in client.post("/emoji/names", json=["zz_custom", "nope"]).json()] == [
        "zz_custom"
    ]
    assert_app_error(client.post("/emoji/names", json=[]), 400, "api.context.invalid_body_param.app_error")


@upstream("server/channels/api4/emoji.go", "deleteEmoji")
def test_delete_emoji(mm, client, alice, login):
    emoji_id = _create(client, "mine", alice.id).json()["id"]
    bob = login(mm.make_user("bob"))
    assert_app_error(bob.delete(f"/emoji/{emoji_id}"), 403, "api.context.permissions.app_error")
    assert client.delete(f"/emoji/{emoji_id}").json() == {"status": "OK"}
    assert_app_error(client.get(f"/emoji/{emoji_id}"), 404, "app.emoji.get.no_result")
    assert_app_error(client.delete(f"/emoji/{emoji_id}"), 404, "app.emoji.get.no_result")


@upstream("server/channels/app/post_metadata.go", "getCustomEmojisForPost")
def test_post_metadata_lists_custom_emojis(mm, client, alice):
    team = mm.make_team(members=[alice])
    channel = mm.make_channel(team, members=[alice])
    emoji = _create(client, "blob", alice.id).json()
    post = client.post("/posts", json={"channel_id": channel.id, "message": "hi :blob: :smile:"}).json()
    assert post["metadata"]["emojis"] == [emoji]
    plain = client.post("/posts", json={"channel_id": channel.id, "message": "no emoji"}).json()
    assert "emojis" not in plain["metadata"]
