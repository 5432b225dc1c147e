"""Rating resolvers: thin adapters to ``backend.rating.service``."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from backend.inputs import parse_uuid
from backend.rating.card import BUSINESS_VARIABLES, variable
from resolvers.common import parse_id, read_one, run_mutation
from schema.customers import Customer
from schema.orgs import OrgUnit
from schema.rating import (
    GradeCount,
    RatePayload,
    Rating,
    RatingDistributionRow,
    RatingError,
    RatingMigrationCell,
    RatingWarning,
    SaveScorecardInput,
    Scorecard,
    ScorecardDryRun,
    ScorecardDryRunPayload,
    ScorecardPayload,
    ScorecardPublishPayload,
    ScorecardVariable,
)


async def rate_customer(info: Info, id: strawberry.ID) -> RatePayload:
    """Rate the archive now with the card in force (the same statement as the quarterly batch)."""
    ctx = info.context

    async def work(session):
        rating = await ctx.services.rating(session).rate_customer(ctx.viewer, parse_uuid(id))
        card = (await ctx.services.rating(session).cards([rating.card_id]))[rating.card_id]
        return Rating.from_model(rating, card)

    rating, errors = await run_mutation(info, work)
    return RatePayload(rating=rating, errors=RatingError.of(errors))


async def rating_migration(info: Info, org_unit_id: strawberry.ID, from_quarter: str, to_quarter: str) -> list[RatingMigrationCell]:
    """The grade migration matrix of an org unit in your scope between two quarters (the batch's history)."""
    ctx = info.context
    async with ctx.reader() as session:
        cells = await ctx.services.rating(session).migration(ctx.viewer, parse_id(org_unit_id, "orgUnitId"), from_quarter, to_quarter)
    return [RatingMigrationCell(from_grade=a, to_grade=b, count=n) for a, b, n in sorted(cells)]


async def rating_warnings(
    info: Info, quarter: str | None = None, mine: bool = False, first: int = 100, org_unit_id: strawberry.ID | None = None
) -> list[RatingWarning]:
    """Grade-migration warnings in your scope (`orgUnitId`: under that unit), newest quarter first; `mine`: your worklist as a customer manager."""
    ctx = info.context
    unit = parse_id(org_unit_id, "orgUnitId") if org_unit_id is not None else None
    async with ctx.reader() as session:
        found = await ctx.services.rating(session).warnings(ctx.viewer, quarter, mine=mine, limit=max(1, min(first, 500)), org_unit_id=unit)
        archives = await ctx.services.rating(session).archives(ctx.viewer, [w.customer_id for w in found])
    return [RatingWarning.from_model(w, Customer.from_model(a) if (a := archives.get(w.customer_id)) else None) for w in found]


async def scorecards(info: Info, include_superseded: bool = False) -> list[Scorecard]:
    """The province's card and your bank's (a province user: every bank's): drafts and the card in force."""
    ctx = info.context
    async with ctx.reader() as session:
        rows = await ctx.services.rating(session).scorecards(ctx.viewer, include_superseded=include_superseded)
    return [Scorecard.from_model(r) for r in rows]


async def scorecard(info: Info, id: strawberry.ID) -> Scorecard | None:
    ctx = info.context
    key = parse_id(id)
    return await read_one(info, lambda session: ctx.services.rating(session).scorecard(ctx.viewer, key), Scorecard.from_model)


async def scorecard_variables(info: Info) -> list[ScorecardVariable]:
    """What a card may read: business aggregates, archive fields that are not personal, your bank's extra fields."""
    from backend.rules.fields import EXTRA_PREFIX, FIELDS

    found = [v for path in [*BUSINESS_VARIABLES, *FIELDS] if (v := variable(path)) is not None]
    out = [ScorecardVariable(path=v.path, label=v.label, numeric=v.numeric) for v in found]
    bank_id = info.context.viewer.bank_id
    if bank_id is not None:
        definitions = await info.context.loaders.extra_fields.load(bank_id)
        kinds = {code: d.kind.value for code, d in definitions.items()}
        for code, d in sorted(definitions.items()):
            if (v := variable(EXTRA_PREFIX + code, kinds)) is not None:
                out.append(ScorecardVariable(path=v.path, label=d.label_zh, numeric=v.numeric))
    return out


async def save_scorecard(info: Info, input: SaveScorecardInput) -> ScorecardPayload:
    """Create a draft card of your scope (the province's, or your bank's), or replace a draft's definition."""
    ctx = info.context

    async def work(session):
        card_id = parse_id(input.id) if input.id else None
        return await ctx.services.rating(session).save_card(ctx.viewer, card_id, input.definition())

    row, errors = await run_mutation(info, work)
    return ScorecardPayload(scorecard=Scorecard.from_model(row) if row else None, errors=RatingError.of(errors))


async def dry_run_scorecard(info: Info, id: strawberry.ID, sample: int | None = 2000) -> ScorecardDryRunPayload:
    """Rate a sample of archives (per bank; null: all) with the card and with the card in force, side by side."""
    ctx = info.context

    async def work(session):
        return await ctx.services.rating(session).dry_run(ctx.viewer, parse_id(id), sample=sample)

    report, errors = await run_mutation(info, work)
    return ScorecardDryRunPayload(report=ScorecardDryRun.of(report) if report else None, errors=RatingError.of(errors))


async def request_scorecard_publish(info: Info, id: strawberry.ID) -> ScorecardPublishPayload:
    """Ask for a draft to go into force; a second administrator of your scope approves it (approvePendingChange)."""
    from schema.dual_control import PendingChange

    ctx = info.context

    async def work(session):
        return await ctx.services.rating(session).request_publish(ctx.viewer, parse_id(id))

    done, errors = await run_mutation(info, work)
    if done is None:
        return ScorecardPublishPayload(errors=RatingError.of(errors))
    row, change = done
    return ScorecardPublishPayload(scorecard=Scorecard.from_model(row), change=PendingChange.from_model(change))


async def delete_scorecard(info: Info, id: strawberry.ID) -> ScorecardPayload:
    """Discard a draft card of your scope (not one waiting for approval)."""
    ctx = info.context

    async def work(session):
        await ctx.services.rating(session).delete_draft(ctx.viewer, parse_id(id))
        return True

    _, errors = await run_mutation(info, work)
    return ScorecardPayload(scorecard=None, errors=RatingError.of(errors))


async def rating_distribution(info: Info, org_unit_id: strawberry.ID, quarter: str) -> list[RatingDistributionRow]:
    """The quarter's grade distribution of an org unit in your scope, by its child units (the batch's history)."""
    ctx = info.context
    async with ctx.reader() as session:
        rows = await ctx.services.rating(session).distribution(ctx.viewer, parse_id(org_unit_id, "orgUnitId"), quarter)
    return [
        RatingDistributionRow(
            org_unit=OrgUnit.from_model(unit), total=sum(counts.values()),
            grades=[GradeCount(grade=g, count=n) for g, n in sorted(counts.items())],
        )
        for unit, counts in rows
    ]
