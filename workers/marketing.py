"""Jobs of the marketing domain: the nightly evaluation of every active segment model and the
customer managers' reminders.

``marketing.nightly`` at 01:40 (Asia/Shanghai 09:40, after the warehouse's delivery has usually
been imported and rated): the day is claimed first (``cron:<name>:<day>``), so two workers, or a
tick delivered twice, run it once. Each model is one set-based statement, each kind of reminder
another (``backend.marketing.reminders``), all in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from arq.cron import CronJob, cron

from backend.db.session import transaction
from backend.logging import log
from backend.approvals.service import LOCAL
from backend.marketing.service import nightly
from backend.services import Services
from workers.outbox import claim_cron_run

NIGHTLY = "marketing.nightly"


async def run_nightly(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    day = datetime.now(LOCAL).date()
    if not await claim_cron_run(services, NIGHTLY, day.isoformat()):
        return "already ran today"
    async with transaction(services.db.sessions) as session:
        done = await nightly(session, day)
    log.info("marketing_nightly", models=done.models, members=done.members, reminders=done.reminders, woken=done.woken)
    return f"{done.models} models evaluated, {done.members} members, {sum(done.reminders.values())} reminders raised"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [cron(run_nightly, name=f"{queue_name}:{NIGHTLY}", hour={1}, minute={40}, unique=True)]
