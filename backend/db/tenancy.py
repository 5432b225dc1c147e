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

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

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


def guard(engine: AsyncEngine) -> None:
    """Apply the request's banks to every connection as it is checked out. A connection a request
    has touched is set again at every checkout (to the next request's banks, or back to the
    owner), in the same transaction as the work that follows, so a rollback cannot leave it
    acting for the wrong banks; a connection no request touched (a worker's) costs nothing."""

    @event.listens_for(engine.sync_engine, "checkout")
    def _checkout(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        banks = acting_for.get()
        if banks is None and not record.info.get("tenant"):
            return
        record.info["tenant"] = True
        cursor = dbapi_connection.cursor()
        try:
            if banks is None:
                cursor.execute("SELECT set_config('role', 'none', false), set_config('cic.banks', '', false)")
            else:
                cursor.execute(f"SELECT set_config('role', '{ROLE}', false), set_config('cic.banks', $1, false)", (banks,))
        finally:
            cursor.close()


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
