"""Writing and reading the audit log."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit.models import AuditRecord
from backend.auth.principal import Principal


@dataclass(frozen=True)
class RequestMeta:
    request_id: str | None = None
    ip: str | None = None


request_meta: ContextVar[RequestMeta] = ContextVar("request_meta", default=RequestMeta())


def entry(
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
    """An audit row, not yet added (a batch adds its rows together: ``session.add_all``)."""
    meta = request_meta.get()
    return AuditRecord(
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
    row = entry(action=action, org_path=org_path, principal=principal, actor_username=actor_username, target_type=target_type,
                target_id=target_id, target_field=target_field, detail=detail)
    session.add(row)
    await session.flush()
    return row
