"""Team icons. Upstream: server/channels/api4/team.go (getTeamIcon, setTeamIcon, removeTeamIcon),
app/team.go (SetTeamIconFromMultiPartFile: limits, decode, FillCenter 128x128 PNG; RemoveTeamIcon), sqlstore
team_store.go UpdateLastTeamIconUpdate (sets LastTeamIconUpdate and UpdateAt to the same value, 0 on
remove)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "purple").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def crew(mm):
    owner, member = mm.make_user("owner"), mm.make_user("member")
    team = mm.make_team("crew", members=[member], creator=owner, type="I", allow_open_invite=False)
    return owner, member, team


@upstream
def test_set_get_and_remove(mm, login, crew):
    owner, member, team = crew
    client = login(owner)
    assert_app_error(client.get(f"/teams/{team.id}/image"), 404, "api.team.get_team_icon.read_file.app_error")
    reply = client.post(f"/teams/{team.id}/image", files={"image": ("icon.png", _png(400, 100), "image/png")})
    assert reply.json() == {"status": "OK"}
    got = login(member).get(f"/teams/{team.id}/image")
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(got.content)).size == (128, 128)
    stamp = client.get(f"/teams/{team.id}").json()["last_team_icon_update"]
    assert got.headers["etag"] == str(stamp) and client.get(f"/teams/{team.id}").json()["update_at"] == stamp
    assert client.get(f"/teams/{team.id}/image", headers={"If-None-Match": str(stamp)}).status_code == 304
    assert mm.events_named("update_team")
    assert client.delete(f"/teams/{team.id}/image").json() == {"status": "OK"}
    after = client.get(f"/teams/{team.id}").json()
    # UpdateLastTeamIconUpdate(team, 0) zeroes both columns; the icon file itself stays and is still served.
    assert "last_team_icon_update" not in after and after["update_at"] == 0
    assert client.get(f"/teams/{team.id}/image").status_code == 200


@upstream
def test_refusals_are_400_and_permission_first(mm, login, crew):
    owner, member, team = crew
    client = login(owner)
    url = f"/teams/{team.id}/image"
    assert_app_error(client.post(url, json={"x": 1}), 400, "api.team.set_team_icon.parse.app_error")
    assert_app_error(
        client.post(url, files={"file": ("i.png", _png(8, 8), "image/png")}),
        400,
        "api.team.set_team_icon.no_file.app_error",
    )
    assert_app_error(
        client.post(url, files={"image": ("i.png", b"nope", "image/png")}),
        400,
        "api.team.set_team_icon.check_image_limits.app_error",
    )
    assert_app_error(
        login(member).post(url, files={"image": ("i.png", _png(8, 8), "image/png")}),
        403,
        "api.context.permissions.app_error",
    )
    assert_app_error(login(member).delete(url), 403, "api.context.permissions.app_error")
    outsider = mm.make_user("outsider")
    assert_app_error(login(outsider).get(url), 403, "api.context.permissions.app_error")
    mm.set_config("FileSettings.MaxFileSize", 50)
    assert_app_error(
        client.post(url, files={"image": ("i.png", _png(8, 8), "image/png")}),
        400,
        "api.team.set_team_icon.too_large.app_error",
    )
