"""Audit log queries (AUDITOR, within the caller's subtree)."""

from __future__ import annotations

from strawberry import Info

from backend.audit.repository import list_records
from resolvers.common import open_id_cursor, page_args, sealed_connection
from schema.audit import AuditRecord
from schema.common import Connection, TimeOrder


async def audit_records(
    info: Info,
    first: int = 50,
    after: str | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    actor_username: str | None = None,
    order: TimeOrder = TimeOrder.TIME_DESC,
) -> Connection[AuditRecord]:
    """In ``order`` (newest first by default), keyset-paged by id; the cursor is sealed and bound to the order."""
    ctx = info.context
    purpose = f"audit.{order.value}"
    first, _ = page_args(first, None)
    after_id = open_id_cursor(info, purpose, after)
    async with ctx.reader() as session:
        rows = await list_records(
            session,
            ctx.viewer,
            action=action,
            target_type=target_type,
            target_id=target_id,
            actor_username=actor_username,
            after_id=after_id,
            limit=first + 1,
            descending=order.descending,
        )
    return sealed_connection(info, purpose, rows, first, lambda r: [r.id], AuditRecord.from_model)
