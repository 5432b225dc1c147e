"""Transactional outbox: enqueue work in the same transaction as the data it is about.

``enqueue`` adds an outbox row and registers an after-commit hook that sends it to arq at
once. If the process dies between commit and send, ``relay_pending`` (run periodically by the
worker) sends it later. The arq ``_job_id`` is the queue name plus the outbox id, so a row sent
twice is queued once; jobs additionally guard their effect with ``run_once``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from arq.connections import ArqRedis
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.session import after_commit, transaction
from backend.logging import log
from backend.outbox.models import JobExecution, OutboxMessage
from backend.outbox.tasks import P, Task


def job_id_for(message_id: int) -> str:
    return f"outbox:{message_id}"


def queue_job_id(queue_name: str, message_id: int) -> str:
    """The arq job id. arq's job and result keys are global to the Redis database, not per queue:
    without the queue name, two deployments sharing a Redis (each with its own outbox ids) would
    see each other's ``outbox:<id>`` and the second one's job would be dropped as a duplicate."""
    return f"{queue_name}:{job_id_for(message_id)}"


async def enqueue(
    session: AsyncSession,
    task: str,
    payload: dict[str, Any],
    *,
    correlation_id: str | None = None,
    send: Callable[[list[int]], Awaitable[None]] | None = None,
) -> OutboxMessage:
    """Write an outbox row; ``send`` (a coroutine function taking ids) runs after commit."""
    message = OutboxMessage(task=task, payload=payload, correlation_id=correlation_id)
    session.add(message)
    await session.flush()
    if send is not None:
        pending: list[int] = session.info.setdefault("outbox_pending", [])
        if not pending:  # one hook per transaction sends every row it wrote
            after_commit(session, lambda: send(list(session.info.pop("outbox_pending", []))))
        pending.append(message.id)
    return message


async def send_messages(sessions: async_sessionmaker[AsyncSession], redis: ArqRedis, ids: list[int]) -> int:
    """Send the given committed, unsent outbox rows to arq and mark them sent."""
    if not ids:
        return 0
    sent = 0
    async with transaction(sessions) as session:
        rows = (
            await session.scalars(
                select(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None))
                .order_by(OutboxMessage.id)
                .with_for_update(skip_locked=True)
            )
        ).all()
        for row in rows:
            try:
                await redis.enqueue_job(
                    row.task, row.id, row.payload, row.correlation_id, _job_id=queue_job_id(redis.default_queue_name, row.id)
                )
            except Exception as exc:  # Redis down: leave it for the next relay pass
                row.attempts += 1
                row.last_error = repr(exc)[:500]
                log.warning("outbox_send_failed", outbox_id=row.id, task=row.task)
                continue
            row.sent_at = datetime.now(UTC)
            row.attempts += 1
            sent += 1
    return sent


async def relay_pending(
    sessions: async_sessionmaker[AsyncSession], redis: ArqRedis, *, grace_seconds: float = 5.0, batch: int = 500
) -> int:
    """Send committed rows that no after-commit hook sent (process died, Redis was down)."""
    cutoff = datetime.now(UTC) - timedelta(seconds=grace_seconds)
    async with sessions() as session:
        ids = list(
            await session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.sent_at.is_(None), OutboxMessage.created_at <= cutoff)
                .order_by(OutboxMessage.id)
                .limit(batch)
            )
        )
    return await send_messages(sessions, redis, ids)


async def run_once(session: AsyncSession, job_key: str, task: str) -> bool:
    """Claim ``job_key`` inside the job's transaction; False if its effect already happened.

    The claim commits or rolls back together with the job's effect, so a job delivered twice,
    or retried after a crash, takes effect exactly once.
    """
    result = await session.execute(
        insert(JobExecution).values(job_key=job_key, task=task).on_conflict_do_nothing().returning(JobExecution.job_key)
    )
    return result.scalar_one_or_none() is not None


@dataclass(frozen=True)
class Lease:
    """What ``take_lease`` found: the period is now ours (``taken``), its work is already done
    (``done``), or another holder's lease runs ``seconds_left`` more (by the database's clock)."""

    taken: bool
    done: bool = False
    seconds_left: float = 0.0


async def take_lease(session: AsyncSession, job_key: str, task: str, seconds: float) -> Lease:
    """Claim ``job_key`` for ``seconds`` (commit it before the work starts): a key never claimed,
    or claimed by a holder whose lease ran out without completing (a killed worker), is taken; a
    completed key is done; a running one is held by someone else until its lease ends."""
    lease_until = func.now() + timedelta(seconds=seconds)
    taken = await session.execute(
        insert(JobExecution)
        .values(job_key=job_key, task=task, completed_at=None, lease_until=lease_until)
        .on_conflict_do_update(
            index_elements=[JobExecution.job_key],
            set_={"lease_until": lease_until},
            where=JobExecution.completed_at.is_(None) & (JobExecution.lease_until < func.now()),
        )
        .returning(JobExecution.job_key)
    )
    if taken.scalar_one_or_none() is not None:
        return Lease(taken=True)
    left = func.extract("epoch", JobExecution.lease_until - func.now())
    row = (await session.execute(select(JobExecution.completed_at, left).where(JobExecution.job_key == job_key))).one()
    return Lease(taken=False, done=row[0] is not None, seconds_left=float(row[1] or 0))


async def complete_lease(session: AsyncSession, job_key: str) -> None:
    """The leased work is done: the key now answers ``done`` to every later claim."""
    await session.execute(update(JobExecution).where(JobExecution.job_key == job_key).values(completed_at=func.now(), lease_until=None))


async def release_lease(session: AsyncSession, job_key: str) -> None:
    """The leased work failed: the key may be claimed again at once (by the job's retry)."""
    await session.execute(delete(JobExecution).where(JobExecution.job_key == job_key, JobExecution.completed_at.is_(None)))


async def purge_delivered(sessions: async_sessionmaker[AsyncSession], *, older_than: datetime, batch: int = 10_000) -> tuple[int, int]:
    """Delete outbox rows sent before ``older_than`` and job claims completed before it, in
    batches of their own transactions (short locks). Unsent rows stay whatever their age: the
    relay still owes them. Returns (outbox rows, claims) deleted."""
    totals = [0, 0]
    for i, (table, column) in enumerate((("outbox", "sent_at"), ("job_executions", "completed_at"))):
        key = "id" if table == "outbox" else "job_key"
        while True:
            async with transaction(sessions) as session:
                result = await session.execute(
                    text(
                        f"DELETE FROM {table} WHERE {key} IN "
                        f"(SELECT {key} FROM {table} WHERE {column} < :cutoff LIMIT :n FOR UPDATE SKIP LOCKED)"
                    ),
                    {"cutoff": older_than, "n": batch},
                )
            totals[i] += result.rowcount or 0
            if (result.rowcount or 0) < batch:
                break
    return totals[0], totals[1]


class Outbox:
    """What services hold to schedule work: rows now, sending after the commit."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession] | None, redis: ArqRedis | None) -> None:
        self.sessions = sessions
        self.redis = redis

    async def _send(self, ids: list[int]) -> None:
        if self.sessions is not None and self.redis is not None:
            await send_messages(self.sessions, self.redis, ids)

    async def enqueue(self, session: AsyncSession, task: Task[P], payload: P) -> OutboxMessage:
        """Schedule ``task`` with its typed payload, in the caller's transaction; sent after commit.
        The request id becomes the row's correlation id, carried into the job's log lines."""
        from backend.audit.service import request_meta

        return await enqueue(
            session, task.name, task.encode(payload), correlation_id=request_meta.get().request_id, send=self._send
        )
