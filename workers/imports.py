"""Jobs of the imports domain."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.imports.tasks import RUN_BATCH, BatchRef
from backend.services import Services
from workers.base import outbox_job


@outbox_job(RUN_BATCH)
async def run_batch(services: Services, session: AsyncSession, ref: BatchRef) -> None:
    """Import a large workbook uploaded through GraphQL (its batch is PENDING with the file)."""
    await services.imports(session).run_batch(ref.bank_id, ref.batch_id)
