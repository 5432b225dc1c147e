"""arq worker settings (``cic worker``): job functions, the outbox relay cron, start-up."""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from backend.config import get_settings
from backend.db import warmup
from backend.db.engine import create_database
from backend.logging import configure_logging, log
from backend.outbox.service import relay_pending
from backend.queue import redis_settings
from backend.services import Services
from workers.base import drain_function
from workers import approvals, auth, business, customers, images, imports, loans, marketing, notifications, outbox, rating, reports, rules


async def startup(ctx: dict[str, Any]) -> None:
    settings = get_settings()
    configure_logging(settings.log_level)
    # No pre-ping: a job on a connection the database dropped fails transiently and is retried
    # (workers/base.py); the pool holds a connection for each job in flight (docs/benchmarks.md).
    pool = max(1, (settings.worker_max_jobs + 1) // 2)
    database = create_database(settings, pre_ping=False, pool_size=pool)
    services = Services(settings=settings, db=database, redis=ctx["redis"])
    ctx["services"] = services
    # the statements the fleet's workers run most, prepared on the kept connections (backend/db/warmup.py)
    ctx["statements"] = await warmup.start(
        {"worker:primary": (database.primary, pool), "worker:replica": (database.replica, pool)}, ctx["redis"],
        settings.queue_name, timeout=settings.database_warmup_seconds, period=settings.statement_log_seconds,
    )
    ctx["relay"] = asyncio.create_task(relay_loop(services))
    if settings.ecif_url is None:
        log.warning("ecif_not_configured", hint="CIC_ECIF_URL is unset: customers.push_to_ecif jobs will fail")
    log.info("worker_started")


async def shutdown(ctx: dict[str, Any]) -> None:
    relay: asyncio.Task | None = ctx.get("relay")
    if relay is not None:
        relay.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await relay
    services: Services | None = ctx.get("services")
    if "statements" in ctx:
        await warmup.stop(*ctx["statements"], ctx["redis"], get_settings().queue_name)
    if services is not None:
        await services.close_clients()
        await services.db.dispose()


async def relay_loop(services: Services) -> None:
    """Send committed outbox rows that were not sent right after their commit.

    Every worker runs this loop; rows are claimed with FOR UPDATE SKIP LOCKED and queued under
    their outbox id, so several relays never queue a row twice.
    """
    assert services.redis is not None
    while True:
        try:
            sent = await relay_pending(
                services.db.sessions, services.redis, grace_seconds=services.settings.outbox_relay_grace_seconds
            )
            if sent:
                log.info("outbox_relayed", count=sent)
        except Exception:
            log.warning("outbox_relay_failed", exc_info=True)
        await asyncio.sleep(services.settings.outbox_relay_interval_seconds)


def worker_settings() -> dict[str, Any]:
    settings = get_settings()
    return {
        "functions": [auth.end_sessions, customers.push_to_ecif, customers.assign_manager, images.process_function(settings.image_job_timeout_seconds), imports.run_batch, rules.evaluate_run, rating.rerate,
                      approvals.quota_approved, drain_function(notifications.send_sms, loans.hand_off)],
        "cron_jobs": [
            *images.cron_jobs(settings.queue_name), *outbox.cron_jobs(settings.queue_name),
            *business.cron_jobs(settings.queue_name), *rating.cron_jobs(settings.queue_name),
            *approvals.cron_jobs(settings.queue_name), *marketing.cron_jobs(settings.queue_name),
            *reports.cron_jobs(settings.queue_name),
        ],
        "on_startup": startup,
        "on_shutdown": shutdown,
        "redis_settings": redis_settings(settings),
        "queue_name": settings.queue_name,
        "max_jobs": settings.worker_max_jobs,
        "poll_delay": settings.worker_poll_seconds,
        "job_timeout": settings.job_timeout_seconds,
        "keep_result": 3600,
        "retry_jobs": True,
        "handle_signals": True,
    }
