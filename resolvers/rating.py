"""Rating resolvers: thin adapters to ``backend.rating.service``."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from resolvers.common import run_mutation
from backend.inputs import parse_uuid
from schema.rating import RatePayload, Rating, RatingError


async def rate_customer(info: Info, id: strawberry.ID) -> RatePayload:
    """Rate the archive now with the card in force (the same statement as the quarterly batch)."""
    ctx = info.context

    async def work(session):
        rating = await ctx.services.rating(session).rate_customer(ctx.viewer, parse_uuid(id))
        card = (await ctx.services.rating(session).cards([rating.card_id]))[rating.card_id]
        return Rating.from_model(rating, card)

    rating, errors = await run_mutation(info, work)
    return RatePayload(rating=rating, errors=RatingError.of(errors))
