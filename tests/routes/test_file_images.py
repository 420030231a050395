"""Thumbnails, previews and mini previews of uploaded images. Upstream: server/channels/app/file.go
(imageThumbnailWidth 120, imageThumbnailHeight 100, imagePreviewWidth 1920, a 16x16 mini preview, JPEG quality
90), server/channels/app/imaging/preview.go (GenerateThumbnail keeps the aspect ratio, GeneratePreview only
shrinks)."""

from __future__ import annotations

import base64
import io

import pytest
from PIL import Image

upstream = pytest.mark.upstream


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), "green").save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def upload(mm):
    channel = mm.make_channel(mm.make_team("pics"), "pics")

    def send(width: int, height: int) -> dict:
        reply = mm.client.post(
            "/files",
            data={"channel_id": channel.id},
            files={"files": ("pic.png", _png(width, height), "image/png")},
        )
        assert reply.status_code == 201
        return reply.json()["file_infos"][0]

    return send


@upstream
@pytest.mark.parametrize(
    ("size", "thumb"), [((600, 300), (120, 60)), ((300, 600), (50, 100)), ((40, 20), (120, 60))]
)
def test_thumbnail_keeps_aspect_within_120_by_100(mm, upload, size, thumb):
    info = upload(*size)
    reply = mm.client.get(f"/files/{info['id']}/thumbnail")
    assert reply.status_code == 200 and reply.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(reply.content))
    assert image.format == "JPEG" and image.size == thumb


@upstream
def test_preview_only_shrinks_to_1920(mm, upload):
    big, small = upload(2400, 1200), upload(800, 600)
    assert Image.open(io.BytesIO(mm.client.get(f"/files/{big['id']}/preview").content)).size == (1920, 960)
    assert Image.open(io.BytesIO(mm.client.get(f"/files/{small['id']}/preview").content)).size == (800, 600)


@upstream
def test_mini_preview_is_a_16px_jpeg_of_the_image(upload):
    info = upload(64, 32)
    mini = Image.open(io.BytesIO(base64.b64decode(info["mini_preview"])))
    assert mini.format == "JPEG" and mini.size == (16, 16)
    red, green, blue = mini.convert("RGB").getpixel((8, 8))
    assert green > 100 and red < 60 and blue < 60


@upstream("server/channels/app/file.go", "postprocessImage")
def test_thumbnail_and_preview_made_once_at_upload(mm, upload, monkeypatch):
    info = upload(600, 300)
    stored = mm.store.file_by_id[info["id"]]
    assert stored.thumbnail is not None and stored.preview is not None

    def no_image_work(*args, **kwargs):
        raise AssertionError("image work on a read")

    monkeypatch.setattr("mockmost.images._upright", no_image_work)
    assert mm.client.get(f"/files/{info['id']}/thumbnail").content == stored.thumbnail
    assert mm.client.get(f"/files/{info['id']}/preview").content == stored.preview
