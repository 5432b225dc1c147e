"""GraphQL types of the credit rating (docs/rating.md).

Field policy (``Rating.*`` in ``backend/auth/policies.py``): province analysts see the score and
the grade, not the items, their values or the reasons."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.types import Info

from backend.customers.validation import GENERIC_CODES
from backend.dual_control import errors as dual_control_errors
from backend.rating import errors as rating_errors
from backend.rating import models
from backend.rating.card import INELIGIBLE, VETOES, Card, variable
from backend.rating.service import CardDryRun, card_of, explain
from schema.common import error_codes, error_type
from schema.customers import Customer, Money
from schema.orgs import OrgUnit

if TYPE_CHECKING:
    from schema.dual_control import PendingChange

RatingErrorCode = error_codes(
    "RatingErrorCode", rating_errors.ERROR_CODES, dual_control_errors.ERROR_CODES, GENERIC_CODES,
    description="Why a rating request, a scorecard draft, a dry run or a publication (put under dual control) was refused.",
)
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
    customer: Customer | None = strawberry.field(description="The archive (field policy applies; null if no longer readable).")

    @classmethod
    def from_model(cls, w: models.RatingWarning, customer: Customer | None = None) -> RatingWarning:
        return cls(
            customer_id=strawberry.ID(str(w.customer_id)), quarter=w.quarter, kind=RatingWarningKind(w.kind),
            from_grade=w.from_grade, to_grade=w.to_grade, new_vetoes=[RatingVeto[v] for v in w.new_vetoes],
            manager_id=strawberry.ID(str(w.manager_id)) if w.manager_id is not None else None, customer=customer,
        )  # fmt: skip


@strawberry.type(description="Archives of one grade.")
class GradeCount:
    grade: str
    count: int


@strawberry.type(description="The grade distribution of one org unit's archives in a quarter.")
class RatingDistributionRow:
    org_unit: OrgUnit
    total: int
    grades: list[GradeCount]


# -- scorecards: the card model (backend/rating/card.py) as GraphQL types and inputs -----------

ScorecardStatus = strawberry.enum(models.CardStatus, name="ScorecardStatus", description="A card's life: draft, in force, superseded.")
ScorecardItemKind = strawberry.enum(
    StrEnum("ScorecardItemKind", {"NUMERIC": "NUMERIC", "CATEGORY": "CATEGORY"}),
    description="How an item bins its variable: numeric ranges or categories.",
)


@strawberry.type(description="One bin of an item: a range [min, max) or categories, or the missing value, and its points.")
class ScorecardBin:
    label: str
    points: int
    min: float | None = strawberry.field(description="NUMERIC: inclusive lower bound; null: open below.")
    max: float | None = strawberry.field(description="NUMERIC: exclusive upper bound; null: open above.")
    values: list[str] | None = strawberry.field(description="CATEGORY: the values of the bin.")
    missing: bool = strawberry.field(description="The bin of a missing value (and of a category no bin names).")


@strawberry.type(description="One item of a card: the variable it reads and its bins.")
class ScorecardItem:
    code: str
    label: str
    variable: str
    variable_label: str = strawberry.field(description="The variable in Chinese.")
    kind: ScorecardItemKind  # type: ignore[valid-type]
    bins: list[ScorecardBin]
    max_points: int


@strawberry.type(description="A grade: its lowest score, the quota cap and the income multiple of its recommended quota.")
class ScorecardGrade:
    code: str
    label: str
    min: int
    quota_cap: int = strawberry.field(description="Yuan.")
    income_multiple: float = strawberry.field(description="The quota is at most this times the household's yearly income.")
    watch: bool = strawberry.field(description="A move into this grade warns the customer manager.")


@strawberry.type(description="A variable a card may read: an archive field, a bank extra field or a business aggregate.")
class ScorecardVariable:
    path: str
    label: str
    numeric: bool


@strawberry.type(description="A credit-rating scorecard: the province's or a bank's, versioned; a published card is immutable.")
class Scorecard:
    id: strawberry.ID
    name: str
    version: int
    status: ScorecardStatus  # type: ignore[valid-type]
    province: bool = strawberry.field(description="The province's card (else a bank's own).")
    bank_id: strawberry.ID | None
    base_points: int
    max_score: int
    items: list[ScorecardItem]
    grades: list[ScorecardGrade] = strawberry.field(description=f"Best first; {INELIGIBLE} (vetoed) is implied.")
    vetoes: list[RatingVeto]  # type: ignore[valid-type]
    created_by: str
    created_at: dt.datetime
    approved_by: str | None
    published_at: dt.datetime | None
    model: strawberry.Private[models.Scorecard]

    @strawberry.field(description="The bank whose card it is (null: the province's).")
    async def bank(self, info: Info) -> OrgUnit | None:
        if self.model.bank_id is None:
            return None
        unit = await info.context.loaders.org_unit.load(self.model.bank_id)
        return OrgUnit.from_model(unit) if unit else None

    @strawberry.field(description="The open publication request (waiting for a second administrator), if any.")
    async def pending_change(self, info: Info) -> Annotated[PendingChange, strawberry.lazy("schema.dual_control")] | None:
        from backend.dual_control.repository import PendingChangeRepository
        from schema.dual_control import PendingChange

        async with info.context.reader() as session:
            change = await PendingChangeRepository(session).open_for("Scorecard", str(self.model.id))
        return PendingChange.from_model(change) if change else None

    @classmethod
    def from_model(cls, row: models.Scorecard) -> Scorecard:
        card = Card.model_validate(row.definition) if row.status == models.CardStatus.DRAFT else card_of(row)
        return cls(
            id=strawberry.ID(str(row.id)), name=row.name, version=row.version, status=row.status, province=row.bank_id is None,
            bank_id=strawberry.ID(str(row.bank_id)) if row.bank_id is not None else None, base_points=card.base_points,
            max_score=card.max_score, items=[_item(i) for i in card.items], vetoes=[RatingVeto[v] for v in card.vetoes],
            grades=[ScorecardGrade(code=g.code, label=g.label, min=g.min, quota_cap=g.quota_cap, income_multiple=float(g.income_multiple), watch=g.watch)
                    for g in card.grades],
            created_by=row.created_by, created_at=row.created_at, approved_by=row.approved_by, published_at=row.published_at, model=row,
        )  # fmt: skip


def _item(item: Any) -> ScorecardItem:
    found = variable(item.variable)
    return ScorecardItem(
        code=item.code, label=item.label, variable=item.variable, variable_label=found.label if found else item.variable,
        kind=ScorecardItemKind[item.kind], max_points=item.max_points,
        bins=[ScorecardBin(label=b.label, points=b.points, min=_float(b.min), max=_float(b.max), values=b.values, missing=b.missing) for b in item.bins],
    )  # fmt: skip


def _float(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None


@strawberry.input
class ScorecardBinInput:
    label: str
    points: int
    min: float | None = None
    max: float | None = None
    values: list[str] | None = None
    missing: bool = False


@strawberry.input
class ScorecardItemInput:
    code: str
    label: str
    variable: str
    kind: ScorecardItemKind  # type: ignore[valid-type]
    bins: list[ScorecardBinInput]


@strawberry.input
class ScorecardGradeInput:
    code: str
    label: str
    min: int
    quota_cap: int = strawberry.field(description="Yuan.")
    income_multiple: float
    watch: bool = False


@strawberry.input(description="A card draft: new (no `id`) or replacing a draft of yours.")
class SaveScorecardInput:
    id: strawberry.ID | None = None
    name: str
    base_points: int
    items: list[ScorecardItemInput]
    grades: list[ScorecardGradeInput]
    vetoes: list[RatingVeto]  # type: ignore[valid-type]

    def definition(self) -> dict[str, Any]:
        """The card model's JSON (numbers as decimals from their shortest text: 0.1 stays 0.1)."""
        def num(v: float | None) -> str | None:
            return None if v is None else repr(v).removesuffix(".0")

        return {
            "name": self.name, "base_points": self.base_points, "vetoes": [v.value for v in self.vetoes],
            "items": [
                {"code": i.code, "label": i.label, "variable": i.variable, "kind": i.kind.value,
                 "bins": [{"label": b.label, "points": b.points, "min": num(b.min), "max": num(b.max), "values": b.values, "missing": b.missing}
                          for b in i.bins]}
                for i in self.items
            ],
            "grades": [{"code": g.code, "label": g.label, "min": g.min, "quota_cap": g.quota_cap, "income_multiple": num(g.income_multiple),
                        "watch": g.watch} for g in self.grades],
        }  # fmt: skip


@strawberry.type
class ScorecardPayload:
    scorecard: Scorecard | None = None
    errors: list[RatingError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


@strawberry.type(description="One grade in a dry run: archives with the card in force and with the draft.")
class ScorecardDryRunGrade:
    grade: str
    label: str
    in_force: int
    draft: int


@strawberry.type(description="One band of a hundred points in a dry run.")
class ScorecardDryRunBand:
    from_score: int
    in_force: int
    draft: int


@strawberry.type(description="A card rated over a sample next to the card in force: nothing is stored.")
class ScorecardDryRun:
    archives: int
    sampled: bool
    banks: int = strawberry.field(description="The banks whose archives were rated (a province card: those without their own).")
    in_force: ScorecardSummary
    mean_in_force: float
    mean_draft: float
    upgraded: int
    downgraded: int
    newly_vetoed: int
    grades: list[ScorecardDryRunGrade]
    bands: list[ScorecardDryRunBand]
    moves: list[RatingMigrationCell] = strawberry.field(description="Grade in force -> draft grade, archives.")

    @classmethod
    def of(cls, r: CardDryRun) -> ScorecardDryRun:
        old = card_of(r.in_force)
        return cls(
            archives=r.archives, sampled=r.sampled, banks=r.banks, mean_in_force=round(r.mean_in_force, 1), mean_draft=round(r.mean_draft, 1),
            in_force=ScorecardSummary(id=strawberry.ID(str(r.in_force.id)), name=r.in_force.name, version=r.in_force.version,
                                      province=r.in_force.bank_id is None, max_score=old.max_score),
            upgraded=r.upgraded, downgraded=r.downgraded, newly_vetoed=r.newly_vetoed,
            grades=[ScorecardDryRunGrade(grade=g.code, label=g.label, in_force=g.in_force, draft=g.draft) for g in r.grades],
            bands=[ScorecardDryRunBand(from_score=b, in_force=o, draft=n) for b, o, n in r.bands],
            moves=[RatingMigrationCell(from_grade=a, to_grade=b, count=n) for (a, b), n in sorted(r.moves.items())],
        )  # fmt: skip


@strawberry.type
class ScorecardDryRunPayload:
    report: ScorecardDryRun | None = None
    errors: list[RatingError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


@strawberry.type
class ScorecardPublishPayload:
    scorecard: Scorecard | None = None
    change: Annotated[PendingChange, strawberry.lazy("schema.dual_control")] | None = None
    errors: list[RatingError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
