"""Jobs of the approvals domain: SLA timers, quota expiry, and the quota.approved event.

* ``approvals.sla_timers`` every five minutes: fires the BPMN timer events that are due
  (reminders mark their task overdue, escalations move the process on), in batches whose
  applications are locked with SKIP LOCKED, so two workers never fire one timer twice; the tick
  is held with ``cron_period`` (``cron:<name>:<tick>``) like every cron job here.
* ``approvals.expire_quotas`` daily at 00:20 (Asia/Shanghai 08:20): quotas past their validity
  expire, in one statement.
* ``approvals.quota_approved``: the outbox event of a granted quota; it marks the quota announced
  and writes the customer's text message (sent by ``notifications.send_sms``). The lending
  platform and mobile banking hang off this job next.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from arq.cron import CronJob
from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.service import LOCAL, ApprovalService
from backend.approvals.tasks import QUOTA_APPROVED, QuotaRef
from backend.db.session import transaction
from backend.logging import log
from backend.services import Services
from workers.base import cron_period, outbox_job, schedule

SLA = "approvals.sla_timers"
EXPIRE = "approvals.expire_quotas"


async def fire_timers(services: Services, now: datetime) -> int:
    """Every timer due at ``now``, batch by batch (each batch its own transaction)."""
    fired = 0
    while True:
        async with transaction(services.db.sessions) as session:
            batch = await ApprovalService(session, services.outbox).fire_timers(now, limit=100)
        fired += batch
        if batch == 0:
            return fired


async def sla_timers(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    now = datetime.now(UTC)
    tick = now.replace(minute=now.minute - now.minute % 5, second=0, microsecond=0)
    async with cron_period(services, SLA, tick.isoformat()) as mine:
        if not mine:
            return "already ran this tick"
        fired = await fire_timers(services, now)
    if fired:
        log.info("approval_timers_fired", count=fired)
    return f"{fired} timers fired"


async def expire_quotas(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    today = datetime.now(LOCAL).date()
    async with cron_period(services, EXPIRE, today.isoformat()) as mine:
        if not mine:
            return "already ran today"
        async with transaction(services.db.sessions) as session:
            expired = await ApprovalService(session).expire_quotas(today)
    log.info("quotas_expired", count=expired)
    return f"{expired} quotas expired"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [
        schedule(sla_timers, queue_name, SLA, minute=set(range(0, 60, 5))),
        schedule(expire_quotas, queue_name, EXPIRE, hour={0}, minute={20}),
    ]


@outbox_job(QUOTA_APPROVED)
async def quota_approved(services: Services, session: AsyncSession, ref: QuotaRef) -> str:
    announced = await ApprovalService(session, services.outbox).announce(ref.bank_id, ref.quota_id)
    return f"quota {ref.quota_id} {'announced' if announced else 'already announced'}"
