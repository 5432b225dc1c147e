"""GraphQL types of the credit rating (docs/rating.md).

Field policy (``Rating.*`` in ``backend/auth/policies.py``): province analysts see the score and
the grade, not the items, their values or the reasons."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry
from strawberry.types import Info

from backend.rating import errors as rating_errors
from backend.rating import models
from backend.rating.card import INELIGIBLE, VETOES
from backend.rating.service import card_of, explain
from schema.common import error_codes, error_type
from schema.customers import Money

RatingErrorCode = error_codes("RatingErrorCode", rating_errors.ERROR_CODES, description="Why a rating request was refused.")
RatingError = error_type("RatingError", RatingErrorCode, description="A refused rating request: the field, the rule (code), the message.")

RatingVeto = strawberry.enum(StrEnum("RatingVeto", {v: v for v in VETOES}), description="What forces the ineligible grade whatever the points.")


@strawberry.type(description="The scorecard a rating was made with.")
class ScorecardSummary:
    id: strawberry.ID
    name: str
    version: int
    province: bool = strawberry.field(description="The province's card (else the bank's own).")
    max_score: int


@strawberry.type(description="One item of the card: the customer's value, the bin it fell in and the points it earned.")
class RatingItem:
    code: str
    label: str
    value: str | None = strawberry.field(description="The value the card read (yuan for money); null: missing.")
    bin: str
    points: int
    max_points: int


@strawberry.type(description="A customer's credit rating (1,200-point scorecard) with its explanation (PIPL art. 24).")
class Rating:
    score: int
    grade: str = strawberry.field(description=f"The grade's code; {INELIGIBLE} is the ineligible grade a veto forces.")
    grade_label: str
    card: ScorecardSummary
    items: list[RatingItem] | None = strawberry.field(description="Each item's contribution (field policy).")
    reasons: list[str] | None = strawberry.field(description="The items that lowered the score most, in Chinese (field policy).")
    vetoes: list[RatingVeto]
    veto_reasons: list[str] = strawberry.field(description="The vetoes in Chinese.")
    recommended_quota: Money | None = strawberry.field(description="Yuan: by grade, at most a multiple of the household's yearly income (field policy).")
    rated_at: dt.datetime

    @classmethod
    def from_model(cls, row: models.CustomerRating | models.RatingHistory, card_row: models.Scorecard) -> Rating:
        card = card_of(card_row)
        why = explain(row, card)
        grades = {g.code: g.label for g in card.grades} | {INELIGIBLE: "D（不予授信）"}
        return cls(
            score=row.score, grade=row.grade, grade_label=grades.get(row.grade, row.grade),
            card=ScorecardSummary(id=strawberry.ID(str(card_row.id)), name=card_row.name, version=card_row.version,
                                  province=card_row.bank_id is None, max_score=card.max_score),
            items=[RatingItem(code=i.code, label=i.label, value=i.value, bin=i.bin, points=i.points, max_points=i.max_points)
                   for i in why.items],
            reasons=why.reasons, vetoes=[RatingVeto[v] for v in row.vetoes], veto_reasons=why.vetoes,
            recommended_quota=Money(str(row.quota)), rated_at=row.rated_at,
        )  # fmt: skip


@strawberry.type(description="A customer's rating in a quarter (the quarterly batch).")
class RatingHistoryEntry:
    quarter: str
    score: int
    grade: str
    rated_at: dt.datetime


@strawberry.type
class RatePayload:
    rating: Rating | None = None
    errors: list[RatingError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


async def rating_of(info: Info, bank_id: int, customer_id) -> Rating | None:
    row = await info.context.loaders.rating.load((bank_id, customer_id))
    if row is None:
        return None
    card = await info.context.loaders.scorecard.load(row.card_id)
    return Rating.from_model(row, card)


RatingWarningKind = strawberry.enum(models.WarningKind, name="RatingWarningKind", description="Why a rating migration warns the customer manager.")


@strawberry.type(description="One cell of the grade migration matrix: archives that moved from one grade to another.")
class RatingMigrationCell:
    from_grade: str
    to_grade: str
    count: int


@strawberry.type(description="A grade migration between two quarters that needs the customer manager's attention.")
class RatingWarning:
    customer_id: strawberry.ID
    quarter: str
    kind: RatingWarningKind  # type: ignore[valid-type]
    from_grade: str
    to_grade: str
    new_vetoes: list[RatingVeto]  # type: ignore[valid-type]
    manager_id: strawberry.ID | None

    @classmethod
    def from_model(cls, w: models.RatingWarning) -> RatingWarning:
        return cls(
            customer_id=strawberry.ID(str(w.customer_id)), quarter=w.quarter, kind=RatingWarningKind(w.kind),
            from_grade=w.from_grade, to_grade=w.to_grade, new_vetoes=[RatingVeto[v] for v in w.new_vetoes],
            manager_id=strawberry.ID(str(w.manager_id)) if w.manager_id is not None else None,
        )  # fmt: skip
