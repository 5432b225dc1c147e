"""Statement warm-up: a new API process prepares the fleet's hottest statements on every pooled
connection before it serves (docs/operations.md, "Connections").

A connection's first run of a statement prepares it (asyncpg's parse and describe on the server,
SQLAlchemy's dialect reading the result's attributes on the client): about 0.2-0.3 ms of the
API's CPU each, plus the server's, and each of an API process's connections pays it once per
statement. A process that has just started meets its first burst with every connection cold: in
the credit chain's bench (100 customers at once against two just-started API processes) the
warm-up took 10-20 % off the first round's p50 (docs/benchmarks.md).

* ``StatementLog`` counts the statements each engine of a running API process executes (the SQL
  text only: SQLAlchemy binds every value as a parameter, so no value, personal or not, is
  recorded) and ``publish`` adds the counts to a sorted set in Redis per engine role
  (``{queue}:hot-sql:{role}``), trimmed to the ``KEEP`` most run.
* ``warm`` opens the pool's connections (as many as one process of the fleet had in use at once
  lately, ``recent_peak``, and no more than the server can spare, ``allowance``) and prepares the
  most run statements of its role on each, into the dialect's per-connection statement cache (the
  one the requests then use), at most as many as that cache holds (``WARM_AT_MOST``). Data-changing statements are prepared, never executed.

The warm-up is an optimisation: a statement that no longer prepares (a table dropped) is skipped,
a Redis or database error is logged and the process starts cold, as before;
``CIC_DATABASE_WARMUP_SECONDS=0`` turns it off."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from backend.db import fleet
from backend.logging import log

KEEP = 400  # distinct statements kept per role in Redis (the prepared cache holds ~100 per connection)
WARM_AT_MOST = 100  # statements prepared per connection (SQLAlchemy's asyncpg cache keeps 100 by default)
MAX_TEXT = 20_000  # longer texts (a compiled scorecard) are not worth keeping
KINDS = ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH")  # no DDL, no SET, no transaction control
# The warm-up opens connections ahead of need, so it must not take those the server's other
# clients need. First, it opens no more than one process of the fleet had in use at once lately
# (``recent_peak``; one when none is known): opened whole, the pools of `cic run --api-processes 2
# --workers 2` took every connection of a server of 100 and left the API's writes none (SQLSTATE
# 53300, found by bench/sustained_load.py), while its load needed 94. Second, it opens at most
# half of what the server has free past a tenth of its max_connections (a rolling restart's new
# process beside the old one, a server shared with other clients).
FREE_SHARE = 2


def key(prefix: str, role: str) -> str:
    return f"{prefix}:hot-sql:{role}"


def _worth_keeping(statement: str) -> bool:
    return len(statement) <= MAX_TEXT and statement.lstrip()[:6].upper().startswith(KINDS)


def peak_key(prefix: str, role: str, day: date) -> str:
    return f"{prefix}:hot-sql:{role}:peak:{day:%Y%m%d}"


class StatementLog:
    """How often each statement ran on the engines it listens to, and the most connections each
    engine had checked out at once, since the last ``publish``."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter[str]] = {}
        self.peaks: dict[str, int] = {}

    def listen(self, engine: AsyncEngine, role: str) -> None:
        counts = self.counts.setdefault(role, Counter())
        checked_out = getattr(engine.sync_engine.pool, "checkedout", None)  # a queue pool's (not NullPool's)

        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _count(_conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, executemany: bool) -> None:
            counts[statement] += 1  # a dict update per statement; filtered at publish time

        if checked_out is not None:
            @event.listens_for(engine.sync_engine, "checkout")
            def _peak(_dbapi: Any, _record: Any, _proxy: Any) -> None:
                in_use = checked_out()
                if in_use > self.peaks.get(role, 0):
                    self.peaks[role] = in_use

    async def _publish_peaks(self, redis: Any, prefix: str) -> None:
        """Each role's peak of the period raises the day's peak in Redis (the fleet's busiest
        process of the day sets it; two days kept). A warm-up opens no more than that."""
        peaks, self.peaks = self.peaks, {}
        today = datetime.now(UTC).date()
        for role, peak in peaks.items():
            name = peak_key(prefix, role, today)
            if peak > int(await redis.get(name) or 0):  # a race between processes may keep the lower: harmless
                await redis.set(name, peak, ex=2 * 86_400)

    async def publish(self, redis: Any, prefix: str) -> int:
        """Add the counts so far to Redis and start counting again; the statements published."""
        await self._publish_peaks(redis, prefix)
        published = 0
        for role, counts in self.counts.items():
            taken = {s: n for s, n in counts.items() if _worth_keeping(s)}
            counts.clear()
            if not taken:
                continue
            name = key(prefix, role)
            async with redis.pipeline(transaction=False) as pipe:
                for statement, n in taken.items():
                    pipe.zincrby(name, n, statement)
                pipe.zremrangebyrank(name, 0, -KEEP - 1)  # keep the KEEP most run
                pipe.expire(name, 14 * 86_400)
                await pipe.execute()
            published += len(taken)
        return published

    async def publish_every(self, redis: Any, prefix: str, seconds: float) -> None:
        """``publish`` on a period, for the life of the process (cancelled at shutdown)."""
        while True:
            await asyncio.sleep(seconds)
            try:
                await self.publish(redis, prefix)
            except Exception as exc:  # Redis away: the counts are lost, the requests are not
                log.warning("statement_log_publish_failed", error=type(exc).__name__)


@dataclass(frozen=True)
class Warmed:
    connections: int
    statements: int
    prepared: int
    skipped: int
    cpu_seconds: float


async def hottest(redis: Any, prefix: str, role: str, limit: int) -> list[str]:
    """The ``limit`` most run statements of ``role``, most run first."""
    rows = await redis.zrevrange(key(prefix, role), 0, limit - 1)
    texts = (r.decode() if isinstance(r, bytes) else r for r in rows)
    return [t for t in texts if _worth_keeping(t)]  # whoever wrote the list, only queries are prepared


async def warm(engine: AsyncEngine, statements: list[str], connections: int) -> Warmed:
    """Open ``connections`` of ``engine``'s pool at once and prepare ``statements`` on each, into
    the dialect's statement cache; the connections then wait in the pool for the requests."""
    started = time.process_time()
    prepared = skipped = 0
    async with contextlib.AsyncExitStack() as stack:
        opened = await asyncio.gather(*(stack.enter_async_context(engine.connect()) for _ in range(connections)))

        async def prepare_all(conn: Any) -> None:
            nonlocal prepared, skipped
            adapted = (await conn.get_raw_connection()).dbapi_connection
            # SQLAlchemy's asyncpg adapter: ``_prepare`` fills the cache its cursors read. A later
            # SQLAlchemy without it leaves the warm-up a no-op (tests/platform/test_warmup.py notices).
            prepare, cache = getattr(adapted, "_prepare", None), getattr(adapted, "_prepared_statement_cache", None)
            if prepare is None or cache is None:
                skipped += len(statements)
                return
            # The checkout's liveness test may have begun a transaction: end it, so that a statement
            # that fails to prepare aborts nothing (outside a transaction a prepare begins none).
            await conn.run_sync(lambda sync: sync.connection.dbapi_connection.rollback())
            # the most run first, no more than the cache keeps (an LRU: more would push them out)
            for statement in statements[: getattr(cache, "capacity", 100)]:
                try:
                    await prepare(statement, adapted._invalidate_schema_cache_asof)
                    prepared += 1
                except Exception:  # the statement no longer prepares here (a dropped table)
                    skipped += 1

        await asyncio.gather(*(prepare_all(conn) for conn in opened))
    return Warmed(len(opened), len(statements), prepared, skipped, round(time.process_time() - started, 3))


Pools = dict[str, tuple[AsyncEngine, int]]  # role -> (engine, the connections it keeps)


async def recent_peak(redis: Any, prefix: str, role: str) -> int | None:
    """The most connections ``role``'s engine of one process had checked out at once today or
    yesterday (None: no process has said yet)."""
    today = datetime.now(UTC).date()
    values = await redis.mget([peak_key(prefix, role, today), peak_key(prefix, role, today - timedelta(days=1))])
    known = [int(v) for v in values if v is not None]
    return max(known) if known else None


def allowance(wanted: int, free: int, max_connections: int) -> int:
    """How many of ``wanted`` connections a warm-up may open now (at least the one that asked):
    half of what the server spares (``fleet.budget``)."""
    return max(1, min(wanted, fleet.budget(free, max_connections) // FREE_SHARE))


async def warm_engines(pools: Pools, redis: Any, prefix: str, *, timeout: float) -> dict[str, Warmed]:
    """Warm each role's engine (that many connections) with the role's hottest statements, within
    ``timeout`` seconds in all; an error or the timeout leaves the rest cold, logged, never raised."""
    done: dict[str, Warmed] = {}

    async def run() -> None:
        for role, (engine, connections) in pools.items():
            statements = await hottest(redis, prefix, role, WARM_AT_MOST)
            if statements:  # the fleet's first process has nothing to prepare: it opens nothing either
                # no more than a process of the fleet used at once lately, no more than the server spares
                peak = await recent_peak(redis, prefix, role)
                # (none known yet, the first start after the upgrade that began recording them: one)
                wanted = 1 if peak is None else max(1, min(connections, peak))
                free, most = await fleet.free_connections(engine)
                allowed = allowance(wanted, free, most)
                if allowed < connections:
                    log.info("statement_warmup_limited", role=role, pool=connections, recent_peak=peak, opened=allowed,
                             server_free=free, max_connections=most)
                done[role] = await warm(engine, statements, allowed)

    try:
        await asyncio.wait_for(run(), timeout)
    except Exception as exc:
        log.warning("statement_warmup_incomplete", error=type(exc).__name__, warmed=sorted(done))
    for role, w in done.items():
        log.info("statement_warmup", role=role, connections=w.connections, statements=w.statements, prepared=w.prepared,
                 skipped=w.skipped, cpu_seconds=w.cpu_seconds)
    return done


async def start(pools: Pools, redis: Any, prefix: str, *, timeout: float,
                period: float) -> tuple[StatementLog | None, asyncio.Task[None] | None]:
    """A process's start: warm its ``pools`` (by role), then count what their engines run and
    publish it every ``period`` seconds. The log and its task for ``stop``; neither when
    ``timeout`` is 0 (off)."""
    if timeout <= 0:
        return None, None
    await warm_engines(pools, redis, prefix, timeout=timeout)
    statements = StatementLog()
    for role, (engine, _) in pools.items():
        statements.listen(engine, role)
    return statements, asyncio.create_task(statements.publish_every(redis, prefix, period))


async def stop(statements: StatementLog | None, publishing: asyncio.Task[None] | None, redis: Any, prefix: str) -> None:
    """A process's stop: what it ran since the last period goes to the list for the next ones."""
    if publishing is not None:
        publishing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await publishing
    if statements is not None:
        with contextlib.suppress(Exception):
            await asyncio.wait_for(statements.publish(redis, prefix), 5)
