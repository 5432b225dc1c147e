"""Re-evaluation runs: after a publication, every affected archive is evaluated again."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.auth.fieldcrypt import FieldCipher
from backend.db.session import transaction
from backend.logging import log
from backend.rules.engine import evaluate_all
from backend.rules.models import EvaluationRun
from backend.rules.tasks import RunRef


async def run_evaluation(session: AsyncSession, sessions: async_sessionmaker[AsyncSession], cipher: FieldCipher, ref: RunRef) -> str:
    """Re-evaluate every archive the published set affects, in chunks, each committed on its own.

    Resumable: each chunk records the last archive key in the run, so a retry after a crash
    continues behind it. The job's own transaction (the exactly-once claim) commits only after
    the last chunk, so a job that dies is delivered again and resumes.
    """
    run_id = ref.run_id
    run = await session.get(EvaluationRun, run_id)
    if run is None or run.status == "DONE":
        return "skipped"
    after = (run.last_bank_id, run.last_customer_id) if run.last_customer_id else None
    async with transaction(sessions) as s:
        await s.execute(
            update(EvaluationRun).where(EvaluationRun.id == run_id).values(status="RUNNING", started_at=run.started_at or datetime.now(UTC))
        )

    reported = 0

    async def progress(done: int, last: tuple[int, uuid.UUID]) -> None:
        nonlocal reported
        async with transaction(sessions) as s:
            await s.execute(
                update(EvaluationRun)
                .where(EvaluationRun.id == run_id)
                .values(done=EvaluationRun.done + (done - reported), last_bank_id=last[0], last_customer_id=last[1])
            )
        reported = done

    total = await evaluate_all(sessions, cipher, bank_id=run.bank_id, after=after, progress=progress)
    async with transaction(sessions) as s:
        await s.execute(update(EvaluationRun).where(EvaluationRun.id == run_id).values(status="DONE", finished_at=datetime.now(UTC)))
    log.info("rules_evaluation_done", run_id=str(run_id), archives=total)
    return "done"
