"""Image work the real server does with its imaging package, done with Pillow.
Upstream: server/channels/app/user.go AdjustImage (upright by EXIF orientation, FillCenter 128x128,
PNG), app/image.go checkImageLimits (dimensions read first; width x height against
FileSettings.MaxImageResolution)."""

from __future__ import annotations

import io
import warnings

from PIL import Image, ImageOps

PROFILE_SIZE = 128


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


def profile_png(data: bytes) -> bytes:
    """The stored profile picture: upright, cropped to the centre and scaled to 128x128, as PNG."""
    try:
        image = _open(data)
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageError("decode", str(exc)) from None
    image = ImageOps.exif_transpose(image)
    if image.mode not in ("RGB", "RGBA"):
        image = image.convert("RGBA")
    fitted = ImageOps.fit(image, (PROFILE_SIZE, PROFILE_SIZE), method=Image.Resampling.LANCZOS)
    out = io.BytesIO()
    fitted.save(out, format="PNG")
    return out.getvalue()
