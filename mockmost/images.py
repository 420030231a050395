"""Image work the real server does with its imaging package, done with Pillow.
Upstream: server/channels/app/user.go AdjustImage (upright by EXIF orientation, FillCenter 128x128,
PNG), app/image.go checkImageLimits (dimensions read first; width x height against
FileSettings.MaxImageResolution)."""

from __future__ import annotations

import io
import math
import struct
import sys
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from functools import reduce
from operator import add, mul

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
    small = go_mini_preview(image, data) if mini else None
    return Rendered(thumbnail, preview, small)


# ---- the mini preview as the server makes it, byte for byte ------------------------------------------------
# GenerateMiniPreviewImage (app/imaging/preview.go): the decoded image drawn into an *image.RGBA (bild's
# clone.AsShallowRGBA: draw.Src, so colours become alpha-premultiplied), resized by bild's transform.Resize
# with its Lanczos filter (horizontal pass, then vertical; float64 sums in tap order, +0.5 and truncation),
# then Go's image/jpeg Encode at quality 90 (baseline, no JFIF header, one DQT and one DHT segment, 4:2:0,
# the Loeffler integer FDCT of Go 1.25+, the K.3 Huffman tables). Every float operation below is done in the
# order Go does it, and math.Sin is Go's own polynomial (not the C library's), so the bytes are the server's.

_GO_PI = 3.141592653589793  # float64(math.Pi)
_GO_PI_SQUARED = float.fromhex("0x1.3bd3cc9be45dep+3")  # the constant math.Pi*math.Pi, rounded once
_GO_FOUR_OVER_PI = float.fromhex("0x1.45f306dc9c883p+0")  # the constant 4/math.Pi, rounded once
_SIN = (
    1.58962301576546568060e-10,
    -2.50507477628578072866e-8,
    2.75573136213857245213e-6,
    -1.98412698295895385996e-4,
    8.33333333332211858878e-3,
    -1.66666666666666307295e-1,
)
_COS = (
    -1.13585365213876817300e-11,
    2.08757008419747316778e-9,
    -2.75573141792967388112e-7,
    2.48015872888517045348e-5,
    -1.38888888888730564116e-3,
    4.16666666666665929218e-2,
)
_PI4A, _PI4B, _PI4C = 7.85398125648498535156e-1, 3.77489470793079817668e-8, 2.69515142907905952645e-15


def _go_sin(x: float) -> float:
    """Go's math.Sin for the small arguments the Lanczos filter passes (|x| < 3*pi): the Cephes polynomials
    after an octant reduction in three parts (math/sin.go)."""
    if x == 0:
        return x
    sign = x < 0
    x = abs(x)
    j = int(x * _GO_FOUR_OVER_PI)
    y = float(j)
    if j & 1:
        j += 1
        y += 1
    j &= 7
    z = ((x - y * _PI4A) - y * _PI4B) - y * _PI4C
    if j > 3:
        sign = not sign
        j -= 4
    zz = z * z
    if j in (1, 2):
        c = _COS
        y = (
            1.0
            - 0.5 * zz
            + zz * zz * ((((((c[0] * zz) + c[1]) * zz + c[2]) * zz + c[3]) * zz + c[4]) * zz + c[5])
        )
    else:
        s = _SIN
        y = z + z * zz * ((((((s[0] * zz) + s[1]) * zz + s[2]) * zz + s[3]) * zz + s[4]) * zz + s[5])
    return -y if sign else y


def _lanczos(x: float) -> float:
    """bild's transform.Lanczos filter (support 3)."""
    x = abs(x)
    if x == 0:
        return 1.0
    if x < 3.0:
        return (3.0 * _go_sin(_GO_PI * x) * _go_sin(_GO_PI * (x / 3.0))) / (_GO_PI_SQUARED * x * x)
    return 0.0


def _go_rgba(image: Image.Image) -> bytes:
    """The decoded image as Go's *image.RGBA after draw.Src: straight alpha becomes premultiplied the way
    drawNRGBASrc does it (c * a*0x101 / 0xff, then the high byte); opaque pixels are unchanged."""
    if image.mode in ("RGB", "L") and "transparency" not in image.info:
        return image.convert("RGBA").tobytes()
    raw = image.convert("RGBA").tobytes()
    out = bytearray(raw)
    for i in range(0, len(raw), 4):
        a = raw[i + 3]
        if a != 255:
            sa = a * 0x101
            out[i] = (raw[i] * sa // 0xFF) >> 8
            out[i + 1] = (raw[i + 1] * sa // 0xFF) >> 8
            out[i + 2] = (raw[i + 2] * sa // 0xFF) >> 8
    return bytes(out)


def _taps(src_len: int, dst_len: int) -> list[tuple[int, int, list[float], float]]:
    """For each destination sample: first and last source index, the filter weights, their sum."""
    delta = src_len / dst_len
    scale = max(delta, 1.0)
    radius = math.ceil(scale * 3.0)
    taps = []
    for x in range(dst_len):
        ix = (x + 0.5) * delta - 0.5
        start, end = max(int(ix - radius + 0.5), 0), min(int(ix + radius), src_len - 1)
        weights = [_lanczos((k - ix) / scale) for k in range(start, end + 1)]
        taps.append((start, end, weights, _sum_in_order(weights)))
    return taps


if sys.version_info >= (3, 12):

    def _sum_in_order(values: Iterable[float]) -> float:
        """Left to right, one rounding per addition, as Go's `r += ...` (sum() compensates since 3.12)."""
        return reduce(add, values, 0.0)

else:

    def _sum_in_order(values: Iterable[float]) -> float:
        """Before 3.12 sum() of floats adds left to right in a C double: Go's roundings, twice as fast."""
        return sum(values, 0.0)


def _sample(values: bytes | bytearray, weights: list[float], total: float) -> int:
    """One output channel value: the weighted sum in tap order, divided by the weights' sum, +0.5, clamped to
    0..255 and truncated (f64.Clamp, uint8)."""
    return int(min(max(_sum_in_order(map(mul, values, weights)) / total + 0.5, 0.0), 255.0))


def _go_resize(pix: bytes, width: int, height: int, dst_w: int, dst_h: int) -> bytes:
    """bild transform.Resize(img, dst_w, dst_h, Lanczos) on RGBA bytes: resampleHorizontal, then
    resampleVertical."""
    stride = width * 4
    cols = _taps(width, dst_w)
    wide = bytearray(dst_w * height * 4)
    line = dst_w * 4
    previous = b""
    for y in range(height):
        row, at = y * stride, y * line
        source = pix[row : row + stride]
        if source == previous:  # the same row gives the same samples: solid and banded images go fast
            wide[at : at + line] = wide[at - line : at]
            continue
        previous = source
        for start, end, weights, total in cols:
            for c in range(start * 4, start * 4 + 4):
                wide[at] = _sample(source[c : end * 4 + 4 : 4], weights, total)
                at += 1
    stride = dst_w * 4
    out = bytearray(dst_w * dst_h * 4)
    at = 0
    for start, end, weights, total in _taps(height, dst_h):
        for c in range(start * stride, start * stride + stride):
            out[at] = _sample(wide[c : end * stride + stride : stride], weights, total)
            at += 1
    return bytes(out)


# image/jpeg writer.go: the K.1 tables in zig-zag order, the K.3 Huffman specs (counts, values).
_LUMINANCE_QUANT = """
    16 11 12 14 12 10 16 14 13 14 18 17 16 19 24 40 26 24 22 22 24 49 35 37 29 40 58 51 61 60 57 51
    56 55 64 72 92 78 64 68 87 69 55 56 80 109 81 87 95 98 103 104 103 62 77 113 121 112 100 120 92 101 103 99
"""
_UNSCALED_QUANT = (
    bytes(int(v) for v in _LUMINANCE_QUANT.split()),
    bytes((17, 18, 18, 24, 21, 24, 47, 26, 26, 47, 99, 66, 56, 66) + (99,) * 50),
)
_UNZIG = tuple(
    int(v)
    for v in """
    0 1 8 16 9 2 3 10 17 24 32 25 18 11 4 5 12 19 26 33 40 48 41 34 27 20 13 6 7 14 21 28
    35 42 49 56 57 50 43 36 29 22 15 23 30 37 44 51 58 59 52 45 38 31 39 46 53 60 61 54 47 55 62 63
""".split()
)
_AC_VALUES = bytes.fromhex(
    "01020300041105122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a"
    "3435363738393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a9293949596"
    "9798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2"
    "f3f4f5f6f7f8f9fa"
)
_CHROMA_AC_VALUES = bytes.fromhex(
    "000102031104052131061241510761711322328108144291a1b1c109233352f0156272d10a162434e125f11718191a262728292a"
    "35363738393a434445464748494a535455565758595a636465666768696a737475767778797a82838485868788898a9293949596"
    "9798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4"
    "f5f6f7f8f9fa"
)
_HUFFMAN_SPECS = (
    (bytes((0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)), bytes(range(12))),
    (bytes((0, 2, 1, 3, 3, 2, 4, 3, 5, 5, 4, 4, 0, 0, 1, 125)), _AC_VALUES),
    (bytes((0, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0)), bytes(range(12))),
    (bytes((0, 2, 1, 2, 4, 4, 3, 4, 7, 5, 4, 4, 0, 1, 2, 119)), _CHROMA_AC_VALUES),
)


def _huffman_codes(counts: bytes, values: bytes) -> dict[int, tuple[int, int]]:
    """value -> (code, length), as huffmanLUT.init assigns them."""
    codes, code, k = {}, 0, 0
    for i, count in enumerate(counts):
        for _ in range(count):
            codes[values[k]] = (code, i + 1)
            code += 1
            k += 1
        code <<= 1
    return codes


_HUFFMAN_CODES = tuple(_huffman_codes(*spec) for spec in _HUFFMAN_SPECS)


def _fixed(value: int, bits: int) -> int:
    """dct.go c(): a 60-bit fixed-point constant rounded to `bits` fractional bits."""
    return (value + (1 << (59 - bits))) >> (60 - bits)


_COS1, _SIN1, _COS3, _SIN3 = 1130768441178740757, 224923827593068887, 958619196450722178, 640528868967736374
_SQRT2, _SQRT2_COS6, _SQRT2_SIN6 = 1630477228166597777, 623956622067911264, 1506364539328854985
_K18 = tuple(_fixed(v, 18) for v in (_COS3, _SIN3, _COS1, _SIN1, _SQRT2_COS6, _SQRT2_SIN6))
_K14 = tuple(_fixed(v, 14) for v in (_COS3, _SIN3, _COS1, _SIN1, _SQRT2_COS6, _SQRT2_SIN6))
_R2_12, _R2_14 = _fixed(_SQRT2, 12), _fixed(_SQRT2, 14)


def _box(x0: int, x1: int, kcos: int, ksin: int) -> tuple[int, int]:
    ksum = kcos * (x0 + x1)
    return ksum + (ksin - kcos) * x1, ksum - (kcos + ksin) * x0


def _fdct(b: list[int]) -> None:
    """dct.go fdct (fdctCols, then fdctRows): inputs 0..255, outputs Q13.0 (8 times the DCT), in place."""
    k = _K18
    for i in range(8):
        x0, x1, x2, x3, x4, x5, x6, x7 = b[i:64:8]
        x0, x7 = x0 + x7, x0 - x7
        x1, x6 = x1 + x6, x1 - x6
        x2, x5 = x2 + x5, x2 - x5
        x3, x4 = x3 + x4, x3 - x4
        x4, x7 = _box(x4, x7, k[0], k[1])
        x5, x6 = _box(x5, x6, k[2], k[3])
        x0, x3 = x0 + x3, x0 - x3
        x1, x2 = x1 + x2, x1 - x2
        x2, x3 = _box(x2, x3, k[4], k[5])
        x0, x1 = x0 + x1, x0 - x1
        b[i] = (x0 - 128 * 8) << 18
        b[32 + i] = x1 << 18
        b[16 + i] = x2
        b[48 + i] = x3
        x4, x6 = x4 + x6, x4 - x6
        x7, x5 = x7 + x5, x7 - x5
        x5 = (x5 >> 12) * _R2_12
        x6 = (x6 >> 12) * _R2_12
        x7, x4 = x7 + x4, x7 - x4
        b[8 + i] = x7
        b[24 + i] = x5
        b[40 + i] = x6
        b[56 + i] = x4
    k = _K14
    half = 1 << 17
    for i in range(0, 64, 8):
        x0, x1, x2, x3, x4, x5, x6, x7 = b[i : i + 8]
        x0, x7 = x0 + x7, x0 - x7
        x1, x6 = x1 + x6, x1 - x6
        x2, x5 = x2 + x5, x2 - x5
        x3, x4 = x3 + x4, x3 - x4
        x4, x7 = _box(x4 >> 14, x7 >> 14, k[0], k[1])
        x5, x6 = _box(x5 >> 14, x6 >> 14, k[2], k[3])
        x0, x3 = x0 + x3, x0 - x3
        x1, x2 = x1 + x2, x1 - x2
        x2, x3 = _box(x2 >> 14, x3 >> 14, k[4], k[5])
        x0, x1 = x0 + x1, x0 - x1
        x4, x6 = x4 + x6, x4 - x6
        x7, x5 = x7 + x5, x7 - x5
        x5 = (x5 >> 14) * _R2_14
        x6 = (x6 >> 14) * _R2_14
        x7, x4 = x7 + x4, x7 - x4
        b[i : i + 8] = [(v + half) >> 18 for v in (x0, x7, x2, x5, x1, x6, x3, x4)]


def _div(a: int, b: int) -> int:
    """writer.go div: a/b rounded to the nearest integer, halves away from zero."""
    return (a + (b >> 1)) // b if a >= 0 else -((-a + (b >> 1)) // b)


class _BitWriter:
    """encoder.emit: whole bytes only, 0xff followed by a stuffed 0x00."""

    def __init__(self, out: bytearray) -> None:
        self.out, self.bits, self.count = out, 0, 0

    def emit(self, bits: int, count: int) -> None:
        self.bits, self.count = (self.bits << count) | bits, self.count + count
        while self.count >= 8:
            self.count -= 8
            byte = (self.bits >> self.count) & 0xFF
            self.out.append(byte)
            if byte == 0xFF:
                self.out.append(0)
        self.bits &= (1 << self.count) - 1

    def huff(self, table: int, value: int) -> None:
        self.emit(*_HUFFMAN_CODES[table][value])

    def huff_rle(self, table: int, run: int, value: int) -> None:
        a, b = (value, value) if value >= 0 else (-value, value - 1)
        size = a.bit_length()
        self.huff(table, run << 4 | size)
        if size:
            self.emit(b & ((1 << size) - 1), size)


def _write_block(w: _BitWriter, b: list[int], quant: bytes, q: int, prev_dc: int) -> int:
    _fdct(b)
    dc = _div(b[0], 8 * quant[0])
    w.huff_rle(2 * q, 0, dc - prev_dc)
    table, run = 2 * q + 1, 0
    for zig in range(1, 64):
        ac = _div(b[_UNZIG[zig]], 8 * quant[zig])
        if ac == 0:
            run += 1
            continue
        while run > 15:
            w.huff(table, 0xF0)
            run -= 16
        w.huff_rle(table, run, ac)
        run = 0
    if run > 0:
        w.huff(table, 0x00)
    return dc


def _ycbcr(r: int, g: int, b: int) -> tuple[int, int, int]:
    """color.RGBToYCbCr."""
    yy = (19595 * r + 38470 * g + 7471 * b + (1 << 15)) >> 16
    cb = -11056 * r - 21712 * g + 32768 * b + (257 << 15)
    cr = 32768 * r - 27440 * g - 5328 * b + (257 << 15)
    cb = cb >> 16 if cb & 0xFF000000 == 0 else (0 if cb < 0 else 255)
    cr = cr >> 16 if cr & 0xFF000000 == 0 else (0 if cr < 0 else 255)
    return yy, cb, cr


def _scale(blocks: list[list[int]]) -> list[int]:
    """writer.go scale: four 8x8 chroma blocks averaged 2x2 into one."""
    dst = [0] * 64
    for i, src in enumerate(blocks):
        off = (i & 2) << 4 | (i & 1) << 2
        for y in range(4):
            for x in range(4):
                j = 16 * y + 2 * x
                dst[8 * y + x + off] = (src[j] + src[j + 1] + src[j + 8] + src[j + 9] + 2) >> 2
    return dst


def go_jpeg_rgba(pix: bytes, width: int, height: int, quality: int) -> bytes:
    """image/jpeg Encode of an *image.RGBA (alpha ignored; the colours are premultiplied already)."""
    quality = min(max(quality, 1), 100)
    factor = 5000 // quality if quality < 50 else 200 - quality * 2
    quant = [bytes(min(max((v * factor + 50) // 100, 1), 255) for v in t) for t in _UNSCALED_QUANT]
    out = bytearray(b"\xff\xd8\xff\xdb\x00\x84")
    for i, table in enumerate(quant):
        out.append(i)
        out += table
    out += b"\xff\xc0\x00\x11\x08" + struct.pack(">HH", height, width)
    out += b"\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
    dht = bytearray()
    for cls, (counts, values) in zip(b"\x00\x10\x01\x11", _HUFFMAN_SPECS, strict=True):
        dht.append(cls)
        dht += counts + values
    out += b"\xff\xc4" + struct.pack(">H", 2 + len(dht)) + dht
    out += b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00"
    planes = [_ycbcr(pix[i], pix[i + 1], pix[i + 2]) for i in range(0, width * height * 4, 4)]
    w = _BitWriter(out)
    prev_y = prev_cb = prev_cr = 0
    for top in range(0, height, 16):
        for left in range(0, width, 16):
            cbs, crs = [], []
            for i in range(4):
                x0, y0 = left + (i & 1) * 8, top + (i & 2) * 4
                yb, cb, cr = [0] * 64, [0] * 64, [0] * 64
                for j in range(8):
                    base = min(y0 + j, height - 1) * width
                    for k in range(8):
                        yb[8 * j + k], cb[8 * j + k], cr[8 * j + k] = planes[base + min(x0 + k, width - 1)]
                prev_y = _write_block(w, yb, quant[0], 0, prev_y)
                cbs.append(cb)
                crs.append(cr)
            prev_cb = _write_block(w, _scale(cbs), quant[1], 1, prev_cb)
            prev_cr = _write_block(w, _scale(crs), quant[1], 1, prev_cr)
    w.emit(0x7F, 7)
    out += b"\xff\xd9"
    return bytes(out)


# ---- JPEG uploads decoded as image/jpeg decodes them ------------------------------------------------------
# The mini preview starts from Go's pixels: its own IDCT (dct.go idct, Go 1.25+), chroma by nearest sample
# (image.YCbCr.COffset) and YCbCrToRGB, none of which libjpeg reproduces. Huffman-coded JPEGs of 8 bits
# (sequential or progressive), grey or YCbCr at 4:4:4, 4:2:2, 4:2:0 or 4:4:0, are decoded here; others
# (Adobe, RGB or CMYK components, 4:1:1) keep Pillow's pixels.

_K12 = tuple(_fixed(v, 12) for v in (_COS3, _SIN3, _COS1, _SIN1))
_SQRT2INV, _SQRT2INV_COS6, _SQRT2INV_SIN6 = 815238614083298888, 311978311033955632, 753182269664427492
_I18_COS6, _I18_SIN6 = _fixed(_SQRT2INV_COS6, 18), -_fixed(_SQRT2INV_SIN6, 18)
_I12_COS6, _I12_SIN6 = _fixed(_SQRT2INV_COS6, 12), -_fixed(_SQRT2INV_SIN6, 12)
_R2INV_8, _R2INV_14 = _fixed(_SQRT2INV, 8), _fixed(_SQRT2INV, 14)


def _idct(b: list[int]) -> None:
    """dct.go idct (idctRows, then idctCols), in place: dequantised coefficients in, samples - 128 out."""
    c3, s3, c1, s1 = _K12
    for i in range(0, 64, 8):
        x0, x7, x2, x5, x1, x6, x3, x4 = b[i : i + 8]
        x0 <<= 17
        x1 <<= 17
        x0, x1 = x0 + x1, x0 - x1
        x2, x3 = _box(x2, x3, _I18_COS6, _I18_SIN6)
        x1, x2 = x1 + x2, x1 - x2
        x0, x3 = x0 + x3, x0 - x3
        x4 <<= 7
        x7 <<= 7
        x7, x4 = x7 + x4, x7 - x4
        x6 = x6 * _R2INV_8
        x5 = x5 * _R2INV_8
        x7, x5 = x7 + x5, x7 - x5
        x4, x6 = x4 + x6, x4 - x6
        x4, x7 = _box(x4 >> 2, x7 >> 2, c3, -s3)
        x5, x6 = _box(x5 >> 2, x6 >> 2, c1, -s1)
        b[i : i + 8] = (x0 + x7, x1 + x6, x2 + x5, x3 + x4, x3 - x4, x2 - x5, x1 - x6, x0 - x7)
    for i in range(8):
        x0, x7, x2, x5, x1, x6, x3, x4 = b[i:64:8]
        x0 += 1 << 19
        x0, x1 = (x0 + x1) >> 2, (x0 - x1) >> 2
        x2, x3 = _box(x2 >> 13, x3 >> 13, _I12_COS6, _I12_SIN6)
        x1, x2 = x1 + x2, x1 - x2
        x0, x3 = x0 + x3, x0 - x3
        x7, x4 = x7 + x4, x7 - x4
        x5 = (x5 >> 13) * _R2INV_14
        x6 = (x6 >> 13) * _R2INV_14
        x7, x5 = x7 + x5, x7 - x5
        x4, x6 = x4 + x6, x4 - x6
        x4, x7 = _box(x4 >> 14, x7 >> 14, c3, -s3)
        x5, x6 = _box(x5 >> 14, x6 >> 14, c1, -s1)
        b[i:64:8] = (
            (x0 + x7) >> 18,
            (x1 + x6) >> 18,
            (x2 + x5) >> 18,
            (x3 + x4) >> 18,
            (x3 - x4) >> 18,
            (x2 - x5) >> 18,
            (x1 - x6) >> 18,
            (x0 - x7) >> 18,
        )


class _NotPorted(Exception):
    """A JPEG this decoder does not cover: Pillow's pixels are used instead."""


def _huffman_lookup(counts: bytes, values: bytes) -> list[tuple[int, int]]:
    """16-bit prefix -> (value, code length); length 0 marks a prefix that is no code."""
    table = [(0, 0)] * 65536
    code, k = 0, 0
    for length in range(1, 17):
        for _ in range(counts[length - 1]):
            if k >= len(values) or code >= 1 << length:
                raise _NotPorted("bad Huffman table")
            start = code << (16 - length)
            span = 1 << (16 - length)
            table[start : start + span] = [(values[k], length)] * span
            code += 1
            k += 1
        code <<= 1
    return table


class _Bits:
    """The entropy-coded bytes of one restart interval, unstuffed, read MSB first."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes) -> None:
        self.data = data + b"\x00\x00\x00\x00"
        self.pos = 0

    def huffman(self, table: list[tuple[int, int]]) -> int:
        p = self.pos
        peek = (int.from_bytes(self.data[p >> 3 : (p >> 3) + 3], "big") >> (8 - (p & 7))) & 0xFFFF
        value, length = table[peek]
        if not length:
            raise _NotPorted("bad Huffman code")
        self.pos = p + length
        return value

    def bit(self) -> bool:
        p = self.pos
        self.pos = p + 1
        return bool(self.data[p >> 3] >> (7 - (p & 7)) & 1)

    def read(self, size: int) -> int:
        """decodeBits: `size` bits as an unsigned number."""
        p = self.pos
        raw = int.from_bytes(self.data[p >> 3 : (p >> 3) + 4], "big")
        self.pos = p + size
        return (raw >> (32 - (p & 7) - size)) & ((1 << size) - 1)

    def receive_extend(self, size: int) -> int:
        if not size:
            return 0
        p = self.pos
        raw = int.from_bytes(self.data[p >> 3 : (p >> 3) + 4], "big")
        value = (raw >> (32 - (p & 7) - size)) & ((1 << size) - 1)
        self.pos = p + size
        return value if value >= 1 << (size - 1) else value - (1 << size) + 1


def _entropy_segments(data: bytes, start: int) -> tuple[list[bytes], int]:
    """The scan's bytes from `start`, split at restart markers and unstuffed, and where the next marker is."""
    segments, current, i, n = [], bytearray(), start, len(data)
    while i < n:
        j = data.find(b"\xff", i)
        if j < 0 or j + 1 >= n:
            raise _NotPorted("truncated scan")
        current += data[i:j]
        following = data[j + 1]
        if following == 0x00:
            current.append(0xFF)
            i = j + 2
        elif 0xD0 <= following <= 0xD7:
            segments.append(bytes(current))
            current = bytearray()
            i = j + 2
        elif following == 0xFF:
            i = j + 1  # fill bytes
        else:
            segments.append(bytes(current))
            return segments, j
    raise _NotPorted("truncated scan")


@dataclass(slots=True)
class _Component:
    ident: int
    h: int
    v: int
    tq: int
    plane: bytearray = dataclass_field(default_factory=bytearray)
    stride: int = 0


def _go_jpeg_rgba(data: bytes) -> tuple[int, int, bytes]:
    """image/jpeg Decode, then draw.Src into an *image.RGBA (DrawYCbCr or drawGray)."""
    if data[:2] != b"\xff\xd8":
        raise _NotPorted("not a JPEG")
    frame = _Frame()
    jfif = False
    i = 2
    while True:
        while i < len(data) and data[i] != 0xFF:
            i += 1
        while i < len(data) and data[i] == 0xFF:
            i += 1
        if i >= len(data):
            raise _NotPorted("no EOI")
        marker = data[i]
        i += 1
        if marker == 0xD9:
            break
        if 0xD0 <= marker <= 0xD8 or marker == 0x01:
            continue
        length = int.from_bytes(data[i : i + 2], "big")
        seg = data[i + 2 : i + length]
        i += length
        if marker in (0xC0, 0xC1, 0xC2):
            if frame.comps or seg[0] != 8 or seg[5] not in (1, 3):
                raise _NotPorted("SOF")
            frame.progressive = marker == 0xC2
            frame.height, frame.width = int.from_bytes(seg[1:3], "big"), int.from_bytes(seg[3:5], "big")
            for k in range(seg[5]):
                ident, hv, tq = seg[6 + 3 * k : 9 + 3 * k]
                frame.comps.append(_Component(ident, hv >> 4, hv & 15, tq))
            if len(frame.comps) == 1:
                frame.comps[0].h = frame.comps[0].v = 1
            elif not _supported_sampling(frame.comps):
                raise _NotPorted("subsampling")
        elif 0xC3 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
            raise _NotPorted("lossless, hierarchical or arithmetic coding")
        elif marker == 0xC4:
            k = 0
            while k < len(seg):
                cls_id, counts = seg[k], seg[k + 1 : k + 17]
                values = seg[k + 17 : k + 17 + sum(counts)]
                frame.tables[(cls_id >> 4, cls_id & 15)] = _huffman_lookup(counts, values)
                k += 17 + sum(counts)
        elif marker == 0xDB:
            k = 0
            while k < len(seg):
                pq, tq = seg[k] >> 4, seg[k] & 15
                size = 128 if pq else 64
                raw = seg[k + 1 : k + 1 + size]
                frame.quant[tq] = (
                    list(raw)
                    if not pq
                    else [int.from_bytes(raw[2 * z : 2 * z + 2], "big") for z in range(64)]
                )
                k += 1 + size
        elif marker == 0xDD:
            frame.restart = int.from_bytes(seg[:2], "big")
        elif marker == 0xE0 and seg.startswith(b"JFIF\x00"):
            jfif = True
        elif marker == 0xEE and seg.startswith(b"Adobe"):
            raise _NotPorted("Adobe transform")
        elif marker == 0xDA:
            if not frame.comps or not frame.width or not frame.height:
                raise _NotPorted("SOS before SOF")
            i = _scan(data, i, seg, frame)
    if not frame.comps:
        raise _NotPorted("no frame")
    if len(frame.comps) == 3 and bytes(c.ident for c in frame.comps) == b"RGB" and not jfif:
        raise _NotPorted("RGB components")
    _finish(frame)
    return frame.width, frame.height, _to_rgba(frame.comps, frame.width, frame.height)


def _supported_sampling(comps: list[_Component]) -> bool:
    """processSOF's checks, and the ratios DrawYCbCr converts (4:4:4, 4:4:0, 4:2:2, 4:2:0)."""
    y, cb, cr = comps
    if any(c.h not in (1, 2, 4) or c.v not in (1, 2, 4) for c in comps) or y.v == 4:
        return False
    if y.h % cb.h or y.v % cb.v or (cr.h, cr.v) != (cb.h, cb.v):
        return False
    return (y.h // cb.h, y.v // cb.v) in ((1, 1), (1, 2), (2, 1), (2, 2))


@dataclass(slots=True)
class _Frame:
    """What the markers so far said: the frame, tables, and the coefficients of a progressive image."""

    width: int = 0
    height: int = 0
    progressive: bool = False
    restart: int = 0
    comps: list[_Component] = dataclass_field(default_factory=list)
    quant: dict[int, list[int]] = dataclass_field(default_factory=dict)
    tables: dict[tuple[int, int], list[tuple[int, int]]] = dataclass_field(default_factory=dict)
    coeffs: dict[int, list[list[int]]] = dataclass_field(default_factory=dict)
    eob_run: int = 0
    samples: dict[tuple[int, ...], bytes] = dataclass_field(default_factory=dict)
    natural: dict[int, tuple[list[int], list[int]]] = dataclass_field(default_factory=dict)

    def natural_quant(self, tq: int) -> list[int]:
        """The quantisation table in natural order (DQT gives it in zig-zag order)."""
        q = self.quant.get(tq)
        if q is None:
            raise _NotPorted("missing quantisation table")
        known = self.natural.get(tq)
        if known is not None and known[0] is q:
            return known[1]
        natural = [0] * 64
        for zig, unzig in enumerate(_UNZIG):
            natural[unzig] = q[zig]
        self.natural[tq] = (q, natural)
        return natural

    def mcus(self) -> tuple[int, int]:
        h0, v0 = self.comps[0].h, self.comps[0].v
        return (self.width + 8 * h0 - 1) // (8 * h0), (self.height + 8 * v0 - 1) // (8 * v0)


def _reconstruct(frame: _Frame, comp: _Component, b: list[int], bx: int, by: int) -> None:
    """reconstructBlock: dequantise, inverse transform, level shift and clip into the component's plane. Equal
    blocks give equal samples: each distinct block is transformed once per image."""
    q = frame.natural_quant(comp.tq)
    key = tuple([c * m for c, m in zip(b, q, strict=True)])
    samples = frame.samples.get(key)
    if samples is None:
        if max(key) >= 1 << 12 or min(key) <= -(1 << 12):
            raise _NotPorted("coefficients no encoder writes (Go's int32 IDCT could wrap)")
        out = list(key)
        _idct(out)
        samples = bytes([0 if v < -128 else 255 if v > 127 else v + 128 for v in out])
        if len(frame.samples) > 65536:
            frame.samples.clear()
        frame.samples[key] = samples
    plane, stride = comp.plane, comp.stride
    at = 8 * (by * stride + bx)
    for y in range(0, 64, 8):
        plane[at : at + 8] = samples[y : y + 8]
        at += stride


def _decode_block(
    frame: _Frame,
    bits: _Bits,
    b: list[int],
    dc: list[int],
    index: int,
    tables: tuple[list[tuple[int, int]] | None, list[tuple[int, int]] | None],
    band: tuple[int, int, int, int],
) -> None:
    """One block of a scan, as processSOS and refine read it (coefficients still quantised)."""
    zig_start, zig_end, ah, al = band
    dc_table, ac_table = tables
    if ah:
        if zig_start == 0:
            if bits.bit():
                b[0] |= 1 << al
            return
        assert ac_table is not None
        _refine(frame, bits, b, ac_table, zig_start, zig_end, 1 << al)
        return
    zig = zig_start
    if zig == 0:
        zig = 1
        assert dc_table is not None
        size = bits.huffman(dc_table)
        if size > 16:
            raise _NotPorted("excessive DC component")
        dc[index] += bits.receive_extend(size)
        b[0] = dc[index] << al
    if zig <= zig_end and frame.eob_run > 0:
        frame.eob_run -= 1
        return
    while zig <= zig_end:
        assert ac_table is not None
        value = bits.huffman(ac_table)
        run, size = value >> 4, value & 15
        if size:
            zig += run
            if zig > zig_end:
                break
            b[_UNZIG[zig]] = bits.receive_extend(size) << al
        elif run != 15:
            frame.eob_run = (1 << run) | (bits.read(run) if run else 0)
            frame.eob_run -= 1
            break
        else:
            zig += 15
        zig += 1


def _refine(
    frame: _Frame, bits: _Bits, b: list[int], table: list[tuple[int, int]], zig: int, zig_end: int, delta: int
) -> None:
    """scan.go refine for AC bands: successive approximation of a progressive image."""
    if frame.eob_run == 0:
        while zig <= zig_end:
            value = bits.huffman(table)
            run, size = value >> 4, value & 15
            z = 0
            if size == 0:
                if run != 15:
                    frame.eob_run = (1 << run) | (bits.read(run) if run else 0)
                    break
            elif size == 1:
                z = delta if bits.bit() else -delta
            else:
                raise _NotPorted("unexpected Huffman code")
            zig = _refine_non_zeroes(bits, b, zig, zig_end, run, delta)
            if zig > zig_end:
                raise _NotPorted("too many coefficients")
            if z:
                b[_UNZIG[zig]] = z
            zig += 1
    if frame.eob_run > 0:
        frame.eob_run -= 1
        _refine_non_zeroes(bits, b, zig, zig_end, -1, delta)


def _refine_non_zeroes(bits: _Bits, b: list[int], zig: int, zig_end: int, nz: int, delta: int) -> int:
    while zig <= zig_end:
        u = _UNZIG[zig]
        if b[u] == 0:
            if nz == 0:
                break
            nz -= 1
        elif bits.bit():
            b[u] += delta if b[u] >= 0 else -delta
        zig += 1
    return zig


def _scan(data: bytes, start: int, header: bytes, frame: _Frame) -> int:
    """processSOS: every block of the scan decoded; a sequential scan's blocks go straight to the planes, a
    progressive one's coefficients are kept for _finish. Returns where the scan's data ends."""
    comps = frame.comps
    mxx, myy = frame.mcus()
    for c in comps:
        if not c.stride:
            c.stride = 8 * c.h * mxx
            c.plane = bytearray(c.stride * 8 * c.v * myy)
    count = header[0]
    if len(header) != 4 + 2 * count:
        raise _NotPorted("SOS length")
    band = (0, 63, 0, 0)
    if frame.progressive:
        tail = header[1 + 2 * count :]
        band = (tail[0], tail[1], tail[2] >> 4, tail[2] & 15)
        if (band[0] == 0 and band[1] != 0) or band[0] > band[1] or band[1] > 63 or (band[0] and count != 1):
            raise _NotPorted("bad spectral selection")
    members = []
    for k in range(count):
        selector, td_ta = header[1 + 2 * k], header[2 + 2 * k]
        index = next((n for n, c in enumerate(comps) if c.ident == selector), None)
        if index is None:
            raise _NotPorted("unknown component")
        tables = (frame.tables.get((0, td_ta >> 4)), frame.tables.get((1, td_ta & 15)))
        if (band[0] == 0 and band[2] == 0 and tables[0] is None) or (band[1] > 0 and tables[1] is None):
            raise _NotPorted("missing Huffman table")
        if frame.progressive and index not in frame.coeffs:
            frame.coeffs[index] = [[0] * 64 for _ in range(mxx * myy * comps[index].h * comps[index].v)]
        members.append((index, comps[index], tables))
    segments, end = _entropy_segments(data, start)
    single = count == 1
    dc = [0] * len(comps)
    frame.eob_run = 0
    block_count = mcu = 0
    bits = _Bits(segments[0])
    for my in range(myy):
        for mx in range(mxx):
            for index, comp, tables in members:
                hi, vi = comp.h, comp.v
                for j in range(hi * vi):
                    if not single:
                        bx, by = hi * mx + j % hi, vi * my + j // hi
                    else:
                        row = mxx * hi
                        bx, by = block_count % row, block_count // row
                        block_count += 1
                        if bx * 8 >= frame.width or by * 8 >= frame.height:
                            continue
                    if frame.progressive:
                        b = frame.coeffs[index][by * mxx * hi + bx]
                        _decode_block(frame, bits, b, dc, index, tables, band)
                    else:
                        b = [0] * 64
                        _decode_block(frame, bits, b, dc, index, tables, band)
                        _reconstruct(frame, comp, b, bx, by)
            mcu += 1
            if frame.restart and mcu % frame.restart == 0 and mcu < mxx * myy:
                segment = mcu // frame.restart
                if segment >= len(segments):
                    raise _NotPorted("missing restart marker")
                bits = _Bits(segments[segment])
                dc = [0] * len(comps)
                frame.eob_run = 0
    return end


def _finish(frame: _Frame) -> None:
    """reconstructProgressiveImage: the blocks inside the image, from the coefficients of every scan."""
    if not frame.progressive:
        return
    mxx, _ = frame.mcus()
    y = frame.comps[0]
    for index, blocks in frame.coeffs.items():
        comp = frame.comps[index]
        v, h, stride = 8 * y.v // comp.v, 8 * y.h // comp.h, mxx * comp.h
        by = 0
        while by * v < frame.height:
            bx = 0
            while bx * h < frame.width:
                _reconstruct(frame, comp, blocks[by * stride + bx], bx, by)
                bx += 1
            by += 1


def _to_rgba(comps: list[_Component], width: int, height: int) -> bytes:
    """drawGray, or DrawYCbCr's inline YCbCrToRGB with the chroma sample COffset picks."""
    out = bytearray(width * height * 4)
    if len(comps) == 1:
        plane, stride = comps[0].plane, comps[0].stride
        for y in range(height):
            row = plane[y * stride : y * stride + width]
            at = y * width * 4
            out[at : at + width * 4 : 4] = row
            out[at + 1 : at + width * 4 : 4] = row
            out[at + 2 : at + width * 4 : 4] = row
            out[at + 3 : at + width * 4 : 4] = b"\xff" * width
        return bytes(out)
    y_comp, cb_comp, cr_comp = comps
    hs, vs = y_comp.h // cb_comp.h, y_comp.v // cb_comp.v
    ys, cs = y_comp.stride, cb_comp.stride
    yp, cbp, crp = y_comp.plane, cb_comp.plane, cr_comp.plane
    at = 0
    for y in range(height):
        yrow, crow = y * ys, (y // vs) * cs
        for x in range(width):
            yy = yp[yrow + x] * 0x10101
            ci = crow + x // hs
            cb, cr = cbp[ci] - 128, crp[ci] - 128
            r = yy + 91881 * cr
            g = yy - 22554 * cb - 46802 * cr
            b = yy + 116130 * cb
            out[at] = r >> 16 if r & 0xFF000000 == 0 else (0 if r < 0 else 255)
            out[at + 1] = g >> 16 if g & 0xFF000000 == 0 else (0 if g < 0 else 255)
            out[at + 2] = b >> 16 if b & 0xFF000000 == 0 else (0 if b < 0 else 255)
            out[at + 3] = 255
            at += 4
    return bytes(out)


# The exact work is pure Python, so it is kept to about a second an upload: past these sizes the mini
# preview is Pillow's (its decoding and Lanczos), the same size and look but not the server's bytes. The
# resize costs about two seconds a million source pixels (a row equal to the row above costs nothing), the
# JPEG decoding about six.
EXACT_MINI_PREVIEW_PIXELS = 500_000
EXACT_JPEG_PIXELS = 150_000


def _turned(data: bytes) -> bool:
    """An EXIF orientation MakeImageUpright acts on (2 to 8): then the pixels are Pillow's, turned."""
    try:
        return _open(data).getexif().get(0x0112, 1) in range(2, 9)
    except (OSError, ValueError, Image.DecompressionBombError):
        return True


def _changed_rows(pix: bytes, stride: int) -> int:
    return sum(pix[i : i + stride] != pix[i - stride : i] for i in range(stride, len(pix), stride)) + 1


def _go_pixels(image: Image.Image, data: bytes) -> tuple[int, int, bytes] | None:
    """The upright decoded image as Go holds it (RGBA, premultiplied), or None where mockmost cannot have
    Go's pixels cheaply."""
    w, h = image.size
    if data[:2] == b"\xff\xd8":
        if w * h > EXACT_JPEG_PIXELS or _turned(data):
            return None
        try:
            decoded = _go_jpeg_rgba(data)
        except (_NotPorted, IndexError, ValueError, StopIteration):
            return None
        return decoded if decoded[:2] == (w, h) else None
    if w * h > EXACT_MINI_PREVIEW_PIXELS:
        raw = image.convert("RGBA").tobytes()
        if _changed_rows(raw, w * 4) * w > EXACT_MINI_PREVIEW_PIXELS:
            return None
    return w, h, _go_rgba(image)


def go_mini_preview(image: Image.Image, data: bytes = b"") -> bytes:
    """GenerateMiniPreviewImage(img, 16, 16, 90) on an upright decoded image (`data`: the upload, whose JPEGs
    are decoded as Go decodes them)."""
    pixels = _go_pixels(image, data)
    if pixels is None:
        return _jpeg(_resize(image, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE))
    w, h, pix = pixels
    small = _go_resize(pix, w, h, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE)
    return go_jpeg_rgba(small, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE, JPEG_QUALITY)
