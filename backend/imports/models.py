"""Import batches: one row per imported file, the unit of idempotence and of the error report."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class ImportStatus(StrEnum):
    PENDING = "PENDING"  # waiting for the worker (large files)
    DONE = "DONE"
    FAILED = "FAILED"  # the job hit an unexpected error; importing the same file again retries it


class ImportBatch(Base):
    """An imported file. Unique per (bank, branch, kind, file hash, default manager): importing
    the identical file into the same branch again returns this batch's report."""

    __tablename__ = "import_batches"

    bank_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    branch_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"))
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the branch: who may see the batch
    kind: Mapped[str] = mapped_column(String(32), default="ARCHIVES")
    file_name: Mapped[str] = mapped_column(String(255))
    file_sha256: Mapped[str] = mapped_column(String(64))
    default_manager_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    status: Mapped[ImportStatus] = mapped_column(str_enum(ImportStatus, "import_status", 16))
    total_rows: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    # [{row, column, code, message, message_en}], row order; skips are the "already exists" rows.
    errors: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    skips: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    # Both hold full ID numbers, phones and addresses: encrypted with the field keys
    # (``backend.imports.service.seal_file`` / ``open_file``), never stored as plain xlsx.
    error_workbook: Mapped[bytes | None] = mapped_column(LargeBinary)
    source: Mapped[bytes | None] = mapped_column(LargeBinary)  # the uploaded file, kept only while PENDING
    failure: Mapped[str | None] = mapped_column(String(500))
    created_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    created_by_name: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # Data rows by the sheet's stored dimension, known at upload: the denominator of the progress bar.
    estimated_rows: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (
        Index(
            "uq_import_batches_file",
            "bank_id", "branch_id", "kind", "file_sha256", "default_manager_id",
            unique=True,
            postgresql_nulls_not_distinct=True,
        ),
        Index("ix_import_batches_id", "id"),
        Index("ix_import_batches_scope", "org_path", "created_at"),
    )


class ImportProgress(Base):
    """How far the worker is with a PENDING batch, written after every chunk in a short
    transaction of its own (the batch row is locked by the importing transaction, and the
    archives it writes are not visible until it commits): what the PC's progress bar polls."""

    __tablename__ = "import_progress"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    batch_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped: Mapped[int] = mapped_column(Integer, default=0)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
