"""The API's connection pools keep what a burst needed (CIC_DATABASE_POOL_SIZE) and close only
the overflow beyond it (CIC_DATABASE_POOL_OVERFLOW): a pool smaller than the usual concurrency
opened and closed a PostgreSQL process per request under load (docs/operations.md). A pooled
connection the database dropped is replaced at checkout: the statement that sets the request's
banks (or ``SELECT 1``) is the liveness test (backend/db/tenancy.py ``guard``)."""

from __future__ import annotations

import contextlib

import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from backend.auth.principal import Principal
from backend.db.engine import create_database
from backend.db.session import transaction
from backend.db.tenancy import act_for, acting_for
from tests.faults import TcpProxy

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



@pytest.mark.parametrize("caller", [None, "bank"], ids=["no caller (SELECT 1)", "a bank's caller (its banks set)"])
async def test_a_write_after_the_database_dropped_every_pooled_connection_gets_a_fresh_one(settings, caller) -> None:
    url = make_url(settings.database_url)
    socket_dir = url.query.get("host")  # the embedded PostgreSQL: a unix socket in its data directory
    proxy = TcpProxy(url.host or "127.0.0.1", url.port or 5432,
                     target_unix=f"{socket_dir}/.s.PGSQL.{url.port or 5432}" if socket_dir else None)
    await proxy.up()
    through = url.set(host="127.0.0.1", port=proxy.port, query={k: v for k, v in url.query.items() if k != "host"})
    db = create_database(settings.model_copy(update={"database_pool_size": 2}), through.render_as_string(hide_password=False))
    token = acting_for.set(None)
    try:
        if caller:
            act_for(Principal(kind="staff", user_id=1, bank_id=2, scope_path="/1/2/"))

        async def write() -> int:
            async with transaction(db.sessions) as session:
                return (await session.execute(PID)).scalar_one()

        before = {await write(), await write()}
        await proxy.down()  # the server's side of every pooled connection is gone
        await proxy.up()
        after = await write()  # no error: the checkout found the connection dead and opened another
        assert after not in before
        if caller:
            async with transaction(db.sessions) as session:
                assert (await session.execute(text("SELECT current_setting('cic.banks')"))).scalar_one() == "2"
    finally:
        acting_for.reset(token)
        await db.dispose()
        await proxy.down()
        proxy.close()


async def test_a_read_connection_acts_for_each_checkouts_banks_though_it_sets_them_only_when_they_change(settings) -> None:
    """The read engine (autocommit) remembers what a connection acts for and skips the setting
    when the next checkout's banks are the same: the one connection still acts for whoever
    checks it out, across banks, the province and the owner, and again after it reconnects."""
    db = create_database(settings.model_copy(update={"database_pool_size": 1}))
    acting = text("SELECT current_user, current_setting('cic.banks', true), pg_backend_pid()")
    token = acting_for.set(None)
    bank2 = Principal(kind="staff", user_id=1, bank_id=2, scope_path="/1/2/")
    bank3 = Principal(kind="customer", bank_id=3, scope_path="/1/3/9/")
    province = Principal(kind="staff", user_id=1, scope_path="/1/")
    try:
        async def seen(principal: Principal | None) -> tuple[str, str | None, int]:
            act_for(principal)
            async with db.read_sessions() as session:
                return tuple((await session.execute(acting)).one())  # type: ignore[return-value]

        owner, _, pid = await seen(None)
        assert owner != "cic_tenant"
        steps = [(bank2, ("cic_tenant", "2")), (bank2, ("cic_tenant", "2")), (bank3, ("cic_tenant", "3")),
                 (province, ("cic_tenant", "*")), (province, ("cic_tenant", "*")), (None, (owner, "")), (bank2, ("cic_tenant", "2"))]
        for principal, expected in steps:
            user, banks, same_pid = await seen(principal)
            assert (user, banks) == expected and same_pid == pid
        # A new server process (the old one terminated) starts as the owner: the setting follows.
        act_for(None)
        async with db.primary.connect() as admin:
            await admin.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
        with contextlib.suppress(Exception):
            await seen(bank2)  # the dead connection fails once and is replaced
        user, banks, new_pid = await seen(bank2)
        assert (user, banks) == ("cic_tenant", "2") and new_pid != pid
    finally:
        acting_for.reset(token)
        await db.dispose()


async def test_a_new_connection_learns_the_array_types_in_one_catalogue_query(settings, monkeypatch) -> None:
    """asyncpg asks the catalogue about each array type a connection meets (a query PostgreSQL
    plans afresh each time); a new connection of either engine asks once, for all of them, before
    its first statement, and its statements with arrays then ask nothing."""
    import asyncpg

    asked: list[tuple[int, ...]] = []
    original = asyncpg.Connection._introspect_types

    async def counted(self, typeoids, timeout):  # type: ignore[no-untyped-def]
        asked.append(tuple(typeoids))
        return await original(self, typeoids, timeout)

    monkeypatch.setattr(asyncpg.Connection, "_introspect_types", counted)
    db = create_database(settings)
    try:
        for engine in (db.primary, db.replica):
            asked.clear()
            async with engine.connect() as conn:
                ids = (await conn.execute(text("SELECT CAST(:ids AS bigint[])"), {"ids": [1, 2]})).scalar_one()
                days = (await conn.execute(text("SELECT ARRAY[DATE '2026-12-06']"))).scalar_one()
                keys = (await conn.execute(text("SELECT ARRAY[gen_random_uuid()]"))).scalar_one()
                codes = (await conn.execute(text("SELECT ARRAY['a'::varchar]"))).scalar_one()
            assert (ids, [str(d) for d in days], len(keys), codes) == ([1, 2], ["2026-12-06"], 1, ["a"])
            assert len(asked) == 1, asked  # the connection's own question, none for the statements
    finally:
        await db.dispose()
