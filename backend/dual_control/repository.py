"""Pending-change queries; every read starts from ``readable_changes`` (the caller's subtree)."""

from __future__ import annotations

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.dual_control.models import ChangeStatus, PendingChange
from backend.db.ordering import keyset_page
from backend.db.prefix import starts_with


def readable_changes(principal: Principal) -> Select[tuple[PendingChange]]:
    return select(PendingChange).where(starts_with(PendingChange.org_path, principal.scope_path))


class PendingChangeRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, principal: Principal, change_id: int, *, for_update: bool = False) -> PendingChange | None:
        stmt = readable_changes(principal).where(PendingChange.id == change_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def open_for(self, target_type: str, target_id: str) -> PendingChange | None:
        """The open request on a target, whoever may read it (one per target)."""
        stmt = select(PendingChange).where(
            PendingChange.target_type == target_type, PendingChange.target_id == target_id, PendingChange.status == ChangeStatus.PENDING
        )
        return (await self.session.scalars(stmt)).one_or_none()

    async def open_for_many(self, target_type: str, target_ids: list[str]) -> dict[str, PendingChange]:
        stmt = select(PendingChange).where(
            PendingChange.target_type == target_type, PendingChange.target_id.in_(target_ids), PendingChange.status == ChangeStatus.PENDING
        )
        return {c.target_id: c for c in await self.session.scalars(stmt)}

    async def list(
        self, principal: Principal, *, status: ChangeStatus | None, after_id: int | None, limit: int, descending: bool = True
    ) -> list[PendingChange]:
        """Newest first (``descending``) or oldest first, keyset-paged by id (the order of the
        requests: each one's ``requested_at`` is its insert's time)."""
        stmt = readable_changes(principal)
        if status is not None:
            stmt = stmt.where(PendingChange.status == status)
        return list(await self.session.scalars(keyset_page(stmt, None, PendingChange.id, after_id, descending).limit(limit)))
