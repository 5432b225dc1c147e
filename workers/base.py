"""What every CIC job shares: services in ctx, one transaction, exactly-once effect, retries."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from functools import wraps
from typing import Any

import structlog
from arq import Retry
from arq.worker import Function, func
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.session import transaction
from backend.logging import log
from backend.outbox.service import job_id_for, run_once
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
