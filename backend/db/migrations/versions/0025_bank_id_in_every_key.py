"""``bank_id`` in the primary key and every unique key of each distributed table (the tenant
tables of docs/operations.md "Past one server"), so that the schema distributes by ``bank_id``
on Citus without change:

* six tables keyed by their id alone get ``(bank_id, id)``, and a plain index on ``id`` where a
  row is looked up by its id alone;
* five unique keys become unique within the bank (numbers and idempotency keys; a callback or a
  message always carries its loan's or customer's bank);
* the quarantined lines of a warehouse import get their import's bank (backfilled), in their key,
  under the tenant policy of migration 0024.

Reference tables (org units, staff, products, process definitions, rule sets, scorecards, segment
models, clients: small and province-wide, a copy on every node) keep their keys; the catalogue
test (tests/platform/test_distribution.py) holds every table to its class.
"""

from alembic import op

revision, down_revision = "0025", "0024"  # 2026-12-04; no branch labels, no dependencies

KEYED_BY_ID = ("application_events", "approval_tasks", "blacklist_changes", "loan_events", "sms_messages", "warehouse_imports")
UNIQUE_IN_BANK = (
    ("applications", "uq_applications_number", "number"),
    ("loans", "uq_loans_number", "number"),
    ("quotas", "uq_quotas_application_id", "application_id"),
    ("sms_messages", "uq_sms_messages_dedupe_key", "dedupe_key"),
    ("loan_events", "uq_loan_events_event_id", "event_id"),
)
BY_ID_ALONE = ("approval_tasks", "sms_messages", "warehouse_imports")


def upgrade() -> None:
    for table in KEYED_BY_ID:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}, ADD CONSTRAINT pk_{table} PRIMARY KEY (bank_id, id)")
    for table in BY_ID_ALONE:
        op.execute(f"CREATE INDEX ix_{table}_id ON {table} (id)")
    for table, name, column in UNIQUE_IN_BANK:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
        op.execute(f"CREATE UNIQUE INDEX {name} ON {table} (bank_id, {column})")
    op.execute("ALTER TABLE warehouse_rejects ADD COLUMN bank_id bigint")
    op.execute("UPDATE warehouse_rejects r SET bank_id = i.bank_id FROM warehouse_imports i WHERE i.id = r.import_id")
    op.execute("DELETE FROM warehouse_rejects WHERE bank_id IS NULL")  # lines of an import no longer there
    op.execute("ALTER TABLE warehouse_rejects ALTER COLUMN bank_id SET NOT NULL")
    op.execute(
        "ALTER TABLE warehouse_rejects DROP CONSTRAINT pk_warehouse_rejects, "
        "ADD CONSTRAINT pk_warehouse_rejects PRIMARY KEY (bank_id, import_id, line_no)"
    )
    op.execute("ALTER TABLE warehouse_rejects ENABLE ROW LEVEL SECURITY")
    op.execute("CREATE POLICY tenant ON warehouse_rejects USING (cic_tenant_visible(bank_id)) WITH CHECK (cic_tenant_visible(bank_id))")


def downgrade() -> None:
    op.execute("DROP POLICY tenant ON warehouse_rejects")
    op.execute("ALTER TABLE warehouse_rejects DISABLE ROW LEVEL SECURITY")
    op.execute(
        "ALTER TABLE warehouse_rejects DROP CONSTRAINT pk_warehouse_rejects, "
        "ADD CONSTRAINT pk_warehouse_rejects PRIMARY KEY (import_id, line_no)"
    )
    op.execute("ALTER TABLE warehouse_rejects DROP COLUMN bank_id")
    for table, name, column in UNIQUE_IN_BANK:
        op.execute(f"DROP INDEX {name}")
        op.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE ({column})")
    for table in BY_ID_ALONE:
        op.execute(f"DROP INDEX ix_{table}_id")
    for table in KEYED_BY_ID:
        op.execute(f"ALTER TABLE {table} DROP CONSTRAINT pk_{table}, ADD CONSTRAINT pk_{table} PRIMARY KEY (id)")
