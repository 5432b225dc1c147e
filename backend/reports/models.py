"""Reports: the report centre's facts (docs/reports.md).

``report_facts`` holds one row per day per org unit (``manager_id = 0``) and per customer manager
of each branch (``level = MANAGER``, ``manager_id = -1`` for archives without one). Stocks
(archives, precise, active quotas, grades) are as of the end of the day; every ``*_total`` is
cumulative since the start of the data, so a period's figure is the difference of two rows and a
report over any date range reads two rows per unit, whatever the range (``backend.reports.facts``
builds them, nightly and on demand). ``report_files`` keeps the monthly report workbooks.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import BigInteger, Date, DateTime, Identity, Index, Integer, LargeBinary, String, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base

UNIT_ROW = 0  # manager_id of a unit's own row
NO_MANAGER = -1  # manager_id of a branch's archives without a responsible manager


class ReportFact(Base):
    __tablename__ = "report_facts"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    unit_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)  # the unit, or the manager's branch
    manager_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    level: Mapped[str] = mapped_column(String(16))  # PROVINCE, BANK, BRANCH or MANAGER
    parent_id: Mapped[int | None] = mapped_column(BigInteger)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the unit's (a manager row: its branch's)
    # Stocks at the end of the day.
    archives: Mapped[int] = mapped_column(Integer, default=0)  # not closed
    verified: Mapped[int] = mapped_column(Integer, default=0)
    evaluated: Mapped[int] = mapped_column(Integer, default=0)
    precise: Mapped[int] = mapped_column(Integer, default=0)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    quotas_active: Mapped[int] = mapped_column(Integer, default=0)
    quota_amount: Mapped[int] = mapped_column(BigInteger, default=0)  # fen, active quotas
    quota_used: Mapped[int] = mapped_column(BigInteger, default=0)
    # Cumulative to the end of the day.
    created_total: Mapped[int] = mapped_column(Integer, default=0)
    applications_total: Mapped[int] = mapped_column(Integer, default=0)
    decided_total: Mapped[int] = mapped_column(Integer, default=0)
    approved_total: Mapped[int] = mapped_column(Integer, default=0)
    rejected_total: Mapped[int] = mapped_column(Integer, default=0)
    quotas_total: Mapped[int] = mapped_column(Integer, default=0)
    reminders_total: Mapped[int] = mapped_column(Integer, default=0)
    reminders_done_total: Mapped[int] = mapped_column(Integer, default=0)
    contacts_total: Mapped[int] = mapped_column(Integer, default=0)
    contacted_reminders_total: Mapped[int] = mapped_column(Integer, default=0)
    converted_applications_total: Mapped[int] = mapped_column(Integer, default=0)
    converted_quotas_total: Mapped[int] = mapped_column(Integer, default=0)
    decision_seconds_total: Mapped[int] = mapped_column(BigInteger, default=0)
    approved_amount_total: Mapped[int] = mapped_column(BigInteger, default=0)
    granted_amount_total: Mapped[int] = mapped_column(BigInteger, default=0)
    grades: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # {grade: customers}, the current ratings
    grade_moves: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)  # {"from>to": customers}, last quarter -> this
    computed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_report_facts_level", "day", "level", "org_path"),
        Index("ix_report_facts_unit", "unit_id", "manager_id", "day"),
    )


class ReportFile(Base):
    """A monthly report workbook of one unit (aggregates of its children; no personal data)."""

    __tablename__ = "report_files"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    unit_id: Mapped[int] = mapped_column(BigInteger)
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))
    month: Mapped[str] = mapped_column(String(7))  # YYYY-MM
    content: Mapped[bytes] = mapped_column(LargeBinary)
    size: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        UniqueConstraint("unit_id", "month", name="uq_report_files_unit_month"),
        Index("ix_report_files_path", "org_path", "month"),
    )
