"""Marketing: segment models (自定义模型) and their members.

A segment model is a condition over archive fields, bank extra fields, the rating and the
business aggregates, compiled to SQL like an integrity rule (``backend.marketing.segments``). It
belongs to the org unit that defined it (``org_path``: the province, a bank or a branch) and is
shared downward: it runs over that unit's subtree, and everyone in it sees it, each reading the
members within their own scope. Membership is evaluated nightly and on demand and kept per
archive (the models it belongs to, and since when); a day's counts per branch make the trend.
docs/marketing.md explains the model.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Integer, String, UniqueConstraint, Uuid, func, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class ModelStatus(StrEnum):
    ACTIVE = "ACTIVE"  # evaluated nightly
    RETIRED = "RETIRED"  # kept with its last members and counts, no longer evaluated


class SegmentModel(Base):
    __tablename__ = "segment_models"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bank_id: Mapped[int | None] = mapped_column(BigInteger)  # None: a province model
    org_unit_id: Mapped[int] = mapped_column(BigInteger)  # the unit that owns it
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # its path: who sees it, what it runs over
    name: Mapped[str] = mapped_column(String(60))
    description: Mapped[str | None] = mapped_column(String(500))
    condition: Mapped[dict[str, Any]] = mapped_column(JSONB)  # {"all"|"any": [...]} | {"field", "op", "value"}
    fields: Mapped[list[str]] = mapped_column(ARRAY(String(64)))  # the fields the condition tests
    status: Mapped[ModelStatus] = mapped_column(str_enum(ModelStatus, "segment_model_status", 16), default=ModelStatus.ACTIVE)
    version: Mapped[int] = mapped_column(Integer, default=1)
    created_by: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    evaluated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    members: Mapped[int] = mapped_column(Integer, default=0)  # at the last evaluation, over its whole subtree
    # What each new member's responsible manager is reminded to do (None: the model raises none).
    reminder: Mapped[str | None] = mapped_column(String(200))

    __table_args__ = (Index("ix_segment_models_path", "org_path", "status"),)


class SegmentMembership(Base):
    """An archive that met at least one model's condition at its last evaluation: the models it is
    a member of (``model_ids``, ascending) and, position for position, the day it became a member
    of each (``since``). One row per archive, whatever the number of models: a night reads each
    archive once and writes only the rows whose set changed (docs/marketing.md)."""

    __tablename__ = "segment_memberships"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    branch_id: Mapped[int] = mapped_column(BigInteger)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's
    manager_id: Mapped[int | None] = mapped_column(BigInteger)
    model_ids: Mapped[list[int]] = mapped_column(ARRAY(BigInteger))  # ascending, never empty (no row instead)
    since: Mapped[list[date]] = mapped_column(ARRAY(Date))  # since[i]: the first evaluation it met model_ids[i]'s condition at, in this run of membership

    __table_args__ = (
        Index("ix_segment_memberships_models", "model_ids", postgresql_using="gin"),
        # The newest of ``since``: a night's new members without reading every row (migration 0029).
        Index("ix_segment_memberships_latest_since", text("cic_latest_since(since)")),
    )

    def since_of(self, model_id: int) -> date | None:
        return self.since[self.model_ids.index(model_id)] if model_id in self.model_ids else None


class SegmentCount(Base):
    """A model's members per branch on one day (the trend, and the counts by unit)."""

    __tablename__ = "segment_counts"

    model_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    branch_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the branch's
    members: Mapped[int] = mapped_column(Integer)


class ReminderKind(StrEnum):
    MODEL = "MODEL"  # a segment model's new member
    GRADE_MIGRATION = "GRADE_MIGRATION"  # a rating migration warning (docs/rating.md)
    QUOTA_EXPIRING = "QUOTA_EXPIRING"  # an active quota ends within 30 days
    ID_EXPIRING = "ID_EXPIRING"  # the ID card expires within 60 days
    ARCHIVE_RETURNED = "ARCHIVE_RETURNED"  # the archive was returned for correction
    NOT_PRECISE = "NOT_PRECISE"  # a verified archive no longer meets the precise-filing rules
    DEPOSIT_MATURING = "DEPOSIT_MATURING"  # a time deposit matures within 30 days
    APPROVAL_OVERDUE = "APPROVAL_OVERDUE"  # an approval task is past its SLA


class ReminderStatus(StrEnum):
    OPEN = "OPEN"
    SNOOZED = "SNOOZED"  # back to OPEN on ``snoozed_until``
    DONE = "DONE"
    DISMISSED = "DISMISSED"


OPEN_STATES = (ReminderStatus.OPEN, ReminderStatus.SNOOZED)  # not yet done or dismissed


class Reminder(Base):
    """Something a customer manager should do about a customer. Raised set-based by the nightly
    job; ``dedupe_key`` (unique per bank) names the occasion (a model's membership since a day, a
    quota's end date, a quarter's warning...), so a second run raises nothing twice."""

    __tablename__ = "reminders"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    customer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's (a task's: its queue's)
    manager_id: Mapped[int | None] = mapped_column(BigInteger)  # whose inbox: the archive's manager (a task's claimer)
    kind: Mapped[ReminderKind] = mapped_column(str_enum(ReminderKind, "reminder_kind", 20))
    model_id: Mapped[int | None] = mapped_column(BigInteger)
    dedupe_key: Mapped[str] = mapped_column(String(160))
    title: Mapped[str] = mapped_column(String(200))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[ReminderStatus] = mapped_column(str_enum(ReminderStatus, "reminder_status", 16), default=ReminderStatus.OPEN)
    snoozed_until: Mapped[date | None] = mapped_column(Date)
    note: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_by: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        UniqueConstraint("bank_id", "dedupe_key", name="uq_reminders_dedupe"),
        Index("ix_reminders_manager", "manager_id", "status", "due_on"),
        Index("ix_reminders_scope", "org_path", "status"),
    )


class ContactChannel(StrEnum):
    VISIT = "VISIT"  # 上门走访
    CALL = "CALL"  # 电话
    BRANCH = "BRANCH"  # 网点面谈
    OTHER = "OTHER"


class ContactOutcome(StrEnum):
    INTERESTED = "INTERESTED"  # 有意向
    APPLIED = "APPLIED"  # 已申请
    FOLLOW_UP = "FOLLOW_UP"  # 需再跟进
    NOT_INTERESTED = "NOT_INTERESTED"  # 暂无需求
    UNREACHABLE = "UNREACHABLE"  # 未联系上


class Contact(Base):
    """A visit or a call a member of staff logged with a customer (客户接触), from the PC or the
    PAD; ``id`` is the client's, so a retried (or offline-queued) log is stored once."""

    __tablename__ = "contacts"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's
    staff_id: Mapped[int] = mapped_column(BigInteger)
    reminder_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)  # the reminder that prompted it
    channel: Mapped[ContactChannel] = mapped_column(str_enum(ContactChannel, "contact_channel", 16))
    outcome: Mapped[ContactOutcome] = mapped_column(str_enum(ContactOutcome, "contact_outcome", 16))
    note: Mapped[str | None] = mapped_column(String(500))
    contacted_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_contacts_customer", "bank_id", "customer_id", "contacted_at"),
        Index("ix_contacts_scope", "org_path", "contacted_at"),
    )
