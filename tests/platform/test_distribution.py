"""The catalogue is ready to distribute by bank (issue 19, docs/operations.md "Past one server"):
every table is a distributed, reference or local table (backend/db/tenancy.py), and each
distributed table has what Citus needs to split it by ``bank_id`` without a schema change."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import text

from backend.db.tenancy import LOCAL_TABLES, PARTITIONED_BY_HASH, PARTITIONED_BY_LIST, REFERENCE_TABLES

TABLES = """
SELECT c.relname, a.attnum, a.attnotnull
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'bank_id' AND NOT a.attisdropped
WHERE c.relkind IN ('r', 'p') AND NOT c.relispartition
"""
# Unique indexes (primary keys among them) with their key columns, by position; 0 is an expression.
UNIQUE = """
SELECT c.relname, i.indexrelid::regclass::text, i.indkey::int2[]::int[], i.indnkeyatts
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
WHERE i.indisunique AND NOT c.relispartition
"""
FOREIGN = """
SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text,
       ARRAY(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY o),
       ARRAY(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o) JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY o)
FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace AND NOT r.relispartition AND c.conparentid = 0
"""


async def _catalogue(services):
    async with services.db.sessions() as session:
        tables = (await session.execute(text(TABLES))).all()
        unique = (await session.execute(text(UNIQUE))).all()
        foreign = (await session.execute(text(FOREIGN))).all()
    return tables, unique, foreign


async def test_every_table_has_a_class_and_every_distributed_key_leads_to_one_bank(services):
    tables, unique, foreign = await _catalogue(services)
    names = {t for t, *_ in tables}
    assert not (REFERENCE_TABLES | LOCAL_TABLES) - names, "a listed table that does not exist"
    assert not REFERENCE_TABLES & LOCAL_TABLES
    bank_column = {t: (attnum, notnull) for t, attnum, notnull in tables if attnum is not None}
    distributed = set(bank_column) - REFERENCE_TABLES - LOCAL_TABLES
    unclassified = names - distributed - REFERENCE_TABLES - LOCAL_TABLES
    assert not unclassified, f"tables without bank_id that are neither reference nor local: {sorted(unclassified)}"
    assert {"customers", "customer_changes", "customer_images", "approval_tasks", "sms_messages", "warehouse_rejects"} <= distributed

    problems: list[str] = []
    problems += [f"{t}: bank_id may be null" for t in sorted(distributed) if not bank_column[t][1]]
    keyed: dict[str, list[str]] = defaultdict(list)
    for table, index, keys, n_keys in unique:
        keyed[table].append(index)
        if table in distributed and bank_column[table][0] not in keys[:n_keys]:
            problems.append(f"{table}: unique key {index} without bank_id")
    problems += [f"{t}: no primary key" for t in sorted(distributed) if not any(i.startswith("pk_") for i in keyed[t])]
    for name, source, target, columns, referenced in foreign:
        if source in distributed:
            same_bank = "bank_id" in columns and referenced[columns.index("bank_id")] == "bank_id"
            if target not in REFERENCE_TABLES and not (target in distributed and same_bank):
                problems.append(f"{name}: {source} -> {target} neither a reference table nor the same bank's row")
        elif source in REFERENCE_TABLES and target not in REFERENCE_TABLES:
            problems.append(f"{name}: reference table {source} -> {target}, which is not one")
        elif source in LOCAL_TABLES and target in distributed:
            problems.append(f"{name}: local table {source} -> distributed {target}")
    assert not problems, "\n".join(problems)


PARTITIONED = """
SELECT c.relname, p.partstrat::text, ARRAY(SELECT attname FROM unnest(p.partattrs) k(n) JOIN pg_attribute ON attrelid = c.oid AND attnum = k.n)
FROM pg_partitioned_table p JOIN pg_class c ON c.oid = p.partrelid
"""


async def test_the_customer_sized_tables_are_partitioned_by_bank(services):
    async with services.db.sessions() as session:
        partitioned = {t: (strategy, keys) for t, strategy, keys in (await session.execute(text(PARTITIONED))).all()}
        # customers: eight partitions, and a bank's archives all in one of them
        parts = (await session.execute(text("SELECT count(*) FROM pg_inherits WHERE inhparent = 'customers'::regclass"))).scalar_one()
    assert {t: partitioned.get(t) for t in PARTITIONED_BY_HASH} == {t: ("h", ["bank_id"]) for t in PARTITIONED_BY_HASH}
    assert {t: partitioned.get(t) for t in PARTITIONED_BY_LIST} == {t: ("l", ["bank_id"]) for t in PARTITIONED_BY_LIST}
    assert parts == 8


async def test_the_archive_estimate_sums_the_partitions(services):
    """The list's total for large scopes is the planner's estimate: over a partitioned table it
    is the partitions' (the parent has no rows of its own)."""
    from backend.customers.repository import ESTIMATE
    from backend.db.session import transaction
    from backend.demo import load_demo_customers

    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    async with services.db.sessions() as session:
        # autovacuum analyzes the partitions, never the partitioned parent
        await session.execute(text("ANALYZE " + ", ".join(f"customers_p{n}" for n in range(8))))
        count = (await session.execute(text("SELECT count(*) FROM customers"))).scalar_one()
        estimate = (await session.execute(text(ESTIMATE))).scalar_one()
        parent = (await session.execute(text("SELECT reltuples FROM pg_class WHERE oid = 'customers'::regclass"))).scalar_one()
    assert count > 100 and estimate == count
    assert parent != count  # the parent's own figure: what the estimate read before the tables were partitioned
