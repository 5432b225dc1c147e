"""Jobs of the business domain: pick up the warehouse's deliveries when their flag file appears.

Every 10 minutes (``workers.base.schedule``: one job per tick across workers) the folder
``CIC_WAREHOUSE_DIR`` is scanned for flag files (or, with ``CIC_WAREHOUSE_DATABASE_URL``, the
warehouse database for ``cic_feed_ready`` rows) of the last ``CIC_WAREHOUSE_LOOKBACK_DAYS``
days; each delivery not yet imported is imported (``backend.business.service.import_delivery``).
Exactly once across workers comes from the import itself, not from this schedule: each
(bank, subject, date) is imported under a transaction-level advisory lock and is a no-op once
a DONE record exists, so a second worker (or a tick delivered twice) changes nothing.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from arq.cron import CronJob

from backend.business.service import import_delivery
from backend.logging import log
from backend.services import Services
from workers.base import schedule

PICK_UP = "business.pick_up_deliveries"


async def pick_up_deliveries(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    source = services.warehouse_source()
    since = date.today() - timedelta(days=services.settings.warehouse_lookback_days)
    done = refused = 0
    for day in await source.dates(since):
        for outcome in await import_delivery(
            services.db.sessions, services.cipher, source, day, started_by="cron",
            parallel_files=services.settings.warehouse_parallel_files,
        ):
            done += outcome.status == "DONE"
            refused += outcome.status == "REFUSED"
    log.info("warehouse_deliveries_picked_up", source=source.kind, files_done=done, files_refused=refused)
    return f"{done} subjects imported or already done, {refused} refused"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [schedule(pick_up_deliveries, queue_name, PICK_UP, minute=set(range(0, 60, 10)))]
