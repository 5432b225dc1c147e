"""Jobs of the images domain: process an upload; cron: resume stalled uploads, purge deleted."""

from __future__ import annotations

from typing import Any

from arq.cron import CronJob
from arq.worker import Function, func

from backend.images.pipeline import process_upload, purge_due, resume_pending
from backend.images.tasks import PROCESS_IMAGE
from backend.images.storage import ObjectStoreUnavailable
from backend.outbox.service import job_id_for
from workers.base import retrying_job, schedule

# Enough tries to ride out an outage of about half an hour (1, 2, 4 ... 60 s between tries);
# the sweeper queues the image again after that.
MAX_TRIES = 40


async def _process(ctx: dict[str, Any], outbox_id: int, payload: dict[str, Any], correlation_id: str | None = None) -> str:
    """Watermark, sign and store one uploaded image (see backend.images.pipeline). The claim of
    the job key happens inside the pipeline's last, short transaction, not around the work."""
    ref = PROCESS_IMAGE.decode(payload)
    async with retrying_job(ctx, PROCESS_IMAGE.name, outbox_id, retry_on=(ObjectStoreUnavailable,), correlation_id=correlation_id):
        return await process_upload(ctx["services"], ref.bank_id, ref.image_id, job_id_for(outbox_id))


def process_function(timeout_seconds: int) -> Function:
    return func(_process, name=PROCESS_IMAGE.name, max_tries=MAX_TRIES, timeout=timeout_seconds)


async def resume(ctx: dict[str, Any]) -> int:
    return await resume_pending(ctx["services"])


async def purge(ctx: dict[str, Any]) -> int:
    return await purge_due(ctx["services"])


def cron_jobs(queue_name: str) -> list[CronJob]:
    """Every 5 minutes (resume) and hourly (purge); ``unique``: one run per tick across workers.
    The queue name is part of the job name: arq's cron job ids are global to the Redis database."""
    return [
        schedule(resume, queue_name, "images.resume", minute=set(range(0, 60, 5))),
        schedule(purge, queue_name, "images.purge", minute={17}),
    ]
