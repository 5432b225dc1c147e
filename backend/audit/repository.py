"""Audit log queries; every read starts from ``readable_statement`` (the caller's subtree)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.models import AuditRecord
from backend.auth.principal import Principal
from backend.db.ordering import keyset_page
from backend.db.prefix import starts_with


def readable_statement(principal: Principal) -> Select[tuple[AuditRecord]]:
    return select(AuditRecord).where(starts_with(AuditRecord.org_path, principal.scope_path))


async def list_records(
    session: AsyncSession,
    principal: Principal,
    *,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    actor_username: str | None = None,
    after_id: int | None = None,
    limit: int = 50,
    descending: bool = True,
) -> list[AuditRecord]:
    """Within the caller's subtree, newest first (``descending``) or oldest first, keyset-paged by
    id (the order of writing, each record's ``occurred_at`` its insert's time)."""
    stmt = readable_statement(principal)
    for column, value in (
        (AuditRecord.action, action),
        (AuditRecord.target_type, target_type),
        (AuditRecord.target_id, target_id),
        (AuditRecord.actor_username, actor_username),
    ):
        if value:
            stmt = stmt.where(column == value)
    return list(await session.scalars(keyset_page(stmt, None, AuditRecord.id, after_id, descending).limit(limit)))
