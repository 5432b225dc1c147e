"""Jobs of the marketing domain: the nightly evaluation of every active segment model.

``marketing.evaluate_models`` at 01:40 (Asia/Shanghai 09:40, after the warehouse's delivery has
usually been imported and rated): the day is claimed first (``cron:<name>:<day>``), so two
workers, or a tick delivered twice, evaluate once. Each model is one set-based statement.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from arq.cron import CronJob, cron

from backend.db.session import transaction
from backend.logging import log
from backend.marketing.service import evaluate_active
from backend.services import Services
from workers.outbox import claim_cron_run

NIGHTLY = "marketing.evaluate_models"


async def evaluate_models(ctx: dict[str, Any]) -> str:
    services: Services = ctx["services"]
    day = datetime.now(UTC).date()
    if not await claim_cron_run(services, NIGHTLY, day.isoformat()):
        return "already ran today"
    async with transaction(services.db.sessions) as session:
        models, members = await evaluate_active(session)
    log.info("segment_models_evaluated", models=models, members=members)
    return f"{models} models evaluated, {members} members"


def cron_jobs(queue_name: str) -> list[CronJob]:
    return [cron(evaluate_models, name=f"{queue_name}:{NIGHTLY}", hour={1}, minute={40}, unique=True)]
