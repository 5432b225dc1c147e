"""rating: a quarterly run's chunks, fixed when it begins and claimed one at a time, so that
several connections rate a bank at once (docs/rating.md, "The quarterly batch"); the run's
keyset position (``after``) gives way to them. A run begun before has no chunks: the next
attempt fixes them and rates the bank again (the history is upserted, nothing is counted twice).
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0014", "0013"  # 2026-12-02; no branch labels, no dependencies


def upgrade() -> None:
    op.create_table(
        "rating_run_chunks",
        sa.Column("bank_id", sa.BigInteger(), nullable=False),
        sa.Column("quarter", sa.String(length=6), nullable=False),
        sa.Column("chunk", sa.Integer(), nullable=False),
        sa.Column("after", sa.Uuid(), nullable=True),
        sa.Column("last", sa.Uuid(), nullable=True),
        sa.Column("rated", sa.Integer(), nullable=True),
        sa.Column("rated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("bank_id", "quarter", "chunk", name=op.f("pk_rating_run_chunks")),
    )
    op.execute("UPDATE rating_runs SET rated = 0 WHERE status = 'RUNNING'")
    op.drop_column("rating_runs", "after")


def downgrade() -> None:
    op.add_column("rating_runs", sa.Column("after", sa.Uuid(), nullable=True))
    op.drop_table("rating_run_chunks")
