"""A bank's own logo for the watermark.

Without one, the watermark tiles a round seal generated from the bank's name
(``processing._seal``). A bank administrator may upload the bank's logo instead: a PNG or JPEG
of at most ``MAX_LOGO_BYTES``, at least ``MIN_LOGO_EDGE`` pixels on its short side, opened with
the same guards as photos (decompression bombs, pixel limit, truncated data). It is never stored
as uploaded: it is decoded, turned upright by its EXIF orientation, scaled to at most
``MAX_LOGO_EDGE`` pixels on its long side and re-encoded as an RGBA PNG with no metadata, under
a key unique to its content. The worker reads it for every photo of the bank processed after the
upload (photos already processed keep their watermark); removing it brings the seal back.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime

from PIL import Image, ImageOps
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.errors import DomainError, FieldError, PermissionDenied, field_error
from backend.images.models import BankLogo
from backend.images.processing import ImageLimits, ImageRejected, _load, _open
from backend.images.repository import bank_logo
from backend.images.storage import ObjectNotFound, ObjectStore, ObjectStoreUnavailable
from backend.logging import log
from backend.orgs.repository import OrgRepository

MAX_LOGO_BYTES = 2 * 1024 * 1024
MAX_LOGO_PIXELS = 16_000_000
MIN_LOGO_EDGE = 64
MAX_LOGO_EDGE = 512
LOGO_FORMATS = {"PNG", "JPEG", "MPO"}  # MPO: a multi-picture JPEG as some cameras write it


@dataclass(frozen=True)
class NormalizedLogo:
    png: bytes
    width: int
    height: int
    sha256: str


_LOGO_MESSAGES = {  # the photo messages name WebP too, which a logo may not be
    "NOT_AN_IMAGE": ("无法识别该文件，请上传 PNG 或 JPEG 格式的标志图片", "the file is not an image: upload a PNG or JPEG logo"),
    "UNSUPPORTED_FORMAT": ("不支持该格式，标志须为 PNG 或 JPEG 图片", "the logo must be a PNG or JPEG image"),
    "TOO_LARGE": (f"标志图片超过 {MAX_LOGO_BYTES // 1024 // 1024} MB", f"the logo is larger than {MAX_LOGO_BYTES // 1024 // 1024} MB"),
}


def _rejected(exc: ImageRejected) -> DomainError:
    message, message_en = _LOGO_MESSAGES.get(exc.code, (exc.message, exc.message_en))
    return DomainError(FieldError("file", exc.code, message, message_en))


def normalize_logo(data: bytes) -> NormalizedLogo:
    """The uploaded logo checked and re-encoded (CPU: call it in a thread)."""
    try:
        img = _open(data, ImageLimits(max_bytes=MAX_LOGO_BYTES, max_pixels=MAX_LOGO_PIXELS))
        if img.format not in LOGO_FORMATS:
            raise field_error("file", "UNSUPPORTED_FORMAT", *_LOGO_MESSAGES["UNSUPPORTED_FORMAT"])
        _load(img)
    except ImageRejected as exc:
        raise _rejected(exc) from None
    img = ImageOps.exif_transpose(img)
    if min(img.size) < MIN_LOGO_EDGE:
        raise field_error(
            "file", "LOGO_TOO_SMALL", f"标志图片过小（{img.width}×{img.height}），短边至少 {MIN_LOGO_EDGE} 像素",
            f"the logo ({img.width}x{img.height}) must be at least {MIN_LOGO_EDGE} pixels on its short side",
        )
    img = img.convert("RGBA")
    img.thumbnail((MAX_LOGO_EDGE, MAX_LOGO_EDGE), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)  # a fresh encoding: no EXIF, text chunks or trailing data
    png = out.getvalue()
    return NormalizedLogo(png=png, width=img.width, height=img.height, sha256=hashlib.sha256(png).hexdigest())


# The worker's decoded logos by object key (unique per content): the watermark's tile cache is
# keyed by the image object, so the same key must give the same object.
_decoded_lock = threading.Lock()
_decoded: OrderedDict[str, Image.Image] = OrderedDict()


def decoded_logo(key: str, png: bytes) -> Image.Image:
    with _decoded_lock:
        hit = _decoded.get(key)
        if hit is not None:
            _decoded.move_to_end(key)
            return hit
    img = Image.open(io.BytesIO(png))
    img.load()
    img = img.convert("RGBA")
    with _decoded_lock:
        _decoded[key] = img
        while len(_decoded) > 16:
            _decoded.popitem(last=False)
    return img


async def watermark_logo(objects: ObjectStore, key: str | None) -> Image.Image | None:
    """The bank's logo for the watermark, or None (the generated seal) when it has none or its
    object cannot be read now (logged: the photo is still watermarked, with the seal)."""
    if key is None:
        return None
    with _decoded_lock:
        if key in _decoded:
            return _decoded[key]
    try:
        png = await objects.get(key)
    except (ObjectNotFound, ObjectStoreUnavailable) as exc:
        log.warning("bank_logo_unavailable", key=key, error=type(exc).__name__)
        return None
    return await asyncio.to_thread(decoded_logo, key, png)


class LogoService:
    def __init__(self, session: AsyncSession, objects: ObjectStore) -> None:
        self.session = session
        self.objects = objects

    def _bank(self, principal: Principal) -> int:
        if not principal.can(Permission.ORG_ADMIN) or principal.bank_id is None:
            raise PermissionDenied("the bank's logo is set by its administrators")
        return principal.bank_id

    async def current(self, principal: Principal) -> BankLogo | None:
        return await bank_logo(self.session, principal.bank_id) if principal.bank_id is not None else None

    async def image(self, principal: Principal) -> bytes | None:
        """The stored (normalized) logo of the caller's bank, for the settings page's preview."""
        row = await self.current(principal)
        if row is None:
            return None
        try:
            return await self.objects.get(row.object_key)
        except ObjectNotFound:
            return None

    async def upload(self, principal: Principal, data: bytes) -> BankLogo:
        bank_id = self._bank(principal)
        logo = await asyncio.to_thread(normalize_logo, data)
        key = f"logos/{bank_id}/{logo.sha256}.png"
        await self.objects.put(key, logo.png, content_type="image/png", metadata={"sha256": logo.sha256})
        row = await bank_logo(self.session, bank_id)
        previous = row.object_key if row is not None else None
        if row is None:
            row = BankLogo(bank_id=bank_id)
            self.session.add(row)
        row.object_key, row.sha256, row.width, row.height = key, logo.sha256, logo.width, logo.height
        row.uploaded_by, row.uploaded_at = principal.user_id, datetime.now(UTC)
        await self.session.flush()
        await self._audit(principal, bank_id, "image.bank_logo_upload", {"sha256": logo.sha256, "width": logo.width, "height": logo.height, "previous": previous})
        return row

    async def remove(self, principal: Principal) -> bool:
        bank_id = self._bank(principal)
        row = await bank_logo(self.session, bank_id)
        if row is None:
            return False
        await self.session.delete(row)
        await self.session.flush()
        await self._audit(principal, bank_id, "image.bank_logo_remove", {"sha256": row.sha256})
        return True

    async def _audit(self, principal: Principal, bank_id: int, action: str, detail: dict[str, object]) -> None:
        bank = await OrgRepository(self.session).org_unit(principal, bank_id)
        await audit.record(
            self.session, action=action, org_path=bank.path if bank is not None else principal.scope_path, principal=principal,
            target_type="BankLogo", target_id=str(bank_id), detail=detail,
        )
