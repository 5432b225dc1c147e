"""Jobs of the marketing domain: the nightly evaluation of every active segment model and the
customer managers' reminders.

``marketing.nightly`` at 01:40 (Asia/Shanghai 09:40, after the warehouse's delivery has usually
been imported and rated): the day is held with ``cron_period`` (``cron:<name>:<day>``), so two
workers, or a tick delivered twice, run it once, and a worker killed mid-run leaves the day to
the next try. Each model is one set-based statement, each kind of reminder
another (``backend.marketing.reminders``), all in one transaction.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from arq.cron import CronJob

from backend.db.session import transaction
from backend.logging import log
from backend.approvals.service import LOCAL
from backend.marketing.service import nightly
from backend.services import Services
from workers.base import cron_period, schedule

NIGHTLY = "marketing.nightly"


async def run_nightly(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    day = datetime.now(LOCAL).date()
    async with cron_period(services, NIGHTLY, day.isoformat()) as mine:
        if not mine:
            return "already ran today"
        async with transaction(services.db.sessions) as session:
            done = await nightly(session, day)
    log.info(
        "marketing_nightly", models=done.models, archives=done.archives, members=done.members, reminders=done.reminders,
        woken=done.woken, seconds=done.seconds,
    )  # fmt: skip
    return f"{done.models} models evaluated, {done.members} members, {sum(done.reminders.values())} reminders raised"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [schedule(run_nightly, queue_name, NIGHTLY, hour={1}, minute={40})]
