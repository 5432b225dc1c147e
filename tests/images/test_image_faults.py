"""Faults: every acknowledged upload ends up processed exactly once.

Real processes and real connections: ``cic worker`` processes killed with SIGKILL, the object
store and the database cut off by a TCP proxy (connections dropped, new ones refused), then
brought back. Each step waits for the event it needs (a worker's log line, a Redis key), never
for a while: the tests hold on a busy machine.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import uuid

from arq.constants import in_progress_key_prefix, retry_key_prefix
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from backend.images.models import CustomerImage, ImageStatus
from backend.outbox.models import JobExecution, OutboxMessage
from backend.outbox.service import queue_job_id
from tests.faults import TcpProxy
from tests.helpers import login, run_burst_worker
from tests.images.photos import capture, photo, upload
from tests.images.test_image_platform import new_archive
from tests.waiting import ProcessOutput, until


class WorkerProcess:
    """``cic worker`` in its own process; the test waits for the events it logs."""

    def __init__(self, **env: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", "from backend.cli import main; main()", "worker"],
            env={**os.environ, "CIC_LOG_LEVEL": "INFO", **env},
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        )
        self.output = ProcessOutput(self.process)

    async def wait_for(self, event: str) -> None:
        await self.output.event(event)

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.output.exit_code()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(3)
            except subprocess.TimeoutExpired:
                self.process.kill()


async def _image_row(services, image_id: str) -> CustomerImage:
    async with services.db.sessions() as session:
        return await session.scalar(select(CustomerImage).where(CustomerImage.id == uuid.UUID(image_id)))


async def _processed_by(worker: WorkerProcess, services, image_id: str) -> CustomerImage:
    """The row once ``worker`` logged that it processed the image."""
    await worker.wait_for("image_processed")
    return await _image_row(services, image_id)


async def _processed_exactly_once(services, row: CustomerImage) -> None:
    assert row.status == ImageStatus.READY and row.attempts == 1
    keys = await services.objects.list_keys(f"images/{row.bank_id}/{row.customer_id}/{row.id}/")
    assert keys == sorted([row.image_key, row.thumbnail_key])  # one derivative, no orphans
    import hashlib

    assert hashlib.sha256(await services.objects.get(row.image_key)).hexdigest() == row.image_sha256
    async with services.db.sessions() as session:
        claimed = await session.scalar(select(func.count()).select_from(JobExecution).where(JobExecution.task == "images.process"))
    assert claimed == 1


async def _uploaded(client, services) -> str:
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    result = await upload(client, cm, capture(customer_id, "VISIT_PHOTO"), photo(1600, 1200))
    assert result["errors"] == []
    return result["image"]["id"]


async def test_a_worker_killed_mid_job_loses_nothing(client, services, settings):
    image_id = await _uploaded(client, services)
    async with services.db.sessions() as session:
        outbox_id = await session.scalar(select(OutboxMessage.id).where(OutboxMessage.task == "images.process"))
    lock = in_progress_key_prefix + queue_job_id(settings.queue_name, outbox_id)
    # The first worker pauses in the job until it is killed there.
    first = WorkerProcess(CIC_IMAGE_PROCESS_DELAY_SECONDS="3600")
    try:
        await first.wait_for("image_processing_started")
        first.kill()
    finally:
        first.stop()
    assert (await _image_row(services, image_id)).status == ImageStatus.RECEIVED
    # The killed worker's in-progress lock keeps the job from everyone until it expires: arq
    # sets it for the longest job timeout + 10 s. Rather than wait that long, the test lets that
    # time pass for the lock alone.
    assert 0 < await services.redis.pttl(lock) <= (max(settings.image_job_timeout_seconds, settings.job_timeout_seconds) + 10) * 1000
    await services.redis.pexpire(lock, 1)
    second = WorkerProcess()
    try:
        row = await _processed_by(second, services, image_id)
    finally:
        second.stop()
    await _processed_exactly_once(services, row)


async def test_the_database_restarting_mid_job_is_retried_to_one_result(client, services, settings):
    image_id = await _uploaded(client, services)
    url = make_url(settings.database_url)
    socket_dir = url.query.get("host")  # the embedded PostgreSQL: a unix socket in its data directory
    proxy = TcpProxy(
        url.host or "127.0.0.1", url.port or 5432,
        target_unix=f"{socket_dir}/.s.PGSQL.{url.port or 5432}" if socket_dir else None,
    )
    await proxy.up()
    through_proxy = url.set(
        host="127.0.0.1", port=proxy.port, query={k: v for k, v in url.query.items() if k != "host"}
    ).render_as_string(hide_password=False)
    worker = WorkerProcess(
        CIC_DATABASE_URL=through_proxy, CIC_IMAGE_PROCESS_DELAY_SECONDS="2", CIC_JOB_RETRY_BASE_SECONDS="0.3"
    )
    try:
        await worker.wait_for("image_processing_started")
        await proxy.down()  # every connection of the worker dies; new ones are refused
        await worker.wait_for("job_transient_error_retrying")
        # Down for a while: a retry while it is down fails too.
        await worker.wait_for("job_transient_error_retrying")
        await proxy.up()
        row = await _processed_by(worker, services, image_id)
    finally:
        worker.stop()
        await proxy.down()
        proxy.close()
    await _processed_exactly_once(services, row)


async def test_the_object_store_down_for_a_while_delays_processing_but_loses_nothing(client, services, settings, s3_proxy, monkeypatch):
    image_id = await _uploaded(client, services)
    monkeypatch.setattr(settings, "job_retry_base_seconds", 0.3)
    await s3_proxy.down()
    async with services.db.sessions() as session:
        outbox_id = await session.scalar(select(OutboxMessage.id).where(OutboxMessage.task == "images.process"))
    job_id = queue_job_id(settings.queue_name, outbox_id)

    async def tried_and_waiting() -> bool:
        # The worker has tried at least once and failed: its try finished and the job waits,
        # deferred, for the next one.
        return int(await services.redis.get(retry_key_prefix + job_id) or 0) >= 1 and not await services.redis.exists(
            in_progress_key_prefix + job_id
        )

    async def outage_ends() -> None:
        await until(tried_and_waiting, "a failed try of the job")
        await s3_proxy.up()

    ending = asyncio.create_task(outage_ends())
    try:
        worker = await run_burst_worker(settings)  # retries with backoff until the store is back
    finally:
        await ending
    assert worker.jobs_retried >= 1
    await _processed_exactly_once(services, await _image_row(services, image_id))


async def test_an_upload_while_the_object_store_is_down_is_refused_and_not_acknowledged(client, services, s3_proxy):
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    await s3_proxy.down()
    try:
        result = await upload(client, cm, capture(customer_id), photo(400, 300))
    finally:
        await s3_proxy.up()
    assert [(e["field"], e["code"]) for e in result["errors"]] == [(None, "STORAGE_UNAVAILABLE")]
    async with services.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(CustomerImage)) == 0
    again = await upload(client, cm, capture(customer_id), photo(400, 300))  # the client retries later
    assert again["errors"] == [] and again["image"]["status"] == "RECEIVED"
