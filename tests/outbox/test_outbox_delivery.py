"""Transactional outbox end to end: real PostgreSQL, real Redis, a real arq burst worker.

A job scheduled in a transaction runs only if that transaction commits; a committed row that
was never sent is relayed; a job delivered twice takes effect once; concurrent relays never
send a row twice; a Redis outage leaves the row for a later relay; and two deployments sharing
one Redis do not swallow each other's jobs.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator
from typing import Any

import pytest
import redis.exceptions
from arq.connections import ArqRedis, create_pool
from arq.jobs import Job
from arq.worker import Worker
from sqlalchemy import func, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import create_async_engine

from backend.auth.tasks import END_SESSIONS, StaffRef
from backend.audit.models import AuditRecord
from backend.auth.models import RefreshToken
from backend.db.engine import Database, async_url, create_database
from backend.db.session import transaction
from backend.orgs.models import OrgUnit, StaffStatus, StaffUser
from backend.outbox.models import JobExecution, OutboxMessage
from backend.outbox.service import (
    Outbox,
    enqueue,
    job_id_for,
    relay_pending,
    send_messages,
)
from backend.queue import redis_settings
from tests.faults import refused_port
from tests.helpers import login, run_burst_worker, token_response
from tests.waiting import until
from workers import auth as auth_jobs
from workers.settings import worker_settings

TASK = END_SESSIONS.name
# arq 0.28's Worker.close() calls redis' deprecated close(); not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

SET_STATUS = (
    "mutation($i: SetStaffUserStatusInput!) { setStaffUserStatus(input: $i) { user { status } errors { code } } }"
)


# -- helpers -------------------------------------------------------------------------------


def arq_job_id(settings, outbox_id: int) -> str:
    """The arq job id of an outbox row: namespaced by the queue (arq's job keys are global)."""
    return f"{settings.queue_name}:outbox:{outbox_id}"


async def scalar(services, statement) -> Any:
    async with services.db.sessions() as session:
        return await session.scalar(statement)


async def count(services, model, *where) -> int:
    return await scalar(services, select(func.count()).select_from(model).where(*where))


async def user_id(services, username: str) -> int:
    return await scalar(services, select(StaffUser.id).where(StaffUser.username == username))


async def org_path_of(services, uid: int) -> str:
    return await scalar(
        services, select(OrgUnit.path).join(StaffUser, StaffUser.org_unit_id == OrgUnit.id).where(StaffUser.id == uid)
    )


async def outbox_rows(services) -> list[OutboxMessage]:
    async with services.db.sessions() as session:
        return list(await session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def sessions_ended(services) -> list[AuditRecord]:
    async with services.db.sessions() as session:
        return list(
            await session.scalars(
                select(AuditRecord).where(AuditRecord.action == "auth.sessions_ended").order_by(AuditRecord.id)
            )
        )


async def live_refresh_tokens(services, uid: int) -> int:
    return await count(services, RefreshToken, RefreshToken.user_id == uid, RefreshToken.revoked_at.is_(None))


async def queued(services, settings) -> list[tuple[str, tuple, str]]:
    jobs = await services.redis.queued_jobs(queue_name=settings.queue_name)
    return sorted((j.function, j.args, j.job_id) for j in jobs)


async def job_result(services, settings, job_id: str) -> Any:
    info = await Job(job_id, services.redis, _queue_name=settings.queue_name).result_info()
    assert info is not None, f"no result for {job_id}"
    assert info.success, info.result
    return info.result


async def enqueue_unsent(services, uid: int) -> int:
    """A committed outbox row whose after-commit send never happened (the process died)."""
    async with transaction(services.db.sessions) as session:
        message = await enqueue(session, TASK, {"user_id": uid}, send=None)
    return message.id


# -- 1. rollback ---------------------------------------------------------------------------


async def test_a_job_enqueued_in_a_rolled_back_transaction_never_runs(client, services, settings):
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")  # a refresh token the job would revoke
    admin_token = await login(client, "fz.admin")

    class Abort(Exception):
        pass

    with pytest.raises(Abort):
        async with transaction(services.db.sessions) as session:
            admin = await services.auth(session).principal_for(services.signer.verify(admin_token))
            assert admin is not None and admin.username == "fz.admin"
            user = await services.orgs(session).set_staff_status(admin, cm2, StaffStatus.DISABLED, "rolled back")
            assert user.status == StaffStatus.DISABLED
            # The row and the after-commit hook exist inside the transaction...
            assert await session.scalar(select(func.count()).select_from(OutboxMessage)) == 1
            assert len(session.info["after_commit"]) == 1
            raise Abort

    # ...and are gone with it: no row, no queued job, the user untouched.
    assert await count(services, OutboxMessage) == 0
    assert await services.redis.zcard(settings.queue_name) == 0
    assert await services.redis.queued_jobs(queue_name=settings.queue_name) == []
    assert await scalar(services, select(StaffUser.status).where(StaffUser.id == cm2)) == StaffStatus.ACTIVE

    worker = await run_burst_worker(settings)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (0, 0, 0)
    assert await sessions_ended(services) == []
    assert await count(services, JobExecution) == 0
    assert await live_refresh_tokens(services, cm2) == 1


# -- 2. relay of a row whose send never happened ---------------------------------------------


async def test_relay_sends_a_committed_unsent_row_and_the_worker_ends_the_sessions(client, services, settings):
    assert settings.outbox_relay_grace_seconds == 0
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")
    refresh = (await token_response(client, "fz1.cm2")).json()["refresh_token"]
    assert await live_refresh_tokens(services, cm2) == 2

    outbox_id = await enqueue_unsent(services, cm2)
    [row] = await outbox_rows(services)
    assert (row.id, row.task, row.payload, row.sent_at, row.attempts) == (outbox_id, TASK, {"user_id": cm2}, None, 0)
    assert await services.redis.zcard(settings.queue_name) == 0

    sent = await relay_pending(
        services.db.sessions, services.redis, grace_seconds=settings.outbox_relay_grace_seconds
    )
    assert sent == 1
    [row] = await outbox_rows(services)
    assert row.sent_at is not None and row.attempts == 1 and row.last_error is None
    assert await queued(services, settings) == [(TASK, (outbox_id, {"user_id": cm2}, None), arq_job_id(settings, outbox_id))]
    # A second pass finds nothing left to send.
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 0
    assert await services.redis.zcard(settings.queue_name) == 1

    worker = await run_burst_worker(settings)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    assert await job_result(services, settings, arq_job_id(settings, outbox_id)) == "done"
    assert await services.redis.zcard(settings.queue_name) == 0
    assert await live_refresh_tokens(services, cm2) == 0
    [record] = await sessions_ended(services)
    assert (record.target_type, record.target_id, record.detail) == ("StaffUser", str(cm2), {"revoked_refresh_tokens": 2})
    assert record.org_path == await org_path_of(services, cm2)
    assert await count(services, JobExecution, JobExecution.job_key == job_id_for(outbox_id)) == 1
    # The user is still ACTIVE (only the job ran), so only revocation explains the refusal.
    refused = await client.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": refresh})
    assert refused.status_code == 400 and refused.json()["code"] == "INVALID_REFRESH_TOKEN"


async def test_a_running_workers_own_relay_loop_sends_an_unsent_row_and_runs_it(client, services, settings):
    """The production recovery path: no one calls relay_pending by hand, the worker's loop does."""
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")
    outbox_id = await enqueue_unsent(services, cm2)

    opts = worker_settings()
    opts.update(handle_signals=False, poll_delay=0.05)  # a long-running worker, not burst
    worker = Worker(**opts)
    running = asyncio.create_task(worker.async_run())
    try:
        job = Job(arq_job_id(settings, outbox_id), services.redis, _queue_name=settings.queue_name)
        # Wait for arq's result record, not just the effect: stopping the worker between the
        # job's commit and arq's bookkeeping would cancel the job task mid-finish.
        await until(job.result_info, "the job's result")
    finally:
        await worker.close()
        with contextlib.suppress(asyncio.CancelledError):
            await running
    assert worker.ctx["services"].settings.queue_name == settings.queue_name
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    [row] = await outbox_rows(services)
    assert (row.id, row.sent_at is not None, row.attempts) == (outbox_id, True, 1)
    [record] = await sessions_ended(services)
    assert record.detail == {"revoked_refresh_tokens": 1}
    assert await job_result(services, settings, arq_job_id(settings, outbox_id)) == "done"
    assert await live_refresh_tokens(services, cm2) == 0


# -- 3. the normal path ----------------------------------------------------------------------


async def test_disabling_a_user_queues_the_job_at_commit_and_the_worker_revokes_refresh_tokens(
    client, services, settings
):
    cm2 = await user_id(services, "fz1.cm2")
    first = (await token_response(client, "fz1.cm2")).json()["refresh_token"]
    second = (await token_response(client, "fz1.cm2")).json()["refresh_token"]
    assert await live_refresh_tokens(services, cm2) == 2
    admin = await login(client, "fz.admin")

    response = await client.post(
        "/graphql",
        json={"query": SET_STATUS, "variables": {"i": {"userId": str(cm2), "status": "DISABLED", "reason": "left the bank"}}},
        headers={"Authorization": f"Bearer {admin}"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"data": {"setStaffUserStatus": {"user": {"status": "DISABLED"}, "errors": []}}}

    # The after-commit hook has already sent the row: it is marked sent and the job is queued.
    [row] = await outbox_rows(services)
    assert (row.task, row.payload, row.attempts, row.last_error) == (TASK, {"user_id": cm2}, 1, None)
    assert row.sent_at is not None
    assert row.correlation_id == response.headers["x-request-id"]
    # The job carries the outbox row's correlation id: the id of the request that disabled the user.
    assert row.correlation_id
    assert await queued(services, settings) == [(TASK, (row.id, {"user_id": cm2}, row.correlation_id), arq_job_id(settings, row.id))]
    assert await live_refresh_tokens(services, cm2) == 2  # nothing revoked before the worker runs
    assert await sessions_ended(services) == []

    worker = await run_burst_worker(settings)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    assert await job_result(services, settings, arq_job_id(settings, row.id)) == "done"
    assert await services.redis.zcard(settings.queue_name) == 0
    assert await live_refresh_tokens(services, cm2) == 0
    [record] = await sessions_ended(services)
    # 2 revoked by the job: the refresh grant below (which also refuses disabled users) had not run yet.
    assert (record.target_id, record.detail) == (str(cm2), {"revoked_refresh_tokens": 2})
    assert await count(services, JobExecution) == 1

    for token in (first, second):
        refused = await client.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": token})
        assert refused.status_code == 400
        assert refused.json()["code"] == "INVALID_REFRESH_TOKEN"
    # The admin's own sessions are untouched.
    assert await live_refresh_tokens(services, await user_id(services, "fz.admin")) == 1


# -- 4. delivered twice, one effect -----------------------------------------------------------


async def test_a_job_delivered_twice_through_arq_takes_effect_once(client, services, settings):
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")
    outbox_id = await enqueue_unsent(services, cm2)
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 1
    # A second delivery of the same outbox row under another arq job id (arq would refuse the same id).
    redelivery = f"{arq_job_id(settings, outbox_id)}:again"
    assert await services.redis.enqueue_job(TASK, outbox_id, {"user_id": cm2}, _job_id=redelivery) is not None
    assert await services.redis.zcard(settings.queue_name) == 2

    worker = await run_burst_worker(settings)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (2, 0, 0)
    first = await job_result(services, settings, arq_job_id(settings, outbox_id))
    again = await job_result(services, settings, redelivery)
    assert sorted([first, again]) == ["done", "duplicate"]
    [record] = await sessions_ended(services)
    assert record.detail == {"revoked_refresh_tokens": 1}
    assert await count(services, JobExecution) == 1
    assert await live_refresh_tokens(services, cm2) == 0


async def test_running_the_job_function_twice_for_one_outbox_id_returns_duplicate_the_second_time(client, services):
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")
    outbox_id = await enqueue_unsent(services, cm2)
    ctx = {"services": services, "job_try": 1}

    assert auth_jobs.end_sessions.name == TASK
    assert await auth_jobs.end_sessions.coroutine(ctx, outbox_id, {"user_id": cm2}) == "done"
    await login(client, "fz1.cm2")  # a new session after the first run: a second effect would revoke it
    assert await auth_jobs.end_sessions.coroutine(ctx, outbox_id, {"user_id": cm2}) == "duplicate"

    [record] = await sessions_ended(services)
    assert record.detail == {"revoked_refresh_tokens": 1}
    async with services.db.sessions() as session:
        executions = list(await session.scalars(select(JobExecution)))
    assert [(e.job_key, e.task) for e in executions] == [(job_id_for(outbox_id), TASK)]
    assert await live_refresh_tokens(services, cm2) == 1


# -- 5. concurrent relays ------------------------------------------------------------------


async def test_two_relays_in_parallel_send_each_of_20_rows_exactly_once(services, settings):
    cm2 = await user_id(services, "fz1.cm2")
    async with transaction(services.db.sessions) as session:
        ids = [(await enqueue(session, TASK, {"user_id": cm2, "n": n}, send=None)).id for n in range(20)]
    assert await count(services, OutboxMessage, OutboxMessage.sent_at.is_(None)) == 20

    counts = await asyncio.gather(
        relay_pending(services.db.sessions, services.redis, grace_seconds=0),
        relay_pending(services.db.sessions, services.redis, grace_seconds=0),
    )
    assert sum(counts) == 20
    assert await services.redis.zcard(settings.queue_name) == 20
    assert sorted(job[2] for job in await queued(services, settings)) == sorted(arq_job_id(settings, i) for i in ids)
    rows = await outbox_rows(services)
    # attempts == 1 everywhere: no row was handed to Redis by both relays.
    assert [(r.id, r.attempts, r.sent_at is not None, r.last_error) for r in rows] == [(i, 1, True, None) for i in ids]


async def test_a_send_skips_a_row_another_sender_holds_instead_of_waiting(services, settings):
    """A request's after-commit send meets a row the relay has just taken (its transaction still
    open): it sends the rest at once, and the held row stays with its holder, here rolled back, so
    it is still unsent and the next relay pass sends it, once."""
    cm2 = await user_id(services, "fz1.cm2")
    async with transaction(services.db.sessions) as session:
        held, free = [(await enqueue(session, TASK, {"user_id": cm2, "n": n}, send=None)).id for n in range(2)]
    holder = await services.db.primary.connect()
    locked = await holder.begin()
    await holder.execute(text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": held})
    try:
        sending = asyncio.ensure_future(send_messages(services.db.sessions, services.redis, [held, free]))

        async def done_or_waiting() -> str | None:
            if sending.done():
                return "done"
            async with services.db.sessions() as session:
                waiting = await session.scalar(text(
                    "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    "AND query LIKE 'UPDATE outbox%'"))  # fmt: skip
            return "waiting on the held row" if waiting else None

        assert await until(done_or_waiting, "the send to finish or to wait on the held row") == "done"
        assert await sending == 1
    finally:
        await locked.rollback()
        await holder.close()
    assert [(r.id, r.attempts, r.sent_at is not None) for r in await outbox_rows(services)] == [(held, 0, False), (free, 1, True)]
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 1
    assert sorted(job[2] for job in await queued(services, settings)) == sorted(arq_job_id(settings, i) for i in (held, free))


# -- 6. Redis refuses ----------------------------------------------------------------------


@pytest.fixture
async def unreachable_redis(settings):
    """A real ArqRedis client for a port that is bound but not listening: connections are refused."""
    with refused_port() as port:
        redis = ArqRedis(host="127.0.0.1", port=port, socket_connect_timeout=1, default_queue_name=settings.queue_name)
        try:
            yield redis
        finally:
            await redis.aclose()


async def test_when_redis_refuses_the_row_stays_unsent_and_a_later_relay_sends_it(
    client, services, settings, unreachable_redis
):
    with pytest.raises(redis.exceptions.ConnectionError):
        await unreachable_redis.ping()  # really refused, not mocked
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")

    # The application's own Outbox, whose after-commit send goes to the unreachable Redis.
    async with transaction(services.db.sessions) as session:
        message = await Outbox(services.db.sessions, unreachable_redis).enqueue(session, END_SESSIONS, StaffRef(cm2))
    [row] = await outbox_rows(services)
    assert (row.id, row.sent_at, row.attempts) == (message.id, None, 1)
    assert row.last_error is not None and "ConnectionError" in row.last_error

    # The relay against the same dead Redis fails again and says so.
    assert await relay_pending(services.db.sessions, unreachable_redis, grace_seconds=0) == 0
    [row] = await outbox_rows(services)
    assert (row.sent_at, row.attempts) == (None, 2)
    assert "ConnectionError" in row.last_error
    assert await services.redis.zcard(settings.queue_name) == 0

    # Redis is back: the next relay sends it, exactly once.
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 1
    [row] = await outbox_rows(services)
    assert row.sent_at is not None and row.attempts == 3
    assert await queued(services, settings) == [(TASK, (row.id, {"user_id": cm2}, row.correlation_id), arq_job_id(settings, row.id))]

    worker = await run_burst_worker(settings)
    assert (worker.jobs_complete, worker.jobs_failed, worker.jobs_retried) == (1, 0, 0)
    [record] = await sessions_ended(services)
    assert record.detail == {"revoked_refresh_tokens": 1}
    assert await live_refresh_tokens(services, cm2) == 0


# -- 7. two deployments, one Redis ----------------------------------------------------------


@pytest.fixture
async def other_deployment(settings) -> AsyncIterator[tuple[Database, ArqRedis]]:
    """Another CIC deployment on the same Redis: its own database (outbox ids also start at 1)
    and its own queue name, which is what CIC_QUEUE_NAME is for."""
    name = f"cic_other_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(async_url(settings.database_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    other_url = make_url(settings.database_url).set(database=name).render_as_string(hide_password=False)
    db = create_database(settings, url=other_url)
    async with db.primary.begin() as conn:
        await conn.run_sync(lambda c: OutboxMessage.__table__.create(c))
    pool = await create_pool(redis_settings(settings), default_queue_name=f"{settings.queue_name}:other")
    try:
        yield db, pool
    finally:
        await pool.aclose()
        await db.dispose()
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


async def test_another_deployment_sharing_redis_does_not_swallow_a_job_with_the_same_outbox_id(
    client, services, settings, other_deployment
):
    other_db, other_redis = other_deployment
    # The other deployment sends its outbox row 1 to its own queue first.
    async with transaction(other_db.sessions) as session:
        theirs = await enqueue(session, TASK, {"user_id": 999}, send=None)
    assert await send_messages(other_db.sessions, other_redis, [theirs.id]) == 1
    assert await other_redis.zcard(other_redis.default_queue_name) == 1

    # Ours, also outbox row 1, sent to our queue.
    cm2 = await user_id(services, "fz1.cm2")
    await login(client, "fz1.cm2")
    ours = await enqueue_unsent(services, cm2)
    assert ours == theirs.id == 1
    assert await send_messages(services.db.sessions, services.redis, [ours]) == 1
    # Marked sent, so it must really be in our queue: nothing will ever send it again.
    [job] = await services.redis.queued_jobs(queue_name=settings.queue_name)
    assert (job.function, job.args, job.job_id) == (TASK, (ours, {"user_id": cm2}, None), arq_job_id(settings, ours))

    worker = await run_burst_worker(settings)
    assert (worker.jobs_complete, worker.jobs_failed) == (1, 0)
    [record] = await sessions_ended(services)
    assert record.detail == {"revoked_refresh_tokens": 1}
    # The other deployment's job is still waiting in its own queue, untouched by our worker.
    assert await other_redis.zcard(other_redis.default_queue_name) == 1
