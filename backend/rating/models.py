"""Credit rating (信用评级): scorecards as data, each customer's current rating, and its history.

A scorecard (``scorecards``) is the province's card or a bank's, versioned; the card in force for
a bank is its own latest published card, else the province's. A customer's rating
(``customer_ratings``) is the card's verdict over the archive, the bank's business data and the
integrity evaluation, computed by one SQL statement compiled from the card
(``backend.rating.card``), the same statement for one customer in real time and for a bank's
chunk in the quarterly batch. The quarter's figures are kept per customer in
``rating_history``; ``rating_runs`` makes a batch resumable. docs/rating.md explains the model.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, Index, Integer, SmallInteger, String, Uuid, func
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.orm import Mapped, mapped_column

from backend.db.base import Base, str_enum


class CardStatus(StrEnum):
    DRAFT = "DRAFT"
    PUBLISHED = "PUBLISHED"  # immutable; the latest published card of a scope is in force
    SUPERSEDED = "SUPERSEDED"


class WarningKind(StrEnum):
    """Why a customer's rating between two quarters needs the customer manager's attention."""

    DOWNGRADE = "DOWNGRADE"  # down two grades or more
    WATCH = "WATCH"  # into a watch grade from outside them
    NEW_VETO = "NEW_VETO"  # a veto the customer did not have the quarter before


class RunStatus(StrEnum):
    RUNNING = "RUNNING"
    DONE = "DONE"


class Scorecard(Base):
    __tablename__ = "scorecards"

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    bank_id: Mapped[int | None] = mapped_column(BigInteger)  # None: the province's card
    version: Mapped[int] = mapped_column(Integer)
    status: Mapped[CardStatus] = mapped_column(str_enum(CardStatus, "card_status", 16))
    name: Mapped[str] = mapped_column(String(120))
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB)  # ``backend.rating.card.Card``
    created_by: Mapped[str] = mapped_column(String(64))
    approved_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    __table_args__ = (Index("uq_scorecards_version", "bank_id", "version", unique=True, postgresql_nulls_not_distinct=True),)


class _Verdict:
    """What a card says of one customer: the bin each item fell in (``bins``, by position in the
    card's items), the variable's value as the card read it, the total, the grade, the vetoes
    and the recommended quota (fen)."""

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    card_id: Mapped[int] = mapped_column(BigInteger)
    score: Mapped[int] = mapped_column(SmallInteger)
    grade: Mapped[str] = mapped_column(String(8))
    bins: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger))
    item_values: Mapped[list[str | None]] = mapped_column(ARRAY(String))
    vetoes: Mapped[list[str]] = mapped_column(ARRAY(String))
    quota: Mapped[int] = mapped_column(BigInteger)  # recommended quota, fen
    rated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class CustomerRating(_Verdict, Base):
    """A customer's current rating (real time or the last batch, whichever came last)."""

    __tablename__ = "customer_ratings"


class RatingHistory(_Verdict, Base):
    """A customer's rating in a quarter (the quarterly batch, or the last real-time rating of the quarter)."""

    __tablename__ = "rating_history"

    quarter: Mapped[str] = mapped_column(String(6), primary_key=True, sort_order=10)  # e.g. 2026Q4; last in the key


class RatingRun(Base):
    """A bank's quarterly batch, rated with one card (``card_id``, in force when the run began) in
    chunks of archives (``RatingRunChunk``) that workers claim one at a time: a rerun resumes
    with the chunks not yet rated, and two workers (or two connections of one) never rate a
    chunk twice."""

    __tablename__ = "rating_runs"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    status: Mapped[RunStatus] = mapped_column(str_enum(RunStatus, "rating_run_status", 16))
    card_id: Mapped[int] = mapped_column(BigInteger)
    rated: Mapped[int] = mapped_column(Integer, default=0)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RatingRunChunk(Base):
    """The archives of a bank with ids in ``(after, last]`` (``None``: open), fixed when the run
    begins; ``rated`` is set in the transaction that writes the chunk's history, so a chunk is
    rated exactly once (a worker claims it with ``FOR UPDATE SKIP LOCKED``)."""

    __tablename__ = "rating_run_chunks"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    after: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    last: Mapped[uuid.UUID | None] = mapped_column(Uuid)
    rated: Mapped[int | None] = mapped_column(Integer)
    rated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class RatingWarning(Base):
    """A grade migration that warns the customer's manager (their worklist), found when a bank's
    quarterly batch finishes, against the quarter before."""

    __tablename__ = "rating_warnings"

    bank_id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    customer_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    quarter: Mapped[str] = mapped_column(String(6), primary_key=True)
    kind: Mapped[WarningKind] = mapped_column(str_enum(WarningKind, "rating_warning_kind", 16), primary_key=True)
    from_grade: Mapped[str] = mapped_column(String(8))
    to_grade: Mapped[str] = mapped_column(String(8))
    new_vetoes: Mapped[list[str]] = mapped_column(ARRAY(String))
    manager_id: Mapped[int | None] = mapped_column(BigInteger)  # the archive's manager when found
    org_path: Mapped[str] = mapped_column(String(255, collation="C"))  # the archive's: who may read it
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())

    __table_args__ = (
        Index("ix_rating_warnings_manager", "manager_id", "quarter"),
        Index("ix_rating_warnings_scope", "org_path", "quarter"),
    )
