"""GraphQL types of customer images."""

from __future__ import annotations

import base64
import datetime as dt
from enum import StrEnum

import strawberry
from strawberry import Info
from strawberry.scalars import JSON

from backend.images import models
from backend.images.urls import Variant, sign_view
from backend.images import errors as image_errors
from schema.common import error_codes, error_type, from_attributes
from schema.orgs import StaffUser

ImageErrorCode = error_codes("ImageErrorCode", image_errors.ERROR_CODES, description="Why an image upload, deletion or verification was refused.")
ImageError = error_type("ImageError", ImageErrorCode, description="A refused image request: the field, the rule (code), the message.")

ImageKind = strawberry.enum(models.ImageKind, description="What the photo shows.")
ImageStatus = strawberry.enum(
    models.ImageStatus,
    description="RECEIVED: stored, waiting for the worker; READY: watermarked, signed, viewable; "
    "FAILED: the original could not be processed (see `failure`).",
)


@strawberry.enum(description="The answer of verifyImage.")
class ImageVerdict(StrEnum):
    AUTHENTIC = "AUTHENTIC"  # byte for byte the image CIC issued, with a valid signed capture record
    ALTERED = "ALTERED"  # carries CIC provenance that no longer matches the content
    UNKNOWN = "UNKNOWN"  # no CIC provenance (not issued by CIC, or re-saved/re-encoded)


@strawberry.type(description="A photo in a customer archive (客户影像).")
class CustomerImage:
    id: strawberry.ID
    customer_id: strawberry.ID
    kind: ImageKind
    kind_label: str = strawberry.field(description="The kind in Chinese, e.g. 身份证正面.")
    status: ImageStatus
    taken_at: dt.datetime = strawberry.field(description="Capture time reported by the device.")
    received_at: dt.datetime = strawberry.field(description="When the server stored the upload.")
    processed_at: dt.datetime | None
    latitude: float | None
    longitude: float | None
    accuracy_m: float | None = strawberry.field(description="GPS accuracy in metres, as reported by the device.")
    device_id: str | None
    uploaded_by_no: str = strawberry.field(description="Staff number of the uploader, as watermarked.")
    width: int | None = strawberry.field(description="Of the watermarked image (null until READY).")
    height: int | None
    original_sha256: str = strawberry.field(description="SHA-256 of the uploaded original.")
    result_sha256: str | None = strawberry.field(description="SHA-256 of the watermarked file: what verifyImage matches.")
    signature: str | None = strawberry.field(description="Ed25519 signature (base64) of the capture manifest.")
    key_id: str | None
    c2pa: bool = strawberry.field(description="True when a C2PA manifest is embedded in the watermarked file.")
    failure: str | None
    deleted_at: dt.datetime | None
    delete_reason: str | None
    purged_at: dt.datetime | None
    model: strawberry.Private[models.CustomerImage]

    @classmethod
    def from_model(cls, m: models.CustomerImage) -> CustomerImage:
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), customer_id=strawberry.ID(str(m.customer_id)),
            kind_label=models.KIND_LABELS_ZH[m.kind], result_sha256=m.image_sha256, model=m,
        )

    def _url(self, info: Info, variant: Variant) -> str | None:
        m = self.model
        if m.status != models.ImageStatus.READY or m.deleted_at is not None:
            return None
        viewer = info.context.viewer
        return sign_view(
            info.context.services.settings, bank_id=m.bank_id, image_id=m.id, variant=variant,
            user_id=viewer.user_id, username=viewer.username,
        )

    @strawberry.field(description="Signed URL of the watermarked image, valid for a few minutes; every fetch is audited. Null until READY.")
    def url(self, info: Info) -> str | None:
        return self._url(info, Variant.FULL)

    @strawberry.field(description="Signed URL of the thumbnail, valid for a few minutes. Null until READY.")
    def thumbnail_url(self, info: Info) -> str | None:
        return self._url(info, Variant.THUMBNAIL)

    @strawberry.field(description="The signed capture manifest (hashes, times, location, archive, staff, device).")
    def manifest(self) -> JSON | None:
        return self.model.manifest

    @strawberry.field
    async def uploaded_by(self, info: Info) -> StaffUser | None:
        user = await info.context.loaders.staff_user.load(self.model.uploaded_by)
        return StaffUser.from_model(user) if user else None


@strawberry.input(description="Capture metadata of an uploaded photo; the server adds the receive time and the uploader.")
class UploadImageInput:
    customer_id: strawberry.ID
    kind: ImageKind
    client_upload_id: strawberry.ID = strawberry.field(
        description="A UUID the client makes once per photo: uploading again with it returns the same image, never a second one."
    )
    taken_at: dt.datetime
    latitude: float | None = None
    longitude: float | None = None
    accuracy_m: float | None = None
    device_id: str | None = None


@strawberry.type
class UploadImagePayload:
    image: CustomerImage | None = None
    duplicate: bool = strawberry.field(default=False, description="True when this clientUploadId was uploaded before: `image` is that one.")
    errors: list[ImageError] = strawberry.field(default_factory=list)


@strawberry.type
class DeleteImagePayload:
    image: CustomerImage | None = None
    errors: list[ImageError] = strawberry.field(default_factory=list)


@strawberry.type(description="Whether a file is an image CIC issued, unchanged.")
class ImageVerification:
    verdict: ImageVerdict | None = None
    reason: str | None = strawberry.field(
        default=None,
        description="ISSUED_FILE, SIGNATURE_INVALID, C2PA_INVALID, NOT_THE_ISSUED_FILE, NOT_ISSUED_BY_CIC, ORIGINAL_UPLOAD or NO_PROVENANCE.",
    )
    details: list[str] = strawberry.field(default_factory=list)
    image: CustomerImage | None = strawberry.field(default=None, description="The capture record, when the archive is in your scope.")
    errors: list[ImageError] = strawberry.field(default_factory=list)

@strawberry.type(description="The bank's own logo, tiled on its new photos' watermark instead of the seal generated from its name.")
class BankLogo:
    width: int = strawberry.field(description="Of the stored logo (re-encoded PNG, at most 512 px on its long side).")
    height: int
    sha256: str
    uploaded_at: dt.datetime
    data_url: str = strawberry.field(description="The stored logo as a data: URL (PNG), for a preview.")

    @classmethod
    def from_model(cls, m: models.BankLogo, png: bytes | None) -> BankLogo:
        url = "data:image/png;base64," + base64.b64encode(png).decode() if png else ""
        return cls(width=m.width, height=m.height, sha256=m.sha256, uploaded_at=m.uploaded_at, data_url=url)


@strawberry.type(description="uploadBankLogo / removeBankLogo: the bank's logo now (null: the generated seal), or why not.")
class BankLogoPayload:
    logo: BankLogo | None = None
    errors: list[ImageError] = strawberry.field(default_factory=list)
