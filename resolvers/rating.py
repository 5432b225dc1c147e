"""Rating resolvers: thin adapters to ``backend.rating.service``."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.common import parse_id, run_mutation
from backend.inputs import parse_uuid
from schema.rating import RatePayload, Rating, RatingError, RatingMigrationCell, RatingWarning


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


async def rating_warnings(info: Info, quarter: str | None = None, mine: bool = False, first: int = 100) -> list[RatingWarning]:
    """Grade-migration warnings in your scope, newest quarter first; `mine`: your worklist as a customer manager."""
    ctx = info.context
    async with ctx.reader() as session:
        found = await ctx.services.rating(session).warnings(ctx.viewer, quarter, mine=mine, limit=max(1, min(first, 500)))
    return [RatingWarning.from_model(w) for w in found]
