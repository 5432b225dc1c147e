"""The second wall between banks: PostgreSQL row-level security on every tenant table.

Application code scopes every query to the caller's org subtree (the readable statements). Under
that, each table with a ``bank_id`` has the policy ``tenant`` (migration 0024): a row is visible,
and may be written, only when its bank is one of the banks the session is acting for, or has no
bank (the province's own products, cards, models and staff). So a query that forgot its filter
still returns nothing of another bank.

Which banks a session acts for follows the request: ``bearer_principal`` puts the caller's banks
in ``acting_for`` (a context variable, so every resolver task of the request inherits it), and
each connection checked out of the pool while it is set runs as the role ``cic_tenant`` (not the
tables' owner, so the policies apply) with ``cic.banks`` set to them: ``*`` for province staff,
the bank's id for everyone else (a bank's or branch's staff, a mobile-banking customer, a bank's
machine client), ``*`` also for the province's own machine clients. Connections of workers,
the CLI and migrations never set it and run as the owner, which the policies do not restrict:
they work across banks by design.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

from sqlalchemy import BigInteger, event, literal_column
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql.elements import ColumnElement

from backend.auth.principal import Principal

ROLE = "cic_tenant"
acting_for: ContextVar[str | None] = ContextVar("acting_for", default=None)


def banks_of(principal: Principal) -> str:
    """The banks a principal acts for, as ``cic.banks`` holds them: its bank, or every bank for
    the province's staff and the province's own machine clients (no bank of their own; what they
    may do is limited by their roles or scopes)."""
    return "*" if principal.bank_id is None else str(principal.bank_id)


def act_for(principal: Principal | None) -> None:
    """From now on in this request, connections act for ``principal``'s banks (None: the owner)."""
    acting_for.set(None if principal is None else banks_of(principal))


def of_bank(column: Any, bank_id: int) -> ColumnElement[bool]:
    """``column = <bank>`` with the bank's id written into the statement, not bound.

    On a table partitioned by bank (migration 0026) PostgreSQL can then prune the other banks'
    partitions when it plans a prepared statement, so the general plan of a key lookup reads one
    partition, looks as cheap as a plan for the values, and is kept from the sixth execution on.
    With the bank as a parameter the general plan counts every partition, never looks as cheap,
    and the statement is planned anew at every execution: an archive's detail spent 0.6 of its
    0.75 ms in the database planning (docs/benchmarks.md, "Nineteenth session"). A statement
    whose best plan depends on its other values (a name prefix) is still planned for them: its
    general plan cannot use the prefix's index range and looks dearer. Statements kept per caller
    scope already differ by bank, so the bank written in adds no statements."""
    return column == literal_column(str(int(bank_id)), BigInteger())


def _statement_for(banks: str | None) -> tuple[str, tuple[str, ...]]:
    """The statement that makes a connection act for ``banks`` (None: as the tables' owner)."""
    if banks is None:
        return "SELECT set_config('role', 'none', false), set_config('cic.banks', '', false)", ()
    return f"SELECT set_config('role', '{ROLE}', false), set_config('cic.banks', $1, false)", (banks,)


def guard(engine: AsyncEngine, *, ping: bool = False, autocommit: bool = False) -> None:
    """Apply the request's banks to every connection as it is checked out. A connection a request
    has touched is set again at every checkout (to the next request's banks, or back to the
    owner), in the same transaction as the work that follows, so a rollback cannot leave it
    acting for the wrong banks; a connection no request touched (a worker's) costs nothing.

    ``autocommit`` (the read engine): no transaction can undo the setting, so the connection
    remembers what it acts for (in its pool record, which SQLAlchemy clears when it reconnects)
    and a checkout for the same banks runs nothing.

    The statement run at checkout is also the pool's liveness test, in place of SQLAlchemy's
    pre-ping (which costs the asyncpg dialect three round trips, BEGIN, an empty query and
    ROLLBACK, before every write): a connection the database dropped fails it with a disconnect,
    the pool is invalidated and a fresh connection takes its place, as after a failed pre-ping.
    ``ping`` (the API's primary): a checkout with nothing to set runs ``SELECT 1`` to be tested."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        banks = acting_for.get()
        if autocommit:
            if record.info.get("acting") == banks:  # a new connection acts for the owner (None)
                return
            statement, parameters = _statement_for(banks)
        elif banks is not None or record.info.get("tenant"):
            record.info["tenant"] = True
            statement, parameters = _statement_for(banks)
        elif ping:
            statement, parameters = "SELECT 1", ()
        else:
            return
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(statement, parameters)
        except engine.dialect.loaded_dbapi.Error as error:
            if engine.dialect.is_disconnect(error, dbapi_connection, cursor):
                raise InvalidatePoolError() from error
            raise
        finally:
            cursor.close()
        if autocommit:
            record.info["acting"] = banks


# How each table spreads past one server (docs/operations.md "Past one server"). Every table with
# a ``bank_id`` that is not listed below is *distributed* by it (Citus: ``create_distributed_table
# (t, 'bank_id')``, all co-located): ``bank_id`` is NOT NULL and in its primary key and every
# unique key, and its foreign keys point at reference tables or carry ``bank_id`` to the same
# bank's rows, so that a bank's rows and their joins stay on one node. The catalogue test
# (tests/platform/test_distribution.py) holds every table to its class.
REFERENCE_TABLES = frozenset({  # small and province-wide (province rows have no bank): a copy on every node
    "org_units", "staff_users", "uup_local_credentials", "oauth_clients", "products", "process_definitions",
    "rule_sets", "rules", "rule_evaluation_runs", "scorecards", "segment_models",
})  # fmt: skip
LOCAL_TABLES = frozenset({  # the platform's own bookkeeping and the province's rollups: on the coordinator
    "alembic_version", "job_executions", "outbox", "login_throttles", "refresh_tokens", "audit_log",
    "pending_changes", "report_facts", "report_files", "segment_counts",
})  # fmt: skip
# The customer-sized distributed tables are partitioned by bank, so that a bank's rows sit in one
# partition: by HASH (migration 0026; a new bank needs no partition of its own), and the business
# snapshots by LIST, one partition per bank that an import swaps in whole (migration 0010).
PARTITIONED_BY_HASH = frozenset({
    "customers", "customer_changes", "customer_assignments", "customer_images", "archive_evaluations",
    "customer_ratings", "rating_history", "business_monthly", "segment_memberships", "reminders", "contacts",
})  # fmt: skip
PARTITIONED_BY_LIST = frozenset({"deposit_accounts", "loan_accounts", "wealth_holdings", "service_signups", "business_aggregates"})
