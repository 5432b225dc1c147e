"""outbox: rows of a batched task (``Task(batch_size=...)``) are worked in batches by the
``outbox.drain`` job, and a row itself records its retries.

A batched row is never handed to arq one by one: a drain takes due rows with FOR UPDATE SKIP
LOCKED, takes effect for all of them in one transaction and marks them ``sent_at`` (delivered) in
it. A row that must wait (the platform down, quiet hours) keeps ``sent_at`` NULL and gets
``next_attempt_at``; a row that failed its task's every try gets ``failed_at`` and is left for
an operator (docs/architecture.md "Batched tasks").

The two tasks made batched here (``loans.hand_off``, ``notifications.send_sms``) may have rows in
flight when this runs: sent to arq as one-by-one jobs that the new worker no longer has. Such a
row (sent, but its job's claim ``outbox:<id>`` never written: the job has not taken effect) is
made due again, so the drain takes it; a row whose effect did happen is left alone (and a drain
taking one anyway finds its loan or message done: they check their state).
"""

import sqlalchemy as sa
from alembic import op

revision, down_revision = "0028", "0027"  # 2026-12-05; no branch labels, no dependencies

BATCHED = ("loans.hand_off", "notifications.send_sms")
IN_FLIGHT = sa.text(
    "UPDATE outbox o SET sent_at = NULL WHERE o.task IN :tasks AND o.sent_at IS NOT NULL"
    " AND NOT EXISTS (SELECT 1 FROM job_executions j WHERE j.job_key = 'outbox:' || o.id)"
).bindparams(sa.bindparam("tasks", BATCHED, expanding=True))


def upgrade() -> None:
    op.add_column("outbox", sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("outbox", sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True))
    op.get_bind().execute(IN_FLIGHT)


def downgrade() -> None:
    op.drop_column("outbox", "failed_at")
    op.drop_column("outbox", "next_attempt_at")
