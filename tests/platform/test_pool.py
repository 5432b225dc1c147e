"""The API's connection pools keep what a burst needed (CIC_DATABASE_POOL_SIZE) and close only
the overflow beyond it (CIC_DATABASE_POOL_OVERFLOW): a pool smaller than the usual concurrency
opened and closed a PostgreSQL process per request under load (docs/operations.md)."""

from __future__ import annotations

from sqlalchemy import text

from backend.db.engine import create_database

PID = text("select pg_backend_pid()")


async def test_a_burst_leaves_the_pool_size_open_and_closes_only_the_overflow(settings) -> None:
    configured = settings.model_copy(update={"database_pool_size": 2, "database_pool_overflow": 3})
    db = create_database(configured)
    try:
        for engine in (db.primary, db.replica):
            burst = [await engine.connect() for _ in range(5)]  # 2 kept + 3 overflow
            pids = {(await conn.execute(PID)).scalar_one() for conn in burst}
            assert len(pids) == 5
            for conn in burst:
                await conn.close()  # returned to the pool

            # the next burst gets the 2 kept connections back and opens 3 new server processes
            again = [await engine.connect() for _ in range(5)]
            pids_again = {(await conn.execute(PID)).scalar_one() for conn in again}
            for conn in again:
                await conn.close()
            assert len(pids_again & pids) == 2, "the pool keeps its size open"
            assert len(pids_again - pids) == 3, "and closed the overflow when it was returned"
    finally:
        await db.dispose()

