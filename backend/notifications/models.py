"""Text messages to customers (短信) and the numbers that opted out.

A message is a row before it is anything else: created in the transaction of the event it tells
of (a quota granted, an application returned or rejected), idempotent by its ``dedupe_key``,
then sent by the worker (``notifications.send_sms``), which alone decrypts the mobile number.
Rows keep the number only masked and as a blind index (for opt-outs and the per-number limit).
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, LargeBinary, SmallInteger, String, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class SmsEvent(StrEnum):
    QUOTA_APPROVED = "QUOTA_APPROVED"
    APPLICATION_RETURNED = "APPLICATION_RETURNED"
    APPLICATION_REJECTED = "APPLICATION_REJECTED"
    REMINDER = "REMINDER"
    LOAN_DISBURSED = "LOAN_DISBURSED"


class SmsStatus(StrEnum):
    QUEUED = "QUEUED"  # waiting for the worker (or for the end of quiet hours, or tomorrow's limit)
    SENT = "SENT"  # the platform accepted it
    DELIVERED = "DELIVERED"  # the platform's receipt says it reached the phone
    FAILED = "FAILED"  # refused by the platform, or its receipt says undelivered
    SUPPRESSED = "SUPPRESSED"  # not sent: opted out, or no mobile number


class SmsMessage(Base):
    __tablename__ = "sms_messages"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's: who may read it
    event: Mapped[SmsEvent] = mapped_column(str_enum(SmsEvent, "sms_event", 24))
    dedupe_key: Mapped[str] = mapped_column(String(120))  # one message per event (uq_sms_messages_dedupe_key)
    variables: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # never personal data
    text: Mapped[str] = mapped_column(String(500))
    to_masked: Mapped[str | None] = mapped_column(String(16))
    to_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(32))
    status: Mapped[SmsStatus] = mapped_column(str_enum(SmsStatus, "sms_status", 16), default=SmsStatus.QUEUED)
    reason: Mapped[str | None] = mapped_column(String(64))  # OPTED_OUT, NO_MOBILE, the platform's code
    provider_id: Mapped[str | None] = mapped_column(String(64))
    attempts: Mapped[int] = mapped_column(SmallInteger, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    receipt_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        Index("ix_sms_messages_number_day", "to_bidx", "sent_at"),
        Index("ix_sms_messages_customer", "bank_id", "customer_id", "created_at"),
        Index("uq_sms_messages_dedupe_key", "bank_id", "dedupe_key", unique=True),
        Index("ix_sms_messages_id", "id"),  # a message by its id alone (the job, the receipt)
    )


class SmsOptOut(Base):
    """A number that replied TD (退订) or asked its bank to stop: no marketing or notice messages."""

    __tablename__ = "sms_opt_outs"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    mobile_bidx: Mapped[bytes] = mapped_column(LargeBinary(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # REPLY (TD) | BANK
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
