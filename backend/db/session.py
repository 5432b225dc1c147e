"""The one place that commits.

Every unit of work (a GraphQL mutation field, an HTTP endpoint's write, a job, a CLI command)
opens ``transaction(sessions)``; services only ``flush()``. Work that must happen after the
commit (sending outbox rows to the queue) is registered with ``after_commit`` and runs only if
the commit succeeded; on rollback it is discarded. ``finish`` is the commit itself, for the one
batch path that pipelines its sessions (rule evaluation).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.logging import log

AfterCommit = Callable[[], Awaitable[None]]


def after_commit(session: AsyncSession, hook: AfterCommit) -> None:
    session.info.setdefault("after_commit", []).append(hook)


async def keyed_plans(session: AsyncSession) -> None:
    """For the rest of this transaction, PostgreSQL plans each prepared statement once per
    connection and keeps that plan (``SET LOCAL plan_cache_mode = force_generic_plan``).

    By default it keeps a statement's general plan only when that plan looks as cheap as one
    made for the values at hand, and on the tables partitioned by bank it never does: the general
    plan counts every bank's partition (it prunes them when it runs), a plan for the values counts
    one. So each statement on those tables was planned anew at every execution: an archive's save
    planned five of its statements every time (the archive locked by id, its UPDATE, the evaluating
    SELECT, the rating's INSERT, the answer's names), as many milliseconds of the database's CPU
    as it spent running them (docs/benchmarks.md, "Eighteenth session").

    Only for a transaction whose statements all look rows up by key: a statement whose best plan
    depends on its values (a name prefix, a date range, the ``LIMIT`` of a sample) needs the
    default, and ``LOCAL`` ends the setting with the transaction."""
    await session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))


def hold(session: AsyncSession, *objects: object) -> None:
    """Keep ``objects`` for the rest of the session, so that a later ``session.get`` of one in the
    same unit of work answers from the identity map (which holds its objects weakly: an object no
    code refers to any more is gone from it, and the get costs a statement)."""
    session.info.setdefault("held", []).extend(objects)


async def finish(session: AsyncSession) -> None:
    """Commit, then run the after-commit hooks (a hook that fails is logged: the outbox relay
    sends whatever it could not)."""
    await session.commit()
    for hook in session.info.pop("after_commit", []):
        try:
            await hook()
        except Exception:
            log.warning("after_commit_hook_failed", exc_info=True)


async def abandon(session: AsyncSession) -> None:
    await session.rollback()
    session.info.pop("after_commit", None)


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    """One unit of work: committed when the block ends, rolled back (hooks dropped) if it raises."""
    async with sessions() as session:
        try:
            yield session
        except BaseException:
            await abandon(session)
            raise
        await finish(session)
