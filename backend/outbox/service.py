"""Transactional outbox: enqueue work in the same transaction as the data it is about.

``enqueue`` adds an outbox row and registers an after-commit hook that sends it to arq at
once. If the process dies between commit and send, ``relay_pending`` (run periodically by the
worker) sends it later. The arq ``_job_id`` is the queue name plus the outbox id, so a row sent
twice is queued once; jobs additionally guard their effect with ``run_once``.

Rows of a batched task (``Task(batch_size=...)``) are not sent one by one: the commit *wakes* the
task's drain (``wake``: one ``outbox.drain`` job queued per task unless one is already waiting),
and the drain takes the due rows in batches (``take_due``), takes effect for a batch in one
transaction and settles each row in it (``settle``: delivered, or its next try). The row is the
claim: it is locked while its batch runs and marked delivered in the same transaction as the
effect, so a row drained twice takes effect once.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from arq.connections import ArqRedis
from sqlalchemy import bindparam, delete, func, select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.db.session import after_commit, transaction
from backend.logging import log
from backend.outbox.models import JobExecution, OutboxMessage
from backend.outbox.tasks import TASKS, P, Task

DRAIN = "outbox.drain"
# How long a wake waits for its drain to start before another commit may queue one again (the
# drain deletes the mark when it starts; the mark only outlives a drain that was never delivered).
WAKE_MARK_SECONDS = 30


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
    send: Callable[[list[int], set[str]], Awaitable[None]] | None = None,
) -> OutboxMessage:
    """Write an outbox row; after commit ``send(ids, batched_tasks)`` runs once per transaction
    with the ids of the rows to send and the batched tasks whose drain to wake."""
    message = OutboxMessage(task=task, payload=payload, correlation_id=correlation_id)
    session.add(message)
    await session.flush()
    if send is not None:
        if "outbox_pending" not in session.info:  # one hook per transaction sends every row it wrote

            async def hook() -> None:
                ids, tasks = session.info.pop("outbox_pending", ([], set()))
                await send(ids, tasks)

            session.info["outbox_pending"] = ([], set())
            after_commit(session, hook)
        ids, tasks = session.info["outbox_pending"]
        if (contract := TASKS.get(task)) is not None and contract.batched:
            tasks.add(task)
        else:
            ids.append(message.id)
    return message


def batched_tasks() -> set[str]:
    return {name for name, task in TASKS.items() if task.batched}


def wake_key(queue_name: str, task: str) -> str:
    return f"{queue_name}:outbox:wake:{task}"


async def wake(redis: ArqRedis, tasks: Iterable[str], *, at: datetime | None = None) -> int:
    """Have a drain run for each batched task: now (unless one is already queued and not yet
    started: it will see the new rows, as it deletes the mark before it looks), or at ``at`` (a
    batch's next try; one per task and millisecond). Returns the drains queued."""
    queued = 0
    for task in tasks:
        if at is not None:
            job_id = f"{redis.default_queue_name}:drain:{task}:at:{int(at.timestamp() * 1000)}"
            queued += await redis.enqueue_job(DRAIN, task, _job_id=job_id, _defer_until=at) is not None
            continue
        key = wake_key(redis.default_queue_name, task)
        if not await redis.set(key, b"1", nx=True, ex=WAKE_MARK_SECONDS):
            continue
        try:
            await redis.enqueue_job(DRAIN, task, _job_id=f"{redis.default_queue_name}:drain:{task}:{uuid.uuid4().hex}")
        except BaseException:
            await redis.delete(key)
            raise
        queued += 1
    return queued


async def start_drain(redis: ArqRedis, task: str) -> None:
    """A drain starting: later commits may wake another (this one may already be past their rows)."""
    await redis.delete(wake_key(redis.default_queue_name, task))


@dataclass(frozen=True)
class Due:
    """A batched row taken by a drain: its id, payload, correlation id and tries so far."""

    id: int
    payload: dict[str, Any]
    correlation_id: str | None
    attempts: int


@dataclass(frozen=True)
class Outcome:
    """What became of one row of a batch: ``done`` (with the job's short result), or to be tried
    again at ``retry_at`` (None: the task's backoff), counting as a try or not (a deferral by
    quiet hours is not a failed try), or ``final``: failed for good (no try can succeed, e.g.
    the connected system is not configured), left for an operator."""

    done: bool
    result: str = ""
    retry_at: datetime | None = None
    counts: bool = True
    final: bool = False

    @staticmethod
    def delivered(result: str) -> Outcome:
        return Outcome(True, result)

    @staticmethod
    def later(reason: str, *, at: datetime | None = None, counts: bool = True) -> Outcome:
        return Outcome(False, reason, at, counts)

    @staticmethod
    def failed(reason: str) -> Outcome:
        return Outcome(False, reason, final=True)


async def take_due(session: AsyncSession, task: str, limit: int, ids: Sequence[int] | None = None) -> list[Due]:
    """Lock up to ``limit`` due rows of ``task`` (oldest first), skipping rows another drain holds;
    with ``ids``, only those."""
    stmt = (
        select(OutboxMessage.id, OutboxMessage.payload, OutboxMessage.correlation_id, OutboxMessage.attempts)
        .where(
            OutboxMessage.task == task, OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None),
            func.coalesce(OutboxMessage.next_attempt_at, OutboxMessage.created_at) <= func.now(),
        )
        .order_by(OutboxMessage.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    )  # fmt: skip
    if ids is not None:
        stmt = stmt.where(OutboxMessage.id.in_(list(ids)))
    return [Due(*row) for row in await session.execute(stmt)]


async def settle(
    session: AsyncSession, rows: Sequence[Due], outcomes: Mapping[int, Outcome], *, max_tries: int, backoff: Callable[[int], float]
) -> None:
    """Record each row's outcome in the batch's transaction, in one statement: delivered rows get
    ``sent_at``; the others their next try (``backoff(tries)`` seconds on, or the outcome's time),
    or ``failed_at`` once they have had ``max_tries`` (or failed for good). A row without an
    outcome is tried again."""
    now = datetime.now(UTC)
    values: list[dict[str, Any]] = []
    for row in rows:
        outcome = outcomes.get(row.id) or Outcome.later("no outcome")
        attempts = row.attempts + (1 if outcome.done or outcome.counts else 0)
        sent = failed = retry = None
        if outcome.done:
            sent = now
        elif outcome.final or (outcome.counts and attempts >= max_tries):
            failed = now
        else:
            retry = outcome.retry_at or now + timedelta(seconds=backoff(attempts))
        error = None if outcome.done else outcome.result[:500]
        values.append({"i": row.id, "s": sent, "f": failed, "r": retry, "a": attempts, "e": error})
    if values:
        await session.execute(
            text(
                "UPDATE outbox o SET sent_at = v.s, failed_at = v.f, next_attempt_at = v.r, attempts = v.a,"
                " last_error = coalesce(v.e, o.last_error)"
                " FROM jsonb_to_recordset(CAST(:v AS jsonb)) AS v(i bigint, s timestamptz, f timestamptz, r timestamptz, a int, e text)"
                " WHERE o.id = v.i"
            ),
            {"v": _json(values)},
        )


async def next_due(session: AsyncSession, task: str) -> datetime | None:
    """When the earliest waiting row of ``task`` is due (None: none waits)."""
    return await session.scalar(
        select(func.min(OutboxMessage.next_attempt_at)).where(
            OutboxMessage.task == task, OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None)
        )
    )


async def failed_rows(session: AsyncSession, task: str | None = None, limit: int = 100) -> list[OutboxMessage]:
    """Rows of batched tasks that gave up (``failed_at``), newest first: what an operator looks at
    (``cic outbox failed``)."""
    stmt = select(OutboxMessage).where(OutboxMessage.failed_at.is_not(None))
    if task is not None:
        stmt = stmt.where(OutboxMessage.task == task)
    return list(await session.scalars(stmt.order_by(OutboxMessage.failed_at.desc(), OutboxMessage.id.desc()).limit(limit)))


async def retry_failed(session: AsyncSession, *, task: str | None = None, ids: Sequence[int] = ()) -> list[str]:
    """Make failed rows due again with their tries counted afresh (``cic outbox retry``, once the
    cause is fixed: a platform configured, a bug deployed away); the relay wakes their drains.
    Returns the tasks of the rows made due."""
    stmt = update(OutboxMessage).where(OutboxMessage.failed_at.is_not(None))
    if task is not None:
        stmt = stmt.where(OutboxMessage.task == task)
    if ids:
        stmt = stmt.where(OutboxMessage.id.in_(list(ids)))
    result = await session.execute(stmt.values(failed_at=None, next_attempt_at=None, attempts=0).returning(OutboxMessage.task))
    return list(result.scalars())


def _json(values: list[dict[str, Any]]) -> str:
    return json.dumps(values, default=lambda v: v.isoformat() if isinstance(v, datetime) else str(v))


async def send_messages(sessions: async_sessionmaker[AsyncSession], redis: ArqRedis, ids: list[int]) -> int:
    """Send the given committed, unsent outbox rows to arq and mark them sent: one UPDATE marks
    and locks them, the jobs go to Redis, and a row Redis refused is marked unsent again with its
    error. A row another sender holds is skipped, not waited for (``SKIP LOCKED``): that sender is
    sending it, and if it fails the row stays unsent for the relay. (Waiting cost a request's
    after-commit send up to half a second under load when the relay had taken its row first.)"""
    if not ids:
        return 0
    async with transaction(sessions) as session:
        free = (
            select(OutboxMessage.id)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.sent_at.is_(None), OutboxMessage.task.not_in(batched_tasks()))
            .with_for_update(skip_locked=True)
        )
        claimed = (
            await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(free.scalar_subquery()), OutboxMessage.sent_at.is_(None))
                .values(sent_at=datetime.now(UTC), attempts=OutboxMessage.attempts + 1)
                .returning(OutboxMessage.id, OutboxMessage.task, OutboxMessage.payload, OutboxMessage.correlation_id)
            )
        ).all()
        refused: dict[int, str] = {}
        for row in sorted(claimed):
            try:
                await redis.enqueue_job(
                    row.task, row.id, row.payload, row.correlation_id, _job_id=queue_job_id(redis.default_queue_name, row.id)
                )
            except Exception as exc:  # Redis down: leave it for the next relay pass
                refused[row.id] = repr(exc)[:500]
                log.warning("outbox_send_failed", outbox_id=row.id, task=row.task)
        if refused:
            table = OutboxMessage.__table__
            await session.execute(
                update(table).where(table.c.id == bindparam("row_id")).values(sent_at=None, last_error=bindparam("error")),
                [{"row_id": i, "error": e} for i, e in refused.items()],
            )
    return len(claimed) - len(refused)


async def relay_pending(
    sessions: async_sessionmaker[AsyncSession], redis: ArqRedis, *, grace_seconds: float = 5.0, batch: int = 500
) -> int:
    """Send committed rows that no after-commit hook sent (process died, Redis was down), and wake
    the drain of each batched task with rows due for longer than the grace. Returns the rows sent
    plus the drains woken."""
    cutoff = datetime.now(UTC) - timedelta(seconds=grace_seconds)
    batched = batched_tasks()
    async with sessions() as session:
        ids = list(
            await session.scalars(
                select(OutboxMessage.id)
                .where(OutboxMessage.sent_at.is_(None), OutboxMessage.created_at <= cutoff, OutboxMessage.task.not_in(batched))
                .order_by(OutboxMessage.id)
                .limit(batch)
            )
        )
        waiting = list(
            await session.scalars(
                select(OutboxMessage.task)
                .where(
                    OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None), OutboxMessage.task.in_(batched),
                    func.coalesce(OutboxMessage.next_attempt_at, OutboxMessage.created_at) <= cutoff,
                )
                .distinct()
            )
        ) if batched else []  # fmt: skip
    return await send_messages(sessions, redis, ids) + (await wake(redis, waiting) if waiting else 0)


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

    async def _send(self, ids: list[int], tasks: set[str]) -> None:
        if self.sessions is not None and self.redis is not None:
            if ids:
                await send_messages(self.sessions, self.redis, ids)
            if tasks:
                await wake(self.redis, sorted(tasks))

    async def enqueue(self, session: AsyncSession, task: Task[P], payload: P) -> OutboxMessage:
        """Schedule ``task`` with its typed payload, in the caller's transaction; sent after commit.
        The request id becomes the row's correlation id, carried into the job's log lines."""
        from backend.audit.service import request_meta

        return await enqueue(
            session, task.name, task.encode(payload), correlation_id=request_meta.get().request_id, send=self._send
        )
