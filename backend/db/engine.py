"""Engines and session factories: primary (read-write) and replica (read-only).

The replica falls back to the primary when ``CIC_DATABASE_REPLICA_URL`` is not set, but its
sessions are still read-only (``default_transaction_read_only``), so a resolver that writes
through the replica fails in development exactly as it would against a real standby.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from backend.config import Settings
from backend.db.driver import follow_plan_modes
from backend.db.tenancy import guard


def async_url(url: str) -> str:
    for prefix in ("postgresql+asyncpg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+asyncpg://" + url[len(prefix) :]
    raise ValueError("database URL must start with postgresql://")


# asyncpg learns an array type's codec from the catalogue the first time a connection meets the
# type: a recursive query over pg_type that PostgreSQL plans afresh each time (about 11 ms of
# planning each under the credit chain's load, 87 of them over a 20-customer bench run, most in
# its first seconds while the pools open; docs/benchmarks.md "The credit chain"). One statement
# naming every array type the schema and its statements use teaches a new connection all of them
# in one such query (7.5-9.6 ms against 13-15 ms for the three a connection usually met singly).
ARRAY_TYPES = "SELECT " + ", ".join(
    f"NULL::{name}[]"
    for name in ("boolean", "smallint", "integer", "bigint", "numeric", "double precision", "text", "varchar",
                 "date", "timestamp", "timestamptz", "uuid", "jsonb", "bytea")
)  # fmt: skip


def learn_array_types(engine: AsyncEngine) -> None:
    """Each new connection of ``engine`` learns the array types in one catalogue query."""

    @event.listens_for(engine.sync_engine, "connect")
    def _learn(dbapi_connection: Any, _record: Any) -> None:
        # Outside a transaction (asyncpg's own fetch), so nothing is left open for the pool. A
        # failure only means the types are learnt one by one as before; a connection that died
        # here fails its first statement through the dialect, which replaces it (tenancy.guard).
        with contextlib.suppress(Exception):
            dbapi_connection.run_async(lambda connection: connection.fetch(ARRAY_TYPES))


@dataclass
class Database:
    primary: AsyncEngine
    replica: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    read_sessions: async_sessionmaker[AsyncSession]
    identity: AsyncEngine
    identity_sessions: async_sessionmaker[AsyncSession]

    async def dispose(self) -> None:
        await self.primary.dispose()
        if self.replica is not self.primary:
            await self.replica.dispose()
        await self.identity.dispose()


def create_database(settings: Settings, url: str | None = None, replica_url: str | None = None, *, pre_ping: bool = True,
                    pool_size: int | None = None) -> Database:
    """The primary (writes; each connection tested as it is checked out unless ``pre_ping`` is
    off, ``backend.db.tenancy.guard``) and the replica engine. A worker turns the test off (a job
    that meets a connection the database dropped fails with a transient error and is retried) and
    sizes its pool to its jobs."""
    url = url or settings.database_url
    if url is None:
        raise RuntimeError("no database URL: start the embedded services first (cic run) or set CIC_DATABASE_URL")
    replica_url = replica_url or settings.database_replica_url or url
    # hide_parameters: a failed statement's error text never carries its parameters (personal
    # values); see also backend.logging.redact_database_errors for what PostgreSQL itself echoes.
    # A worker passes ``pool_size`` (its jobs at once) and may open as many again; the API keeps
    # CIC_DATABASE_POOL_SIZE connections per engine and opens CIC_DATABASE_POOL_OVERFLOW more only
    # for a burst (an overflow connection is closed when returned, so a pool smaller than the
    # usual concurrency opens and closes a server process per request).
    common = dict(
        pool_size=pool_size or settings.database_pool_size,
        max_overflow=pool_size or settings.database_pool_overflow,
        pool_recycle=1800,
        hide_parameters=True,
    )
    primary = create_async_engine(
        async_url(url), **common, connect_args={"server_settings": {"application_name": "cic"}}
    )
    # No SELECT 1 on the read path's checkouts: a request's read connection is tested by the
    # statement that sets its banks, which runs anyway; otherwise, after a database restart, the
    # first read on a stale connection fails (the pool is then invalidated) and the client retries.
    # Reads run in AUTOCOMMIT: no BEGIN/ROLLBACK round trips around each short read session
    # (still read-only through default_transaction_read_only).
    replica = create_async_engine(
        async_url(replica_url),
        **common,
        pool_pre_ping=False,
        isolation_level="AUTOCOMMIT",
        connect_args={
            "server_settings": {"application_name": "cic-ro", "default_transaction_read_only": "on"}
        },
    )
    # a request's connections act for its banks only (row-level security); on the primary that
    # statement is also the liveness test of the connection (one statement, not a pre-ping's three)
    guard(primary, ping=pre_ping)
    guard(replica, autocommit=True)  # its setting outlives the checkout: set only when it changes
    learn_array_types(primary)
    learn_array_types(replica)
    follow_plan_modes(replica)  # a kept statement may leave a read connection with one plan for all values
    return Database(
        primary=primary,
        replica=replica,
        sessions=async_sessionmaker(primary, expire_on_commit=False),
        read_sessions=async_sessionmaker(replica, expire_on_commit=False),
        identity=(identity := _identity(url, settings)),
        identity_sessions=async_sessionmaker(identity, expire_on_commit=False),
    )


def _identity(url: str, settings: Settings) -> AsyncEngine:
    """Who a bearer token's caller is (``backend.web.auth.bearer_principal``), looked up before
    the request acts for any bank: a small pool of its own on the primary, read-only, in
    AUTOCOMMIT, whose connections always act as the tables' owner (no ``guard``).

    On the read engine the lookup flipped a connection from the banks of a request to the owner
    and the next request flipped it back: two statements more on every request that missed the
    principal cache (docs/benchmarks.md, "The credit chain after approval"). The primary, not a
    replica: a disabled account or a deactivated client takes effect at its next lookup. Nothing
    else may use these sessions: they see every bank's rows."""
    engine = create_async_engine(
        async_url(url),
        pool_size=settings.database_identity_pool_size,
        max_overflow=0,
        pool_recycle=1800,
        pool_pre_ping=False,
        hide_parameters=True,
        isolation_level="AUTOCOMMIT",
        connect_args={"server_settings": {"application_name": "cic-identity", "default_transaction_read_only": "on"}},
    )
    learn_array_types(engine)
    return engine


def create_warehouse_engine(url: str) -> AsyncEngine:
    """The data warehouse's database (``CIC_WAREHOUSE_DATABASE_URL``): read-only sessions
    (``default_transaction_read_only``), a small pool, its own application name."""
    return create_async_engine(
        async_url(url),
        pool_size=2,
        max_overflow=2,
        pool_pre_ping=True,
        hide_parameters=True,
        connect_args={"server_settings": {"application_name": "cic-warehouse", "default_transaction_read_only": "on"}},
    )
