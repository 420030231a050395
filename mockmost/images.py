"""Image work the real server does with its imaging package, done with Pillow.
Upstream: server/channels/app/user.go AdjustImage (upright by EXIF orientation, FillCenter 128x128,
PNG), app/image.go checkImageLimits (dimensions read first; width x height against
FileSettings.MaxImageResolution)."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from PIL import Image, ImageOps

ICON_SIZE = 128


class ImageError(ValueError):
    """`stage` names where it failed: "dimensions" (unreadable header or too large) or "decode"."""

    def __init__(self, stage: str, detail: str) -> None:
        super().__init__(detail)
        self.stage = stage


def _open(data: bytes) -> Image.Image:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        return Image.open(io.BytesIO(data))


def check_limits(data: bytes, max_resolution: int) -> None:
    try:
        width, height = _open(data).size
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError("dimensions", f"failed to get image dimensions: {exc}") from None
    if width * height > max_resolution:
        raise ImageError("dimensions", f"image resolution {width}x{height} is too large")


def icon_png(data: bytes) -> bytes:
    """A profile picture or team icon as stored: upright, cropped to the centre and scaled to 128x128, PNG
    (app/user.go AdjustImage, app/team.go SetTeamIconFromFile)."""
    try:
        image = _open(data)
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError("decode", str(exc)) from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    fitted = ImageOps.fit(image, (ICON_SIZE, ICON_SIZE), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, format="PNG")
    return out.getvalue()


# app/file.go: thumbnails 120 wide (or 100 high), previews at most 1920 wide, 16x16 mini previews, all JPEG
# at quality 90 (imaging.GenerateThumbnail, GeneratePreview, GenerateMiniPreviewImage; jpegEncQuality).
THUMBNAIL_WIDTH, THUMBNAIL_HEIGHT, PREVIEW_WIDTH, MINI_PREVIEW_SIZE, JPEG_QUALITY = 120, 100, 1920, 16, 90


def _upright(data: bytes) -> Image.Image:
    try:
        image = _open(data)
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError("decode", str(exc)) from None
    return ImageOps.exif_transpose(image)


def _jpeg(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.convert("RGB").save(out, format="JPEG", quality=JPEG_QUALITY)
    return out.getvalue()


def _resize(image: Image.Image, width: int, height: int) -> Image.Image:
    """bild's Resize with one side 0: that side follows the aspect ratio."""
    w, h = image.size
    if width == 0:
        width = max(1, round(w * height / h))
    if height == 0:
        height = max(1, round(h * width / w))
    return image.resize((width, height), Image.Resampling.LANCZOS)


@dataclass(frozen=True, slots=True)
class Rendered:
    """What app/file.go postprocessImage writes beside an upload; None where nothing is made. `decoded`:
    False when the header read but the pixels did not (then the thumbnail and preview are the bytes as they
    are, as mockmost serves them)."""

    thumbnail: bytes | None = None
    preview: bytes | None = None
    mini_preview: bytes | None = None
    decoded: bool = True


def render(data: bytes, *, derived: bool, mini: bool) -> Rendered:
    """Decode once, then the thumbnail and preview (`derived`) and the 16x16 mini preview (`mini`).

    CPU-heavy (a 7680x4320 PNG takes about a second): callers on the event loop run it in a worker thread
    (Ctx.off_loop)."""
    if not derived and not mini:
        return Rendered()
    try:
        image = _upright(data)
    except ImageError:
        original = bytes(data) if derived else None
        return Rendered(original, original, None, decoded=False)
    w, h = image.size
    thumbnail = preview = None
    if derived:
        small_side = _resize(image, THUMBNAIL_WIDTH, 0) if w > h else _resize(image, 0, THUMBNAIL_HEIGHT)
        thumbnail = _jpeg(small_side)
        preview = _jpeg(_resize(image, PREVIEW_WIDTH, 0) if w > PREVIEW_WIDTH else image)
    small = _jpeg(_resize(image, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE)) if mini else None
    return Rendered(thumbnail, preview, small)
