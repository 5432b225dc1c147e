"""Organization tree (PROVINCE > BANK > BRANCH) and the staff who work in it."""

from __future__ import annotations

from enum import StrEnum

from sqlalchemy import (
    BigInteger,
    ForeignKey,
    Identity,
    Index,
    Integer,
    LargeBinary,
    String,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Mapped, mapped_column, relationship

from backend.auth.roles import ROLE_LEVELS, OrgLevel, Role  # noqa: F401 (the org tree's vocabulary, re-exported)
from backend.db.base import Base, TimestampMixin, str_enum

# Which level may sit directly under which.
CHILD_LEVEL: dict[OrgLevel, OrgLevel] = {OrgLevel.PROVINCE: OrgLevel.BANK, OrgLevel.BANK: OrgLevel.BRANCH}


class OrgStatus(StrEnum):
    ACTIVE = "ACTIVE"
    CLOSED = "CLOSED"


class StaffStatus(StrEnum):
    ACTIVE = "ACTIVE"
    DISABLED = "DISABLED"
    PENDING = "PENDING"  # created with roles that read personal data: waits for a second admin
    REJECTED = "REJECTED"  # the second admin refused the account (or its requester withdrew it)


class OrgUnit(TimestampMixin, Base):
    __tablename__ = "org_units"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    level: Mapped[OrgLevel] = mapped_column(str_enum(OrgLevel, "org_level", 16))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    # The bank this unit belongs to (itself for a BANK, NULL for the PROVINCE): the tenant key.
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"))
    # Materialized path of ids, e.g. "/1/4/12/": a subtree is ``path LIKE '/1/4/%'``.
    path: Mapped[str] = mapped_column(String(255), unique=True)
    status: Mapped[OrgStatus] = mapped_column(
        str_enum(OrgStatus, "org_status", 16), default=OrgStatus.ACTIVE
    )

    parent: Mapped[OrgUnit | None] = relationship(remote_side=[id], foreign_keys=[parent_id], lazy="raise")

    __table_args__ = (
        Index("ix_org_units_path_prefix", "path", postgresql_ops={"path": "text_pattern_ops"}),
        Index("ix_org_units_parent_id", "parent_id"),
    )


class StaffUser(TimestampMixin, Base):
    __tablename__ = "staff_users"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    employee_no: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    org_unit_id: Mapped[int] = mapped_column(ForeignKey("org_units.id"), index=True)
    bank_id: Mapped[int | None] = mapped_column(ForeignKey("org_units.id"), index=True)
    roles: Mapped[list[str]] = mapped_column(ARRAY(String(32)), server_default=text("'{}'"))
    status: Mapped[StaffStatus] = mapped_column(
        str_enum(StaffStatus, "staff_status", 16), default=StaffStatus.ACTIVE
    )
    # Personal data: encrypted (AES-GCM) with a keyed blind index for exact lookup.
    phone_encrypted: Mapped[bytes | None] = mapped_column(LargeBinary)
    phone_bidx: Mapped[bytes | None] = mapped_column(LargeBinary, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)

    org_unit: Mapped[OrgUnit] = relationship(foreign_keys=[org_unit_id], lazy="raise")

    __mapper_args__ = {"version_id_col": version}
