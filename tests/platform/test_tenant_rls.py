"""The second wall between banks (backend/db/tenancy.py, migration 0024): row-level security on
every tenant table, keyed on the banks the request acts for, so that a query that forgot its
scope still returns nothing of another bank."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import text
from sqlalchemy.dialects import postgresql
from sqlalchemy.exc import DBAPIError

from backend.auth.principal import Principal
from backend.db.session import transaction
from backend.demo import load_demo_customers
from backend.db.tenancy import acting_for
from backend.web.auth import bearer_principal
from tests.helpers import login
from tests.waiting import until


async def _as(client, services, username: str) -> Principal:
    """What a request of ``username`` does first: resolve its bearer token (and so its banks)."""
    principal, error = await bearer_principal(services, f"Bearer {await login(client, username)}")
    assert error is None and principal is not None
    return principal


async def principal_of(client, services, username: str) -> Principal:
    """``username``'s principal for a test that then queries as them outside a request: the banks
    its token resolution set for the request are not left acting."""
    token = acting_for.set(None)
    try:
        return await _as(client, services, username)
    finally:
        acting_for.reset(token)


async def _plan(session, stmt, *priced_out: str) -> tuple[str, str]:
    """``stmt`` as SQL (its values inlined) and its JSON plan with the given scan kinds priced out."""
    sql = str(stmt.compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
    for kind in priced_out:
        await session.execute(text(f"SET LOCAL enable_{kind} = off"))
    return sql, json.dumps((await session.execute(text(f"EXPLAIN (FORMAT JSON) {sql}"))).scalar())


async def _count(services, statement: str) -> int:
    async with services.db.sessions() as session:
        return (await session.execute(text(statement))).scalar_one()


async def test_a_query_without_its_scope_returns_nothing_of_another_bank(client, services):
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    # The worker's view (the tables' owner): archives of several banks.
    everyone = await _count(services, "SELECT count(*) FROM customers")
    async with services.db.sessions() as session:
        per_bank = dict((await session.execute(text("SELECT bank_id, count(*) FROM customers GROUP BY bank_id"))).all())
    assert len(per_bank) > 1 and sum(per_bank.values()) == everyone
    fz = await _count(services, "SELECT id FROM org_units WHERE code = 'FJ-FZ'")

    token = acting_for.set(None)
    try:
        await _as(client, services, "fz1.cm1")  # a customer manager of Fuzhou's bank
        # A deliberately unscoped query, on the primary and on the read path alike.
        assert await _count(services, "SELECT count(*) FROM customers") == per_bank[fz]
        async with services.db.read_sessions() as session:
            seen = (await session.execute(text("SELECT DISTINCT bank_id FROM customers"))).scalars().all()
        assert seen == [fz]
        # Nor can it write a row of another bank.
        other = next(b for b in per_bank if b != fz)
        with pytest.raises(DBAPIError, match="row-level security"):
            async with transaction(services.db.sessions) as session:
                await session.execute(
                    text("INSERT INTO villages (bank_id, code, parent_code, name, level) VALUES (:b, 'X1', 'X', '越权村', 'VILLAGE')"), {"b": other}
                )
        # The province's staff act for every bank.
        await _as(client, services, "prov.analyst")
        assert await _count(services, "SELECT count(*) FROM customers") == everyone
    finally:
        acting_for.reset(token)
    assert await _count(services, "SELECT count(*) FROM customers") == everyone  # the owner again


async def test_every_tenant_table_has_the_tenant_policy(services):
    """The catalogue: a table with bank_id has row-level security on and the policy ``tenant``;
    a new tenant table without it fails here."""
    async with services.db.sessions() as session:
        rows = (await session.execute(text(
            """SELECT c.relname, c.relrowsecurity, EXISTS (SELECT 1 FROM pg_policy p WHERE p.polrelid = c.oid AND p.polname = 'tenant')
               FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition
                 AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'bank_id' AND NOT a.attisdropped)"""
        ))).all()  # fmt: skip
    assert len(rows) >= 40
    assert [name for name, secured, policy in rows if not (secured and policy)] == []


async def test_a_request_that_ends_leaves_its_banks_behind(client, services):
    """The banks belong to one request: the next code on the same task acts as the owner again."""
    response = await client.post("/graphql", json={"query": "{ __typename }"},
                                 headers={"Authorization": f"Bearer {await login(client, 'fz1.cm1')}"})  # fmt: skip
    assert response.status_code == 200
    assert acting_for.get() is None


async def test_downloads_authenticate_like_graphql(client, services):
    """Downloads resolve their caller through ``bearer_principal`` (and so act for its banks)."""
    assert (await client.get("/exports/customers.xlsx")).json()["error"] == "unauthenticated"
    refused = await client.get("/exports/customers.xlsx", headers={"Authorization": "Bearer not-a-token"})
    assert refused.status_code == 401 and refused.json()["error"] == "invalid_token"
    response = await client.get("/imports/archives/template.xlsx", headers={"Authorization": f"Bearer {await login(client, 'fz.admin')}"})
    assert response.status_code == 200 and acting_for.get() is None


async def test_a_name_search_under_the_tenant_policy_reads_its_index_range(client, services):
    """Under the policies PostgreSQL applies no non-leakproof condition before the policy: a
    ``LIKE 'prefix%'`` stopped being an index condition and a branch's name search scanned its
    bank. The prefixes are ``^@`` (backend/db/prefix.py): the plan reads the name key's range,
    in the one partition of the caller's bank."""
    from backend.customers.repository import CustomerFilter, CustomerRepository
    from backend.customers.models import Customer

    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    token = acting_for.set(None)
    try:
        principal = await _as(client, services, "fz1.manager")
        async with services.db.sessions() as session:
            assert (await session.execute(text("SELECT current_user"))).scalar_one() == "cic_tenant"
            for scope_filter in (CustomerFilter(name_prefix="陈"), CustomerFilter(name_prefix="陈", org_path=principal.scope_path)):
                stmt = CustomerRepository(session)._matching(principal, scope_filter).order_by(Customer.name_sort, Customer.id).limit(21)
                sql, plan = await _plan(session, stmt, "seqscan")
                conditions = [c for c in re.findall(r'"Index Cond": "([^"]*)"', plan)]
                assert any("name_sort >=" in c for c in conditions), plan
                # The name itself only tells homophones apart: never a range the planner could
                # read instead (at 8.5 million archives it did, and sorted a surname's archives).
                assert not any("(name)::text >=" in c for c in conditions), plan
                assert "CASE WHEN (customers.name ^@ '陈') THEN true ELSE false END" in sql, sql
                assert '"Sort"' not in plan, plan
                # and only the partition that holds the caller's bank (migration 0026)
                assert len(set(re.findall(r'"Relation Name": "(customers_p\d+)"', plan))) == 1, plan
    finally:
        acting_for.reset(token)


async def test_the_name_test_is_not_taken_for_a_rare_one(client, services):
    """Within its pinyin key's range nearly every name begins with the searched characters. Taken
    for a 0.5 % filter (``(name || '') ^@``: no statistics), it made the planner expect fewer rows
    than a page for common surnames, read their whole range and sort it (20 ms, not 0.2 ms). The
    search's form of the test (a CASE) is estimated at a half."""
    from backend.customers.repository import CustomerFilter, CustomerRepository

    principal = await principal_of(client, services, "fz1.manager")
    async with services.db.sessions() as session:
        # A table of names with statistics, as the planner sees a bank's archives.
        await session.execute(text("CREATE TEMP TABLE names ON COMMIT DROP AS SELECT '陈' || g AS name FROM generate_series(1, 100000) g"))
        await session.execute(text("ANALYZE names"))

        async def rows(where: str) -> float:
            plan = (await session.execute(text(f"EXPLAIN (FORMAT JSON) SELECT 1 FROM names {where}"))).scalar()
            return plan[0]["Plan"]["Plan Rows"]

        everything = await rows("")
        assert everything > 50_000
        test = CustomerRepository(session)._matching(principal, CustomerFilter(name_prefix="陈")).whereclause
        searched = [c for c in test.clauses if "CASE" in str(c)]
        assert len(searched) == 1, str(test)
        clause = str(searched[0].compile(dialect=postgresql.dialect(), compile_kwargs={"literal_binds": True}))
        assert await rows(f"WHERE {clause.replace('customers.', '')}") >= everything / 5, clause
        assert await rows("WHERE (name || '') ^@ '陈'") < everything / 50  # what it replaced


async def test_a_name_searchs_count_reads_only_the_index_of_its_scope(client, services):
    """``totalCount`` of a name-prefix search counts up to 10,001 archives: testing the name on
    the heap cost a page read per archive (120 ms for a common surname in a branch of 600,000).
    The pinyin-ordered indexes of a branch and of a bank carry what the count tests (migration
    0027): with heap reads priced out the plan is an index-only scan of the scope's index, under
    the tenant policy."""
    from backend.customers.repository import CustomerFilter, CustomerRepository

    async with transaction(services.db.sessions) as session:
        # Committed to the disk before VACUUM: the test database commits asynchronously
        # (tests/conftest.py), and VACUUM marks a page all-visible only once its rows' commits
        # are flushed (it cannot set their hint bits before).
        await session.execute(text("SET LOCAL synchronous_commit = on"))
        await load_demo_customers(session, services.cipher)
    async with services.db.primary.connect() as conn:  # the visibility map an index-only scan needs
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")

        async def all_visible() -> bool:
            # A snapshot open elsewhere in the database (autovacuum's ANALYZE after the load, on a
            # busy machine) keeps VACUUM from marking the new rows' pages all-visible; the planner
            # then prices heap reads in. Vacuum again until every partition's pages are marked.
            await conn.exec_driver_sql("VACUUM customers")
            pages, visible = (await conn.exec_driver_sql(
                "SELECT coalesce(sum(c.relpages), 0), coalesce(sum(c.relallvisible), 0) FROM pg_inherits i"
                " JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'customers'::regclass")).one()
            return visible >= pages

        await until(all_visible, "every page of customers marked all-visible by VACUUM")
    token = acting_for.set(None)
    try:
        for username in ("fz1.manager", "fz.admin"):
            principal = await _as(client, services, username)
            async with services.db.sessions() as session:
                assert (await session.execute(text("SELECT current_user"))).scalar_one() == "cic_tenant"
                stmt = CustomerRepository(session).counting(principal, CustomerFilter(name_prefix="陈"), cap=10_000)
                _, plan = await _plan(session, stmt, "seqscan", "bitmapscan")
                scans = re.findall(r'"Node Type": "([^"]*Scan)"', plan)
                assert scans == ["Index Only Scan"], (username, plan)
                # (on a table this small the planner may take either scope's index: both carry it)
                assert all("name_sort" in name for name in re.findall(r'"Index Name": "([^"]*)"', plan)), plan
    finally:
        acting_for.reset(token)


async def test_a_bank_partition_made_during_a_request_is_made_by_the_owner(client, services):
    """A loan callback can be the first write of a bank's business aggregates, in a request acting
    as the tenant role, which may not create tables: the partition is created as the owner and
    the request goes on as the tenant."""
    from backend.business.models import BusinessAggregate
    from backend.db.copy import ensure_bank_partition

    fz = await _count(services, "SELECT id FROM org_units WHERE code = 'FJ-FZ'")
    async with transaction(services.db.sessions) as session:
        await session.execute(text(f"DROP TABLE IF EXISTS business_aggregates_b{fz}"))
    token = acting_for.set(None)
    try:
        await _as(client, services, "fz1.cm1")
        async with transaction(services.db.sessions) as session:
            assert (await session.execute(text("SELECT current_user"))).scalar_one() == "cic_tenant"
            await ensure_bank_partition(session, BusinessAggregate.__table__, fz)
            assert (await session.execute(text("SELECT current_user"))).scalar_one() == "cic_tenant"
    finally:
        acting_for.reset(token)
    assert await _count(services, f"SELECT count(*) FROM pg_tables WHERE tablename = 'business_aggregates_b{fz}'") == 1


def test_only_the_caller_lookup_uses_the_identity_pool_that_sees_every_bank():
    """The identity pool's sessions act as the tables' owner (backend/db/engine.py `_identity`):
    a resolver or service that used them would read past row-level security. Only
    `bearer_principal` may."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    users = sorted(
        str(path.relative_to(root))
        for package in ("backend", "resolvers", "schema", "workers")
        for path in (root / package).rglob("*.py")
        if "identity_sessions" in path.read_text(encoding="utf-8") or ".db.identity" in path.read_text(encoding="utf-8")
    )
    assert users == ["backend/db/engine.py", "backend/web/auth.py"], users
