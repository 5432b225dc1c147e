"""marketing: segment membership kept per archive (the models it belongs to, and since when), in
place of a row per model and member, so that a night evaluates every model in one pass and writes
only the archives whose set changed (docs/marketing.md, docs/benchmarks.md).

The members of active models move over; a retired model's members are dropped (retiring a model
now takes it out of membership; its counts and trend stay).
"""

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision, down_revision = "0020", "0019"  # 2026-12-04; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table(
        "segment_memberships",
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("manager_id", sa.BigInteger(), nullable=True),
        sa.Column("model_ids", postgresql.ARRAY(sa.BigInteger()), nullable=False),
        sa.Column("since", postgresql.ARRAY(sa.Date()), nullable=False),
        sa.PrimaryKeyConstraint("bank_id", "customer_id", name=op.f("pk_segment_memberships")),
    )
    op.execute(
        """INSERT INTO segment_memberships (bank_id, customer_id, branch_id, org_path, manager_id, model_ids, since)
           SELECT s.bank_id, s.customer_id, (array_agg(s.branch_id))[1], (array_agg(s.org_path))[1], (array_agg(s.manager_id))[1],
                  array_agg(s.model_id ORDER BY s.model_id), array_agg(s.since ORDER BY s.model_id)
           FROM segment_members s JOIN segment_models m ON m.id = s.model_id AND m.status = 'ACTIVE'
           GROUP BY s.bank_id, s.customer_id"""
    )
    op.create_index("ix_segment_memberships_models", "segment_memberships", ["model_ids"], unique=False, postgresql_using="gin")
    op.drop_index("ix_segment_members_scope", table_name="segment_members")
    op.drop_table("segment_members")


def downgrade() -> None:
    op.create_table(
        "segment_members",
        sa.Column("model_id", sa.BigInteger(), nullable=False),
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("customer_id", sa.Uuid(), nullable=False),
        sa.Column("branch_id", sa.BigInteger(), nullable=False),
        sa.Column("org_path", sa.String(length=255, collation="C"), nullable=False),
        sa.Column("manager_id", sa.BigInteger(), nullable=True),
        sa.Column("since", sa.Date(), nullable=False),
        sa.PrimaryKeyConstraint("model_id", "bank_id", "customer_id", name=op.f("pk_segment_members")),
    )
    op.execute(
        """INSERT INTO segment_members (model_id, bank_id, customer_id, branch_id, org_path, manager_id, since)
           SELECT x.model_id, m.bank_id, m.customer_id, m.branch_id, m.org_path, m.manager_id, x.since
           FROM segment_memberships m CROSS JOIN LATERAL unnest(m.model_ids, m.since) x(model_id, since)"""
    )
    op.create_index("ix_segment_members_scope", "segment_members", ["model_id", "org_path"], unique=False)
    op.drop_index("ix_segment_memberships_models", table_name="segment_memberships")
    op.drop_table("segment_memberships")
