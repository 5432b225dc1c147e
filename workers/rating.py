"""Jobs of the rating domain: the quarterly batch, and re-rating after a card is published.

Every night at 02:30 (``workers.base.schedule``: one job per tick across workers) every bank is
rated for the current quarter (``backend.rating.service.rate_quarter``). The first night of a
quarter rates everyone; the (bank, quarter) run row makes every later night of the quarter a
lookup, makes a batch stopped half-way resume where it stopped, and keeps a second worker from
rating a chunk twice (the run row is locked while a chunk is rated).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from arq.cron import CronJob
from sqlalchemy.ext.asyncio import AsyncSession

from backend.logging import log
from backend.rating.service import RatingService, quarter_of, rate_bank, rate_quarter
from backend.rating.tasks import RERATE, CardRef
from backend.services import Services
from workers.base import outbox_job, schedule

QUARTERLY = "rating.quarterly_batch"


async def quarterly_batch(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    quarter = quarter_of(date.today())
    outcomes = await rate_quarter(services.db.sessions, quarter, workers=services.settings.rating_batch_workers)
    rated = sum(o.rated for o in outcomes)
    log.info("rating_quarterly_batch", quarter=quarter, banks=len(outcomes), rated=rated)
    return f"{quarter}: {rated} archives rated, {sum(o.already_done for o in outcomes)} banks already done"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [schedule(quarterly_batch, queue_name, QUARTERLY, hour={2}, minute={30})]


@outbox_job(RERATE, max_tries=20)
async def rerate(services: Services, session: AsyncSession, ref: CardRef) -> str:
    """A card was published: re-rate the current ratings of the banks it is in force for, a chunk
    per transaction (idempotent: a retry rates again with the same card)."""
    banks = await RatingService(session).rerated_banks(ref.card_id)
    rated = 0
    for bank_id in banks:
        rated += await rate_bank(services.db.sessions, bank_id, workers=services.settings.rating_batch_workers)
    return f"card {ref.card_id}: {rated} archives of {len(banks)} banks re-rated"
