"""A kept statement run on the driver's prepared statement, without SQLAlchemy's per-execution work.

The hottest reads (a search page, an archive's detail: ``CustomerRepository._listed``) run one
statement that is built once and kept (``_kept``), with only its values changing. SQLAlchemy's
Core execution of it does the same work on every run: the compiled-cache lookup (the statement's
cache key), an execution context, the parameters' processing, a cursor result and its metadata,
and a hop into and out of a greenlet for the adapter's cursor. For a search that was about a tenth
of the API's CPU (docs/benchmarks.md, "Twenty-second session").

``fetch`` does that work once per kept statement (``Driven``: the SQL text, the parameters'
order and bind processors, the result columns' names and result processors, all SQLAlchemy's own,
read from its compiled form) and then, per run, takes the parameters through those processors,
runs the statement on the asyncpg adapter's own prepared-statement cache (the one SQLAlchemy's
cursor uses and ``backend.db.warmup`` fills) and the rows through the result processors: the same
values, of the same types, as ``connection.execute(stmt, params).all()``.

What stays as SQLAlchemy has it:

* the connection: checked out by the session as before, so the tenancy guard (row-level security,
  ``backend.db.tenancy``) has set it up, in the transaction SQLAlchemy began on it (on the primary),
  under the adapter's lock on the connection;
* the engine's ``before_cursor_execute`` / ``after_cursor_execute`` events, dispatched with the SQL
  and its parameters (the warm-up's statement counts and the tests' statement counters see it),
  without a cursor or an execution context;
* errors: the driver's error goes through the adapter's translation and the connection's own
  handling, so it is raised as the same ``sqlalchemy.exc`` error, and a connection found dead is
  invalidated, as on SQLAlchemy's path.

A statement that SQLAlchemy renders anew per run (an ``IN`` list: expanding or literal parameters)
and a connection that is not asyncpg's go SQLAlchemy's way (``connection.execute``).
tests/platform/test_driver.py checks both ways give the same rows.

**One plan for all values** (``GENERAL_PLAN``). A kept statement whose best plan does not depend on
its values (a key lookup; a branch's name search, whose bound key range is an index range in any
plan) says so with ``.execution_options(cic_general_plan=True)``. On the read engine's connections
(``AUTOCOMMIT``, where a ``SET LOCAL`` does not hold) PostgreSQL then runs it with
``plan_cache_mode = force_generic_plan``: planned once per connection, not at every execution.
Left to ``auto``, PostgreSQL keeps a statement's general plan only while it looks no dearer than
the plans it made for the values, which for the name search held at 200,000 archives and not at a
million (the estimates of a few surnames' plans decided it): half of the database's CPU per search
(docs/benchmarks.md, "Twenty-third session"). Every other statement runs with ``auto``, as before.
The setting is a connection's, so the connection remembers it (in its pool record, cleared when it
reconnects, as ``backend.db.tenancy`` remembers its banks) and a statement that wants the other
one sets it first: a kept statement here, one SQLAlchemy runs in ``follow_plan_modes``'s listener.
A key lookup (``ANY_PLAN``: the archive's detail, a save's answer) runs well in either mode (its
bank written in, ``auto`` keeps its general plan too), so it takes the connection as it is: an
archive's detail between two searches switches nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from cachetools import LRUCache
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.sql import Executable


class Driven:
    """What running a kept statement on the driver needs, made once per statement and dialect."""

    __slots__ = ("binds", "compiled", "keys", "order", "plan", "processed", "sql")

    def __init__(self, compiled: Any, plan: str | None = None) -> None:
        self.compiled = compiled
        self.plan = plan  # GENERAL_PLAN, ANY_PLAN, or None: planned for its values (see the module)
        self.sql: str = compiled.string
        self.order: tuple[str, ...] = tuple(compiled.positiontup or ())
        binds = compiled._bind_processors
        self.binds: tuple[Callable[[Any], Any] | None, ...] = tuple(binds.get(name) for name in self.order)
        self.keys: tuple[str, ...] = tuple(column[0] for column in compiled._result_columns)
        # (column index, result processor) of the columns that have one; at the first run: ``learn``
        self.processed: tuple[tuple[int, Callable[[Any], Any]], ...] | None = None

    def learn(self, attributes: Sequence[Any]) -> None:
        """The result processors, as SQLAlchemy's result picks them: by each column's SQL type and
        the type the server describes it with (a numeric's processor depends on it)."""
        columns, dialect = self.compiled._result_columns, self.compiled.dialect
        if len(attributes) != len(columns):
            raise RuntimeError(f"the statement returns {len(attributes)} columns, its compiled form {len(columns)}")
        processors = (column[3]._cached_result_processor(dialect, attribute.type.oid) for column, attribute in zip(columns, attributes, strict=True))
        self.processed = tuple((index, process) for index, process in enumerate(processors) if process is not None)

    def arguments(self, params: dict[str, Any]) -> list[Any]:
        values = self.compiled.construct_params(params)
        return [value if bind is None else bind(value) for bind, value in zip(self.binds, (values[name] for name in self.order), strict=True)]

    def rows(self, records: Sequence[Any]) -> list[list[Any]]:
        processed = self.processed
        assert processed is not None
        rows = [list(record) for record in records]
        for index, process in processed:  # few columns have one (an enum's), most none
            for row in rows:
                row[index] = process(row[index])
        return rows


# The execution option ``PLAN`` of a kept statement: ``GENERAL_PLAN`` where one plan suits all its
# values, ``ANY_PLAN`` where either mode plans it well (see the module); absent, planned per values.
PLAN = "cic_plan"
GENERAL_PLAN = "general"
ANY_PLAN = "any"
# A connection's pool record's key: the plan mode set on it, where it is not PostgreSQL's default.
_PLAN_MODE = "cic_plan_mode"

# (id of the statement, id of the dialect) -> (the statement, its Driven or None where SQLAlchemy
# must run it). The entry holds the statement, so no other statement takes its id while it lives.
_DRIVEN: LRUCache = LRUCache(maxsize=2048)


def driven(statement: Executable, dialect: Any) -> Driven | None:
    """The statement's ``Driven`` for ``dialect``, or None where its SQL is rendered per run."""
    key = (id(statement), id(dialect))
    kept = _DRIVEN.get(key)
    if kept is not None and kept[0] is statement:
        return kept[1]
    compiled = statement.compile(dialect=dialect)
    if dialect.driver != "asyncpg" or compiled.literal_execute_params or compiled.post_compile_params:
        entry = None
    else:
        entry = Driven(compiled, statement.get_execution_options().get(PLAN))
    _DRIVEN[key] = (statement, entry)
    return entry


async def fetch(connection: AsyncConnection, statement: Executable, params: dict[str, Any]) -> tuple[tuple[str, ...], list[Any]]:
    """The result's column names and its rows, as ``connection.execute(statement, params)`` gives
    them (``keys()``, ``all()``), for a statement run many times (see the module)."""
    entry = driven(statement, connection.dialect)
    if entry is None:  # rendered per run (an IN list), or not asyncpg
        return await _through_sqlalchemy(connection, statement, params)
    adapted = (await connection.get_raw_connection()).dbapi_connection
    if adapted._transaction is None and adapted.isolation_level != "autocommit":
        # No transaction begun on it yet (on the primary, SQLAlchemy begins one at the first statement).
        return await _through_sqlalchemy(connection, statement, params)
    arguments = entry.arguments(params)
    sync = connection.sync_connection
    events = sync is not None and (sync._has_events or sync.engine._has_events)
    if events:
        sync.dispatch.before_cursor_execute(sync, None, entry.sql, arguments, None, False)
    # On the read engine, the plan mode the statement wants, set where the connection has the other.
    record = sync.connection.info if adapted.isolation_level == "autocommit" and entry.plan != ANY_PLAN else None
    wanted = entry.plan  # GENERAL_PLAN or None (``auto``)
    try:
        async with adapted._execute_mutex:
            if record is not None and record.get(_PLAN_MODE) != wanted:
                await adapted._connection.execute(_SET_MODE[wanted])
                record[_PLAN_MODE] = wanted
            prepared, attributes = await adapted._prepare(entry.sql, adapted._invalidate_schema_cache_asof)
            if entry.processed is None:
                entry.learn(attributes)
            records = await prepared.fetch(*arguments)
    except Exception as error:
        await connection.run_sync(_raise_as_sqlalchemy, adapted, error, entry.sql, arguments)
        raise  # not reached: the line above raises
    if events:
        sync.dispatch.after_cursor_execute(sync, None, entry.sql, arguments, None, False)
    return entry.keys, entry.rows(records)


_SET_MODE = {GENERAL_PLAN: "SET plan_cache_mode = force_generic_plan", None: "SET plan_cache_mode = auto"}


def follow_plan_modes(engine: Any) -> None:
    """On ``engine`` (the read engine), a statement SQLAlchemy runs on a connection a kept
    statement left with one plan for all values first sets PostgreSQL's default back (``auto``):
    its plan may depend on its values (see the module)."""

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _for_the_values(conn: Any, _cursor: Any, _statement: str, _parameters: Any, context: Any, _executemany: bool) -> None:
        if context is None:  # ``fetch``'s own dispatch: it has set the mode its statement wants
            return
        record = conn.connection.info
        if record.get(_PLAN_MODE) is not None:
            cursor = conn.connection.dbapi_connection.cursor()
            try:
                cursor.execute(_SET_MODE[None])
            finally:
                cursor.close()
            record[_PLAN_MODE] = None


async def _through_sqlalchemy(connection: AsyncConnection, statement: Executable, params: dict[str, Any]) -> tuple[tuple[str, ...], list[Any]]:
    result = await connection.execute(statement, params)
    return tuple(result.keys()), list(result.all())


def _raise_as_sqlalchemy(sync: Any, adapted: Any, error: Exception, sql: str, arguments: list[Any]) -> None:
    """The driver's ``error`` raised as SQLAlchemy raises it from a cursor: translated by the
    adapter into its DBAPI error, then wrapped by the connection (``sqlalchemy.exc``), which
    invalidates the connection when the error says it is gone."""
    try:
        adapted._handle_exception(error)
    except Exception as dbapi_error:
        sync._handle_dbapi_exception(dbapi_error, sql, tuple(arguments), None, None)
    raise error
