"""Resolvers of the product catalog: thin."""

from __future__ import annotations

import strawberry
from strawberry import Info

from backend.products.service import Eligibility, ProcessBand, ProductInput, to_bp, to_fen
from resolvers.common import optional_id, parse_id, read_one, run_mutation
from schema.products import Product, ProductError, ProductPayload
from schema.products import ProductInput as ProductInputType


async def products(info: Info, bank_id: strawberry.ID | None = None, include_retired: bool = False) -> list[Product]:
    """The catalog in your scope (the province: every bank's), newest version first per code."""
    ctx = info.context
    async with ctx.reader() as session:
        rows = await ctx.services.products(session).list(ctx.viewer, bank_id=optional_id(bank_id, "bankId"), include_retired=include_retired)
    return [Product.from_model(p) for p in rows]


async def product(info: Info, id: strawberry.ID) -> Product | None:
    ctx = info.context
    return await read_one(info, lambda s: ctx.services.products(s).get(ctx.viewer, parse_id(id)), Product.from_model)


def _product_input(data: ProductInputType) -> ProductInput:
    return ProductInput(
        bank_id=optional_id(data.bank_id, "bankId"), code=data.code.strip(), name=data.name, description=data.description,
        amount_min=to_fen(data.amount_min, "amountMin"), amount_max=to_fen(data.amount_max, "amountMax"), terms=list(data.terms),
        rate_min_bp=to_bp(data.rate_min, "rateMin"), rate_max_bp=to_bp(data.rate_max, "rateMax"),
        repayment_methods=[m.value for m in data.repayment_methods], channels=[c.value for c in data.channels],
        eligibility=Eligibility(
            precise_archive=data.eligibility.precise_archive, min_grade=data.eligibility.min_grade or None,
            no_veto=data.eligibility.no_veto, age_min=data.eligibility.age_min, age_max=data.eligibility.age_max,
            regions=[r.strip() for r in data.eligibility.regions if r.strip()],
        ),
        processes=[ProcessBand(max_amount=to_fen(b.max_amount, f"processes[{i}].maxAmount") if b.max_amount is not None else None,
                               process=b.process_key) for i, b in enumerate(data.processes)],
        sample_rate=data.sample_rate, valid_from=data.valid_from, valid_to=data.valid_to,
    )  # fmt: skip


async def save_product(info: Info, input: ProductInputType) -> ProductPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.products(session).save(ctx.viewer, _product_input(input))

    row, errors = await run_mutation(info, work)
    return ProductPayload(product=Product.from_model(row) if row else None, errors=ProductError.of(errors))


async def retire_product(info: Info, id: strawberry.ID) -> ProductPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.products(session).retire(ctx.viewer, parse_id(id))

    row, errors = await run_mutation(info, work)
    return ProductPayload(product=Product.from_model(row) if row else None, errors=ProductError.of(errors))
