"""Dual-control resolvers: list, approve, reject and withdraw pending changes."""

from __future__ import annotations

import strawberry
from strawberry import Info

from backend.dual_control.models import ChangeStatus
from resolvers.common import open_id_cursor, page_args, parse_id, run_mutation, sealed_connection
from schema.common import Connection, TimeOrder
from schema.dual_control import (
    PendingChangeError,
    PendingChange,
    PendingChangePayload,
    RejectPendingChangeInput,
)


async def pending_changes(
    info: Info, status: ChangeStatus | None = ChangeStatus.PENDING, first: int = 50, after: str | None = None,
    order: TimeOrder = TimeOrder.TIME_DESC,
) -> Connection[PendingChange]:
    """Requests in your subtree in ``order`` (newest first by default; all statuses with `status: null`)."""
    ctx = info.context
    purpose = f"changes.{status.value if status else 'ALL'}.{order.value}"
    first, _ = page_args(first, None)
    after_id = open_id_cursor(info, purpose, after)
    async with ctx.reader() as session:
        rows = await ctx.services.dual_control(session).list(
            ctx.viewer, status=status, after_id=after_id, limit=first + 1, descending=order.descending
        )
    return sealed_connection(info, purpose, rows, first, lambda r: [r.id], PendingChange.from_model)


def _decision(method: str):
    async def resolver(info: Info, id: strawberry.ID) -> PendingChangePayload:
        ctx = info.context

        async def work(session):
            svc = ctx.services.dual_control(session)
            return await getattr(svc, method)(ctx.viewer, parse_id(id))

        change, errors = await run_mutation(info, work)
        return PendingChangePayload(change=PendingChange.from_model(change) if change else None, errors=PendingChangeError.of(errors))

    return resolver


approve_pending_change = _decision("approve")
cancel_pending_change = _decision("cancel")


async def reject_pending_change(info: Info, input: RejectPendingChangeInput) -> PendingChangePayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.dual_control(session).reject(ctx.viewer, parse_id(input.id), input.reason)

    change, errors = await run_mutation(info, work)
    return PendingChangePayload(change=PendingChange.from_model(change) if change else None, errors=PendingChangeError.of(errors))
