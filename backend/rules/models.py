"""Integrity rule sets (信息完整性规则): the province baseline and each bank's own set.

A rule set is versioned: drafts are edited and dry-run, a published version is immutable and
supersedes the previous published version of the same scope. Evaluation results are stored per
archive (violations, completeness 0-100, precise-filing flag).
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
    Index,
    Integer,
    SmallInteger,
    String,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, TimestampMixin, str_enum


class RuleScope(StrEnum):
    PROVINCE = "PROVINCE"
    BANK = "BANK"


class RuleSetStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"
    SUPERSEDED = "SUPERSEDED"


class RuleKind(StrEnum):
    REQUIRED = "REQUIRED"
    PATTERN = "PATTERN"
    RANGE = "RANGE"
    ALLOWED_VALUES = "ALLOWED_VALUES"
    CONDITIONAL_REQUIRED = "CONDITIONAL_REQUIRED"
    EXPRESSION = "EXPRESSION"
    ID_CONSISTENCY = "ID_CONSISTENCY"
    REQUIRED_IMAGES = "REQUIRED_IMAGES"
    FRESHNESS = "FRESHNESS"


class Severity(StrEnum):
    ERROR = "ERROR"
    WARNING = "WARNING"


class RuleSet(TimestampMixin, Base):
    __tablename__ = "rule_sets"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    scope: Mapped[RuleScope] = mapped_column(str_enum(RuleScope, "rule_scope", 24))
    bank_id: Mapped[int | None] = mapped_column(BigInteger, ForeignKey("org_units.id"))
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[RuleSetStatus] = mapped_column(str_enum(RuleSetStatus, "rule_set_status", 24), default=RuleSetStatus.DRAFT)
    name: Mapped[str] = mapped_column(String(100))
    effective_from: Mapped[date] = mapped_column(Date, server_default=func.current_date())
    created_by: Mapped[int | None] = mapped_column(BigInteger)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    published_by: Mapped[int | None] = mapped_column(BigInteger)

    __table_args__ = (
        Index("ix_rule_sets_scope", "scope", "bank_id", "status"),
        # One version number per scope (the province, or one bank).
        Index("uq_rule_sets_version", "scope", func.coalesce(bank_id, 0), "version", unique=True),
    )


class Rule(Base):
    __tablename__ = "rules"

    rule_set_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rule_sets.id", ondelete="CASCADE"), primary_key=True)
    code: Mapped[str] = mapped_column(String(48), primary_key=True)
    kind: Mapped[RuleKind] = mapped_column(str_enum(RuleKind, "rule_kind", 24))
    severity: Mapped[Severity] = mapped_column(str_enum(Severity, "rule_severity", 24))
    enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    message_zh: Mapped[str] = mapped_column(String(200))
    message_en: Mapped[str] = mapped_column(String(200))
    # Kind-specific parameters: field, pattern, min/max, values, condition, expression, kinds, months.
    params: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    # Applies only to archives matching this condition (same form as a conditional rule's "if").
    segment: Mapped[dict[str, Any] | None] = mapped_column(JSONB)
    # A bank rule that tightens a baseline rule names it; the baseline rule then yields to it.
    overrides: Mapped[str | None] = mapped_column(String(48))
    position: Mapped[int] = mapped_column(Integer, default=0)
    # An ERROR of this rule may be overridden at verification, with a reason (audited); a bank
    # rule may not make a baseline rule overridable that is not.
    overridable: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")


class ArchiveEvaluation(Base):
    """The latest evaluation of one archive against the rules in force for its bank."""

    __tablename__ = "archive_evaluations"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    branch_id: Mapped[int] = mapped_column(BigInteger)
    # [{"code": ..., "severity": ..., "ruleSet": "PROVINCE"|"BANK"}]
    violations: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, default=list)
    error_count: Mapped[int] = mapped_column(SmallInteger, default=0)
    completeness: Mapped[int] = mapped_column(SmallInteger, default=0)
    precise: Mapped[bool] = mapped_column(Boolean, default=False)
    rule_versions: Mapped[dict[str, Any]] = mapped_column(JSONB, default=dict)
    evaluated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_archive_evaluations_branch", "branch_id", "precise"),
        Index("ix_archive_evaluations_violations", "violations", postgresql_using="gin", postgresql_ops={"violations": "jsonb_path_ops"}),
    )


class EvaluationRun(Base):
    """A batch re-evaluation (after a publish): chunked by archive key, resumable, with progress."""

    __tablename__ = "rule_evaluation_runs"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    bank_id: Mapped[int | None] = mapped_column(BigInteger)  # None: every bank (a baseline publish)
    rule_set_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("rule_sets.id"))
    status: Mapped[str] = mapped_column(String(16), default="PENDING")  # PENDING RUNNING DONE FAILED
    total: Mapped[int] = mapped_column(Integer, default=0)
    done: Mapped[int] = mapped_column(Integer, default=0)
    last_bank_id: Mapped[int | None] = mapped_column(BigInteger)
    last_customer_id: Mapped[uuid.UUID | None] = mapped_column()
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
