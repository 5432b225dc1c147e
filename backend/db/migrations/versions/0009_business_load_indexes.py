"""business data: snapshot tables keep their primary key only; the archive blind-index key covers
(id, ecif number) for the warehouse import; the SQL feed checks go (validation moved to polars).
"""

import importlib.util
from pathlib import Path

from alembic import op

revision, down_revision = "0009", "0008"  # 2026-12-02; no branch labels, no dependencies

SNAPSHOTS = ("deposit_accounts", "loan_accounts", "wealth_holdings", "service_signups")


def upgrade() -> None:
    for table in SNAPSHOTS:
        op.drop_index(f"ix_{table}_customer", table_name=table)
    op.drop_index("uq_customers_bank_id_number", table_name="customers")
    op.create_index(
        "uq_customers_bank_id_number", "customers", ["bank_id", "id_number_bidx"], unique=True,
        postgresql_include=["id", "ecif_customer_no"],
    )
    op.execute("DROP FUNCTION cic_id_check_ok(text)")
    op.execute("DROP FUNCTION cic_is_date(text)")


def downgrade() -> None:
    spec = importlib.util.spec_from_file_location("m0008", Path(__file__).with_name("0008_business_data.py"))
    assert spec is not None and spec.loader is not None
    m0008 = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(m0008)
    op.execute(m0008.IS_DATE)
    op.execute(m0008.ID_CHECK_OK)
    op.drop_index("uq_customers_bank_id_number", table_name="customers")
    op.create_index("uq_customers_bank_id_number", "customers", ["bank_id", "id_number_bidx"], unique=True)
    for table in SNAPSHOTS:
        op.create_index(f"ix_{table}_customer", table, ["bank_id", "customer_id"])
