"""Dual control (双人复核): a change one administrator requests and a second one approves.

Changes that widen who can read personal data (a new account or a role grant that can reveal
it), publishing an integrity rule set and publishing a scorecard take effect only when a second administrator, who could
have made the change, approves it. The request is a row here; the approval executes the change.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class ChangeKind(StrEnum):
    STAFF_USER_CREATE = "STAFF_USER_CREATE"  # a new account whose roles can reveal personal data
    STAFF_ROLES_GRANT = "STAFF_ROLES_GRANT"  # roles that can reveal personal data, added to an account
    RULE_SET_PUBLISH = "RULE_SET_PUBLISH"  # an integrity rule set goes into force
    SCORECARD_PUBLISH = "SCORECARD_PUBLISH"  # a credit-rating scorecard goes into force


class ChangeStatus(StrEnum):
    PENDING = "PENDING"
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    CANCELLED = "CANCELLED"  # withdrawn by the requester


class PendingChange(Base):
    __tablename__ = "pending_changes"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    kind: Mapped[ChangeKind] = mapped_column(str_enum(ChangeKind, "pending_change_kind", 24))
    status: Mapped[ChangeStatus] = mapped_column(str_enum(ChangeStatus, "pending_change_status", 24), default=ChangeStatus.PENDING)
    # The org scope of the change (the account's unit, the bank, or "/" for the baseline): who
    # may see and decide it.
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))
    target_type: Mapped[str] = mapped_column(String(32))
    target_id: Mapped[str] = mapped_column(String(64))
    # What is asked for (roles, rule set version...): never a secret.
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    requested_by: Mapped[int] = mapped_column(BigInteger)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_by: Mapped[int | None] = mapped_column(BigInteger)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decision_note: Mapped[str | None] = mapped_column(String(500))

    __table_args__ = (
        Index("ix_pending_changes_scope", "org_path", "status", "id"),
        # At most one open request per target: a second one would race the first.
        Index("uq_pending_changes_open_target", "target_type", "target_id", unique=True, postgresql_where="status = 'PENDING'"),
    )
