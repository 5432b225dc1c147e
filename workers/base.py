"""What every CIC job shares: services in ctx, one transaction, exactly-once effect, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from dataclasses import dataclass
from functools import wraps
from typing import Any, Generic

import structlog
from arq import Retry
from arq.cron import CronJob, cron
from arq.typing import WorkerCoroutine
from arq.worker import Function, func
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.session import transaction
from backend.logging import log
from backend.outbox.service import (
    DRAIN,
    Outcome,
    complete_lease,
    job_id_for,
    next_due,
    release_lease,
    run_once,
    settle,
    start_drain,
    take_due,
    take_lease,
    wake,
)
from backend.outbox.tasks import P, Task
from backend.services import Services

TRANSIENT = (OperationalError, InterfaceError, ConnectionError, OSError, TimeoutError)
JobBody = Callable[[Services, AsyncSession, P], Awaitable[Any]]


def retry_delay(services: Services, job_try: int) -> float:
    """Exponential backoff: base, 2 x base, 4 x base ... at most 60 s (CIC_JOB_RETRY_BASE_SECONDS)."""
    return min(60.0, services.settings.job_retry_base_seconds * 2 ** (job_try - 1))


def outbox_job(
    task: Task[P], *, max_tries: int = 8, retry_on: tuple[type[BaseException], ...] = ()
) -> Callable[[JobBody[P]], Function]:
    """Wrap ``body(services, session, payload)`` as the arq job of ``task``, fed by the outbox.

    The payload arrives typed (``task.decode``). The job key (the outbox id) is claimed in the
    same transaction as the effect, so a job delivered twice takes effect once. Transient database
    or network errors, and the job's own ``retry_on`` exceptions (e.g. a connected system that is
    down), roll the transaction back and retry with exponential backoff (1, 2, 4 ... 60 s by
    default). The job's result is what the body returns (a short string), or "done".
    """

    def wrap(body: JobBody[P]) -> Function:
        @wraps(body)
        async def job(ctx: dict[str, Any], outbox_id: int, payload: dict[str, Any], correlation_id: str | None = None) -> str:
            services: Services = ctx["services"]
            async with retrying_job(ctx, task.name, outbox_id, retry_on, correlation_id=correlation_id):
                async with transaction(services.db.sessions) as session:
                    if not await run_once(session, job_id_for(outbox_id), task.name):
                        log.info("job_already_done")
                        return "duplicate"
                    outcome = await body(services, session, task.decode(payload))
            return outcome if isinstance(outcome, str) else "done"

        return func(job, name=task.name, max_tries=max_tries)

    return wrap


@dataclass(frozen=True)
class Item(Generic[P]):
    """One row of a batch: its outbox id (the key of its outcome), typed payload, correlation id."""

    outbox_id: int
    payload: P
    correlation_id: str | None


BatchBody = Callable[[Services, AsyncSession, list[Item[P]]], Awaitable[dict[int, Outcome]]]


@dataclass(frozen=True)
class BatchJob(Generic[P]):
    task: Task[P]
    body: BatchBody[P]
    max_tries: int
    retry_on: tuple[type[BaseException], ...]
    fail_on: tuple[type[BaseException], ...]


BATCH_JOBS: dict[str, BatchJob[Any]] = {}
# A drain works this many batches, then leaves the rest to a fresh drain job (others' jobs run).
BATCHES_PER_DRAIN = 20


def outbox_batch_job(
    task: Task[P], *, max_tries: int = 8, retry_on: tuple[type[BaseException], ...] = (),
    fail_on: tuple[type[BaseException], ...] = (),
) -> Callable[[BatchBody[P]], BatchBody[P]]:
    """Register ``body(services, session, items) -> {outbox id: Outcome}`` as the work of the
    batched ``task``, run by the ``outbox.drain`` job (``drain``).

    The body takes effect for all of its items in the one transaction it is given (set-based
    statements, the connected system's calls side by side) and answers each item's outcome:
    delivered, or to be tried later (the system down for that item, quiet hours). An item's
    failure leaves only that item for later; the rows are settled in the same transaction as
    the effect. A batch that raises a transient error (``retry_on``, the database's connection)
    is retried whole; one that raises anything else is split, each row tried alone, so that one
    bad row cannot hold the others back. A row that fails ``max_tries`` tries is marked failed;
    a batch that raises one of ``fail_on`` (no try can succeed: the connected system is not
    configured) marks every row of it failed at once, left for an operator (``cic outbox``).
    """

    def wrap(body: BatchBody[P]) -> BatchBody[P]:
        if not task.batched:
            raise TypeError(f"{task.name} has no batch size")
        BATCH_JOBS[task.name] = BatchJob(task, body, max_tries, retry_on, fail_on)
        return body

    return wrap


async def drain(ctx: dict[str, Any], task_name: str) -> str:
    """The ``outbox.drain`` job: work the due rows of one batched task, batch after batch, then
    queue a drain for the earliest row left waiting (its next try)."""
    services: Services = ctx["services"]
    job = BATCH_JOBS.get(task_name)
    if job is None:
        raise ValueError(f"no batched job for {task_name}")
    assert services.redis is not None
    await start_drain(services.redis, task_name)
    delivered = waiting = 0
    structlog.contextvars.bind_contextvars(task=task_name)
    try:
        for _ in range(BATCHES_PER_DRAIN):
            async with retrying_job(ctx, DRAIN, None, job.retry_on):
                taken, done = await _batch(services, job)
            delivered, waiting = delivered + done, waiting + taken - done
            if taken < job.task.batch_size:
                break
        else:
            await wake(services.redis, [task_name])  # more rows than one drain takes: a fresh drain goes on
        async with services.db.sessions() as session:
            at = await next_due(session, task_name)
        if at is not None:
            await wake(services.redis, [task_name], at=at)
    finally:
        structlog.contextvars.unbind_contextvars("task")
    return f"{delivered} delivered, {waiting} waiting"


async def _batch(services: Services, job: BatchJob[Any], ids: list[int] | None = None) -> tuple[int, int]:
    """One batch in one transaction: (rows taken, rows delivered)."""
    task = job.task
    taken: list[int] = []
    try:
        async with transaction(services.db.sessions) as session:
            rows = await take_due(session, task.name, task.batch_size, ids)
            taken = [row.id for row in rows]
            if not rows:
                return 0, 0
            items = [Item(row.id, task.decode(row.payload), row.correlation_id) for row in rows]
            outcomes = await job.body(services, session, items)
            await settle(session, rows, outcomes, max_tries=job.max_tries, backoff=lambda tries: retry_delay(services, tries))
    except Exception as exc:
        if _transient(exc, job.retry_on) or not taken:
            raise
        if isinstance(exc, job.fail_on):  # no try can succeed: every row of the batch fails now
            log.warning("batch_cannot_run", rows=len(taken), error=str(exc))
            return await _settle_apart(services, job, taken, Outcome.failed(str(exc))), 0
        if ids is not None:  # a row alone that fails: its next try, counted, in a transaction of its own
            log.warning("batch_row_failed", outbox_id=ids[0], error=type(exc).__name__, exc_info=True)
            return await _settle_apart(services, job, ids, Outcome.later(repr(exc))), 0
        log.warning("batch_failed_trying_rows_alone", rows=len(taken), error=type(exc).__name__)
        done = 0
        for outbox_id in taken:
            done += (await _batch(services, job, [outbox_id]))[1]
        return len(taken), done
    delivered = sum(1 for row in rows if (o := outcomes.get(row.id)) is not None and o.done)
    correlation = sorted({row.correlation_id for row in rows if row.correlation_id})
    log.info("batch_done", rows=len(rows), delivered=delivered, correlation_ids=correlation[:20])
    return len(rows), delivered


async def _settle_apart(services: Services, job: BatchJob[Any], ids: list[int], outcome: Outcome) -> int:
    """Settle rows whose batch failed (rolled back) with one outcome, in a transaction of their
    own; the rows settled."""
    async with transaction(services.db.sessions) as session:
        rows = await take_due(session, job.task.name, len(ids), ids)
        await settle(session, rows, {row.id: outcome for row in rows}, max_tries=job.max_tries,
                     backoff=lambda tries: retry_delay(services, tries))
    return len(rows)


def _transient(exc: BaseException, retry_on: tuple[type[BaseException], ...]) -> bool:
    """A connection lost or a connected system down: worth the same try again later, whole."""
    if isinstance(exc, DBAPIError):
        return exc.connection_invalidated or isinstance(exc, OperationalError)
    return isinstance(exc, (*TRANSIENT, *retry_on))


def drain_function(*bodies: BatchBody[Any]) -> Function:
    """The arq function that drains the batched tasks of ``bodies`` (each registered with
    ``outbox_batch_job``); results are not kept: drains are many."""
    registered = {id(job.body) for job in BATCH_JOBS.values()}
    if missing := [body.__name__ for body in bodies if id(body) not in registered]:
        raise ValueError(f"not batched jobs: {', '.join(missing)}")
    return func(drain, name=DRAIN, max_tries=20, keep_result=0)


@asynccontextmanager
async def retrying_job(
    ctx: dict[str, Any], name: str, outbox_id: int | None, retry_on: tuple[type[BaseException], ...] = (), *, correlation_id: str | None = None
) -> AsyncIterator[None]:
    """Log context for one try of a job (job, outbox id, try, and the correlation id: the request
    id of the request that scheduled it), and the retry policy every job shares: transient
    database or network errors (and ``retry_on``) become arq's ``Retry`` with exponential backoff;
    a database error that is not about the connection (a constraint, bad SQL) is not retried."""
    services: Services = ctx["services"]
    structlog.contextvars.bind_contextvars(
        job=name, outbox_id=outbox_id, job_try=ctx.get("job_try", 1), correlation_id=correlation_id
    )
    try:
        yield
    except (DBAPIError, *TRANSIENT, *retry_on) as exc:
        if not _transient(exc, retry_on):
            raise
        delay = retry_delay(services, ctx.get("job_try", 1))
        log.warning("job_transient_error_retrying", error=type(exc).__name__, defer_seconds=delay)
        raise Retry(defer=delay) from exc
    finally:
        structlog.contextvars.unbind_contextvars("job", "outbox_id", "job_try", "correlation_id")


# A scheduled job is tried this many times: a tick whose worker was killed is delivered again
# once the killed worker's hold on it lapses (arq: the job timeout + 10 s), and a tick that finds
# another worker's lease on its period waits it out (``cron_period``).
CRON_TRIES = 5


def schedule(coroutine: WorkerCoroutine, queue_name: str, name: str, **when: Any) -> CronJob:
    """A scheduled job: arq's ``unique`` cron (one job per tick across every worker on the Redis:
    the tick's time is its job id), named with the queue so deployments sharing a Redis stay
    apart, tried up to ``CRON_TRIES`` times. What it does with the tick is claimed with
    ``cron_period``, or is idempotent by design (its module says which)."""
    return cron(coroutine, name=f"{queue_name}:{name}", unique=True, max_tries=CRON_TRIES, **when)


@asynccontextmanager
async def cron_period(services: Services, name: str, period: str) -> AsyncIterator[bool]:
    """Hold one period (a day, a quarter, a five-minute tick) of a scheduled job while its work
    runs: ``async with cron_period(...) as mine: if not mine: return "already ran"``.

    The claim ``cron:<name>:<period>`` is a lease of the job timeout, committed before the work
    and completed after it, so the work may take several transactions. A period already done
    answers False (a tick delivered twice, a second worker). A period another worker holds is
    retried when its lease ends (arq ``Retry``): by then the holder has completed it, and the
    retry answers False, or was killed, and the retry takes the period over. Work that fails
    releases the period for the job's next try."""
    key = f"cron:{name}:{period}"
    async with transaction(services.db.sessions) as session:
        lease = await take_lease(session, key, name, services.settings.job_timeout_seconds)
    if lease.done:
        log.info("cron_period_done", cron=name, period=period)
        yield False
        return
    if not lease.taken:
        wait = max(1.0, lease.seconds_left + 1)
        log.info("cron_period_held_elsewhere", cron=name, period=period, retry_in_seconds=round(wait))
        raise Retry(defer=wait)
    log.info("cron_period_claimed", cron=name, period=period)
    try:
        yield True
    except BaseException:
        with suppress(Exception):
            async with transaction(services.db.sessions) as session:
                await release_lease(session, key)
        raise
    async with transaction(services.db.sessions) as session:
        await complete_lease(session, key)
    log.info("cron_period_completed", cron=name, period=period)
