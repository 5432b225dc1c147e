"""Jobs of the images domain: process an upload; cron: resume stalled uploads, purge deleted."""

from __future__ import annotations

import uuid
from typing import Any

import structlog
from arq import Retry
from arq.cron import CronJob, cron
from arq.worker import Function, func
from sqlalchemy.exc import DBAPIError

from backend.images.pipeline import process_upload, purge_due, resume_pending
from backend.images.service import PROCESS_IMAGE
from backend.images.storage import ObjectStoreUnavailable
from backend.logging import log
from backend.outbox.service import job_id_for
from backend.services import Services
from workers.base import TRANSIENT, retry_delay

# Enough tries to ride out an outage of about half an hour (1, 2, 4 ... 60 s between tries);
# the sweeper queues the image again after that.
MAX_TRIES = 40


async def _process(ctx: dict[str, Any], outbox_id: int, payload: dict[str, Any]) -> str:
    """Watermark, sign and store one uploaded image (see backend.images.pipeline)."""
    services: Services = ctx["services"]
    structlog.contextvars.bind_contextvars(job=PROCESS_IMAGE, outbox_id=outbox_id, job_try=ctx.get("job_try", 1))
    try:
        return await process_upload(services, int(payload["bank_id"]), uuid.UUID(str(payload["image_id"])), job_id_for(outbox_id))
    except (DBAPIError, ObjectStoreUnavailable, *TRANSIENT) as exc:
        delay = retry_delay(services, ctx.get("job_try", 1))
        log.warning("job_transient_error_retrying", error=type(exc).__name__, defer_seconds=delay)
        raise Retry(defer=delay) from exc
    finally:
        structlog.contextvars.unbind_contextvars("job", "outbox_id", "job_try")


def process_function(timeout_seconds: int) -> Function:
    return func(_process, name=PROCESS_IMAGE, max_tries=MAX_TRIES, timeout=timeout_seconds)


async def resume(ctx: dict[str, Any]) -> int:
    return await resume_pending(ctx["services"])


async def purge(ctx: dict[str, Any]) -> int:
    return await purge_due(ctx["services"])


def cron_jobs(queue_name: str) -> list[CronJob]:
    """Every 5 minutes (resume) and hourly (purge); ``unique``: one run per tick across workers.
    The queue name is part of the job name: arq's cron job ids are global to the Redis database."""
    return [
        cron(resume, name=f"{queue_name}:images.resume", minute=set(range(0, 60, 5)), unique=True),
        cron(purge, name=f"{queue_name}:images.purge", minute={17}, unique=True),
    ]
