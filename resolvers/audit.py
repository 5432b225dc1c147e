"""Audit log queries (AUDITOR, within the caller's subtree)."""

from __future__ import annotations

from strawberry import Info

from backend.audit.repository import list_records
from resolvers.common import page_args
from schema.audit import AuditRecord
from schema.common import Connection, connection


async def audit_records(
    info: Info,
    first: int = 50,
    after: str | None = None,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    actor_username: str | None = None,
) -> Connection[AuditRecord]:
    """Newest first, keyset-paged by id."""
    ctx = info.context
    first, before_id = page_args(first, after)
    async with ctx.reader() as session:
        rows = await list_records(
            session,
            ctx.viewer,
            action=action,
            target_type=target_type,
            target_id=target_id,
            actor_username=actor_username,
            before_id=before_id,
            limit=first + 1,
        )
    return connection([AuditRecord.from_model(r) for r in rows], [r.id for r in rows], first)
