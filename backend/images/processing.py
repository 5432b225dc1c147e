"""The image-processing core: upload inspection, the watermarked derivative, its thumbnail, the
signed capture manifest and the embedded C2PA manifest. Pure and synchronous (CPU only); the
caller runs it in a worker thread.

``inspect_upload`` runs before anything is stored and raises ``ImageRejected`` (a code, a
Chinese message for the UI, the limit that was exceeded). ``process_image`` turns the original
into the derivative:

1. open with Pillow's decompression-bomb limits on (the warning is an error);
2. decode at the smallest JPEG DCT scale (1/1, 1/2, 1/4, 1/8) still at least the target size
   (``draft``), then resize (Hamming filter, see ``RESAMPLE``) so the longest edge is ``max_edge``;
3. apply the EXIF orientation (after resizing: fewer pixels to move; the same transposition
   ``ImageOps.exif_transpose`` applies), flatten transparency onto white, convert to RGB;
4. draw the anti-alteration mark: the bank's seal (or ``WatermarkSpec.logo``) pasted at ~22 %
   opacity on a rotated grid over the whole image, then a dark band at the bottom with the
   capture facts in white (capture time in Asia/Shanghai, position, masked ID number, staff
   number, bank, short image id);
5. encode JPEG (no EXIF, XMP or comment: the original's GPS never reaches a derivative; the
   ICC profile is kept) and a thumbnail from the watermarked image;
6. embed a C2PA manifest (``c2pa_signing``), hash the final bytes, build and sign the capture
   manifest (``manifest``).

Determinism: for the same input, arguments and library versions, the pixels of the derivative,
the thumbnail bytes (hence ``thumbnail_sha256``) and every manifest field except
``processed_at`` and ``image_sha256`` are identical from run to run. The derivative's bytes
differ, because the embedded C2PA manifest carries a random manifest URN / instance id and an
ECDSA signature (randomized); ``image_sha256`` hashes those final bytes. Without C2PA
(``SigningKeys.c2pa is None``) the derivative's bytes are deterministic too.
"""

from __future__ import annotations

import hashlib
import io
import math
import threading
import warnings
from collections import OrderedDict
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageDraw, ImageFont, UnidentifiedImageError

from backend.images.c2pa_signing import C2paCheck, capture_definition, read_c2pa
from backend.images.manifest import (
    SigningKeys,
    build_manifest,
    iso_utc,
    load_signing_keys,
    sign_manifest,
    verify_manifest,
)

__all__ = [
    "C2paCheck",
    "CaptureRecord",
    "ImageLimits",
    "ImageRejected",
    "ProcessedImage",
    "SigningKeys",
    "UploadInfo",
    "WatermarkSpec",
    "inspect_upload",
    "load_signing_keys",
    "process_image",
    "read_c2pa",
    "verify_manifest",
    "watermark_lines",
]

FONT_PATH = Path(__file__).resolve().parent / "fonts" / "NotoSansSC-Bold-GB2312.otf"

try:
    from zoneinfo import ZoneInfo

    SHANGHAI: Any = ZoneInfo("Asia/Shanghai")
except Exception:  # pragma: no cover - no tz database: China has kept UTC+8 without DST since 1991
    SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

# The downscaling filter. Pillow's resize is a convolution whose support grows with the
# reduction (antialiased); at the usual 1.2-2x reductions Hamming (windowed sinc, support 1) is
# sharper than bilinear at the same cost, and on the derivative (JPEG q85 under a watermark) not
# visibly softer than Lanczos. 12 MP -> 2560x1920 on one 2.8 GHz Xeon core: Hamming 95 ms,
# bicubic 145 ms, Lanczos 190 ms -- the largest single step of process_image.
RESAMPLE = Image.Resampling.HAMMING

FORMATS = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# EXIF: the base-IFD orientation and the Exif sub-IFD's capture time.
_ORIENTATION = 0x0112
_EXIF_IFD = 0x8769
_DATETIME_ORIGINAL, _DATETIME_DIGITIZED = 0x9003, 0x9004
_OFFSET_TIME_ORIGINAL, _OFFSET_TIME_DIGITIZED = 0x9011, 0x9012
_SUBSEC_ORIGINAL, _SUBSEC_DIGITIZED = 0x9291, 0x9292
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}


# --- inspection -----------------------------------------------------------------------------


@dataclass(frozen=True)
class ImageLimits:
    max_bytes: int = 20 * 1024 * 1024
    max_pixels: int = 50_000_000

    @classmethod
    def from_settings(cls, settings: Any) -> ImageLimits:
        return cls(
            max_bytes=getattr(settings, "image_max_bytes", cls.max_bytes),
            max_pixels=getattr(settings, "image_max_pixels", cls.max_pixels),
        )


@dataclass(frozen=True)
class UploadInfo:
    format: str  # JPEG, PNG or WEBP (a multi-picture JPEG, Pillow's "MPO", is JPEG)
    content_type: str
    width: int  # as displayed: after the EXIF orientation
    height: int
    exif_taken_at: datetime | None  # EXIF DateTimeOriginal; without an offset tag taken as UTC+8


class ImageRejected(Exception):
    """An upload the platform does not take; ``message`` is for the user (Chinese), ``message_en``
    the same in English."""

    def __init__(self, code: str, message: str, limit: int | None = None, message_en: str = "") -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.message_en = message_en or code.lower().replace("_", " ")
        self.limit = limit


def _reject(code: str, limit: int | None = None, detail: str = "") -> ImageRejected:
    messages = {
        "EMPTY_FILE": "文件为空，请重新选择图片。",
        "TOO_LARGE": f"图片文件超过 {(limit or 0) / 1024 / 1024:g} MB，请压缩后重新上传。",
        "NOT_AN_IMAGE": "无法识别该文件，请上传 JPEG、PNG 或 WebP 格式的图片。",
        "UNSUPPORTED_FORMAT": f"不支持 {detail or '该'} 格式，请上传 JPEG、PNG 或 WebP 格式的图片。",
        "TOO_MANY_PIXELS": f"图片尺寸过大（{detail}），像素总数不能超过 {(limit or 0) / 1_000_000:g} 百万。",
        "DECOMPRESSION_BOMB": "图片尺寸异常（疑似解压炸弹），已拒绝。",
        "TRUNCATED": "图片数据不完整（可能上传中断或文件已损坏），请重新上传。",
    }
    messages_en = {
        "EMPTY_FILE": "the file is empty",
        "TOO_LARGE": f"the file is larger than {(limit or 0) / 1024 / 1024:g} MB",
        "NOT_AN_IMAGE": "the file is not an image (JPEG, PNG or WebP)",
        "UNSUPPORTED_FORMAT": f"{detail or 'this'} format is not accepted: JPEG, PNG or WebP only",
        "TOO_MANY_PIXELS": f"the image ({detail}) has more than {(limit or 0) / 1_000_000:g} million pixels",
        "DECOMPRESSION_BOMB": "the image would decompress to an unreasonable size",
        "TRUNCATED": "the image data is incomplete (truncated upload?)",
    }
    return ImageRejected(code, messages[code], limit, messages_en[code])


# ``warnings.catch_warnings`` swaps process-wide state and is not thread-safe: opens (header
# parsing only, well under a millisecond) take this lock, and ``_open`` checks Pillow's pixel
# limit itself too, so a warning filter changed meanwhile by other code cannot let a bomb through.
_open_lock = threading.Lock()


class _BombGuard(warnings.catch_warnings):
    """Pillow's DecompressionBombWarning raised as an error, for the duration of a block."""

    def __enter__(self):  # type: ignore[no-untyped-def]
        result = super().__enter__()
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        return result


def _open(data: bytes, limits: ImageLimits) -> Image.Image:
    """Open (header only) and check size, format and pixel count; nothing decoded yet."""
    if not data:
        raise _reject("EMPTY_FILE")
    if len(data) > limits.max_bytes:
        raise _reject("TOO_LARGE", limits.max_bytes)
    try:
        with _open_lock, _BombGuard():
            img = Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _reject("DECOMPRESSION_BOMB") from exc
    except UnidentifiedImageError as exc:
        raise _reject("NOT_AN_IMAGE") from exc
    except ValueError as exc:  # PNG text/ICC chunks over Pillow's MAX_TEXT_CHUNK limits
        if "too large" in str(exc).lower():
            raise _reject("DECOMPRESSION_BOMB") from exc
        raise _reject("NOT_AN_IMAGE") from exc
    except (OSError, SyntaxError, EOFError) as exc:
        raise _reject("NOT_AN_IMAGE") from exc
    width, height = img.size
    if Image.MAX_IMAGE_PIXELS is not None and width * height > Image.MAX_IMAGE_PIXELS:
        raise _reject("DECOMPRESSION_BOMB")
    if img.format not in FORMATS:
        raise _reject("UNSUPPORTED_FORMAT", detail=img.format or "")
    if width * height > limits.max_pixels:
        raise _reject("TOO_MANY_PIXELS", limits.max_pixels, f"{width}×{height}")
    if width < 1 or height < 1:
        raise _reject("NOT_AN_IMAGE")
    return img


def _load(img: Image.Image) -> None:
    """Decode everything; incomplete or corrupt data is TRUNCATED (LOAD_TRUNCATED_IMAGES stays off)."""
    try:
        img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _reject("DECOMPRESSION_BOMB") from exc
    except (OSError, SyntaxError, EOFError, ValueError) as exc:
        raise _reject("TRUNCATED") from exc


def _exif(img: Image.Image) -> Image.Exif | None:
    try:
        return img.getexif()
    except Exception:  # a broken EXIF block must not reject an otherwise good photo
        return None


def _orientation(exif: Image.Exif | None) -> int:
    try:
        value = int(exif.get(_ORIENTATION, 1)) if exif is not None else 1
    except (TypeError, ValueError):
        return 1
    return value if value in _TRANSPOSE else 1


def _exif_taken_at(exif: Image.Exif | None) -> datetime | None:
    if exif is None:
        return None
    try:
        ifd = exif.get_ifd(_EXIF_IFD)
    except Exception:
        return None
    for when, offset, subsec in (
        (_DATETIME_ORIGINAL, _OFFSET_TIME_ORIGINAL, _SUBSEC_ORIGINAL),
        (_DATETIME_DIGITIZED, _OFFSET_TIME_DIGITIZED, _SUBSEC_DIGITIZED),
    ):
        raw = ifd.get(when)
        if not isinstance(raw, str):
            continue
        try:
            value = datetime.strptime(raw.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")
        except ValueError:
            continue
        tz: Any = SHANGHAI
        raw_offset = ifd.get(offset)
        if isinstance(raw_offset, str):
            try:
                tz = datetime.strptime(raw_offset.strip("\x00 "), "%z").tzinfo
            except ValueError:
                pass
        raw_subsec = ifd.get(subsec)
        if isinstance(raw_subsec, str) and raw_subsec.strip("\x00 ").isdigit():
            digits = raw_subsec.strip("\x00 ")[:6]
            value = value.replace(microsecond=int(digits.ljust(6, "0")))
        return value.replace(tzinfo=tz)
    return None


def inspect_upload(data: bytes, limits: ImageLimits = ImageLimits()) -> UploadInfo:
    """Check an upload before it is stored: raises ``ImageRejected`` or describes the image.

    The pixel count is checked from the header before anything is decoded; then the whole image
    is decoded (a JPEG at 1/8 scale, which still runs through all of its entropy-coded data) to
    refuse truncated files.
    """
    img = _open(data, limits)
    try:
        fmt = "JPEG" if img.format == "MPO" else str(img.format)
        width, height = img.size
        exif = _exif(img)
        if _orientation(exif) in (5, 6, 7, 8):
            width, height = height, width
        if fmt == "JPEG":
            img.draft("RGB", (max(1, img.width // 8), max(1, img.height // 8)))
        _load(img)
        return UploadInfo(fmt, FORMATS[fmt], width, height, _exif_taken_at(exif))
    finally:
        img.close()


# --- processing -----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaptureRecord:
    image_id: str
    bank_id: int
    bank_code: str
    customer_id: str
    kind: str
    taken_at: datetime
    received_at: datetime
    staff_id: int
    staff_no: str
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    device_id: str | None = None

    def __post_init__(self) -> None:
        for name in ("taken_at", "received_at"):
            value = getattr(self, name)
            if value.tzinfo is None or value.utcoffset() is None:
                raise ValueError(f"CaptureRecord.{name} must be timezone-aware")


@dataclass(frozen=True)
class WatermarkSpec:
    bank_name: str
    masked_id_number: str
    staff_no: str
    logo: Image.Image | None = field(default=None, compare=False)  # RGBA preferred; None: a generated seal


@dataclass(frozen=True)
class ProcessedImage:
    image: bytes  # JPEG with the embedded C2PA manifest
    width: int
    height: int
    thumbnail: bytes  # JPEG, no C2PA
    thumbnail_width: int
    thumbnail_height: int
    original_sha256: str
    image_sha256: str
    thumbnail_sha256: str
    manifest: dict[str, Any]
    signature: str  # base64 Ed25519 over the canonical manifest
    key_id: str
    c2pa: bool
    processed_at: datetime
    content_type: str = "image/jpeg"


def _decode_for(img: Image.Image, max_edge: int) -> Image.Image:
    """Decode, scaled so the longest edge is at most ``max_edge``, as RGB."""
    width, height = img.size
    scale = min(1.0, max_edge / max(width, height))
    target = (max(1, round(width * scale)), max(1, round(height * scale)))
    if img.format in ("JPEG", "MPO"):
        img.draft("RGB", target)  # the largest DCT reduction whose size is still >= target
    _load(img)
    img = _to_rgb(img)
    if img.size != target:
        img = img.resize(target, RESAMPLE)
    return img


def _to_rgb(img: Image.Image) -> Image.Image:
    if img.mode == "RGB":
        return img
    if img.mode in ("I;16", "I;16L", "I;16B", "I;16N", "I"):
        arr = np.asarray(img)
        scale = 257 if arr.max(initial=0) > 255 else 1
        img = Image.fromarray((arr // scale).clip(0, 255).astype(np.uint8), "L")
    if img.mode == "F":
        img = Image.fromarray(np.asarray(img).clip(0, 255).astype(np.uint8), "L")
    if img.mode == "P" and "transparency" in img.info:
        img = img.convert("RGBA")
    if img.mode in ("RGBA", "LA", "PA", "RGBa", "La"):
        rgba = img.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, (0, 0), rgba)
        return flat
    return img.convert("RGB")


# --- the mark -------------------------------------------------------------------------------


SEAL_RED = (206, 22, 32)
MARK_OPACITY = 0.22
BAND_ALPHA = 150  # of 255: the band's black


_fonts = threading.local()


def _font(size: int) -> ImageFont.FreeTypeFont:
    """The watermark font at ``size`` px, cached per thread (a FreeType face is not thread-safe)."""
    cache = getattr(_fonts, "by_size", None)
    if cache is None:
        cache = _fonts.by_size = {}
    font = cache.get(size)
    if font is None:
        font = cache[size] = ImageFont.truetype(str(FONT_PATH), size, layout_engine=ImageFont.Layout.BASIC)
    return font


def seal_text(bank_name: str) -> str:
    """The characters in the generated seal: the bank's first 2-4 characters."""
    name = "".join(ch for ch in bank_name if not ch.isspace())
    return name[:4] if len(name) >= 4 else name


@lru_cache(maxsize=32)
def _seal(bank_name: str, size: int = 480) -> Image.Image:
    """A round red seal (RGBA) with the bank's first characters; cached per bank name."""
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    ring = max(2, round(size * 0.05))
    draw.ellipse((ring // 2, ring // 2, size - 1 - ring // 2, size - 1 - ring // 2), outline=SEAL_RED + (255,), width=ring)
    inner = round(size * 0.1)
    draw.ellipse((inner, inner, size - 1 - inner, size - 1 - inner), outline=SEAL_RED + (255,), width=max(1, size // 90))
    chars = seal_text(bank_name) or "印"
    rows = [chars[:2], chars[2:]] if len(chars) == 4 else [chars]
    cell = round(size * (0.27 if len(rows) == 2 else 0.58 / max(2, len(chars))))
    font = _font(cell)
    line_gap = round(cell * 0.08)
    block_h = len(rows) * cell + (len(rows) - 1) * line_gap
    y = (size - block_h) / 2
    for row in rows:
        x = (size - cell * len(row)) / 2
        for ch in row:
            draw.text((x + cell / 2, y + cell / 2), ch, font=font, fill=SEAL_RED + (255,), anchor="mm")
            x += cell
        y += cell + line_gap
    return img


_tiles_lock = threading.Lock()
# key -> (RGB, mask, the caller's logo or None: held so that its id() is not reused meanwhile)
_tiles: OrderedDict[tuple[Any, ...], tuple[Image.Image, Image.Image, Image.Image | None]] = OrderedDict()


def _mark_tile(mark: WatermarkSpec, px: int) -> tuple[Image.Image, Image.Image]:
    """(RGB, L mask at MARK_OPACITY) of the logo, ``px`` across, turned 15 degrees; cached."""
    key = ("seal", mark.bank_name, px) if mark.logo is None else ("logo", id(mark.logo), mark.logo.size, px)
    with _tiles_lock:
        hit = _tiles.get(key)
        if hit is not None and hit[2] is mark.logo:
            _tiles.move_to_end(key)
            return hit[0], hit[1]
    source = _seal(mark.bank_name, max(480, px)) if mark.logo is None else mark.logo.convert("RGBA")
    scale = px / max(source.size)
    logo = source.resize((max(1, round(source.width * scale)), max(1, round(source.height * scale))), Image.Resampling.LANCZOS)
    logo = logo.rotate(15, resample=Image.Resampling.BICUBIC, expand=True)
    rgb = logo.convert("RGB")
    mask = logo.getchannel("A").point(lambda a: round(a * MARK_OPACITY))
    with _tiles_lock:
        _tiles[key] = (rgb, mask, mark.logo)
        while len(_tiles) > 32:
            _tiles.popitem(last=False)
    return rgb, mask


def _tile_marks(img: Image.Image, mark: WatermarkSpec) -> None:
    """The logo pasted on a grid turned 30 degrees that covers the whole image."""
    width, height = img.size
    px = max(24, round(min(width, height) * 0.13))
    rgb, mask = _mark_tile(mark, px)
    step = px * 2.0
    angle = math.radians(-30)
    ax, ay = step * math.cos(angle), step * math.sin(angle)
    bx, by = -ay, ax
    reach = math.ceil(math.hypot(width, height) / step) + 1
    cx, cy = width / 2, height / 2
    tw, th = rgb.size
    for i in range(-reach, reach + 1):
        for j in range(-reach, reach + 1):
            x = cx + i * ax + j * bx + (step / 2 if j % 2 else 0) * math.cos(angle)
            y = cy + i * ay + j * by + (step / 2 if j % 2 else 0) * math.sin(angle)
            left, top = round(x - tw / 2), round(y - th / 2)
            if left < width and top < height and left + tw > 0 and top + th > 0:
                img.paste(rgb, (left, top), mask)


def _fmt_coordinate(value: float, positive: str, negative: str) -> str:
    return f"{abs(value):.5f}°{positive if value >= 0 else negative}"


def _watermark_fields(capture: CaptureRecord, mark: WatermarkSpec) -> list[tuple[str, str]]:
    taken = capture.taken_at.astimezone(SHANGHAI).strftime("%Y-%m-%d %H:%M:%S")
    if capture.latitude is None or capture.longitude is None:
        position = "未提供"
    else:
        position = (
            f"{_fmt_coordinate(capture.latitude, 'N', 'S')} {_fmt_coordinate(capture.longitude, 'E', 'W')}"
        )
        if capture.accuracy_m is not None:
            position += f" ±{round(capture.accuracy_m)}m"
    return [
        ("拍摄时间", f"{taken} (UTC+8)"),
        ("位置", position),
        ("证件号", mark.masked_id_number),
        ("客户经理", mark.staff_no),
        ("图片编号", str(capture.image_id).replace("-", "")[:8].upper()),
        ("", mark.bank_name),
    ]


def watermark_lines(capture: CaptureRecord, mark: WatermarkSpec) -> list[str]:
    """The text of the band, one string per line, as drawn."""
    return [f"{label} {value}" if label else value for label, value in _watermark_fields(capture, mark)]


@dataclass(frozen=True)
class BandLayout:
    font_size: int
    rows: int  # 3: two columns; 6: one column (a narrow image)
    line_height: int
    height: int
    label_width: float
    gap: float
    pad: float
    column_widths: tuple[float, float]

    @property
    def two_columns(self) -> bool:
        return self.rows == 3


def band_layout(width: int, height: int, fields: list[tuple[str, str]]) -> BandLayout:
    """Text size proportional to the image's long edge (19 px at 1024, 47 px at 2560), two
    columns of three lines when they fit, one column of six otherwise; the text shrinks (down to
    12 px) until it fits the width and the band takes at most 40 % of the height."""
    size = max(12, round(max(width, height) * 0.0185))
    while True:
        font = _font(size)
        label_w = max(font.getlength(label) for label, _ in fields if label)
        gap = size * 0.6
        left = label_w + gap + max(font.getlength(value) for label, value in fields[0:3])
        right = max(
            label_w + gap + max(font.getlength(value) for label, value in fields[3:6] if label),
            max(font.getlength(value) for label, value in fields[3:6] if not label),
        )
        pad = size * 0.9
        two_columns = pad * 2 + left + size * 2.5 + right <= width
        rows = 3 if two_columns else 6
        line_h = round(size * 1.45)
        band_h = round(rows * line_h + pad * 1.2)
        fits = pad * 2 + max(left, right) <= width and band_h <= height * 0.4
        if fits or size <= 12:
            return BandLayout(size, rows, line_h, band_h, label_w, gap, pad, (left, right))
        size -= 1


def _text_band(img: Image.Image, capture: CaptureRecord, mark: WatermarkSpec) -> None:
    """A dark band along the bottom edge, the capture facts in white, two columns (one when narrow)."""
    width, height = img.size
    fields = _watermark_fields(capture, mark)
    layout = band_layout(width, height, fields)
    font = _font(layout.font_size)
    top = height - layout.height
    accent = max(2, round(layout.font_size * 0.12))
    img.paste((0, 0, 0), (0, top, width, height), Image.new("L", (width, layout.height), BAND_ALPHA))
    img.paste(SEAL_RED, (0, top, width, top + accent))
    draw = ImageDraw.Draw(img)
    label_fill, value_fill = (205, 210, 218), (255, 255, 255)
    line_h = layout.line_height
    first_y = top + accent + (layout.height - accent - layout.rows * line_h) / 2
    if layout.two_columns:
        columns = [(layout.pad, fields[0:3]), (width - layout.pad - layout.column_widths[1], fields[3:6])]
    else:
        columns = [(layout.pad, fields)]
    for x0, column in columns:
        for row, (label, value) in enumerate(column):
            y = first_y + row * line_h + line_h / 2
            if label:
                draw.text((x0, y), label, font=font, fill=label_fill, anchor="lm")
                draw.text((x0 + layout.label_width + layout.gap, y), value, font=font, fill=value_fill, anchor="lm")
            else:
                draw.text((x0, y), value, font=font, fill=value_fill, anchor="lm")


def apply_watermark(img: Image.Image, capture: CaptureRecord, mark: WatermarkSpec) -> None:
    """Draw the mark on an RGB image, in place."""
    _tile_marks(img, mark)
    _text_band(img, capture, mark)


def _encode_jpeg(img: Image.Image, quality: int, icc_profile: bytes | None) -> bytes:
    out = io.BytesIO()
    params: dict[str, Any] = {"quality": quality, "optimize": False, "progressive": False}
    if icc_profile:
        params["icc_profile"] = icc_profile
    img.info = {}  # Pillow falls back to im.info for some markers (a JPEG comment): none may pass
    img.save(out, "JPEG", **params)
    return out.getvalue()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def process_image(
    original: bytes,
    capture: CaptureRecord,
    mark: WatermarkSpec,
    keys: SigningKeys,
    *,
    max_edge: int = 2560,
    thumb_edge: int = 320,
    quality: int = 85,
    limits: ImageLimits = ImageLimits(),
    now: datetime | None = None,
) -> ProcessedImage:
    """The watermarked derivative of ``original``, its thumbnail, the signed manifest.

    Raises ``ImageRejected`` as ``inspect_upload`` does (the same checks run again: the stored
    original is untrusted input too). ``now`` fixes ``processed_at`` (tests).
    """
    img = _open(original, limits)
    derived: Image.Image | None = None
    try:
        exif = _exif(img)
        orientation = _orientation(exif)
        icc_profile = img.info.get("icc_profile")
        derived = _decode_for(img, max_edge)
    finally:
        if derived is not img:  # small RGB originals are used as decoded
            img.close()
    if orientation in _TRANSPOSE:
        derived = derived.transpose(_TRANSPOSE[orientation])
    apply_watermark(derived, capture, mark)
    width, height = derived.size
    rendered = _encode_jpeg(derived, quality, icc_profile)

    thumb = derived
    thumb.thumbnail((thumb_edge, thumb_edge), Image.Resampling.LANCZOS, reducing_gap=2.0)
    thumbnail = _encode_jpeg(thumb, min(quality, 80), icc_profile)
    thumb_size = thumb.size
    del derived, thumb

    original_sha256 = _sha256(original)
    c2pa_signer = keys.c2pa
    if c2pa_signer is not None:
        definition = capture_definition(
            title=f"{capture.image_id}.jpg",
            capture={
                "image_id": str(capture.image_id),
                "bank_code": capture.bank_code,
                "customer_id": str(capture.customer_id),
                "kind": capture.kind,
                "original_sha256": original_sha256,
                "taken_at": iso_utc(capture.taken_at),
                "staff_no": capture.staff_no,
                "device_id": capture.device_id,
            },
        )
        final = c2pa_signer.sign_jpeg(rendered, definition)
    else:
        final = rendered
    processed_at = now or datetime.now(UTC)
    manifest = build_manifest(
        **asdict(capture),  # the capture record as recorded at upload, plus what processing made
        original_sha256=original_sha256,
        image_sha256=_sha256(final),
        thumbnail_sha256=_sha256(thumbnail),
        width=width,
        height=height,
        processed_at=processed_at,
        c2pa=c2pa_signer is not None,
        key_id=keys.key_id,
    )
    return ProcessedImage(
        image=final,
        width=width,
        height=height,
        thumbnail=thumbnail,
        thumbnail_width=thumb_size[0],
        thumbnail_height=thumb_size[1],
        original_sha256=original_sha256,
        image_sha256=manifest["image_sha256"],
        thumbnail_sha256=manifest["thumbnail_sha256"],
        manifest=manifest,
        signature=sign_manifest(manifest, keys.private_key),
        key_id=keys.key_id,
        c2pa=manifest["c2pa"],
        processed_at=processed_at,
    )
