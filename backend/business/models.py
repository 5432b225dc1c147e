"""Business data (业务往来): what the bank's own systems know of a customer, fed daily.

The data warehouse (数据仓库) delivers one T+1 file per subject and business date: deposit
accounts, loan accounts, wealth holdings and intermediate-business sign-ups; the risk-monitoring
system (风险监控系统) delivers the blacklist. Each import replaces the bank's snapshot of that
subject (``warehouse_imports`` records it, once per bank, subject and date), and the
per-customer aggregates the rating reads (``business_aggregates``) are recomputed set-based.

Rows are tied to a person by the blind index of the ID number (never the number itself) and by
the ECIF number; ``customer_id`` is the archive they matched when imported (none: the bank does
business with someone who has no archive yet). Money is integer fen.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, Boolean, Date, DateTime, Identity, Index, Integer, LargeBinary, String, Uuid, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class Subject(StrEnum):
    DEPOSIT = "DEPOSIT"  # 存款账户
    LOAN = "LOAN"  # 贷款账户
    WEALTH = "WEALTH"  # 理财持有
    SERVICE = "SERVICE"  # 中间业务签约与活跃（电子银行、代发工资、代缴费）
    BLACKLIST = "BLACKLIST"  # 风险监控系统黑名单


class ImportStatus(StrEnum):
    """A file is imported whole in one transaction or not at all, so an import is never seen
    half-way: a crash leaves no record (the next run starts again), a refusal leaves REFUSED."""

    DONE = "DONE"
    REFUSED = "REFUSED"  # the file as a whole (header, trailer, checksum, encoding): nothing imported


class LoanClass(StrEnum):
    """Five-category loan classification (贷款五级分类), best to worst."""

    NORMAL = "NORMAL"  # 正常
    SPECIAL_MENTION = "SPECIAL_MENTION"  # 关注
    SUBSTANDARD = "SUBSTANDARD"  # 次级
    DOUBTFUL = "DOUBTFUL"  # 可疑
    LOSS = "LOSS"  # 损失


class WarehouseImport(Base):
    """One attempt to import one subject of one business date for one bank."""

    __tablename__ = "warehouse_imports"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the bank's path: who may read it
    subject: Mapped[Subject] = mapped_column(str_enum(Subject, "warehouse_subject", 24))
    business_date: Mapped[date] = mapped_column(Date)
    source: Mapped[str] = mapped_column(String(16))  # FILE | DATABASE
    file_name: Mapped[str | None] = mapped_column(String(255))
    file_sha256: Mapped[str | None] = mapped_column(String(64))
    encoding: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[ImportStatus] = mapped_column(str_enum(ImportStatus, "warehouse_import_status", 24))
    record_count: Mapped[int] = mapped_column(Integer, default=0)
    imported_count: Mapped[int] = mapped_column(Integer, default=0)
    rejected_count: Mapped[int] = mapped_column(Integer, default=0)
    unmatched_count: Mapped[int] = mapped_column(Integer, default=0)  # rows of people without an archive
    error_code: Mapped[str | None] = mapped_column(String(48))
    error_message: Mapped[str | None] = mapped_column(String(500))  # Chinese, for the UI
    error_message_en: Mapped[str | None] = mapped_column(String(500))
    started_by: Mapped[str] = mapped_column(String(64))  # a username, "cron" or "cli"
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (
        # One import that counts per bank, subject and date: a finished one makes a rerun a no-op.
        Index(
            "uq_warehouse_imports_done", "bank_id", "subject", "business_date", unique=True, postgresql_where="status = 'DONE'"
        ),
        Index("ix_warehouse_imports_scope", "org_path", "business_date", "id"),
        Index("ix_warehouse_imports_id", "id"),  # an import by its id alone (GraphQL ids, the rejects' download)
    )


class WarehouseReject(Base):
    """A row that failed validation: its line number, the rule, and the line (encrypted)."""

    __tablename__ = "warehouse_rejects"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    import_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(48))
    field: Mapped[str | None] = mapped_column(String(48))
    line_encrypted: Mapped[bytes] = mapped_column(LargeBinary)


# The tables an import replaces per bank: one partition per bank, swapped in whole (migration 0010).
BY_BANK = {"postgresql_partition_by": "LIST (bank_id)"}


class _Row:
    """Columns every snapshot row carries (matching and provenance).

    The snapshot tables have their primary key only: they are read a bank at a time (the
    aggregates), never by customer, and an index on the random archive id would cost the daily
    load a third of its time for no reader (migration 0009)."""

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, sort_order=-1)  # first in the key
    id_bidx: Mapped[bytes] = mapped_column(LargeBinary(32))
    ecif_no: Mapped[str | None] = mapped_column(String(32))
    customer_id: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    business_date: Mapped[date] = mapped_column(Date)


class DepositAccount(_Row, Base):
    __tablename__ = "deposit_accounts"
    __table_args__ = BY_BANK

    account_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    product: Mapped[str] = mapped_column(String(16))  # CURRENT | TIME | OTHER
    opened_on: Mapped[date] = mapped_column(Date)
    matures_on: Mapped[date | None] = mapped_column(Date)
    balance: Mapped[int] = mapped_column(BigInteger)  # fen
    avg_balance_90d: Mapped[int] = mapped_column(BigInteger)  # fen, the warehouse's daily average


class LoanAccount(_Row, Base):
    __tablename__ = "loan_accounts"
    __table_args__ = BY_BANK

    account_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    product: Mapped[str] = mapped_column(String(32))
    opened_on: Mapped[date] = mapped_column(Date)
    matures_on: Mapped[date | None] = mapped_column(Date)
    principal: Mapped[int] = mapped_column(BigInteger)
    balance: Mapped[int] = mapped_column(BigInteger)
    overdue_days: Mapped[int] = mapped_column(Integer)
    classification: Mapped[LoanClass] = mapped_column(str_enum(LoanClass, "loan_class", 24))


class WealthHolding(_Row, Base):
    __tablename__ = "wealth_holdings"
    __table_args__ = BY_BANK

    holding_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_code: Mapped[str] = mapped_column(String(32))
    risk_level: Mapped[int] = mapped_column(Integer)  # R1..R5 as 1..5
    amount: Mapped[int] = mapped_column(BigInteger)
    matures_on: Mapped[date | None] = mapped_column(Date)


class ServiceSignup(_Row, Base):
    """Intermediate business: e-banking, payroll, utility payments, with 30-day activity."""

    __tablename__ = "service_signups"
    __table_args__ = BY_BANK

    signup_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    service: Mapped[str] = mapped_column(String(24))  # MOBILE_BANKING | ONLINE_BANKING | PAYROLL | UTILITY | POS
    signed_on: Mapped[date] = mapped_column(Date)
    last_active_on: Mapped[date | None] = mapped_column(Date)
    tx_count_30d: Mapped[int] = mapped_column(Integer)
    tx_amount_30d: Mapped[int] = mapped_column(BigInteger)


class BlacklistEntry(_Row, Base):
    """An entry of the risk-monitoring system's blacklist; lifted entries stay, with the date."""

    __tablename__ = "blacklist_entries"

    entry_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    source: Mapped[str] = mapped_column(String(32))  # e.g. COURT (失信被执行人), FRAUD, INTERNAL
    reason_code: Mapped[str] = mapped_column(String(32))
    effective_on: Mapped[date] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    lifted_on: Mapped[date | None] = mapped_column(Date)

    __table_args__ = (Index("ix_blacklist_entries_person", "bank_id", "id_bidx"),)


class BlacklistChange(Base):
    """History of the blacklist: every add, update and lift as the daily files said it."""

    __tablename__ = "blacklist_changes"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    entry_no: Mapped[str] = mapped_column(String(32))
    action: Mapped[str] = mapped_column(String(8))  # ADD | UPDATE | LIFT
    business_date: Mapped[date] = mapped_column(Date)
    import_id: Mapped[int] = mapped_column(BigInteger)
    detail: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)

    __table_args__ = (Index("ix_blacklist_changes_entry", "bank_id", "entry_no", "id"),)


class BusinessAggregate(Base):
    """What the rating reads of a customer's business with the bank (docs/business-data.md)."""

    __tablename__ = "business_aggregates"
    __table_args__ = BY_BANK

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    as_of: Mapped[date] = mapped_column(Date)
    deposit_balance: Mapped[int] = mapped_column(BigInteger, default=0)
    deposit_avg_90d: Mapped[int] = mapped_column(BigInteger, default=0)
    deposit_accounts: Mapped[int] = mapped_column(Integer, default=0)
    loan_balance: Mapped[int] = mapped_column(BigInteger, default=0)
    loan_count: Mapped[int] = mapped_column(Integer, default=0)
    overdue_days: Mapped[int] = mapped_column(Integer, default=0)  # the worst loan today
    max_overdue_days: Mapped[int] = mapped_column(Integer, default=0)  # the worst seen since the first import
    worst_class: Mapped[LoanClass | None] = mapped_column(str_enum(LoanClass, "loan_class", 24))
    wealth_balance: Mapped[int] = mapped_column(BigInteger, default=0)
    wealth_count: Mapped[int] = mapped_column(Integer, default=0)
    customer_since: Mapped[date | None] = mapped_column(Date)
    months_as_customer: Mapped[int] = mapped_column(Integer, default=0)
    services: Mapped[list[str]] = mapped_column(JSONB, default=list)  # signed services
    active_services_30d: Mapped[int] = mapped_column(Integer, default=0)
    blacklisted: Mapped[bool] = mapped_column(Boolean, default=False)


class BusinessMonthly(Base):
    """Month-end balances per customer (the last business date imported in the month): the
    12-month trend on the archive page."""

    __tablename__ = "business_monthly"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)  # the first day of the month
    as_of: Mapped[date] = mapped_column(Date)
    deposit_balance: Mapped[int] = mapped_column(BigInteger)
    loan_balance: Mapped[int] = mapped_column(BigInteger)
    wealth_balance: Mapped[int] = mapped_column(BigInteger)
