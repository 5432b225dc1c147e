"""Drawdowns against a quota and what the lending platform (互联网信贷平台) reports of them.

A ``Loan`` is a row before it is anything else: written with the drawdown request, its id the
idempotency key every handoff attempt sends, so a retried or duplicated job never makes a
second loan. The platform's callbacks are ``LoanEvent`` rows, idempotent by the platform's
event id; each carries the loan's state after the event and a per-loan sequence number, and the
loan takes the state of the highest sequence seen, so a late or repeated callback changes
nothing (docs/channels.md).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, LargeBinary, SmallInteger, String, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class LoanStatus(StrEnum):
    REQUESTED = "REQUESTED"  # recorded; the handoff job sends it to the platform
    ACCEPTED = "ACCEPTED"  # the platform took it and named it
    DISBURSED = "DISBURSED"  # the money is in the customer's account
    OVERDUE = "OVERDUE"
    CLOSED = "CLOSED"  # repaid in full (or written off by the platform)
    REFUSED = "REFUSED"  # the platform refused the request; the quota is released


OPEN_LOAN = (LoanStatus.REQUESTED, LoanStatus.ACCEPTED, LoanStatus.DISBURSED, LoanStatus.OVERDUE)
PENDING_LOAN = (LoanStatus.REQUESTED, LoanStatus.ACCEPTED)  # reserved on the quota, not yet disbursed


class LoanEventType(StrEnum):
    ACCEPTED = "ACCEPTED"
    DISBURSED = "DISBURSED"
    REPAID = "REPAID"
    OVERDUE = "OVERDUE"
    CLOSED = "CLOSED"


class Loan(Base):
    __tablename__ = "loans"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)  # the idempotency key at the platform
    number: Mapped[str] = mapped_column(String(20))  # JK + date + sequence, for people; unique in the bank (uq_loans_number)
    quota_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's branch: who may read it
    product_code: Mapped[str] = mapped_column(String(32))
    amount: Mapped[int] = mapped_column(BigInteger)  # fen requested
    term: Mapped[int] = mapped_column(SmallInteger)  # months
    rate_bp: Mapped[int] = mapped_column(Integer)
    repayment_method: Mapped[str] = mapped_column(String(24))
    account_encrypted: Mapped[bytes] = mapped_column(LargeBinary)  # the disbursement account (field cipher)
    account_masked: Mapped[str] = mapped_column(String(24))
    channel: Mapped[str] = mapped_column(String(16))  # MOBILE_BANKING | BRANCH
    requested_by_client: Mapped[str | None] = mapped_column(String(64))
    requested_by_user: Mapped[int | None] = mapped_column(BigInteger)
    status: Mapped[LoanStatus] = mapped_column(str_enum(LoanStatus, "loan_status", 16), default=LoanStatus.REQUESTED)
    platform_loan_id: Mapped[str | None] = mapped_column(String(64))
    disbursed_amount: Mapped[int] = mapped_column(BigInteger, default=0)
    outstanding: Mapped[int] = mapped_column(BigInteger, default=0)  # principal not yet repaid
    overdue_days: Mapped[int] = mapped_column(Integer, default=0)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)  # the highest event sequence applied
    reason: Mapped[str | None] = mapped_column(String(64))  # the platform's refusal code
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    disbursed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_loans_id", "id"),
        Index("uq_loans_number", "bank_id", "number", unique=True),
        Index("ix_loans_quota", "bank_id", "quota_id"),
        Index("ix_loans_customer", "bank_id", "customer_id", "created_at"),
        Index("ix_loans_scope", "org_path", "created_at"),
    )


class LoanEvent(Base):
    """One callback of the platform, as received (duplicates are not stored twice)."""

    __tablename__ = "loan_events"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    loan_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    event_id: Mapped[str] = mapped_column(String(64))  # the platform's: idempotency (uq_loan_events_event_id)
    type: Mapped[LoanEventType] = mapped_column(str_enum(LoanEventType, "loan_event_type", 16))
    seq: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    received_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    state: Mapped[dict[str, Any]] = mapped_column(JSONB)  # the loan after the event (amounts in fen)
    applied: Mapped[bool] = mapped_column(default=False)  # False: older than a state already applied

    __table_args__ = (
        Index("ix_loan_events_loan", "bank_id", "loan_id", "seq"),
        Index("uq_loan_events_event_id", "bank_id", "event_id", unique=True),
    )
