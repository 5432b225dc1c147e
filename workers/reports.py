"""Jobs of the report centre: the nightly facts and, on the first of each month, the monthly reports.

``reports.nightly`` at 16:30 UTC (00:30 in Fujian, just after the business day ended): the day is
held with ``cron_period`` (``cron:<name>:<day>``) so two workers, or a tick delivered twice, run
it once, and a worker killed mid-run leaves the day to the next try; it
makes the facts of the day that ended (one set-based statement, ``backend.reports.facts``),
prunes daily facts older than ``KEEP_DAYS`` (each month's last day stays: the long trend), and on
the first of a month makes last month's workbooks of the province and every bank.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from arq.cron import CronJob

from backend.db.session import transaction
from backend.logging import log
from backend.reports.facts import LOCAL
from backend.reports.service import build, monthly, prune
from backend.services import Services
from workers.base import cron_period, schedule

NIGHTLY = "reports.nightly"
KEEP_DAYS = 400


async def run_nightly(ctx: dict[str, Any], now: datetime | None = None) -> str:
    services: Services = ctx["services"]
    today = (now or datetime.now(LOCAL)).astimezone(LOCAL).date()
    day = today - timedelta(days=1)
    async with cron_period(services, NIGHTLY, today.isoformat()) as mine:
        if not mine:
            return "already ran today"
        async with transaction(services.db.sessions) as session:
            rows = await build(session, [day])
            pruned = await prune(session, keep_from=today - timedelta(days=KEEP_DAYS))
            made = await monthly(session, today) if today.day == 1 else []
    log.info("reports_nightly", day=day.isoformat(), rows=rows, pruned=pruned, monthly=len(made))
    return f"facts of {day}: {rows} rows; {len(made)} monthly reports"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [schedule(run_nightly, queue_name, NIGHTLY, hour={16}, minute={30})]
