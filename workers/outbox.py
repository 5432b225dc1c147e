"""Jobs of the outbox domain: the daily purge of what has been delivered.

A scheduled job follows the pattern every cron job here follows: arq's ``unique`` cron gives one
job per tick across workers, and the run claims ``cron:<name>:<period>`` in ``job_executions``
first (``run_once``), so a tick delivered twice, or a second worker racing it, does the work once.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from arq.cron import CronJob, cron

from backend.db.session import transaction
from backend.logging import log
from backend.outbox.service import purge_delivered, run_once
from backend.services import Services

PURGE = "outbox.purge"


async def claim_cron_run(services: Services, name: str, period: str) -> bool:
    """Claim one run of a scheduled job for its period (a day, a quarter); False if it ran."""
    async with transaction(services.db.sessions) as session:
        return await run_once(session, f"cron:{name}:{period}", name)


async def purge(ctx: dict[str, Any]) -> str:
    """Delete outbox rows sent, and job claims completed, more than CIC_OUTBOX_RETENTION_DAYS ago."""
    services: Services = ctx["services"]
    now = datetime.now(UTC)
    if not await claim_cron_run(services, PURGE, now.date().isoformat()):
        return "already ran today"
    cutoff = now - timedelta(days=services.settings.outbox_retention_days)
    rows, claims = await purge_delivered(services.db.sessions, older_than=cutoff)
    log.info("outbox_purged", outbox_rows=rows, job_claims=claims, cutoff=cutoff.isoformat())
    return f"purged {rows} outbox rows, {claims} job claims"


def cron_jobs(queue_name: str) -> list[CronJob]:
    """Daily at 03:41 (UTC); the queue name keeps deployments sharing a Redis apart."""
    return [cron(purge, name=f"{queue_name}:{PURGE}", hour={3}, minute={41}, unique=True)]
