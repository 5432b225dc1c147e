"""Import batch queries; every read of a caller's batches starts from ``readable_batches``."""

from __future__ import annotations

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from backend.auth.principal import Principal
from backend.imports.models import ImportBatch

# The stored files are large: read only when needed.
WITHOUT_BLOBS = (defer(ImportBatch.error_workbook), defer(ImportBatch.source))


def readable_batches(principal: Principal) -> Select[tuple[ImportBatch]]:
    """Batches of branches in the caller's subtree."""
    return select(ImportBatch).where(ImportBatch.org_path.startswith(principal.scope_path, autoescape=True))


class ImportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, principal: Principal, batch_id: uuid.UUID, *, with_files: bool = False) -> ImportBatch | None:
        stmt = readable_batches(principal).where(ImportBatch.id == batch_id)
        if not with_files:
            stmt = stmt.options(*WITHOUT_BLOBS)
        return (await self.session.scalars(stmt)).one_or_none()
