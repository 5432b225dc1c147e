"""outbox: rows of a batched task (``Task(batch_size=...)``) are worked in batches by the
``outbox.drain`` job, and a row itself records its retries.

A batched row is never handed to arq one by one: a drain takes due rows with FOR UPDATE SKIP
LOCKED, takes effect for all of them in one transaction and marks them ``sent_at`` (delivered) in
it. A row that must wait (the platform down, quiet hours) keeps ``sent_at`` NULL and gets
``next_attempt_at``; a row that failed its task's every try gets ``failed_at`` and is left for
an operator (docs/channels.md "Batches").
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0028", "0027"  # 2026-12-05; no branch labels, no dependencies


def upgrade() -> None:
    op.add_column("outbox", sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbox", sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    op.drop_column("outbox", "failed_at")
    op.drop_column("outbox", "next_attempt_at")
