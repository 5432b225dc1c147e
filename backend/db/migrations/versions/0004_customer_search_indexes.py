"""customer search indexes: keyset by name within a bank and across banks

A branch-scoped search uses ix_customers_scope_name with equality on org_path; a bank-scoped
one needs (bank_id, name, id) and a province-wide one (name, id) to read rows in keyset order
instead of sorting every match (measured: 166 ms -> under 1 ms at 1M archives).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_index("ix_customers_bank_name_birth", table_name="customers")
    op.create_index("ix_customers_bank_name", "customers", ["bank_id", "name", "id"], unique=False)
    op.create_index("ix_customers_name", "customers", ["name", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_customers_name", table_name="customers")
    op.drop_index("ix_customers_bank_name", table_name="customers")
    op.create_index("ix_customers_bank_name_birth", "customers", ["bank_id", "name", "birth_date"], unique=False)
