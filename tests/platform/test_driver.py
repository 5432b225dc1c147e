"""A kept statement run on the driver's prepared statement (backend/db/driver.py) reads what
SQLAlchemy's execution reads: the same column names, values and types, the engine's statement
events, and on failure the same ``sqlalchemy.exc`` error, with a dead connection invalidated."""

from __future__ import annotations

import uuid
from decimal import Decimal

import pytest
from sqlalchemy import Integer, Numeric, Uuid, bindparam, cast, event, func, literal_column, select, text, type_coerce
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.pool import NullPool

from backend.customers.models import ArchiveStatus, Customer
from backend.db import driver
from backend.orgs.models import OrgUnit

# Columns whose values SQLAlchemy processes after the driver: an enum (str -> ArchiveStatus), a
# numeric (its processor chosen by the type the server describes) and a UUID parameter.
STATEMENT = (
    select(
        OrgUnit.id,
        OrgUnit.name,
        OrgUnit.path,
        type_coerce(literal_column("'SUBMITTED'"), Customer.__table__.c.status.type).label("status"),
        cast(bindparam("amount", type_=Numeric(12, 2)), Numeric(12, 2)).label("amount"),
        bindparam("marker", type_=Uuid).label("marker"),
    )
    .where(OrgUnit.id <= bindparam("up_to"))
    .order_by(OrgUnit.id)
)
VALUES = {"amount": Decimal("1234.50"), "marker": uuid.UUID(int=7), "up_to": 3}


def _seen(engine, statements: list[str]):  # noqa: ANN001, ANN202
    def listener(_conn, _cursor, statement, *_args) -> None:  # noqa: ANN001
        statements.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", listener)
    return lambda: event.remove(engine.sync_engine, "before_cursor_execute", listener)


@pytest.mark.parametrize("role", ["replica", "primary"])
async def test_a_kept_statement_reads_what_sqlalchemy_reads(services, role: str) -> None:
    engine = getattr(services.db, role)  # the read engine (autocommit) and the primary (in a transaction)
    statements: list[str] = []
    forget = _seen(engine, statements)
    try:
        async with engine.connect() as conn:
            expected = await conn.execute(STATEMENT, VALUES)
            expected_keys, expected_rows = tuple(expected.keys()), [tuple(r) for r in expected.all()]
            assert driver.driven(STATEMENT, conn.dialect) is not None  # the driver's way, not SQLAlchemy's
            keys, rows = await driver.fetch(conn, STATEMENT, VALUES)
    finally:
        forget()
    assert expected_rows, "the test reads no rows"
    assert keys == expected_keys == ("id", "name", "path", "status", "amount", "marker")
    assert [tuple(r) for r in rows] == expected_rows
    for ours, theirs in zip(rows, expected_rows, strict=True):
        assert [type(v) for v in ours] == [type(v) for v in theirs]
    assert rows[0][3] is ArchiveStatus.SUBMITTED and rows[0][4] == Decimal("1234.50") and rows[0][5] == uuid.UUID(int=7)
    # the engine's statement events saw both runs, with the same SQL
    assert len(statements) == 2 and statements[0] == statements[1]


async def test_on_the_primary_with_no_transaction_begun_the_statement_goes_sqlalchemys_way(services) -> None:
    # The driver's way would run it outside the transaction SQLAlchemy is about to begin (autocommit,
    # unseen by a later rollback); SQLAlchemy's way begins it, as its first statement always does.
    # An engine on the primary with no statement at checkout (the API's primary runs its guard's or
    # a ping there, which begins the transaction first; a worker's without tenancy runs nothing).
    engine = create_async_engine(services.db.primary.url, poolclass=NullPool)
    try:
        async with engine.connect() as conn:
            adapted = (await conn.get_raw_connection()).dbapi_connection
            assert adapted.isolation_level != "autocommit" and adapted._transaction is None, "the connection has begun already"
            keys, rows = await driver.fetch(conn, STATEMENT, VALUES)
            assert adapted._transaction is not None  # begun by SQLAlchemy's execution
            expected = await conn.execute(STATEMENT, VALUES)
            assert keys == tuple(expected.keys()) and [tuple(r) for r in rows] == [tuple(r) for r in expected.all()]
    finally:
        await engine.dispose()


async def test_a_statement_rendered_per_run_goes_sqlalchemys_way(services) -> None:
    in_list = select(OrgUnit.id).where(OrgUnit.id.in_(bindparam("ids", expanding=True))).order_by(OrgUnit.id)
    async with services.db.replica.connect() as conn:
        assert driver.driven(in_list, conn.dialect) is None
        keys, rows = await driver.fetch(conn, in_list, {"ids": [1, 2]})
    assert keys == ("id",) and [tuple(r) for r in rows] == [(1,), (2,)]


async def test_a_failing_statement_raises_as_sqlalchemy_raises_it(services) -> None:
    dividing = select(literal_column("10", Integer) / bindparam("by", type_=Integer))
    async with services.db.replica.connect() as conn:
        with pytest.raises(DBAPIError) as raised:
            await driver.fetch(conn, dividing, {"by": 0})
        assert "division by zero" in str(raised.value.orig) and not raised.value.connection_invalidated
        assert "by" not in str(raised.value.params or "")  # hide_parameters, as on SQLAlchemy's path
        # the connection is still good
        _keys, rows = await driver.fetch(conn, dividing, {"by": 5})
        assert [tuple(r) for r in rows] == [(2,)]


async def test_a_connection_found_dead_is_invalidated(services) -> None:
    async with services.db.replica.connect() as conn:
        pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
        async with services.db.identity.connect() as other:
            assert (await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})).scalar_one()
        with pytest.raises(DBAPIError) as raised:
            await driver.fetch(conn, STATEMENT, VALUES)
        assert raised.value.connection_invalidated
    # the pool hands out a live connection next
    async with services.db.replica.connect() as conn:
        _keys, rows = await driver.fetch(conn, STATEMENT, VALUES)
        assert rows


async def test_a_statement_for_all_values_runs_with_one_plan_and_others_with_postgresqls_default(services) -> None:
    """On the read engine, a kept statement marked ``GENERAL_PLAN`` runs with
    ``plan_cache_mode = force_generic_plan``; the connection remembers it, a key lookup
    (``ANY_PLAN``) leaves it as it is, and the next statement that is not marked (the driver's or
    SQLAlchemy's) runs with ``auto`` again."""
    mode = select(func.current_setting("plan_cache_mode").label("mode"))
    one_plan = select(func.current_setting("plan_cache_mode").label("mode")).execution_options(**{driver.PLAN: driver.GENERAL_PLAN})
    either = select(func.current_setting("plan_cache_mode").label("mode")).execution_options(**{driver.PLAN: driver.ANY_PLAN})
    async with services.db.replica.connect() as conn:
        raw = (await conn.get_raw_connection()).driver_connection
        assert (await driver.fetch(conn, mode, {}))[1] == [["auto"]]
        assert (await driver.fetch(conn, either, {}))[1] == [["auto"]]  # a key lookup takes the mode as it is
        assert (await driver.fetch(conn, one_plan, {}))[1] == [["force_generic_plan"]]
        assert (await driver.fetch(conn, one_plan, {}))[1] == [["force_generic_plan"]]
        assert (await driver.fetch(conn, either, {}))[1] == [["force_generic_plan"]]  # ... and switches nothing
        assert await raw.fetchval("SHOW plan_cache_mode") == "force_generic_plan"  # the connection's
        assert (await conn.execute(mode)).scalar() == "auto"  # SQLAlchemy's way: the default again
        assert (await driver.fetch(conn, one_plan, {}))[1] == [["force_generic_plan"]]
        assert (await driver.fetch(conn, mode, {}))[1] == [["auto"]]  # the driver's way too
    # On the primary (in a transaction) nothing is set: a transaction sets its own (keyed_plans).
    async with services.db.primary.connect() as conn:
        await conn.execute(text("SELECT 1"))
        assert (await driver.fetch(conn, one_plan, {}))[1] == [["auto"]]
