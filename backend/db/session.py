"""The one place that commits.

A request or a job opens ``transaction(db)``; services only ``flush()``. Work that must happen
after the commit (sending outbox rows to the queue) is registered with ``after_commit`` and runs
only if the commit succeeded; on rollback it is discarded.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.logging import log

AfterCommit = Callable[[], Awaitable[None]]


def after_commit(session: AsyncSession, hook: AfterCommit) -> None:
    session.info.setdefault("after_commit", []).append(hook)


@asynccontextmanager
async def transaction(sessions: async_sessionmaker[AsyncSession]) -> AsyncIterator[AsyncSession]:
    async with sessions() as session:
        try:
            yield session
            await session.commit()
        except BaseException:
            await session.rollback()
            session.info.pop("after_commit", None)
            raise
        for hook in session.info.pop("after_commit", []):
            try:
                await hook()
            except Exception:  # the outbox relay retries whatever a hook could not do
                log.warning("after_commit_hook_failed", exc_info=True)
