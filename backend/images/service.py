"""Image use cases on the API side: upload (durable first), delete, verify, view grants.

An upload is checked completely (caller's scope, capture metadata, the bytes themselves) before
anything is stored; then the original goes to the object store and the row plus an
``images.process`` outbox message are written in the request's transaction. Only when that
commits is the upload acknowledged; the worker does the rest (``backend.images.pipeline``).
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.images.tasks import PROCESS_IMAGE, ImageRef
from backend.audit import service as audit
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.principal import Principal
from backend.config import Settings
from backend.customers.models import ArchiveStatus, Customer, CustomerChange
from backend.customers.repository import CustomerRepository
from backend.db.session import keyed_plans
from backend.errors import (
    DomainError,
    FieldError,
    PermissionDenied,
    field_error,
    not_found,
)
from backend.images.repository import ImageRepository, consent_form_ref
from backend.images.models import KIND_LABELS_ZH, CustomerImage, ImageKind, ImageStatus
from backend.images.storage import ObjectStore, ObjectStoreUnavailable
from backend.logging import log
from backend.orgs.models import OrgUnit, StaffUser
from backend.outbox.service import Outbox

if TYPE_CHECKING:
    from backend.images.manifest import SigningKeys

FUTURE_TOLERANCE = timedelta(minutes=10)  # device clocks drift
OLDEST_CAPTURE = timedelta(days=366)


def _now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class UploadInput:
    customer_id: uuid.UUID
    kind: ImageKind
    client_upload_id: uuid.UUID
    taken_at: datetime
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    device_id: str | None = None


@dataclass(frozen=True)
class UploadResult:
    image: CustomerImage
    duplicate: bool  # the same clientUploadId was uploaded before: this is that image


class Verdict:
    AUTHENTIC = "AUTHENTIC"
    ALTERED = "ALTERED"
    UNKNOWN = "UNKNOWN"


@dataclass(frozen=True)
class Verification:
    verdict: str
    reason: str  # stable code: ISSUED_FILE, C2PA_INVALID, NOT_THE_ISSUED_FILE, SIGNATURE_INVALID, NO_PROVENANCE ...
    image: CustomerImage | None  # the capture record, when the caller's scope includes the archive
    details: list[str]
    sha256: str  # of the file examined


NO_PROVENANCE_DETAIL = "no CIC provenance: not issued by CIC, or re-saved"


@dataclass(frozen=True)
class PublicCapture:
    """What an anonymous verifier learns about an authentic file: nothing its watermark and
    C2PA manifest do not already show, and nothing that names a person (see docs/images.md)."""

    image_id: str
    kind: str
    kind_label: str
    taken_at: str  # ISO 8601 UTC, as signed
    signed_at: str  # the manifest's processed_at
    bank_name: str  # whom to ask for more
    key_id: str  # the ring key that signed the manifest
    sha256: str  # of the issued file


@dataclass(frozen=True)
class PublicVerification:
    verdict: str
    reason: str
    details: list[str]
    capture: PublicCapture | None  # only for AUTHENTIC


def capture_errors(inp: UploadInput, now: datetime) -> list[FieldError]:
    errors: list[FieldError] = []
    if (inp.latitude is None) != (inp.longitude is None):
        errors.append(FieldError("latitude", "LOCATION_INCOMPLETE", "经纬度须同时提供", "give latitude and longitude together"))
    if inp.latitude is not None and not -90.0 <= inp.latitude <= 90.0:
        errors.append(FieldError("latitude", "LATITUDE_OUT_OF_RANGE", "纬度须在-90到90之间", "latitude must be between -90 and 90"))
    if inp.longitude is not None and not -180.0 <= inp.longitude <= 180.0:
        errors.append(FieldError("longitude", "LONGITUDE_OUT_OF_RANGE", "经度须在-180到180之间", "longitude must be between -180 and 180"))
    if inp.accuracy_m is not None and not 0.0 <= inp.accuracy_m <= 100_000.0:
        errors.append(FieldError("accuracyM", "ACCURACY_OUT_OF_RANGE", "定位精度须在0到100000米之间", "accuracy must be 0-100000 m"))
    if inp.accuracy_m is not None and inp.latitude is None:
        errors.append(FieldError("accuracyM", "LOCATION_INCOMPLETE", "未提供经纬度时不能提供定位精度", "accuracy without a location"))
    taken = inp.taken_at if inp.taken_at.tzinfo else inp.taken_at.replace(tzinfo=UTC)
    if taken > now + FUTURE_TOLERANCE:
        errors.append(FieldError("takenAt", "TAKEN_AT_IN_FUTURE", "拍摄时间晚于当前时间，请检查设备时间", "takenAt is in the future"))
    elif taken < now - OLDEST_CAPTURE:
        errors.append(FieldError("takenAt", "TAKEN_AT_TOO_OLD", "拍摄时间早于一年前", "takenAt is more than a year ago"))
    if inp.device_id is not None and not 1 <= len(inp.device_id) <= 128:
        errors.append(FieldError("deviceId", "TOO_LONG", "设备编号长度须为1到128个字符", "deviceId must be 1-128 characters"))
    return errors


_LINK_CONSENT_FORM = text(
    """
    UPDATE customers SET consent = jsonb_set(consent, '{form_image_ref}', CAST(:ref AS jsonb))
    WHERE bank_id = :bank AND id = :customer AND consent IS NOT NULL AND consent <> 'null'::jsonb
      AND COALESCE(consent->>'form_image_ref', '') = :expected
    RETURNING org_path, version
    """
)


async def link_consent_form(
    session: AsyncSession, bank_id: int, customer_id: uuid.UUID, *, expected: str, ref: str | None, principal: Principal
) -> bool:
    """Point the archive's consent record at its consent-form photo (``expected``: the reference
    it must hold now, '' for none). A system change like the ECIF number: the version stays, so
    an offline edit based on it does not conflict; history and audit say what happened."""
    row = (
        await session.execute(
            _LINK_CONSENT_FORM, {"bank": bank_id, "customer": customer_id, "expected": expected, "ref": json.dumps(ref)}
        )
    ).one_or_none()
    if row is None:
        return False
    org_path, version = row
    session.add(
        CustomerChange(
            bank_id=bank_id, customer_id=customer_id, version=version, action="CONSENT_FORM", channel="SYSTEM",
            changed_by=principal.user_id, changed_by_client=None, diff={"consent.formImageRef": [expected or None, ref]},
            note="授权书影像关联" if ref else "授权书影像已删除",
        )
    )
    await audit.record(
        session, action="customer.consent_form_linked", org_path=org_path, principal=principal,
        target_type="Customer", target_id=str(customer_id), detail={"form_image_ref": ref, "was": expected or None},
    )
    return True


class ImageService:
    def __init__(
        self, session: AsyncSession, settings: Settings, store: ObjectStore, outbox: Outbox, cipher: FieldCipher,
        keys: Callable[[], SigningKeys], evaluate: Callable[[AsyncSession, int, uuid.UUID], Awaitable[Any]],
    ) -> None:
        # ``evaluate``: the rules domain's evaluation of one archive, passed in by backend.services
        # (required-image rules read the archive's images; images imports no rules code).
        self.evaluate = evaluate
        self.keys = keys  # built on first use: only verification needs them on the API side
        self.session = session
        self.repo = ImageRepository(session)
        self.settings = settings
        self.store = store
        self.outbox = outbox
        self.cipher = cipher

    # -- upload -------------------------------------------------------------------------------
    async def upload(self, principal: Principal, data: bytes, inp: UploadInput) -> UploadResult:
        from backend.images.processing import ImageLimits, ImageRejected, inspect_upload

        if not principal.is_staff or not principal.can(Permission.IMAGE_UPLOAD):
            raise PermissionDenied("your role may not upload images")
        await keyed_plans(self.session)  # every statement of an upload looks rows up by key
        now = _now()
        errors = capture_errors(inp, now)
        customer = await CustomerRepository(self.session).get(principal, inp.customer_id)
        if customer is None:
            errors.append(FieldError("customerId", "NOT_FOUND", "客户档案不存在或无权访问", "archive not found"))
        elif customer.status == ArchiveStatus.ARCHIVED:
            errors.append(FieldError("customerId", "ARCHIVE_CLOSED", "档案已归档关闭，不能上传影像", "the archive is closed"))
        sha256 = hashlib.sha256(data).hexdigest()
        if customer is not None:
            existing = await self.repo.by_client_upload_id(customer.bank_id, inp.client_upload_id)
            if existing is not None:
                if existing.customer_id == customer.id and existing.original_sha256 == sha256 and existing.kind == inp.kind:
                    return UploadResult(existing, duplicate=True)
                errors.append(
                    FieldError("clientUploadId", "CLIENT_UPLOAD_ID_REUSED", "该上传编号已用于另一张影像", "clientUploadId was used for a different image")
                )
        limits = ImageLimits(max_bytes=self.settings.image_max_bytes, max_pixels=self.settings.image_max_pixels)
        info = None
        try:
            info = await asyncio.to_thread(inspect_upload, data, limits)
        except ImageRejected as exc:
            errors.append(FieldError("file", exc.code, exc.message, exc.message_en))
        if errors or customer is None or info is None:
            raise DomainError(*errors)

        image_id = uuid.uuid4()
        key = f"originals/{customer.bank_id}/{customer.id}/{image_id}"
        try:
            await self.store.put(
                key, data, content_type=info.content_type,
                metadata={"sha256": sha256, "image-id": str(image_id), "customer-id": str(customer.id), "kind": inp.kind.value},
            )
        except ObjectStoreUnavailable as exc:
            log.warning("image_store_unavailable", error=str(exc))
            raise field_error(None, "STORAGE_UNAVAILABLE", "影像存储暂不可用，请稍后重试（影像未保存）", "the object store is unavailable; nothing was stored") from exc

        image = CustomerImage(
            bank_id=customer.bank_id, id=image_id, customer_id=customer.id, kind=inp.kind, status=ImageStatus.RECEIVED,
            client_upload_id=inp.client_upload_id, original_key=key, original_sha256=sha256, original_size=len(data),
            content_type=info.content_type, original_width=info.width, original_height=info.height,
            taken_at=inp.taken_at if inp.taken_at.tzinfo else inp.taken_at.replace(tzinfo=UTC),
            latitude=inp.latitude, longitude=inp.longitude, accuracy_m=inp.accuracy_m, device_id=inp.device_id,
            received_at=now, uploaded_by=principal.user_id, uploaded_by_no=await self._staff_no(principal), attempts=0, c2pa=False,
        )
        try:
            async with self.session.begin_nested():
                self.session.add(image)
                await self.session.flush()
        except IntegrityError:
            # The same clientUploadId committed concurrently (a client retrying while the first
            # request was still running): that one is the image; ours leaves no trace.
            await self.store.delete(key)
            existing = await self.repo.by_client_upload_id(customer.bank_id, inp.client_upload_id)
            if existing is not None and existing.customer_id == customer.id and existing.original_sha256 == sha256:
                return UploadResult(existing, duplicate=True)
            raise field_error("clientUploadId", "CLIENT_UPLOAD_ID_REUSED", "该上传编号已用于另一张影像", "clientUploadId was used for a different image") from None
        await self.outbox.enqueue(self.session, PROCESS_IMAGE, ImageRef(customer.bank_id, image_id))
        if inp.kind == ImageKind.CONSENT_FORM:  # the consent record without a form reference gets this photo
            await link_consent_form(self.session, customer.bank_id, customer.id, expected="", ref=str(image_id), principal=principal)
        await audit.record(
            self.session, action="image.upload", org_path=customer.org_path, principal=principal,
            target_type="CustomerImage", target_id=str(image_id),
            detail={"customer_id": str(customer.id), "kind": inp.kind.value, "sha256": sha256, "bytes": len(data)},
        )
        await self._evaluate(customer.bank_id, customer.id)
        return UploadResult(image, duplicate=False)

    async def _staff_no(self, principal: Principal) -> str:
        """The uploader's staff number, printed in the watermark."""
        user = await self.session.get(StaffUser, principal.user_id) if principal.user_id is not None else None
        return user.employee_no if user else ""

    async def _evaluate(self, bank_id: int, customer_id: uuid.UUID) -> None:
        """Required-image rules read the archive's images: evaluate again after a change."""
        await self.evaluate(self.session, bank_id, customer_id)

    # -- delete -------------------------------------------------------------------------------
    async def delete(self, principal: Principal, image_id: uuid.UUID, reason: str) -> CustomerImage:
        if not principal.is_staff or not principal.can(Permission.IMAGE_DELETE):
            raise PermissionDenied("your role may not delete images")
        reason = (reason or "").strip()
        row = await self.repo.get_for_update(principal, image_id)
        if row is None:
            raise not_found("影像")
        image, org_path = row
        if not 2 <= len(reason) <= 200:
            raise field_error("reason", "REASON_REQUIRED", "请填写删除原因（2到200个字）", "a reason of 2-200 characters is required")
        if image.deleted_at is not None:
            raise field_error("id", "ALREADY_DELETED", "影像已删除", "the image is already deleted")
        now = _now()
        image.deleted_at = now
        image.deleted_by = principal.user_id
        image.delete_reason = reason
        image.purge_after = now + timedelta(days=self.settings.image_retention_days)
        await self.session.flush()
        if image.kind == ImageKind.CONSENT_FORM:  # a consent record pointing at it moves to the next one, or none
            next_ref = await consent_form_ref(self.session, image.bank_id, image.customer_id)
            await link_consent_form(self.session, image.bank_id, image.customer_id, expected=str(image.id), ref=next_ref, principal=principal)
        await audit.record(
            self.session, action="image.delete", org_path=org_path, principal=principal,
            target_type="CustomerImage", target_id=str(image.id),
            detail={"customer_id": str(image.customer_id), "kind": image.kind.value, "reason": reason, "purge_after": image.purge_after.isoformat()},
        )
        await self._evaluate(image.bank_id, image.customer_id)
        return image

    # -- verify -------------------------------------------------------------------------------
    def _check_file(self, data: bytes) -> None:
        if len(data) > self.settings.image_max_bytes:
            raise field_error("file", "TOO_LARGE", "文件超过上传大小限制", "the file is larger than the upload limit")
        if not data:
            raise field_error("file", "EMPTY_FILE", "文件为空", "the file is empty")

    async def _province_wide(self, function: str, value: object) -> CustomerImage | None:
        """The image a verification looks for, in whichever bank it is: through a function of
        migration 0024 that row-level security does not narrow (the callers narrow what they show)."""
        stmt = select(CustomerImage).from_statement(text(f"SELECT * FROM {function}(:v)"))
        return (await self.session.scalars(stmt, {"v": value})).first()

    async def _examine(self, data: bytes) -> Verification:
        """The one verification behind ``verify`` and ``verify_public``: is this file an image CIC
        issued, unchanged? ``image`` is the matching record whoever asks; the callers narrow it."""
        from backend.images.c2pa_signing import read_c2pa

        sha256 = hashlib.sha256(data).hexdigest()
        issued = await self._province_wide("cic_image_issued", sha256)
        keys = self.keys()
        if issued is not None:
            if issued.manifest and issued.signature and keys.verify(issued.manifest, issued.signature):
                return Verification(Verdict.AUTHENTIC, "ISSUED_FILE", issued, [], sha256)
            return Verification(Verdict.ALTERED, "SIGNATURE_INVALID", issued, ["the stored capture record does not match its signature"], sha256)
        check = await asyncio.to_thread(keys.c2pa.read if keys.c2pa else read_c2pa, data)
        known = None
        if check.image_id:
            try:
                known = await self._province_wide("cic_image_by_id", uuid.UUID(check.image_id))
            except ValueError:
                known = None
        if check.state == "INVALID":
            return Verification(Verdict.ALTERED, "C2PA_INVALID", known, list(check.failures), sha256)
        if check.state == "VALID" and known is not None:
            return Verification(Verdict.ALTERED, "NOT_THE_ISSUED_FILE", known, ["the file differs from the image CIC issued"], sha256)
        if check.state == "VALID":
            return Verification(Verdict.UNKNOWN, "NOT_ISSUED_BY_CIC", None, ["a valid C2PA manifest that CIC did not issue"], sha256)
        original = await self._province_wide("cic_image_original", sha256)
        if original is not None:
            return Verification(Verdict.UNKNOWN, "ORIGINAL_UPLOAD", original, ["the unwatermarked original of an upload"], sha256)
        return Verification(Verdict.UNKNOWN, "NO_PROVENANCE", None, [NO_PROVENANCE_DETAIL], sha256)

    async def verify(self, principal: Principal, data: bytes) -> Verification:
        """Is this file an image CIC issued, unchanged? Answers with the capture record in scope."""
        if not principal.is_staff:
            raise PermissionDenied("staff only")
        self._check_file(data)
        found = await self._examine(data)
        result = replace(found, image=await self._in_scope(principal, found.image))
        await audit.record(
            self.session, action="image.verify", org_path=principal.scope_path, principal=principal,
            target_type="CustomerImage", target_id=str(result.image.id) if result.image else None,
            detail={"verdict": result.verdict, "reason": result.reason, "sha256": result.sha256},
        )
        return result

    async def verify_public(self, data: bytes) -> PublicVerification:
        """``verify`` for anyone, without login: the verdict, and the ``PublicCapture`` facts only
        for the authentic file (whose watermark and C2PA manifest show them anyway).

        The unwatermarked original of an upload answers NO_PROVENANCE like any unknown file:
        otherwise whoever holds someone's ID-card photo could learn that it was filed with a bank.
        The audit record goes to the matched archive's org path (its bank's auditors see that
        someone checked the image), with what was found and what was answered."""
        self._check_file(data)
        found = await self._examine(data)
        if found.reason == "ORIGINAL_UPLOAD":
            answer = PublicVerification(Verdict.UNKNOWN, "NO_PROVENANCE", [NO_PROVENANCE_DETAIL], None)
        else:
            capture = await self._public_capture(found.image) if found.verdict == Verdict.AUTHENTIC else None
            answer = PublicVerification(found.verdict, found.reason, found.details, capture)
        org_path = "/"
        if found.image is not None:
            org_path = await self.session.scalar(
                select(Customer.org_path).where(Customer.bank_id == found.image.bank_id, Customer.id == found.image.customer_id)
            ) or "/"
        await audit.record(
            self.session, action="image.verify_public", org_path=org_path, actor_username="anonymous",
            target_type="CustomerImage", target_id=str(found.image.id) if found.image else None,
            detail={"verdict": answer.verdict, "reason": answer.reason, "found": found.reason, "sha256": found.sha256, "bytes": len(data)},
        )
        return answer

    async def _public_capture(self, image: CustomerImage | None) -> PublicCapture | None:
        """The facts an anonymous verifier gets, read from the manifest whose signature just held."""
        if image is None or not image.manifest:
            return None
        manifest = image.manifest
        bank_name = await self.session.scalar(select(OrgUnit.name).where(OrgUnit.id == image.bank_id))
        kind = ImageKind(manifest["kind"])
        return PublicCapture(
            image_id=manifest["image_id"], kind=kind.value, kind_label=KIND_LABELS_ZH[kind], taken_at=manifest["taken_at"],
            signed_at=manifest["processed_at"], bank_name=bank_name or "", key_id=manifest["key_id"], sha256=manifest["image_sha256"],
        )

    async def _in_scope(self, principal: Principal, image: CustomerImage | None) -> CustomerImage | None:
        return await self.repo.in_scope(principal, image) if image is not None else None

    async def get(self, principal: Principal, image_id: uuid.UUID) -> CustomerImage | None:
        """One image in the caller's scope."""
        return await self.repo.get(principal, image_id)
