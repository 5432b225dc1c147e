"""Jobs of the imports domain."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.imports.service import RUN_BATCH_TASK
from backend.services import Services
from workers.base import outbox_job


@outbox_job(RUN_BATCH_TASK)
async def run_batch(services: Services, session: AsyncSession, payload: dict[str, Any]) -> None:
    """Import a large workbook uploaded through GraphQL (its batch is PENDING with the file)."""
    await services.imports(session).run_batch(int(payload["bank_id"]), uuid.UUID(payload["batch_id"]))
