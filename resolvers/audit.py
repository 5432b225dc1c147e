"""Audit log queries (AUDITOR, within the caller's subtree)."""

from __future__ import annotations

from strawberry import Info

from backend.audit.models import AuditRecord as AuditRecordModel
from backend.audit.service import readable_statement
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
    stmt = readable_statement(ctx.viewer)
    if action:
        stmt = stmt.where(AuditRecordModel.action == action)
    if target_type:
        stmt = stmt.where(AuditRecordModel.target_type == target_type)
    if target_id:
        stmt = stmt.where(AuditRecordModel.target_id == target_id)
    if actor_username:
        stmt = stmt.where(AuditRecordModel.actor_username == actor_username)
    if before_id is not None:
        stmt = stmt.where(AuditRecordModel.id < before_id)
    async with ctx.reader() as session:
        rows = list(await session.scalars(stmt.order_by(AuditRecordModel.id.desc()).limit(first + 1)))
    return connection([AuditRecord.from_model(r) for r in rows], [r.id for r in rows], first)
