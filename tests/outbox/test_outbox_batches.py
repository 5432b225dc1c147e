"""Batched outbox tasks (docs/architecture.md "Jobs"): text messages drained in batches through
a real arq burst worker, real PostgreSQL, real Redis and the SMS platform's simulator over HTTP.

A batch is one drain job and one transaction; an item the platform refuses for now leaves the
batch and is tried again alone; an item no code can take (a payload that does not decode) does
not hold the others back and is marked failed after its task's last try; two drains queued at
once send each row once; rows committed without a wake are woken by the relay.
"""

from __future__ import annotations

import asyncio
import importlib
import uuid
from collections import Counter
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import func, insert, select, update

from backend.db.session import transaction
from backend.integrations.sms import simulator_app
from backend.notifications.models import SmsEvent, SmsMessage, SmsStatus
from backend.notifications.service import NotificationService
from backend.notifications.tasks import SEND_SMS
from backend.outbox.models import JobExecution, OutboxMessage
from backend.outbox.service import Outbox, enqueue, job_id_for, relay_pending, start_drain, wake
from tests.approvals.conftest import eligible_archive
from tests.helpers import cic, cic_environment, run_burst_worker, simulator_call as sim
from tests.notifications.test_sms import KEY, SECRET, give_mobile
from tests.waiting import serving

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")


@pytest.fixture
async def sms_url() -> AsyncIterator[str]:
    async with serving(simulator_app(api_key=KEY, secret=SECRET)) as url:
        yield url


@pytest.fixture
def worker_env(settings, sms_url):
    added = {"CIC_SMS_URL": sms_url, "CIC_JOB_RETRY_BASE_SECONDS": "0", "CIC_SMS_PER_NUMBER_PER_DAY": "100",
             "CIC_SMS_QUIET_START_HOUR": "0", "CIC_SMS_QUIET_END_HOUR": "0"}  # fmt: skip
    with cic_environment(added):
        yield sms_url


async def texts(services, count: int, *, seed: int, outbox: Outbox) -> tuple[object, list[uuid.UUID]]:
    """``count`` reminders to one archive's number, written in one transaction."""
    archive = await eligible_archive(services, seed=seed)
    await give_mobile(services, archive, f"139{seed:08d}")
    async with transaction(services.db.sessions) as session:
        notify = NotificationService(session, outbox, services.cipher)
        ids = [await notify.notify(SmsEvent.REMINDER, bank_id=archive.bank_id, customer_id=archive.id, org_path="/",
                                   dedupe_key=f"batch:{seed}:{n}", variables={"bank": "测试银行", "text": f"第{n}条提醒。"})
               for n in range(count)]  # fmt: skip
    return archive, ids  # type: ignore[return-value]


async def rows_of(services, task: str) -> list[OutboxMessage]:
    async with services.db.sessions() as session:
        return list(await session.scalars(select(OutboxMessage).where(OutboxMessage.task == task).order_by(OutboxMessage.id)))


async def sent(services, ids: list[uuid.UUID]) -> list[SmsMessage]:
    async with services.db.sessions() as session:
        return list(await session.scalars(select(SmsMessage).where(SmsMessage.id.in_(ids))))


async def test_thirty_texts_go_in_one_batch_and_the_ones_the_platform_turns_away_leave_it(services, settings, worker_env):
    sms_url = worker_env
    await sim(sms_url, "/_sim/faults", {"status": 503, "count": 3})
    _, ids = await texts(services, 30, seed=301, outbox=services.outbox)
    worker = await run_burst_worker(settings)

    messages = await sent(services, ids)
    assert len(messages) == 30 and {m.status for m in messages} <= {SmsStatus.SENT, SmsStatus.DELIVERED}
    seen = await sim(sms_url, "/_sim/messages")
    assert sorted(m["messageId"] for m in seen["messages"]) == sorted(str(i) for i in ids)  # each once
    assert Counter(r["status"] for r in seen["requests"]) == {202: 30, 503: 3}
    # the 27 the platform took at once were recorded by one batch (one transaction, one clock);
    # the 3 it turned away were tried again, each counted, and nothing else was
    assert Counter(m.sent_at for m in messages).most_common(1)[0][1] == 27
    rows = await rows_of(services, SEND_SMS.name)
    assert Counter(r.attempts for r in rows) == {1: 27, 2: 3} and all(r.sent_at is not None for r in rows)
    assert {r.last_error for r in rows if r.attempts == 2} == {"SMS platform unavailable: HTTP 503"}
    # a handful of drain jobs, not one job per message and try
    assert worker.jobs_complete <= 4 and worker.jobs_failed == 0


async def test_a_row_no_code_can_take_does_not_hold_the_batch_back_and_fails_after_its_last_try(services, settings, worker_env):
    sms_url = worker_env
    async with transaction(services.db.sessions) as session:  # before the good ones: first in their batch
        await enqueue(session, SEND_SMS.name, {"message_id": "not-a-message-id"})
    _, ids = await texts(services, 5, seed=302, outbox=services.outbox)
    await run_burst_worker(settings)

    assert {m.status for m in await sent(services, ids)} <= {SmsStatus.SENT, SmsStatus.DELIVERED}
    assert len((await sim(sms_url, "/_sim/messages"))["messages"]) == 5
    bad, *good = await rows_of(services, SEND_SMS.name)
    assert all(r.sent_at is not None and r.attempts == 1 for r in good)
    assert bad.sent_at is None and bad.failed_at is not None and bad.attempts == 40  # workers/notifications.py: max_tries
    assert "badly formed hexadecimal UUID string" in (bad.last_error or "")
    # a failed row is left for an operator: the relay does not wake it again
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 0


async def test_two_drains_queued_at_once_send_each_row_once(services, settings, worker_env):
    sms_url = worker_env
    ids = []
    for seed in (303, 304, 305):  # three numbers (at most 100 texts a number and day)
        ids += (await texts(services, 50, seed=seed, outbox=Outbox(None, None)))[1]  # rows only: no wake at commit
    # the relay wakes the task once: a second pass finds the drain it queued still waiting
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 1
    assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 0
    await services.redis.delete(f"{settings.queue_name}:outbox:wake:{SEND_SMS.name}")
    assert await wake(services.redis, [SEND_SMS.name]) == 1  # a second drain, for two workers at once
    first, second = await asyncio.gather(run_burst_worker(settings), run_burst_worker(settings))

    assert first.jobs_complete + second.jobs_complete >= 2 and first.jobs_failed + second.jobs_failed == 0
    seen = await sim(sms_url, "/_sim/messages")
    assert len(seen["requests"]) == 150 and sorted(m["messageId"] for m in seen["messages"]) == sorted(str(i) for i in ids)
    rows = await rows_of(services, SEND_SMS.name)
    assert len(rows) == 150 and all(r.sent_at is not None and r.attempts == 1 for r in rows)
    # in a few batches of at most 100 (SEND_SMS.batch_size) each: how the two drains split the
    # rows depends on which locks first (both skip what the other holds)
    batches = Counter(m.sent_at for m in await sent(services, ids)).values()
    assert sum(batches) == 150 and max(batches) <= 100 and len(batches) <= 4


async def test_without_an_sms_platform_the_rows_fail_at_once_and_wait_for_an_operator(services, settings, sms_url):
    _, ids = await texts(services, 3, seed=306, outbox=services.outbox)  # no CIC_SMS_URL in this test's settings
    worker = await run_burst_worker(settings)

    assert worker.jobs_failed == 0
    rows = await rows_of(services, SEND_SMS.name)
    # one try each: no retries against a platform that is not there
    assert [(r.sent_at, r.attempts, r.last_error) for r in rows] == [(None, 1, "CIC_SMS_URL is not set")] * 3
    assert all(r.failed_at is not None for r in rows)
    assert {m.status for m in await sent(services, ids)} == {SmsStatus.QUEUED}

    # the operator lists them, configures the platform and makes them due again
    listed = await asyncio.to_thread(cic, "outbox", "failed", "--task", SEND_SMS.name)
    assert listed.returncode == 0 and "3 failed rows" in listed.stdout and "CIC_SMS_URL is not set" in listed.stdout, listed.stderr
    retried = await asyncio.to_thread(cic, "outbox", "retry", "--task", SEND_SMS.name)
    assert retried.returncode == 0 and "3 rows due again (notifications.send_sms)" in retried.stdout, retried.stderr
    with cic_environment({"CIC_SMS_URL": sms_url, "CIC_SMS_QUIET_START_HOUR": "0", "CIC_SMS_QUIET_END_HOUR": "0"}):
        assert await relay_pending(services.db.sessions, services.redis, grace_seconds=0) == 1  # the relay wakes the drain
        await run_burst_worker(settings)
    assert {m.status for m in await sent(services, ids)} <= {SmsStatus.SENT, SmsStatus.DELIVERED}
    rows = await rows_of(services, SEND_SMS.name)
    assert all(r.sent_at is not None and r.failed_at is None and r.attempts == 1 for r in rows)


async def test_the_migration_hands_rows_in_flight_as_single_jobs_to_the_drain(services):
    """Rows sent to arq as one-by-one jobs before the upgrade (migration 0028): those whose job
    never took effect are due again for the drain; done ones and other tasks are left alone."""
    migration = importlib.import_module("backend.db.migrations.versions.0028_outbox_batches")
    async with transaction(services.db.sessions) as session:
        rows = [await enqueue(session, task, {}) for task in (SEND_SMS.name, SEND_SMS.name, "loans.hand_off", "auth.end_sessions")]
        await session.execute(update(OutboxMessage).where(OutboxMessage.id.in_([r.id for r in rows])).values(sent_at=func.now()))
        await session.execute(insert(JobExecution).values(job_key=job_id_for(rows[1].id), task=SEND_SMS.name))  # took effect
    async with transaction(services.db.sessions) as session:
        await (await session.connection()).execute(migration.IN_FLIGHT)
    async with services.db.sessions() as session:
        sent = dict((await session.execute(select(OutboxMessage.id, OutboxMessage.sent_at.is_not(None))
                                           .where(OutboxMessage.id.in_([r.id for r in rows])))).all())
    assert [sent[r.id] for r in rows] == [False, True, False, True]


async def test_a_commit_wakes_a_drain_unless_one_waits_and_a_started_drain_lets_the_next_commit_wake_another(services, settings):
    """The wake's mark: commits while a drain waits in the queue queue nothing more (it will see
    their rows); once it has started (and may be past their rows), the next commit queues one."""
    queued = await services.redis.zcard(settings.queue_name)
    assert await wake(services.redis, [SEND_SMS.name]) == 1
    assert await wake(services.redis, [SEND_SMS.name]) == 0
    await start_drain(services.redis, SEND_SMS.name)
    assert await wake(services.redis, [SEND_SMS.name]) == 1
    assert await services.redis.zcard(settings.queue_name) == queued + 2
