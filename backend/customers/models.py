"""Customer archives (客户档案): one row per person per bank, with history and assignment.

Identity, contact, address, status and assignment are columns (searched, indexed, encrypted
where personal); the nested sections (household, family, land, livestock, assets, income,
liabilities, business, social standing) are one validated JSONB document, ``profile``, so an
archive is read and versioned as a whole and rules can evaluate it directly. Money inside it is
integer fen; areas are decimal strings. Tenant tables carry ``bank_id`` first in the primary key.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, TimestampMixin, str_enum
from backend.db.ids import new_id


class ArchiveStatus(StrEnum):
    DRAFT = "DRAFT"
    SUBMITTED = "SUBMITTED"
    RETURNED = "RETURNED"
    VERIFIED = "VERIFIED"
    ARCHIVED = "ARCHIVED"


class Channel(StrEnum):
    PC = "PC"
    PAD = "PAD"
    SELF_SERVICE = "SELF_SERVICE"
    IMPORT = "IMPORT"


class Customer(TimestampMixin, Base):
    __tablename__ = "customers"

    bank_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"), primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)  # time-ordered: backend.db.ids
    branch_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"))
    # Materialized path of the branch: the org scope of the row.
    # C collation: one btree serves both LIKE 'prefix%' and ORDER BY (keyset paging).
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))
    manager_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    status: Mapped[ArchiveStatus] = mapped_column(str_enum(ArchiveStatus, "archive_status", 16), default=ArchiveStatus.DRAFT)
    channel: Mapped[Channel] = mapped_column(str_enum(Channel, "archive_channel", 16))
    version: Mapped[int] = mapped_column(Integer, default=1)

    # Identity.
    name: Mapped[str] = mapped_column(String(64, collation="C"))
    # Pinyin order of the name (backend.customers.sorting): what lists are sorted by.
    name_sort: Mapped[str] = mapped_column(Text(collation="C"))
    id_number_encrypted: Mapped[bytes] = mapped_column(LargeBinary)
    id_number_bidx: Mapped[bytes] = mapped_column(LargeBinary(32))
    id_expiry: Mapped[date | None] = mapped_column(Date)  # NULL with id_long_term: 长期有效
    id_long_term: Mapped[bool] = mapped_column(Boolean, default=False)
    gender: Mapped[str] = mapped_column(String(8))  # derived from the ID number
    birth_date: Mapped[date] = mapped_column(Date)  # derived from the ID number
    ethnicity: Mapped[str | None] = mapped_column(String(16))
    education: Mapped[str | None] = mapped_column(String(32))
    marital_status: Mapped[str | None] = mapped_column(String(16))
    health: Mapped[str | None] = mapped_column(String(16))

    # Contact and address.
    mobile_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    mobile_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    alt_phone_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    region_code: Mapped[str | None] = mapped_column(String(6))  # GB/T 2260 county
    township_code: Mapped[str | None] = mapped_column(String(12))
    village_code: Mapped[str | None] = mapped_column(String(15))
    address_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)

    # The nested sections, bank extra field values, and the PIPL consent record.
    profile: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    extra: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    consent: Mapped[dict[str, Any] | None] = mapped_column(JSONB)

    # Lifecycle.
    return_reasons: Mapped[list[str] | None] = mapped_column(JSONB)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    verified_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("staff_users.id"))
    created_by_client: Mapped[str | None] = mapped_column(String(64))
    ecif_customer_no: Mapped[str | None] = mapped_column(String(32))

    __mapper_args__ = {"version_id_col": version, "version_id_generator": False}

    __table_args__ = (
        # One archive per person per bank.
        # Covering: the warehouse import reads every archive's (blind index, ECIF number, id) of a
        # bank by an index-only scan instead of the wide rows.
        Index("uq_customers_bank_id_number", "bank_id", "id_number_bidx", unique=True, postgresql_include=["id", "ecif_customer_no"]),
        Index("ix_customers_id", "id"),
        # Branch (or bank) scope + name prefix, keyset by id: the main search path.
        Index("ix_customers_scope_name", "org_path", "name", "id"),
        # Keyset search by name within a bank (bank staff) and across banks (province staff);
        # the first also serves the same-name-and-birth-date warning.
        Index("ix_customers_bank_name", "bank_id", "name", "id"),
        Index("ix_customers_name", "name", "id"),
        Index("ix_customers_bank_mobile", "bank_id", "mobile_bidx"),
        Index("ix_customers_manager", "manager_id", "status"),
        Index("ix_customers_village", "village_code"),
        Index("ix_customers_updated", "org_path", "updated_at", "id"),
        # The list in pinyin order (and by a name prefix's pinyin range), and by last change, keyset
        # by id, in a branch, a bank and across banks: the same three scopes as the name indexes.
        # The branch's and the bank's carry what a name-prefix search's count tests besides (the
        # name, the other scope column): its totalCount reads only the index (migration 0027).
        Index("ix_customers_scope_name_sort", "org_path", "name_sort", "id", postgresql_include=["name", "bank_id"]),
        Index("ix_customers_bank_name_sort", "bank_id", "name_sort", "id", postgresql_include=["name", "org_path"]),
        Index("ix_customers_name_sort", "name_sort", "id"),
        Index("ix_customers_bank_updated", "bank_id", "updated_at", "id"),
        Index("ix_customers_all_updated", "updated_at", "id"),
        # The review inbox (archives waiting for verification), oldest submission first.
        Index("ix_customers_review", "org_path", "submitted_at", "id", postgresql_where="status = 'SUBMITTED'"),
    )


class CustomerChange(Base):
    """One change of an archive: who, when, through which channel, and a field-level diff.

    Personal values appear masked in the diff; the full values are only in the archive.
    """

    __tablename__ = "customer_changes"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column()
    version: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(16))
    channel: Mapped[str] = mapped_column(String(16))
    changed_by: Mapped[int | None] = mapped_column(BigInteger)
    changed_by_client: Mapped[str | None] = mapped_column(String(64))
    changed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    diff: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    note: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (Index("ix_customer_changes_customer", "customer_id", "id"),)


class CustomerAssignment(Base):
    """A transfer of an archive between managers and/or branches."""

    __tablename__ = "customer_assignments"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column()
    from_branch_id: Mapped[int | None] = mapped_column(BigInteger)
    to_branch_id: Mapped[int] = mapped_column(BigInteger)
    from_manager_id: Mapped[int | None] = mapped_column(BigInteger)
    to_manager_id: Mapped[int | None] = mapped_column(BigInteger)
    reason: Mapped[str | None] = mapped_column(String(500))
    assigned_by: Mapped[int | None] = mapped_column(BigInteger)
    assigned_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_customer_assignments_customer", "customer_id", "id"),)


class ExtraFieldKind(StrEnum):
    TEXT = "TEXT"
    NUMBER = "NUMBER"
    DATE = "DATE"
    CHOICE = "CHOICE"
    BOOLEAN = "BOOLEAN"


class ExtraFieldDefinition(TimestampMixin, Base):
    """A bank-specific typed field of the archive, defined by the bank's admin."""

    __tablename__ = "customer_extra_fields"

    bank_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    label_zh: Mapped[str] = mapped_column(String(64))
    label_en: Mapped[str] = mapped_column(String(64))
    kind: Mapped[ExtraFieldKind] = mapped_column(str_enum(ExtraFieldKind, "extra_field_kind", 16))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    choices: Mapped[list[str] | None] = mapped_column(JSONB)
    min_value: Mapped[str | None] = mapped_column(String(32))
    max_value: Mapped[str | None] = mapped_column(String(32))
    pattern: Mapped[str | None] = mapped_column(String(200))
    max_length: Mapped[int | None] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Village(Base):
    """Townships and villages below a county, maintained by each bank (dictionary)."""

    __tablename__ = "villages"

    bank_id: Mapped[int] = mapped_column(BigInteger, ForeignKey("org_units.id"), primary_key=True)
    code: Mapped[str] = mapped_column(String(15), primary_key=True)  # statistical code: 9-digit township, 12-digit village
    parent_code: Mapped[str] = mapped_column(String(15))  # county (6 digits) for townships, township (9) for villages
    name: Mapped[str] = mapped_column(String(64))
    level: Mapped[str] = mapped_column(String(16))  # TOWNSHIP | VILLAGE

    __table_args__ = (Index("ix_villages_parent", "bank_id", "parent_code"),)

