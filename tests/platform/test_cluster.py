"""A cluster on one machine (docs/operations.md, "Running as a cluster"): `cic run --api-processes 2
--workers 2` behind one port; every cron job once per tick across two workers, also when a tick is
delivered twice; a worker killed in the middle of a cron job losing nothing.

Real parts: the arq workers are the production settings (``workers.settings``) on the test's
Redis and database, the killed worker is a ``cic worker`` process, `cic run` runs as a process.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from arq import Retry
from arq.connections import create_pool
from arq.constants import in_progress_key_prefix
from arq.worker import Worker
from sqlalchemy import func, select, text, update
from sqlalchemy.ext.asyncio import create_async_engine

from backend.business.simulator import simulate_warehouse
from backend.config import PROJECT_ROOT
from backend.db.engine import async_url
from backend.images.models import CustomerImage
from backend.outbox.models import JobExecution
from backend.outbox.service import complete_lease, take_lease
from backend.queue import redis_settings
from backend.rating.models import RatingRun
from backend.approvals.service import LOCAL
from tests.conftest import _with_database
from tests.faults import reserve_port
from tests.images.test_image_faults import WorkerProcess
from tests.platform.test_cic_run import _phone_seen_by
from tests.helpers import cic_environment, gql, login, run_burst_worker
from tests.images.photos import DELETE, capture, photo, upload
from tests.images.test_image_platform import new_archive
from tests.waiting import ProcessOutput
from workers.base import cron_period
from workers.settings import worker_settings

# Every scheduled job: the ones holding their period with a lease, and the ones idempotent by
# design (rating runs per bank and quarter, warehouse imports per file, purge per image).
LEASED = {"outbox.purge", "approvals.sla_timers", "approvals.expire_quotas", "marketing.nightly", "reports.nightly"}
SCHEDULED = LEASED | {"images.purge", "images.resume", "rating.quarterly_batch", "business.pick_up_deliveries"}


async def _workers(settings, count: int = 2) -> list[Worker]:
    """``count`` workers with the production settings in burst mode, each its own Redis pool and
    (at start-up) its own services; their own scheduling is off, the test delivers the ticks."""
    made = []
    for _ in range(count):
        options = worker_settings()
        options.update(burst=True, handle_signals=False, poll_delay=0.05)
        pool = await create_pool(redis_settings(settings), default_queue_name=settings.queue_name)
        made.append(Worker(**options, redis_pool=pool))
    return made


async def _run(workers: list[Worker]) -> None:
    for worker in workers:
        worker.cron_jobs = []  # no tick of their own: only what is queued runs
    try:
        await asyncio.gather(*(w.main() for w in workers))
    finally:
        for worker in workers:
            await worker.close()


async def _purgeable_image(client, services, settings) -> uuid.UUID:
    """A photo deleted with a reason whose retention has run out."""
    cm = await login(client, "fz1.cm1")
    customer_id = await new_archive(client, cm)
    image_id = (await upload(client, cm, capture(customer_id, "VISIT_PHOTO"), photo(400, 300)))["image"]["id"]
    await run_burst_worker(settings)
    deleted = await gql(client, DELETE, {"id": image_id, "reason": "重复上传"}, token=cm)
    assert deleted["data"]["deleteImage"]["errors"] == []
    async with services.db.sessions() as session, session.begin():
        await session.execute(
            update(CustomerImage).where(CustomerImage.id == uuid.UUID(image_id)).values(purge_after=datetime.now(UTC) - timedelta(seconds=1))
        )
    return uuid.UUID(image_id)


async def _effects(services) -> dict[str, object]:
    """What the scheduled jobs leave behind: the periods held (and when each completed), the
    quarter's rating runs, the warehouse's imports and the purges of images."""
    async with services.db.sessions() as session:
        periods = dict((await session.execute(
            select(JobExecution.job_key, JobExecution.completed_at).where(JobExecution.job_key.like("cron:%"))
        )).all())  # fmt: skip
        runs = sorted((await session.execute(select(RatingRun.bank_id, RatingRun.quarter, RatingRun.finished_at))).all())
        imports = (await session.execute(text("SELECT count(*) FROM warehouse_imports WHERE status = 'DONE'"))).scalar_one()
        purges = (await session.execute(text("SELECT count(*) FROM audit_log WHERE action = 'image.purge'"))).scalar_one()
    return {"periods": periods, "runs": runs, "imports": imports, "purges": purges}


async def test_every_cron_job_runs_once_per_tick_across_two_workers(client, services, settings, tmp_path):
    image_id = await _purgeable_image(client, services, settings)
    yesterday = date.today() - timedelta(days=1)
    async with services.db.sessions() as session:
        await simulate_warehouse(session, services.cipher, tmp_path, yesterday, bank_codes=["FJ-FZ"])
    with cic_environment({"CIC_WAREHOUSE_DIR": str(tmp_path)}):
        workers = await _workers(settings)
        # Both workers reach the same tick of every schedule: each queues its jobs, arq keeps one.
        names = {job.name.removeprefix(f"{settings.queue_name}:") for job in workers[0].cron_jobs}
        assert names == SCHEDULED
        tick = datetime.now(UTC).replace(second=0, microsecond=0)
        for worker in workers:
            for job in worker.cron_jobs:
                job.next_run = tick
        await asyncio.gather(*(w.run_cron(datetime.now(UTC), 0.5) for w in workers))
        assert await services.redis.zcard(settings.queue_name) == len(SCHEDULED)
        await _run(workers)
    assert sum(w.jobs_complete for w in workers) == len(SCHEDULED)
    assert [(w.jobs_failed, w.jobs_retried) for w in workers] == [(0, 0), (0, 0)]

    first = await _effects(services)
    completed = {key.split(":")[1] for key, done in first["periods"].items() if done is not None}
    assert completed == LEASED and len(first["periods"]) == len(LEASED)  # each leased job held one period, once
    assert first["runs"] and all(r.finished_at for r in first["runs"])  # the quarter's batch ran
    assert first["imports"] == 5  # the delivery's five files, each imported once
    assert first["purges"] == 1
    async with services.db.sessions() as session:
        assert (await session.get(CustomerImage, (await _bank_of(services, image_id), image_id))).purged_at is not None

    # The same tick delivered again (arq's record of it gone, a clock step): the workers run every
    # job again and nothing is done twice.
    with cic_environment({"CIC_WAREHOUSE_DIR": str(tmp_path)}):
        workers = await _workers(settings)
        for name in SCHEDULED:
            await services.redis.enqueue_job(f"{settings.queue_name}:{name}", _job_id=f"{settings.queue_name}:{name}:again")
        await _run(workers)
    assert sum(w.jobs_complete for w in workers) == len(SCHEDULED)
    second = await _effects(services)
    # A period of phase one is neither run nor completed again (a five-minute or day boundary
    # passed meanwhile would add a new period: that is a new tick, not a repeat).
    assert {k: second["periods"][k] for k in first["periods"]} == first["periods"]
    assert (second["runs"], second["imports"], second["purges"]) == (first["runs"], first["imports"], first["purges"])


async def _bank_of(services, image_id: uuid.UUID) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(CustomerImage.bank_id).where(CustomerImage.id == image_id))


async def test_a_period_held_by_a_live_worker_waits_and_one_held_by_a_dead_worker_is_taken_over(services):
    from workers.marketing import NIGHTLY, run_nightly

    ctx = {"services": services}
    key = f"cron:{NIGHTLY}:{datetime.now(LOCAL).date().isoformat()}"  # the marketing day is Fujian's
    async with services.db.sessions() as session, session.begin():
        assert (await take_lease(session, key, NIGHTLY, 30)).taken  # another worker is running the night
    with pytest.raises(Retry) as held:
        await run_nightly(ctx)
    assert 20 < held.value.defer_score / 1000 <= 32  # tried again when that worker's lease ends
    async with services.db.sessions() as session, session.begin():
        await complete_lease(session, key)
    assert await run_nightly(ctx) == "already ran today"  # it finished meanwhile

    async with services.db.sessions() as session, session.begin():
        await session.execute(text("DELETE FROM job_executions"))
        assert (await take_lease(session, key, NIGHTLY, 30)).taken
        # The holder was killed: its lease ran out without the night being done.
        await session.execute(update(JobExecution).where(JobExecution.job_key == key).values(lease_until=func.now() - timedelta(seconds=1)))
    assert "models evaluated" in await run_nightly(ctx)
    async with services.db.sessions() as session:
        row = await session.get(JobExecution, key)
    assert row.completed_at is not None and row.lease_until is None


async def test_work_that_fails_releases_its_period_for_the_next_try(services):
    with pytest.raises(RuntimeError):
        async with cron_period(services, "test.failing", "2026-12-04") as mine:
            assert mine
            raise RuntimeError("the database went away half-way")
    async with cron_period(services, "test.failing", "2026-12-04") as mine:
        assert mine  # the next try takes the period at once
    async with cron_period(services, "test.failing", "2026-12-04") as mine:
        assert not mine


async def test_a_worker_killed_in_the_middle_of_a_cron_job_loses_nothing(services, settings):
    from workers.reports import NIGHTLY

    name = f"{settings.queue_name}:{NIGHTLY}"
    job_id = f"{name}:{int(datetime.now(UTC).timestamp() * 1000)}"
    assert await services.redis.enqueue_job(name, _job_id=job_id) is not None
    engine = create_async_engine(async_url(settings.database_url))
    try:
        async with engine.connect() as holder:
            # The night's facts cannot be written while the test holds their table: the first
            # worker claims the day, starts, and waits there until it is killed.
            await holder.execute(text("LOCK TABLE report_facts IN EXCLUSIVE MODE"))
            first = WorkerProcess()
            try:
                await first.wait_for("cron_period_claimed")
                first.kill()
            finally:
                first.stop()
            await holder.rollback()
    finally:
        await engine.dispose()
    async with services.db.sessions() as session:
        (held,) = (await session.scalars(select(JobExecution).where(JobExecution.task == NIGHTLY))).all()
        facts = (await session.execute(text("SELECT count(*) FROM report_facts"))).scalar_one()
    assert held.completed_at is None and facts == 0  # claimed, nothing written
    # What would pass by itself: arq's hold on the job (the job timeout + 10 s) and the dead
    # worker's lease (the job timeout). The test lets that time pass for the two alone.
    await services.redis.pexpire(in_progress_key_prefix + job_id, 1)
    async with services.db.sessions() as session, session.begin():
        await session.execute(update(JobExecution).where(JobExecution.job_key == held.job_key).values(lease_until=func.now() - timedelta(seconds=1)))
    second = WorkerProcess()
    try:
        await second.wait_for("cron_period_completed")
    finally:
        second.stop()
    async with services.db.sessions() as session:
        done = await session.get(JobExecution, held.job_key)
        facts = (await session.execute(text("SELECT count(*) FROM report_facts"))).scalar_one()
    assert done.completed_at is not None and facts > 0


def test_cic_run_as_a_cluster_serves_one_port_from_two_api_processes_with_two_workers(settings, database_url):
    """`cic run --api-processes 2 --workers 2` against the test's servers (a database of its own)."""
    name = f"cic_cluster_{uuid.uuid4().hex[:8]}"
    server, own = _with_database(database_url, "postgres"), _with_database(database_url, name)
    _admin(server, f'CREATE DATABASE "{name}"')
    try:
        with contextlib.ExitStack() as reservations:
            port, simulator_port = (reservations.enter_context(reserve_port()).getsockname()[1] for _ in range(2))
            env = {k: v for k, v in os.environ.items() if not k.startswith("CIC_")}
            env.update(
                CIC_DATABASE_URL=own, CIC_REDIS_URL=settings.redis_url, CIC_QUEUE_NAME=f"{settings.queue_name}:cluster",
                CIC_VAR_DIR=os.environ["CIC_VAR_DIR"], CIC_PORT=str(port), CIC_SIMULATOR_PORT=str(simulator_port),
                CIC_LOG_LEVEL="INFO", CIC_ARGON2_TIME_COST="1", CIC_ARGON2_MEMORY_COST_KIB="8192",
            )  # fmt: skip
            base = f"http://127.0.0.1:{port}"
            proc = subprocess.Popen(
                [sys.executable, "-m", "backend.cli", "run", "--api-processes", "2", "--workers", "2"],
                cwd=PROJECT_ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            )
            output = ProcessOutput(proc)
            try:
                for _ in range(2):  # each API process, each worker says it has started
                    output.wait_for(r'"event": "api_started"')
                output.wait_for(r'"event": "worker_started"')
                output.wait_for(r'"event": "worker_started"')  # the second worker's
                answered = [httpx.get(f"{base}/ready").status_code for _ in range(20)]
                assert answered == [200] * 20
                phone = _phone_seen_by(base, "fz1.manager")  # logged in, and a query answered
                assert len(phone) == 11 and phone.isdigit()
                # The process tree: one `cic serve` whose two uvicorn workers share its socket, two `cic worker`.
                children = _children(proc.pid)
                serve = [p for p in children if " serve" in _cmdline(p)]
                uvicorn_workers = [p for p in _children(serve[0]) if "spawn_main" in _cmdline(p)] if len(serve) == 1 else []
                assert len(uvicorn_workers) == 2, [_cmdline(p) for p in children]
                assert len([p for p in children if _cmdline(p).endswith(" worker")]) == 2
            finally:
                proc.send_signal(signal.SIGINT)
                returncode = output.exit_code()
    finally:
        _admin(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    assert returncode == 0, output.tail(60)
    assert "stopped" in output.text


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError):
                with open(f"/proc/{entry}/stat") as stat:
                    if int(stat.read().rsplit(")", 1)[1].split()[1]) == pid:
                        found.append(int(entry))
    return found


def _cmdline(pid: int) -> str:
    with contextlib.suppress(OSError), open(f"/proc/{pid}/cmdline", "rb") as cmdline:
        return cmdline.read().replace(b"\0", b" ").decode().strip()
    return ""


def _admin(url: str, statement: str) -> None:
    async def run() -> None:
        engine = create_async_engine(async_url(url), isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as conn:
                await conn.execute(text(statement))
        finally:
            await engine.dispose()

    asyncio.run(run())
