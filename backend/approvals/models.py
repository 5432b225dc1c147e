"""Quota applications (授信申请), their approval processes (BPMN 2.0, run by SpiffWorkflow),
approval tasks, the history of every step, and the quotas (额度) approval creates.

* ``ProcessDefinition``: a BPMN document, validated, versioned per bank (``bank_id`` NULL: the
  four templates shipped with CIC, loaded by ``cic migrate``). A running application keeps the
  version it started with.
* ``Application``: what a customer asked for, the rating it was made under, and the process
  instance's state (SpiffWorkflow's serialized workflow) in ``workflow``: it survives restarts.
* ``ApprovalTask``: a user task of the process while it waits for a person: the inbox reads
  these rows, never the serialized workflow.
* ``ApplicationEvent``: every step (who, when, decision, amount, comment), append-only.
* ``Quota``: created when the process completes; an outbox event ``approvals.quota_approved``
  announces it.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import ARRAY, BigInteger, Date, DateTime, Identity, Index, Integer, SmallInteger, String, Text, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class ProcessStatus(StrEnum):
    ACTIVE = "ACTIVE"  # the version new applications start
    SUPERSEDED = "SUPERSEDED"  # replaced by a later version; running applications keep it


class ApplicationStatus(StrEnum):
    IN_APPROVAL = "IN_APPROVAL"
    RETURNED = "RETURNED"  # back with the applicant for more information
    APPROVED = "APPROVED"
    REJECTED = "REJECTED"
    WITHDRAWN = "WITHDRAWN"


OPEN_APPLICATION = (ApplicationStatus.IN_APPROVAL, ApplicationStatus.RETURNED)


class ApplicationChannel(StrEnum):
    BRANCH = "BRANCH"
    PAD = "PAD"
    MOBILE_BANKING = "MOBILE_BANKING"


class TaskStatus(StrEnum):
    OPEN = "OPEN"  # in the queue of its role and unit, nobody has claimed it
    CLAIMED = "CLAIMED"  # one approver holds it
    SUSPENDED = "SUSPENDED"  # the application is back with its applicant
    DONE = "DONE"
    CANCELLED = "CANCELLED"  # the application ended otherwise (rejected, withdrawn) or the step escalated


ACTIVE_TASK = (TaskStatus.OPEN, TaskStatus.CLAIMED)


class EventAction(StrEnum):
    SUBMITTED = "SUBMITTED"
    CLAIMED = "CLAIMED"
    RELEASED = "RELEASED"
    DELEGATED = "DELEGATED"
    APPROVED = "APPROVED"  # one step approved
    REJECTED = "REJECTED"
    RETURNED = "RETURNED"
    RESUBMITTED = "RESUBMITTED"
    WITHDRAWN = "WITHDRAWN"
    REMINDED = "REMINDED"  # an SLA timer fired without interrupting the step
    ESCALATED = "ESCALATED"  # an SLA timer took the step away
    AUTO_APPROVED = "AUTO_APPROVED"  # straight through: the process ended without a person
    COMPLETED = "COMPLETED"  # the process ended: the quota is granted


class QuotaStatus(StrEnum):
    ACTIVE = "ACTIVE"
    FROZEN = "FROZEN"
    EXPIRED = "EXPIRED"
    REVOKED = "REVOKED"


class ProcessDefinition(Base):
    __tablename__ = "process_definitions"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bank_id: Mapped[int | None] = mapped_column(BigInteger)  # None: a template shipped with CIC
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # "/" for the templates
    key: Mapped[str] = mapped_column(String(40))  # the BPMN process id, stable across versions
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[ProcessStatus] = mapped_column(str_enum(ProcessStatus, "process_status", 16))
    name: Mapped[str] = mapped_column(String(100))
    bpmn_xml: Mapped[str] = mapped_column(Text)
    # What validation read from the document (``backend.approvals.bpmn.Outline``): lanes with
    # their role and level, user tasks, timers, gateways.
    outline: Mapped[dict[str, Any]] = mapped_column(JSONB)
    created_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("uq_process_definitions_version", func.coalesce(bank_id, 0), key, version, unique=True),
        Index("ix_process_definitions_scope", "org_path", "key"),
    )


class Application(Base):
    __tablename__ = "applications"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # may come from the PAD (offline)
    number: Mapped[str] = mapped_column(String(20))  # SQ + date + sequence, for people; unique in the bank
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    branch_id: Mapped[int] = mapped_column(BigInteger)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's branch: who may read it
    product_id: Mapped[int] = mapped_column(BigInteger)  # the product version applied for
    product_code: Mapped[str] = mapped_column(String(32))
    process_id: Mapped[int] = mapped_column(BigInteger)  # the process version it runs
    status: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus, "application_status", 16))
    channel: Mapped[ApplicationChannel] = mapped_column(str_enum(ApplicationChannel, "application_channel", 16))
    amount: Mapped[int] = mapped_column(BigInteger)  # fen
    term: Mapped[int] = mapped_column(SmallInteger)  # months
    repayment_method: Mapped[str] = mapped_column(String(24))
    purpose: Mapped[str] = mapped_column(String(200))
    over_reason: Mapped[str | None] = mapped_column(String(500))  # why more than the recommended quota
    attachment_ids: Mapped[list[uuid.UUID]] = mapped_column(ARRAY(Uuid), default=list)
    # The rating the application was made under.
    score: Mapped[int | None] = mapped_column(SmallInteger)
    grade: Mapped[str | None] = mapped_column(String(8))
    recommended_quota: Mapped[int] = mapped_column(BigInteger, default=0)  # fen
    card_id: Mapped[int | None] = mapped_column(BigInteger)
    sampled: Mapped[bool] = mapped_column(default=False)  # drawn for manual review (straight through)
    approved_amount: Mapped[int | None] = mapped_column(BigInteger)  # fen: the last approver's
    approved_term: Mapped[int | None] = mapped_column(SmallInteger)
    # Annual rate in basis points: priced by grade within the product's range at submission
    # (``price``), an approver may set another within the range.
    rate_bp: Mapped[int] = mapped_column(Integer)
    applicant_id: Mapped[int | None] = mapped_column(BigInteger)  # staff; None for self-service
    applicant_client: Mapped[str | None] = mapped_column(String(64))
    # SpiffWorkflow's serialized state (~16 KB of JSON): loaded only where the process moves or is
    # drawn (``undefer``), never for a list.
    workflow: Mapped[dict[str, Any]] = mapped_column(JSONB, deferred=True, deferred_raiseload=True)
    revision: Mapped[int] = mapped_column(Integer, default=1)  # moves with every step
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # One open application per customer and product.
        Index("uq_applications_open", "bank_id", "customer_id", "product_code", unique=True,
              postgresql_where="status IN ('IN_APPROVAL', 'RETURNED')"),
        Index("ix_applications_scope", "org_path", "created_at"),
        Index("ix_applications_customer", "bank_id", "customer_id", "created_at"),
        Index("ix_applications_id", "id"),  # a lookup by id alone (GraphQL ids, task rows)
        Index("uq_applications_number", "bank_id", "number", unique=True),
    )


class ApprovalTask(Base):
    __tablename__ = "approval_tasks"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    application_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    spiff_task_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    element_id: Mapped[str] = mapped_column(String(64))  # the BPMN user task
    name: Mapped[str] = mapped_column(String(100))
    lane: Mapped[str | None] = mapped_column(String(100))
    role: Mapped[str] = mapped_column(String(32))  # who may take it ...
    queue_path: Mapped[str] = mapped_column(String(255, collation="C"))  # ... in which unit
    status: Mapped[TaskStatus] = mapped_column(str_enum(TaskStatus, "approval_task_status", 16))
    claimed_by: Mapped[int | None] = mapped_column(BigInteger)
    delegated_by: Mapped[int | None] = mapped_column(BigInteger)
    due_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # the next SLA timer
    sla_action: Mapped[str | None] = mapped_column(String(16))  # REMIND or ESCALATE at due_at
    reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    completed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    completed_by: Mapped[int | None] = mapped_column(BigInteger)
    outcome: Mapped[str | None] = mapped_column(String(16))  # an EventAction

    __table_args__ = (
        Index("ix_approval_tasks_queue", "queue_path", "role", "created_at", "id",
              postgresql_where="status IN ('OPEN', 'CLAIMED')"),
        Index("ix_approval_tasks_claimed", "claimed_by", "created_at", "id", postgresql_where="status = 'CLAIMED'"),
        Index("ix_approval_tasks_application", "application_id", "id"),
        Index("ix_approval_tasks_due", "due_at", postgresql_where="status IN ('OPEN', 'CLAIMED') AND due_at IS NOT NULL"),
        Index("ix_approval_tasks_id", "id"),  # a task by its id alone (GraphQL ids)
    )


class ApplicationEvent(Base):
    __tablename__ = "application_events"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True, autoincrement=True)
    application_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    action: Mapped[EventAction] = mapped_column(str_enum(EventAction, "application_event_action", 16))
    element_id: Mapped[str | None] = mapped_column(String(64))
    element_name: Mapped[str | None] = mapped_column(String(100))
    actor_id: Mapped[int | None] = mapped_column(BigInteger)  # None: the system (timer, straight through)
    actor_client: Mapped[str | None] = mapped_column(String(64))
    amount: Mapped[int | None] = mapped_column(BigInteger)  # fen
    term: Mapped[int | None] = mapped_column(SmallInteger)
    rate_bp: Mapped[int | None] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(String(500))
    to_user_id: Mapped[int | None] = mapped_column(BigInteger)  # delegation
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (Index("ix_application_events_application", "application_id", "id"),)


class Quota(Base):
    __tablename__ = "quotas"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))
    application_id: Mapped[uuid.UUID] = mapped_column(Uuid)  # one quota per application: uq_quotas_application_id
    product_id: Mapped[int] = mapped_column(BigInteger)
    product_code: Mapped[str] = mapped_column(String(32))
    status: Mapped[QuotaStatus] = mapped_column(str_enum(QuotaStatus, "quota_status", 16))
    amount: Mapped[int] = mapped_column(BigInteger)  # fen
    used_amount: Mapped[int] = mapped_column(BigInteger, default=0)  # fen: principal outstanding on its loans
    reserved_amount: Mapped[int] = mapped_column(BigInteger, default=0)  # fen: drawdowns sent, not yet disbursed
    term: Mapped[int] = mapped_column(SmallInteger)  # months of each drawdown at most
    rate_bp: Mapped[int] = mapped_column(Integer)  # annual rate, basis points
    repayment_method: Mapped[str] = mapped_column(String(24))
    valid_from: Mapped[date] = mapped_column(Date)
    valid_to: Mapped[date] = mapped_column(Date)
    version: Mapped[int] = mapped_column(Integer, default=1)
    announced_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))  # quota.approved delivered
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_quotas_customer", "bank_id", "customer_id"),
        Index("ix_quotas_id", "id"),
        Index("uq_quotas_application_id", "bank_id", "application_id", unique=True),
        Index("ix_quotas_scope", "org_path", "created_at"),
        Index("ix_quotas_expiry", "valid_to", postgresql_where="status IN ('ACTIVE', 'FROZEN')"),
    )
