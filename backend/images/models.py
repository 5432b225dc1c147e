"""Customer images (客户影像): one row per uploaded photo, from receipt to purge.

The row is written, with the original's hash and object key, before an upload is acknowledged;
the worker fills in the derivative (watermarked image and thumbnail), its hashes and the signed
capture manifest. Soft deletion keeps the objects until ``purge_after``; a purged row stays as
the record of what existed (hashes and manifest) so a copy can still be verified.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    String,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class ImageKind(StrEnum):
    ID_FRONT = "ID_FRONT"
    ID_BACK = "ID_BACK"
    HOUSEHOLD_REGISTER = "HOUSEHOLD_REGISTER"
    HOUSE = "HOUSE"
    LAND = "LAND"
    LIVESTOCK = "LIVESTOCK"
    BUSINESS = "BUSINESS"
    CONSENT_FORM = "CONSENT_FORM"
    VISIT_PHOTO = "VISIT_PHOTO"
    SIGNATURE = "SIGNATURE"
    OTHER = "OTHER"


KIND_LABELS_ZH = {
    ImageKind.ID_FRONT: "身份证正面",
    ImageKind.ID_BACK: "身份证反面",
    ImageKind.HOUSEHOLD_REGISTER: "户口簿",
    ImageKind.HOUSE: "房屋",
    ImageKind.LAND: "土地",
    ImageKind.LIVESTOCK: "养殖",
    ImageKind.BUSINESS: "经营场所",
    ImageKind.CONSENT_FORM: "授权书",
    ImageKind.VISIT_PHOTO: "上门合影",
    ImageKind.SIGNATURE: "签名",
    ImageKind.OTHER: "其他",
}


class ImageStatus(StrEnum):
    RECEIVED = "RECEIVED"  # original stored and recorded; waiting for the worker
    READY = "READY"  # watermarked derivative, thumbnail and signed manifest stored
    FAILED = "FAILED"  # the original could not be processed (never for a transient error)


class CustomerImage(Base):
    __tablename__ = "customer_images"

    bank_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column()
    kind: Mapped[ImageKind] = mapped_column(str_enum(ImageKind, "image_kind", 24))
    status: Mapped[ImageStatus] = mapped_column(
        str_enum(ImageStatus, "image_status", 16), default=ImageStatus.RECEIVED
    )
    client_upload_id: Mapped[uuid.UUID] = mapped_column()

    # The original, as uploaded (kept: it is the evidence the derivative was made from).
    original_key: Mapped[str] = mapped_column(String(255))
    original_sha256: Mapped[str] = mapped_column(String(64))
    original_size: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str] = mapped_column(String(32))
    original_width: Mapped[int] = mapped_column(Integer)
    original_height: Mapped[int] = mapped_column(Integer)

    # Capture metadata from the client; the server adds received_at and the uploader.
    taken_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    accuracy_m: Mapped[float | None] = mapped_column(Float)
    device_id: Mapped[str | None] = mapped_column(String(128))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    queued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())  # last sent to the worker
    uploaded_by: Mapped[int] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    uploaded_by_no: Mapped[str] = mapped_column(String(32))  # staff number, as watermarked

    # The derivative, filled in by the worker.
    image_key: Mapped[str | None] = mapped_column(String(255))
    thumbnail_key: Mapped[str | None] = mapped_column(String(255))
    image_sha256: Mapped[str | None] = mapped_column(String(64))
    thumbnail_sha256: Mapped[str | None] = mapped_column(String(64))
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    image_size: Mapped[int | None] = mapped_column(Integer)
    manifest: Mapped[dict[str, Any] | None] = mapped_column(JSONB)  # the canonical capture manifest
    signature: Mapped[str | None] = mapped_column(Text)  # Ed25519 over the canonical manifest, base64
    key_id: Mapped[str | None] = mapped_column(String(32))
    c2pa: Mapped[bool] = mapped_column(Boolean, default=False)
    processed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    failure: Mapped[str | None] = mapped_column(String(500))

    # Soft deletion and purge.
    deleted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    deleted_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    delete_reason: Mapped[str | None] = mapped_column(String(200))
    purge_after: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    purged_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        ForeignKeyConstraint(
            ["bank_id", "customer_id"], ["customers.bank_id", "customers.id"], name="fk_customer_images_customer"
        ),
        Index("uq_customer_images_client_upload", "bank_id", "client_upload_id", unique=True),
        Index("ix_customer_images_customer", "bank_id", "customer_id", "received_at"),
        Index("ix_customer_images_id", "id"),
        Index("ix_customer_images_image_sha256", "image_sha256"),
        Index("ix_customer_images_original_sha256", "original_sha256"),
        Index(
            "ix_customer_images_pending", "queued_at",
            postgresql_where=text("status = 'RECEIVED' AND deleted_at IS NULL"),
        ),
        Index(
            "ix_customer_images_purge", "purge_after",
            postgresql_where=text("deleted_at IS NOT NULL AND purged_at IS NULL"),
        ),
    )


class BankLogo(Base):
    """A bank's own logo for the watermark (else a seal generated from the bank's name). The
    uploaded file is re-encoded as PNG (``backend.images.logo``) and stored in the object store
    under ``object_key``, a key unique to the upload."""

    __tablename__ = "bank_logos"

    bank_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"), primary_key=True)
    object_key: Mapped[str] = mapped_column(String(255))
    sha256: Mapped[str] = mapped_column(String(64))
    width: Mapped[int] = mapped_column(Integer)
    height: Mapped[int] = mapped_column(Integer)
    uploaded_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
