"""Jobs of the rules domain: re-evaluating archives after a rule set is published."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.rules.runs import run_evaluation
from backend.rules.tasks import EVALUATE_RUN, RunRef
from backend.services import Services
from workers.base import outbox_job


@outbox_job(EVALUATE_RUN, max_tries=20)
async def evaluate_run(services: Services, session: AsyncSession, ref: RunRef) -> str:
    """Re-evaluate the archives a published set affects (``backend.rules.runs``), resumably."""
    return await run_evaluation(session, services.db.sessions, services.cipher, ref)
