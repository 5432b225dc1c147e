"""business data: the four snapshot tables and the aggregates are partitioned by bank, so that a
day's import swaps in a freshly loaded partition for the bank instead of deleting and
re-inserting its rows (docs/business-data.md, "The snapshot, swapped in whole").
"""

from alembic import op

revision, down_revision = "0010", "0009"  # 2026-12-02; no branch labels, no dependencies

KEYS = {
    "deposit_accounts": "account_no",
    "loan_accounts": "account_no",
    "wealth_holdings": "holding_no",
    "service_signups": "signup_no",
    "business_aggregates": "customer_id",
}


def _rebuild(table: str, key: str, *, partitioned: bool) -> None:
    """Re-create ``table`` (partitioned by bank or not) with its rows; each bank's rows get their
    partition, named as the import names it."""
    old = f"{table}_before_0010"
    op.execute(f"ALTER TABLE {table} RENAME TO {old}")
    op.execute(f"ALTER INDEX pk_{table} RENAME TO pk_{old}")
    by = " PARTITION BY LIST (bank_id)" if partitioned else ""
    op.execute(f"CREATE TABLE {table} (LIKE {old} INCLUDING DEFAULTS INCLUDING CONSTRAINTS){by}")
    op.execute(f"ALTER TABLE {table} ADD CONSTRAINT pk_{table} PRIMARY KEY (bank_id, {key})")
    if partitioned:
        op.execute(
            f"""DO $$ DECLARE b bigint; BEGIN
              FOR b IN SELECT DISTINCT bank_id FROM {old} LOOP
                EXECUTE format('CREATE TABLE %I PARTITION OF {table} FOR VALUES IN (%s)', '{table}_b' || b, b);
                EXECUTE format('ALTER INDEX %I RENAME TO %I', '{table}_b' || b || '_pkey', 'pk_{table}_b' || b);
              END LOOP; END $$"""
        )
    op.execute(f"INSERT INTO {table} SELECT * FROM {old}")
    op.execute(f"DROP TABLE {old}")


def upgrade() -> None:
    for table, key in KEYS.items():
        _rebuild(table, key, partitioned=True)


def downgrade() -> None:
    for table, key in KEYS.items():
        _rebuild(table, key, partitioned=False)
