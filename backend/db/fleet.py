"""Pools that fit the server: how many connections a fleet of CIC processes may hold at most, and
the pool sizes `cic run` gives its processes so that the fleet never asks PostgreSQL for more
than it has.

Each API process has two engines (writes, reads) of ``CIC_DATABASE_POOL_SIZE`` kept connections
and ``CIC_DATABASE_POOL_OVERFLOW`` more for a burst, and a small identity pool; each worker has two
engines of ``(CIC_WORKER_MAX_JOBS + 1) // 2`` kept and as many more (``workers/settings.py``). With
the defaults `cic run --api-processes 2 --workers 2` may hold 168 connections: a server of 100
(PostgreSQL's default) refused saves, approval actions, uploads and rule dry runs with SQLSTATE
53300 once the load reached 100 requests/s (bench/sustained_load.py, 2026-12-06), where a request
that waits for a pooled connection would have been served. `cic run` therefore scales the pools
it has not been told (environment) down alike until the fleet's ceiling fits what the server can
spare (``budget``); a process then waits for a connection of its pool (SQLAlchemy's pool timeout)
instead of failing. `cic serve` and `cic worker` started by hand take the settings as given:
docs/operations.md, "Connections", has the sum to size ``max_connections`` for.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

# Left for everything that is not the fleet: psql, a deploy's migration, a monitoring agent, the
# bench's sampler; the warm-up (backend/db/warmup.py) leaves it too.
RESERVED_SHARE = 0.1
FREE_SQL = (
    "SELECT current_setting('max_connections')::int - current_setting('superuser_reserved_connections')::int"
    " - (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),"
    " current_setting('max_connections')::int"
)
# Each pool size and the setting that gives it.
SETTINGS = {"api_pool": "CIC_DATABASE_POOL_SIZE", "api_overflow": "CIC_DATABASE_POOL_OVERFLOW",
            "identity": "CIC_DATABASE_IDENTITY_POOL_SIZE", "worker_jobs": "CIC_WORKER_MAX_JOBS"}  # fmt: skip
# The smallest pools worth running: an API engine that serves a request while another waits on
# its connection, a worker with a job beside the relay.
MIN_API_POOL, MIN_WORKER_JOBS = 2, 2


@dataclass(frozen=True)
class Pools:
    api_pool: int  # CIC_DATABASE_POOL_SIZE, per API engine
    api_overflow: int  # CIC_DATABASE_POOL_OVERFLOW, per API engine
    identity: int  # CIC_DATABASE_IDENTITY_POOL_SIZE, per API process
    worker_jobs: int  # CIC_WORKER_MAX_JOBS, per worker

    def env(self) -> dict[str, str]:
        return {variable: str(getattr(self, name)) for name, variable in SETTINGS.items()}


def worker_pool(jobs: int) -> int:
    """A worker's kept connections per engine for ``jobs`` at once (it may open as many again)."""
    return max(1, (jobs + 1) // 2)


def ceiling(pools: Pools, *, api_processes: int, workers: int) -> int:
    """The most connections the fleet can hold at once."""
    api = 2 * (pools.api_pool + pools.api_overflow) + pools.identity
    return api_processes * api + workers * 2 * 2 * worker_pool(pools.worker_jobs)


async def free_connections(engine: AsyncEngine) -> tuple[int, int]:
    """(connections the server can still open for ordinary clients, its max_connections)."""
    async with engine.connect() as conn:
        free, most = (await conn.execute(text(FREE_SQL))).one()
    return int(free), int(most)


def budget(free: int, max_connections: int) -> int:
    """What may be opened of a server with ``free`` connections for ordinary clients, a tenth of
    ``max_connections`` left for everything else."""
    return free - int(max_connections * RESERVED_SHARE)


def fit(pools: Pools, *, api_processes: int, workers: int, budget: int, fixed: frozenset[str] = frozenset()) -> Pools:
    """``pools`` with the sizes not in ``fixed`` (names of ``Pools`` fields) scaled down alike until
    the fleet's ceiling is within ``budget``, never below the smallest pools worth running; as
    given when they fit already. The result may still exceed ``budget`` when the fixed sizes or the
    minimums do: the caller says so."""
    size = lambda p: ceiling(p, api_processes=api_processes, workers=workers)  # noqa: E731
    if size(pools) <= budget:
        return pools
    share = max(budget, 0) / size(pools)
    scaled = {
        "api_pool": max(MIN_API_POOL, int(pools.api_pool * share)),
        "api_overflow": int(pools.api_overflow * share),
        "worker_jobs": max(MIN_WORKER_JOBS, int(pools.worker_jobs * share)),
    }
    fitted = replace(pools, **{k: v for k, v in scaled.items() if k not in fixed})
    # Rounding down the share may leave it a little over: give up one connection at a time,
    # from whichever of the API's pool and the workers' jobs is the larger.
    while size(fitted) > budget:
        options = [
            k for k, least in (("api_overflow", 0), ("api_pool", MIN_API_POOL), ("worker_jobs", MIN_WORKER_JOBS))
            if k not in fixed and getattr(fitted, k) > least
        ]  # fmt: skip
        if not options:
            break
        largest = max(options, key=lambda k: getattr(fitted, k))
        fitted = replace(fitted, **{largest: getattr(fitted, largest) - 1})
    return fitted
