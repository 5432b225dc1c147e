"""Writing and reading the audit log."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.models import AuditRecord
from backend.auth.principal import Principal


@dataclass(frozen=True)
class RequestMeta:
    request_id: str | None = None
    ip: str | None = None


request_meta: ContextVar[RequestMeta] = ContextVar("request_meta", default=RequestMeta())


async def record(
    session: AsyncSession,
    *,
    action: str,
    org_path: str,
    principal: Principal | None = None,
    actor_username: str | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    target_field: str | None = None,
    detail: dict[str, Any] | None = None,
) -> AuditRecord:
    meta = request_meta.get()
    entry = AuditRecord(
        action=action,
        org_path=org_path,
        actor_user_id=principal.user_id if principal else None,
        actor_username=(principal.username if principal else None) or actor_username,
        actor_client_id=principal.client_id if principal else None,
        actor_org_id=principal.org_id if principal else None,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id),
        target_field=target_field,
        detail=detail or {},
        request_id=meta.request_id,
        ip=meta.ip,
    )
    session.add(entry)
    await session.flush()
    return entry


def readable_statement(principal: Principal) -> Select[tuple[AuditRecord]]:
    return select(AuditRecord).where(AuditRecord.org_path.startswith(principal.scope_path, autoescape=True))


async def list_records(
    session: AsyncSession,
    principal: Principal,
    *,
    action: str | None = None,
    target_type: str | None = None,
    target_id: str | None = None,
    actor_username: str | None = None,
    before_id: int | None = None,
    limit: int = 50,
) -> list[AuditRecord]:
    """Newest first within the caller's subtree, keyset-paged by id."""
    stmt = readable_statement(principal)
    for column, value in (
        (AuditRecord.action, action),
        (AuditRecord.target_type, target_type),
        (AuditRecord.target_id, target_id),
        (AuditRecord.actor_username, actor_username),
    ):
        if value:
            stmt = stmt.where(column == value)
    if before_id is not None:
        stmt = stmt.where(AuditRecord.id < before_id)
    return list(await session.scalars(stmt.order_by(AuditRecord.id.desc()).limit(limit)))
