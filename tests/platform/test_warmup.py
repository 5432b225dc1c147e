"""Statement warm-up (backend/db/warmup.py): the statements an API process runs are counted into
Redis, and the next process prepares the most run of them on every pooled connection before it
serves, so that its first burst prepares nothing. Checked on the server's side
(``pg_prepared_statements`` of each pooled connection), not through the dialect's cache."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from asgi_lifespan import LifespanManager
from sqlalchemy import select, text

from backend.db import fleet, warmup
from backend.db.engine import create_database
from backend.orgs.models import OrgUnit

PREPARED = text("SELECT statement FROM pg_prepared_statements")
PID = text("SELECT pg_backend_pid()")


async def _prepared(conn) -> set[str]:  # noqa: ANN001
    return set((await conn.execute(PREPARED)).scalars())


def _peak_keys(prefix: str, role: str) -> list[str]:
    today = datetime.now(UTC).date()
    return [warmup.peak_key(prefix, role, today), warmup.peak_key(prefix, role, today - timedelta(days=1))]


@pytest.fixture
def plenty_of_connections(monkeypatch):  # noqa: ANN001
    """The suite's processes share one server, so how many connections it has free at a given
    moment is not the tests' to choose: here the warm-up sees plenty."""
    async def plenty(_engine):  # noqa: ANN001, ANN202
        return 1000, 1000

    monkeypatch.setattr(fleet, "free_connections", plenty)


async def test_the_statements_one_process_runs_are_prepared_on_every_connection_of_the_next(settings, services, plenty_of_connections) -> None:
    redis, prefix = services.redis, f"test-warmup-{uuid.uuid4().hex}"
    hot = select(OrgUnit.name).where(OrgUnit.id == 1)
    first = create_database(settings.model_copy(update={"database_pool_size": 2}))
    second = create_database(settings.model_copy(update={"database_pool_size": 2}))
    try:
        log = warmup.StatementLog()
        log.listen(first.primary, "primary")
        async with first.primary.begin() as conn:
            for _ in range(3):
                assert (await conn.execute(hot)).scalar_one()
            await conn.execute(text("SET LOCAL statement_timeout = 5000"))  # not a statement to prepare
            hot_sql = str(hot.compile(first.primary))
        # the first process had both of its connections in use at once: its peak
        held = [await first.primary.connect() for _ in range(2)]
        for conn in held:
            await conn.close()
        assert await log.publish(redis, prefix) == 1  # the SELECT; the SET is not kept
        assert await warmup.recent_peak(redis, prefix, "primary") == 2
        kept = dict(await redis.zrevrange(warmup.key(prefix, "primary"), 0, -1, withscores=True))
        assert kept[hot_sql.encode()] == 3 and not any(b"statement_timeout" in s for s in kept)
        # a statement that no longer prepares (its table gone) is skipped, the others are not
        await redis.zadd(warmup.key(prefix, "primary"), {"SELECT nothing FROM no_such_table": 10})

        warmed = await warmup.warm_engines({"primary": (second.primary, 2)}, redis, prefix, timeout=30)
        assert warmed["primary"].connections == 2 and warmed["primary"].skipped == 2
        assert warmed["primary"].prepared == 2 * (warmed["primary"].statements - 1)

        # both pooled connections (two server processes) hold the hot statement already, and a
        # request's run of it prepares nothing more there
        both = [await second.primary.connect() for _ in range(2)]
        try:
            assert len({(await c.execute(PID)).scalar_one() for c in both}) == 2
            for conn in both:
                before = await _prepared(conn)
                assert hot_sql in before
                assert (await conn.execute(hot)).scalar_one()
                assert await _prepared(conn) == before
        finally:
            for conn in both:
                await conn.close()
    finally:
        await redis.delete(warmup.key(prefix, "primary"), *_peak_keys(prefix, "primary"))
        await first.dispose()
        await second.dispose()


async def test_the_api_warms_its_pools_before_it_serves_and_adds_what_it_ran_when_it_stops(settings, services, plenty_of_connections) -> None:
    from backend.web.app import create_app

    prefix = f"test-warmup-{uuid.uuid4().hex}"
    known = str(select(OrgUnit.code).where(OrgUnit.id == 1).compile(services.db.primary))
    await services.redis.zadd(warmup.key(prefix, "replica"), {known: 1, "DROP TABLE org_units": 5})
    await services.redis.set(warmup.peak_key(prefix, "replica", datetime.now(UTC).date()), 2)  # a process had 2 in use at once
    configured = settings.model_copy(update={
        "queue_name": prefix, "database_warmup_seconds": 30.0, "database_pool_size": 2, "database_identity_pool_size": 1,
    })  # fmt: skip
    app = create_app(configured)
    try:
        async with LifespanManager(app):
            db = app.state.services.db
            assert db.replica.pool.checkedin() == 2  # opened and prepared before the first request
            assert db.primary.pool.checkedin() == 0  # nothing known for the primary: nothing opened
            async with db.replica.connect() as conn:
                assert known in await _prepared(conn)
                assert not any("DROP" in s for s in await _prepared(conn))  # only queries are prepared
            async with db.primary.connect() as conn:
                await conn.execute(text("SELECT count(*) FROM org_units"))
        # stopped: what the process ran is in the list for the next one
        ran = await services.redis.zrange(warmup.key(prefix, "primary"), 0, -1)
        assert b"SELECT count(*) FROM org_units" in ran
    finally:
        for role in ("primary", "replica", "identity"):
            await services.redis.delete(warmup.key(prefix, role), *_peak_keys(prefix, role))


async def test_a_worker_warms_its_kept_pool_before_its_first_job_and_adds_what_it_ran_when_it_stops(services, plenty_of_connections) -> None:
    from tests.helpers import cic_environment
    from workers.settings import shutdown, startup

    prefix = f"test-warmup-{uuid.uuid4().hex}"
    known = str(select(OrgUnit.name).where(OrgUnit.id == 1).compile(services.db.primary))
    await services.redis.zadd(warmup.key(prefix, "worker:primary"), {known: 1})
    await services.redis.set(warmup.peak_key(prefix, "worker:primary", datetime.now(UTC).date()), 9)  # more than it keeps
    ctx = {"redis": services.redis}
    try:
        with cic_environment({"CIC_QUEUE_NAME": prefix, "CIC_DATABASE_WARMUP_SECONDS": "30", "CIC_WORKER_MAX_JOBS": "4"}):
            await startup(ctx)
            db = ctx["services"].db
            assert db.primary.pool.checkedin() == 2  # the kept half of its 4 jobs' connections
            async with db.primary.connect() as conn:
                assert known in await _prepared(conn)
                await conn.execute(text("SELECT count(*) FROM org_units"))
            await shutdown(ctx)
        assert b"SELECT count(*) FROM org_units" in await services.redis.zrange(warmup.key(prefix, "worker:primary"), 0, -1)
    finally:
        for role in ("worker:primary", "worker:replica"):
            await services.redis.delete(warmup.key(prefix, role), *_peak_keys(prefix, role))


def test_a_warm_up_takes_half_of_what_the_server_has_free_past_a_tenth_kept_for_others() -> None:
    assert warmup.allowance(20, free=1000, max_connections=1000) == 20  # room: all it wants
    assert warmup.allowance(20, free=40, max_connections=100) == 15  # (40 - 10) / 2
    assert warmup.allowance(20, free=11, max_connections=100) == 1  # nearly full: the asking connection only
    assert warmup.allowance(20, free=0, max_connections=100) == 1


async def test_the_server_says_how_many_connections_it_has_free(services) -> None:
    free, most = await fleet.free_connections(services.db.primary)
    async with services.db.primary.connect() as conn:
        assert most == int((await conn.execute(text("SHOW max_connections"))).scalar_one())
        reserved = int((await conn.execute(text("SHOW superuser_reserved_connections"))).scalar_one())
        in_use = (await conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"))).scalar_one()
    # give or take the connections the suite's other processes opened or closed in between
    assert abs(free - (most - reserved - in_use)) <= 10


async def test_a_warm_up_opens_only_what_the_server_can_spare(settings, services, monkeypatch) -> None:
    async def nearly_full(_engine):  # noqa: ANN001, ANN202
        return 12, 100  # 2 free past the reserve of 10: half of it, one connection

    monkeypatch.setattr(fleet, "free_connections", nearly_full)
    redis, prefix = services.redis, f"test-warmup-{uuid.uuid4().hex}"
    known = str(select(OrgUnit.name).where(OrgUnit.id == 1).compile(services.db.primary))
    await redis.zadd(warmup.key(prefix, "primary"), {known: 1})
    await redis.set(warmup.peak_key(prefix, "primary", datetime.now(UTC).date()), 4)  # the load wanted all 4
    db = create_database(settings.model_copy(update={"database_pool_size": 4}))
    try:
        warmed = await warmup.warm_engines({"primary": (db.primary, 4)}, redis, prefix, timeout=30)
        assert warmed["primary"].connections == 1 and db.primary.pool.checkedin() == 1
        async with db.primary.connect() as conn:
            assert known in await _prepared(conn)
    finally:
        await redis.delete(warmup.key(prefix, "primary"), *_peak_keys(prefix, "primary"))
        await db.dispose()


@pytest.mark.parametrize(("peak", "opened"), [(2, 2), (None, 1)], ids=["a-peak-of-2", "no-peak-yet"])
async def test_a_warm_up_opens_no_more_connections_than_a_process_used_at_once_lately(
    settings, services, plenty_of_connections, peak, opened
) -> None:
    """Of a pool of 5: as many as the busiest process had in use at once yesterday (2), or one
    when no process has said yet."""
    redis, prefix = services.redis, f"test-warmup-{uuid.uuid4().hex}"
    known = str(select(OrgUnit.name).where(OrgUnit.id == 1).compile(services.db.primary))
    await redis.zadd(warmup.key(prefix, "primary"), {known: 1})
    if peak is not None:
        await redis.set(warmup.peak_key(prefix, "primary", datetime.now(UTC).date() - timedelta(days=1)), peak)
    db = create_database(settings.model_copy(update={"database_pool_size": 5}))
    try:
        warmed = await warmup.warm_engines({"primary": (db.primary, 5)}, redis, prefix, timeout=30)
        assert warmed["primary"].connections == opened and db.primary.pool.checkedin() == opened
    finally:
        await redis.delete(warmup.key(prefix, "primary"), *_peak_keys(prefix, "primary"))
        await db.dispose()
