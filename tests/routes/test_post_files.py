"""GET /posts/{post_id}/files/info. Upstream: server/channels/api4/post.go getFileInfosForPost."""

from __future__ import annotations

import pytest

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


@upstream("server/channels/api4/post.go", "getFileInfosForPost")
def test_get_file_infos_for_post(mm, login):
    alice = mm.make_user("alice")
    team = mm.make_team(members=[alice])
    channel = mm.make_channel(team, members=[alice])
    client = login(alice)
    ids = [
        client.post("/files", params={"channel_id": channel.id, "filename": f"{n}.txt"}, content=b"x").json()[
            "file_infos"
        ][0]["id"]
        for n in ("a", "b")
    ]
    post = client.post("/posts", json={"channel_id": channel.id, "message": "two", "file_ids": ids}).json()
    resp = client.get(f"/posts/{post['id']}/files/info")
    assert resp.status_code == 200
    infos = resp.json()
    assert sorted(i["id"] for i in infos) == sorted(ids) and all(i["post_id"] == post["id"] for i in infos)
    assert resp.headers["etag"].startswith(f"11.2.0.{post['id']}.")
    again = client.get(f"/posts/{post['id']}/files/info", headers={"if-none-match": resp.headers["etag"]})
    assert again.status_code == 304
    empty = client.post("/posts", json={"channel_id": channel.id, "message": "none"}).json()
    assert client.get(f"/posts/{empty['id']}/files/info").json() == []


@upstream("server/channels/app/file.go", "GetFileInfosForPostWithMigration")
def test_get_file_infos_for_unknown_post(mm, login):
    user_client = login(mm.make_user("alice"))
    assert_app_error(
        user_client.get(f"/posts/{'p' * 26}/files/info"), 403, "api.context.permissions.app_error"
    )
    assert_app_error(mm.client.get(f"/posts/{'p' * 26}/files/info"), 404, "app.post.get.app_error")
