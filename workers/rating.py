"""Jobs of the rating domain: the quarterly batch.

Every night at 02:30 (arq's ``unique`` cron: one job per tick across workers) every bank is
rated for the current quarter (``backend.rating.service.rate_quarter``). The first night of a
quarter rates everyone; the (bank, quarter) run row makes every later night of the quarter a
lookup, makes a batch stopped half-way resume where it stopped, and keeps a second worker from
rating a chunk twice (the run row is locked while a chunk is rated).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from arq.cron import CronJob, cron

from backend.logging import log
from backend.rating.service import quarter_of, rate_quarter
from backend.services import Services

QUARTERLY = "rating.quarterly_batch"


async def quarterly_batch(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    quarter = quarter_of(date.today())
    outcomes = await rate_quarter(services.db.sessions, quarter)
    rated = sum(o.rated for o in outcomes)
    log.info("rating_quarterly_batch", quarter=quarter, banks=len(outcomes), rated=rated)
    return f"{quarter}: {rated} archives rated, {sum(o.already_done for o in outcomes)} banks already done"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [cron(quarterly_batch, name=f"{queue_name}:{QUARTERLY}", hour={2}, minute={30}, unique=True)]
