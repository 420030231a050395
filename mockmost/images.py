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
    small = go_mini_preview(image) if mini else None
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


# Pure Python resamples about a million source pixels a second; past this many (a row equal to the row above
# costs nothing) the mini preview is Pillow's Lanczos instead: the same size and look, not the server's bytes.
EXACT_MINI_PREVIEW_PIXELS = 2_000_000


def _changed_rows(pix: bytes, stride: int) -> int:
    return sum(pix[i : i + stride] != pix[i - stride : i] for i in range(stride, len(pix), stride)) + 1


def go_mini_preview(image: Image.Image) -> bytes:
    """GenerateMiniPreviewImage(img, 16, 16, 90) on an upright decoded image."""
    w, h = image.size
    pix = _go_rgba(image)
    if w * h > EXACT_MINI_PREVIEW_PIXELS and _changed_rows(pix, w * 4) * w > EXACT_MINI_PREVIEW_PIXELS:
        return _jpeg(_resize(image, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE))
    small = _go_resize(pix, w, h, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE)
    return go_jpeg_rgba(small, MINI_PREVIEW_SIZE, MINI_PREVIEW_SIZE, JPEG_QUALITY)
