"""customers: the pinyin-ordered indexes of a branch and of a bank carry the columns the search's
count tests (the name, and the bank or the org path), so that ``totalCount`` is an index-only scan.

The count of a name-prefix search (up to 10,001 archives, ``schema/customers.py`` ``COUNT_CAP``)
read a heap page per archive to test the name (``name || ''`` is a filter, never a range:
docs/customers.md "Search"): about 120 ms and 10,000 page reads for a common surname in a branch
of 600,000 archives, the largest single cost of the database under the sustained load of
docs/load-report.md (0.63 busy backends on average). With ``name`` and the other scope column
included it reads only the index (6-12 ms, row-level security on). The page itself reads these
indexes as before.

Each index is rebuilt on every partition of ``customers``: on a province's database (8.5 million
archives) run it in a maintenance window, as migration 0026 (docs/operations.md).
"""

from alembic import op

revision, down_revision = "0027", "0026"  # 2026-12-05; no branch labels, no dependencies

COVERING = {
    "ix_customers_scope_name_sort": (["org_path", "name_sort", "id"], ["name", "bank_id"]),
    "ix_customers_bank_name_sort": (["bank_id", "name_sort", "id"], ["name", "org_path"]),
}


def upgrade() -> None:
    for name, (columns, include) in COVERING.items():
        op.drop_index(name, table_name="customers")
        op.create_index(name, "customers", columns, unique=False, postgresql_include=include)
        _name_partitions(name)


def downgrade() -> None:
    for name, (columns, _) in COVERING.items():
        op.drop_index(name, table_name="customers")
        op.create_index(name, "customers", columns, unique=False)
        _name_partitions(name)


def _name_partitions(name: str) -> None:
    """Each partition's index named after its parent's, as migration 0026 named them
    (ix_customers_scope_name_sort_p3), not PostgreSQL's generated names."""
    op.execute(
        f"""DO $$ DECLARE r record; BEGIN
              FOR r IN SELECT child.relname AS child, part.relname AS part
                       FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid
                       JOIN pg_index cx ON cx.indexrelid = child.oid JOIN pg_class part ON part.oid = cx.indrelid
                       WHERE i.inhparent = '{name}'::regclass LOOP
                EXECUTE format('ALTER INDEX %I RENAME TO %I', r.child, '{name}' || substr(r.part, length('customers') + 1));
              END LOOP; END $$"""
    )
