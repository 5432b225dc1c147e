"""What every CIC job shares: services in ctx, one transaction, exactly-once effect, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager, suppress
from functools import wraps
from typing import Any

import structlog
from arq import Retry
from arq.cron import CronJob, cron
from arq.typing import WorkerCoroutine
from arq.worker import Function, func
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.session import transaction
from backend.logging import log
from backend.outbox.service import complete_lease, job_id_for, release_lease, run_once, take_lease
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


@asynccontextmanager
async def retrying_job(
    ctx: dict[str, Any], name: str, outbox_id: int, retry_on: tuple[type[BaseException], ...] = (), *, correlation_id: str | None = None
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
        if isinstance(exc, DBAPIError) and not exc.connection_invalidated and not isinstance(exc, OperationalError):
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
