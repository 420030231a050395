"""Profile pictures. Upstream: server/channels/api4/user.go (setProfileImage, setDefaultProfileImage),
app/user.go (SetProfileImageFromMultiPartFile: image limits, then AdjustImage to a 128x128 PNG;
UpdateDefaultProfileImage), sqlstore user_store.go (UpdateLastPictureUpdate = now, ResetLastPictureUpdate =
-now)."""

from __future__ import annotations

import io

import pytest
from mattermostdriver import Driver
from PIL import Image

from tests.helpers import assert_app_error

upstream = pytest.mark.upstream


def _png(width: int, height: int, color: str = "red") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def alice(mm):
    return mm.make_user("alice")


@upstream
def test_upload_is_adjusted_to_128_png_and_default_restores(mm, login, alice):
    client = login(alice)
    before = client.get("/users/me").json()
    reply = client.post(f"/users/{alice.id}/image", files={"image": ("me.jpg", _png(300, 200), "image/jpeg")})
    assert reply.status_code == 200 and reply.json() == {"status": "OK"}
    stored = Image.open(io.BytesIO(client.get(f"/users/{alice.id}/image").content))
    assert stored.format == "PNG" and stored.size == (128, 128)
    me = client.get("/users/me").json()
    assert (
        me["last_picture_update"] > 0
        and me["update_at"] >= me["last_picture_update"] > before["update_at"] - 1
    )
    assert mm.events_named("user_updated")
    assert client.delete(f"/users/{alice.id}/image").json() == {"status": "OK"}
    # ResetLastPictureUpdate stores the time negated.
    assert client.get("/users/me").json()["last_picture_update"] < 0
    default = client.get(f"/users/{alice.id}/image/default").content
    assert client.get(f"/users/{alice.id}/image").content == default


@upstream
def test_upload_refusals(mm, login, alice):
    client = login(alice)
    url = f"/users/{alice.id}/image"
    assert_app_error(
        client.post(url, files={"image": ("x.png", b"not an image", "image/png")}),
        400,
        "api.user.upload_profile_user.check_image_limits.app_error",
    )
    assert_app_error(
        client.post(url, files={"other": ("x.png", _png(10, 10), "image/png")}),
        400,
        "api.user.upload_profile_user.no_file.app_error",
    )
    # ParseMultipartForm failing is a 500 on the real server too.
    assert_app_error(
        client.post(url, json={"image": "x"}), 500, "api.user.upload_profile_user.parse.app_error"
    )
    bob = mm.make_user("bob")
    assert_app_error(
        client.post(f"/users/{bob.id}/image", files={"image": ("x.png", _png(5, 5), "image/png")}),
        403,
        "api.context.permissions.app_error",
    )
    mm.set_config("FileSettings.MaxImageResolution", 100)
    assert_app_error(
        client.post(url, files={"image": ("big.png", _png(20, 20), "image/png")}),
        400,
        "api.user.upload_profile_user.check_image_limits.app_error",
    )
    assert "last_picture_update" not in client.get("/users/me").json()


@upstream
def test_mattermostdriver_sets_a_bot_avatar(mock_mattermost):
    bot_user, _ = mock_mattermost.make_bot("avatarbot")
    driver = Driver(
        {
            "url": mock_mattermost.host,
            "port": mock_mattermost.port,
            "scheme": "http",
            "token": mock_mattermost.admin_token,
        }
    )
    driver.login()
    driver.users.set_user_profile_image(
        bot_user.id, files={"image": ("bot.png", _png(64, 64, "blue"), "image/png")}
    )
    picture = Image.open(io.BytesIO(driver.users.get_user_profile_image(bot_user.id).content))
    assert picture.size == (128, 128) and picture.getpixel((64, 64))[:3] == (0, 0, 255)
