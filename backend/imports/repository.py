"""Import batch queries; every read of a caller's batches starts from ``readable_batches``."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import Select, delete, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import defer

from backend.auth.principal import Principal
from backend.imports.models import ImportBatch, ImportProgress
from backend.orgs.models import OrgUnit
from backend.db.prefix import starts_with

# The stored files are large: read only when needed.
WITHOUT_BLOBS = (defer(ImportBatch.error_workbook), defer(ImportBatch.source))


@dataclass(frozen=True)
class Counts:
    """Where a running import is: data rows read so far and what became of them."""

    rows_read: int
    imported: int
    skipped: int
    failed: int


@dataclass(frozen=True)
class ListedBatch:
    batch: ImportBatch
    branch_name: str | None
    progress: Counts | None  # only while the worker imports it


def readable_batches(principal: Principal) -> Select[tuple[ImportBatch]]:
    """Batches of branches in the caller's subtree."""
    return select(ImportBatch).where(starts_with(ImportBatch.org_path, principal.scope_path))


def _with_progress(stmt: Select) -> Select:
    """The batch, its branch's name and its progress row (if any), in the same query."""
    return (
        stmt.add_columns(OrgUnit.name, ImportProgress.rows_read, ImportProgress.imported, ImportProgress.skipped, ImportProgress.failed)
        .outerjoin(OrgUnit, OrgUnit.id == ImportBatch.branch_id)
        .outerjoin(ImportProgress, (ImportProgress.bank_id == ImportBatch.bank_id) & (ImportProgress.batch_id == ImportBatch.id))
        .options(*WITHOUT_BLOBS)
    )


def _listed(row) -> ListedBatch:  # type: ignore[no-untyped-def]
    batch, branch_name, rows_read, imported, skipped, failed = row
    progress = Counts(rows_read, imported, skipped, failed) if rows_read is not None else None
    return ListedBatch(batch, branch_name, progress)


class ImportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, principal: Principal, batch_id: uuid.UUID, *, with_files: bool = False) -> ImportBatch | None:
        stmt = readable_batches(principal).where(ImportBatch.id == batch_id)
        if not with_files:
            stmt = stmt.options(*WITHOUT_BLOBS)
        return (await self.session.scalars(stmt)).one_or_none()

    async def listed(self, principal: Principal, batch_id: uuid.UUID) -> ListedBatch | None:
        row = (await self.session.execute(_with_progress(readable_batches(principal).where(ImportBatch.id == batch_id)))).one_or_none()
        return _listed(row) if row is not None else None

    async def recent(self, principal: Principal, *, branch_id: int | None, first: int) -> list[ListedBatch]:
        """The newest batches in scope (optionally of one branch), with progress: one query."""
        stmt = readable_batches(principal)
        if branch_id is not None:
            stmt = stmt.where(ImportBatch.branch_id == branch_id)
        stmt = _with_progress(stmt).order_by(ImportBatch.created_at.desc(), ImportBatch.id).limit(first)
        return [_listed(row) for row in await self.session.execute(stmt)]

    async def save_progress(self, bank_id: int, batch_id: uuid.UUID, counts: Counts) -> None:
        """One upsert per chunk (never a statement per row)."""
        values = dict(rows_read=counts.rows_read, imported=counts.imported, skipped=counts.skipped, failed=counts.failed)
        await self.session.execute(
            pg_insert(ImportProgress)
            .values(bank_id=bank_id, batch_id=batch_id, **values)
            .on_conflict_do_update(index_elements=["bank_id", "batch_id"], set_=values | {"updated_at": func.now()})
        )

    async def clear_progress(self, bank_id: int, batch_id: uuid.UUID) -> None:
        await self.session.execute(delete(ImportProgress).where(ImportProgress.bank_id == bank_id, ImportProgress.batch_id == batch_id))
