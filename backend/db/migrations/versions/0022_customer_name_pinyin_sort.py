"""customers: the pinyin sort key of the name (name_sort) and its keyset indexes; indexes for the
list by last change in a bank and across banks (docs/customers.md#search).

The key is computed in Python (backend.customers.sorting: the embedded PostgreSQL has no ICU), so
the backfill computes it once per distinct name (into a temporary table) and writes every row
with one UPDATE ... FROM; the column becomes NOT NULL and the indexes are built after the data is in.
"""

import sqlalchemy as sa
from alembic import op

from backend.customers.sorting import name_sort_key

revision, down_revision = "0022", "0021"  # 2026-12-04; no branch labels, no dependencies

CHUNK = 50_000


def upgrade() -> None:
    op.add_column("customers", sa.Column("name_sort", sa.Text(collation="C"), nullable=True))
    bind = op.get_bind()
    # One key per distinct name into a temporary table, then one pass over customers (a hash join).
    bind.execute(sa.text("CREATE TEMPORARY TABLE name_sort_keys (name text COLLATE \"C\" PRIMARY KEY, key text) ON COMMIT DROP"))
    names = [r[0] for r in bind.execute(sa.text("SELECT DISTINCT name FROM customers"))]
    for start in range(0, len(names), CHUNK):
        part = names[start : start + CHUNK]
        bind.execute(
            sa.text("INSERT INTO name_sort_keys SELECT * FROM unnest(CAST(:names AS text[]), CAST(:keys AS text[]))"),
            {"names": part, "keys": [name_sort_key(n) for n in part]},
        )
    bind.execute(sa.text("ANALYZE name_sort_keys"))
    bind.execute(sa.text("UPDATE customers c SET name_sort = k.key FROM name_sort_keys k WHERE c.name = k.name"))
    op.alter_column("customers", "name_sort", nullable=False)
    op.create_index("ix_customers_scope_name_sort", "customers", ["org_path", "name_sort", "id"], unique=False)
    op.create_index("ix_customers_bank_name_sort", "customers", ["bank_id", "name_sort", "id"], unique=False)
    op.create_index("ix_customers_name_sort", "customers", ["name_sort", "id"], unique=False)
    op.create_index("ix_customers_bank_updated", "customers", ["bank_id", "updated_at", "id"], unique=False)
    op.create_index("ix_customers_all_updated", "customers", ["updated_at", "id"], unique=False)


def downgrade() -> None:
    for name in ("ix_customers_all_updated", "ix_customers_bank_updated", "ix_customers_name_sort", "ix_customers_bank_name_sort",
                 "ix_customers_scope_name_sort"):
        op.drop_index(name, table_name="customers")
    op.drop_column("customers", "name_sort")
