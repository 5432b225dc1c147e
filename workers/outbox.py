"""Jobs of the outbox domain: the daily purge of what has been delivered.

A scheduled job follows the pattern every cron job here follows (``workers.base.schedule``):
arq's ``unique`` cron gives one job per tick across workers, and the run holds its period with
``workers.base.cron_period`` (a lease in ``job_executions``, completed after the work), so a tick
delivered twice, or a second worker racing it, does the work once, and a worker killed mid-job
leaves the period to the next try.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from arq.cron import CronJob

from backend.logging import log
from backend.outbox.service import purge_delivered
from backend.services import Services
from workers.base import cron_period, schedule

PURGE = "outbox.purge"


async def purge(ctx: dict[str, Any]) -> str:
    """Delete outbox rows sent, and job claims completed, more than CIC_OUTBOX_RETENTION_DAYS ago."""
    services: Services = ctx["services"]
    now = datetime.now(UTC)
    async with cron_period(services, PURGE, now.date().isoformat()) as mine:
        if not mine:
            return "already ran today"
        cutoff = now - timedelta(days=services.settings.outbox_retention_days)
        rows, claims = await purge_delivered(services.db.sessions, older_than=cutoff)
    log.info("outbox_purged", outbox_rows=rows, job_claims=claims, cutoff=cutoff.isoformat())
    return f"purged {rows} outbox rows, {claims} job claims"


def cron_jobs(queue_name: str) -> list[CronJob]:
    """Daily at 03:41 (UTC); the queue name keeps deployments sharing a Redis apart."""
    return [schedule(purge, queue_name, PURGE, hour={3}, minute={41})]
