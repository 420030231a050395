"""The 16x16 mini preview is the server's own bytes. Upstream: server/channels/app/imaging/preview.go
GenerateMiniPreviewImage (bild transform.Resize with Lanczos, then Go's image/jpeg at quality 90).

The digests were recorded from Mattermost 11.2 (built with Go 1.26.8, bild v0.14.0): each image below was
uploaded with POST /api/v4/files and the sha256 of its base64-decoded `mini_preview` noted."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
from PIL import Image

from mockmost import images

# Progressive JPEGs (Pillow wrote them once; kept as bytes so that no encoder version changes the input):
# 24x18, 4:4:4 colour, and the same in grey.
_PROGRESSIVE_444 = (
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYn"
    "KSopGR8tMC0oMCUoKSj/2wBDAQcHBwoIChMKChMoGhYaKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgoKCgo"
    "KCgoKCgoKCj/wgARCAASABgDAREAAhEBAxEB/8QAFwABAQEBAAAAAAAAAAAAAAAABAUCBv/EABkBAQEAAwEAAAAAAAAAAAAAAAUD"
    "AQQGB//aAAwDAQACEAMQAAAB4TE6m4k6KjIee0MKPkpifDU9hJZi/wD/xAAaEAACAwEBAAAAAAAAAAAAAAACAwAEMgEh/9oACAEB"
    "AAEFAl14FaBX5Eo8BEFEVgNBn//EABwRAAICAgMAAAAAAAAAAAAAAAADAQQCITEyQf/aAAgBAwEBPwFVgVZFWJMHin+QJeL7Cp0K"
    "5P/EACgRAAEDAQYFBQAAAAAAAAAAAAEAAgMRBBMUITHwEkFxgbEjNJHB0f/aAAgBAgEBPwGIXiwjGt4pMgiyA5RtLt75KwyNay8d"
    "oFeV9abMnQb5b1UkprST4GQ7+VB7N3byFQYhnT7KApZm9f1f/8QAGRAAAgMBAAAAAAAAAAAAAAAAAAEQESEx/9oACAEBAAY/AjTk"
    "WzYQj//EABsQAQADAQADAAAAAAAAAAAAAAEAETFBIVGB/9oACAEBAAE/IbuQQsVOBsAsk5NvCep8MgLeITIyEyNn/9oADAMBAAIA"
    "AwAAABCrfaFf/8QAGREBAQEBAQEAAAAAAAAAAAAAAQARQSEx/9oACAEDAQE/EMOzrhebXJVAbuXyxm4m372bf//EACERAQACAQQC"
    "AwEAAAAAAAAAAAERIQAxQVFhcYGRobHh/9oACAECAQE/EMDLR2fMHL0W5IJKioH22R9urxmtE/wnd0OXHw6D8OBu+2VbFawK0IQ6"
    "ljyl0mCMvgBqtuBACkj2Qr9g+TP/xAAcEAEAAgMBAQEAAAAAAAAAAAABABEhQWExscH/2gAIAQEAAT8QwfzCgB2PwzrFDPMQLltX"
    "TAfDkSwVaFxA7PBNa6TjTrrDAZDePcM//9k="
)
_PROGRESSIVE_GREY = (
    "/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDAAYEBQYFBAYGBQYHBwYIChAKCgkJChQODwwQFxQYGBcUFhYaHSUfGhsjHBYWICwgIyYn"
    "KSopGR8tMC0oMCUoKSj/wgALCAASABgBAREA/8QAFwABAQEBAAAAAAAAAAAAAAAABAUCBv/aAAgBAQAAAAHhKjmUH4pr/8QAGhAA"
    "AgMBAQAAAAAAAAAAAAAAAgMABDIBIf/aAAgBAQABBQJdeBWgV+RKPARBRFYDQZ//xAAZEAACAwEAAAAAAAAAAAAAAAAAARARITH/"
    "2gAIAQEABj8CNORbNhCP/8QAGxABAAMBAAMAAAAAAAAAAAAAAQARMUEhUYH/2gAIAQEAAT8hu5BCxU4GwCyTk28J6nwyAt4hMjIT"
    "I2f/2gAIAQEAAAAQvn//xAAcEAEAAgMBAQEAAAAAAAAAAAABABEhQWExscH/2gAIAQEAAT8QwfzCgB2PwzrFDPMQLltXTAfDkSwV"
    "aFxA7PBNa6TjTrrDAZDePcM//9k="
)


def _gradient_rgba() -> bytes:
    """Straight alpha everywhere: the premultiplication of draw.Src shows."""
    img = Image.new("RGBA", (37, 23))
    img.putdata(
        [(x * 7 % 256, y * 11 % 256, (x * y) % 256, (x + y) * 5 % 256) for y in range(23) for x in range(37)]
    )
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _stripes_gif() -> bytes:
    """A paletted image with a transparent index, wider than 16 (downscaled) and not a multiple of 16."""
    img = Image.new("P", (50, 20))
    img.putpalette(bytes([0, 0, 0, 255, 255, 255, 200, 30, 30, 10, 120, 240]))
    img.putdata([(x // 3 + y // 5) % 4 for y in range(20) for x in range(50)])
    out = io.BytesIO()
    img.save(out, "GIF", transparency=0)
    return out.getvalue()


def _gray_small() -> bytes:
    """Grey and smaller than 16x16: the Lanczos filter upscales."""
    img = Image.new("L", (9, 13))
    img.putdata([(x * 29 + y * 17) % 256 for y in range(13) for x in range(9)])
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def _baseline_420() -> bytes:
    """A baseline 4:2:0 JPEG as Go's encoder writes one (go_jpeg_rgba, checked against the server above)."""
    pix = bytes(
        v
        for y in range(30)
        for x in range(40)
        for v in ((x * 9) % 256, (y * 13) % 256, (x * y * 3) % 256, 255)
    )
    return images.go_jpeg_rgba(pix, 40, 30, 75)


def _solid_png() -> bytes:
    """The parity scenario files_basic's pic.png."""
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


@pytest.mark.parametrize(
    ("make", "length", "digest"),
    [
        (_gradient_rgba, 710, "351785cf6dc24659ca6ad5e0d6a4b6bf366d4041c27e9dd50562665701d3f8bc"),
        (_stripes_gif, 764, "8c7078016975de7f27cd27cefbc7ff5bb97fb006822ce9640b94ea3ea528a9ba"),
        (_gray_small, 728, "8d5d72d91512bd0ef00598fc08d6fb179600cf336444f027e50f972dd20abb31"),
        # JPEG uploads: decoded as image/jpeg decodes them (its IDCT, nearest chroma, YCbCrToRGB)
        (_baseline_420, 719, "e7b7f5a7eb8ab822c33fe3aba75e6490aacb02ef857cf58236c4e7d8b0e8eab9"),
        (
            lambda: base64.b64decode(_PROGRESSIVE_444),
            704,
            "37985bc7980c040b2068284aff180e706006a1b486b1e9acf2a0064212241812",
        ),
        (
            lambda: base64.b64decode(_PROGRESSIVE_GREY),
            664,
            "0d8dd52a562c81de4b758b65550f4859f384fa1bdec44753a034d43894208c7f",
        ),
    ],
)
def test_mini_preview_is_the_servers_bytes(make, length, digest):
    mini = images.render(make(), derived=False, mini=True).mini_preview
    assert mini is not None and len(mini) == length
    assert hashlib.sha256(mini).hexdigest() == digest


def test_mini_preview_is_a_baseline_go_jpeg():
    mini = images.render(_solid_png(), derived=False, mini=True).mini_preview
    assert mini is not None
    # SOI then DQT at once: Go writes no JFIF APP0 segment; both tables in one DQT, all four in one DHT
    assert mini[:6] == b"\xff\xd8\xff\xdb\x00\x84" and mini[-2:] == b"\xff\xd9"
    decoded = Image.open(io.BytesIO(mini))
    assert decoded.format == "JPEG" and decoded.size == (16, 16) and decoded.mode == "RGB"


def test_large_images_with_repeated_rows_stay_exact_and_fast():
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), (200, 30, 30)).save(out, "PNG")
    big = images.render(out.getvalue(), derived=False, mini=True).mini_preview
    assert big == images.render(_solid_png(), derived=False, mini=True).mini_preview
