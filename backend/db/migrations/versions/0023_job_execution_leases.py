"""job_executions: a scheduled job's claim is a lease until it completes (completed_at NULL while it
runs, lease_until when another worker may take the period over), so a worker killed mid-job no
longer leaves its period claimed and its work undone (docs/operations.md, "Cron jobs").
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0023", "0022"  # 2026-12-04; no branch labels, no dependencies


def upgrade() -> None:
    op.alter_column("job_executions", "completed_at", nullable=True)
    op.add_column("job_executions", sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.execute("DELETE FROM job_executions WHERE completed_at IS NULL")
    op.drop_column("job_executions", "lease_until")
    op.alter_column("job_executions", "completed_at", nullable=False)
