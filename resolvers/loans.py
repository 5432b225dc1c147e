"""Staff's view of an archive's drawdowns (loans) at the lending platform."""

from __future__ import annotations

import strawberry
from strawberry import Info

from backend.inputs import parse_uuid
from schema.loans import Loan


async def loans(info: Info, customer_id: strawberry.ID) -> list[Loan]:
    """The archive's drawdowns in your scope, newest first (at most 100)."""
    async with info.context.reader() as session:
        rows = await info.context.services.loans(session).loans(info.context.viewer, customer_id=parse_uuid(customer_id, "customerId"))
    return [Loan.from_model(x) for x in rows]
