"""four eyes: overridable rules, dual-control requests, the review inbox index

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 08:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("rules", sa.Column("overridable", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.create_table(
        "pending_changes",
        sa.Column("id", sa.BigInteger(), sa.Identity(always=False), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("STAFF_USER_CREATE", "STAFF_ROLES_GRANT", "RULE_SET_PUBLISH", name="pending_change_kind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum("PENDING", "APPROVED", "REJECTED", "CANCELLED", name="pending_change_status", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("target_type", sa.String(length=32), nullable=False),
        sa.Column("target_id", sa.String(length=64), nullable=False),
        sa.Column("detail", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("requested_by", sa.BigInteger(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("decided_by", sa.BigInteger(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("decision_note", sa.String(length=500), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_changes")),
    )
    op.create_index("ix_pending_changes_scope", "pending_changes", ["org_path", "status", "id"])
    op.create_index(
        "uq_pending_changes_open_target", "pending_changes", ["target_type", "target_id"], unique=True,
        postgresql_where=sa.text("status = 'PENDING'"),
    )
    # The review inbox: archives waiting for verification in a scope, oldest submission first.
    op.create_index(
        "ix_customers_review", "customers", ["org_path", "submitted_at", "id"], postgresql_where=sa.text("status = 'SUBMITTED'")
    )


def downgrade() -> None:
    op.drop_index("ix_customers_review", table_name="customers")
    op.drop_index("uq_pending_changes_open_target", table_name="pending_changes")
    op.drop_index("ix_pending_changes_scope", table_name="pending_changes")
    op.drop_table("pending_changes")
    op.drop_column("rules", "overridable")
