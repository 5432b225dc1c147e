"""Housekeeping that keeps the system healthy for years: purging what was delivered, and an
audit log nobody can rewrite."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from backend.audit import service as audit
from backend.db.session import transaction
from backend.outbox.models import JobExecution, OutboxMessage
from workers import outbox as outbox_jobs


async def test_the_daily_purge_deletes_delivered_rows_past_retention_once(services):
    now = datetime.now(UTC)
    old, recent = now - timedelta(days=15), now - timedelta(days=2)
    async with transaction(services.db.sessions) as session:
        session.add_all([
            OutboxMessage(task="t", payload={}, created_at=old, sent_at=old),  # delivered long ago: purged
            OutboxMessage(task="t", payload={}, created_at=recent, sent_at=recent),  # delivered lately: kept
            OutboxMessage(task="t", payload={}, created_at=old, sent_at=None),  # never delivered: the relay owes it
            JobExecution(job_key="outbox:1", task="t", completed_at=old),
            JobExecution(job_key="outbox:2", task="t", completed_at=recent),
        ])
    ctx = {"services": services}
    assert await outbox_jobs.purge(ctx) == "purged 1 outbox rows, 1 job claims"
    async with services.db.sessions() as session:
        kept = (await session.execute(select(OutboxMessage.created_at, OutboxMessage.sent_at).order_by(OutboxMessage.id))).all()
        claims = set(await session.scalars(select(JobExecution.job_key)))
    assert [(c, s is None) for c, s in kept] == [(recent, False), (old, True)]
    assert claims == {"outbox:2", f"cron:outbox.purge:{now.date().isoformat()}"}
    # The same day's tick again (a second worker, a redelivery) does nothing.
    assert await outbox_jobs.purge(ctx) == "already ran today"


def test_the_purge_is_scheduled_once_a_day_across_workers():
    from workers.settings import worker_settings

    (job,) = [c for c in worker_settings()["cron_jobs"] if c.name.endswith(":outbox.purge")]
    assert job.unique and job.hour == {3} and job.minute == {41}


@pytest.mark.parametrize("statement", ["UPDATE audit_log SET action = 'x'", "DELETE FROM audit_log", "TRUNCATE audit_log"])
async def test_the_audit_log_refuses_rewriting(services, statement):
    async with transaction(services.db.sessions) as session:
        await audit.record(session, action="test.entry", org_path="/")
    with pytest.raises(DBAPIError, match="append-only|audit"):
        async with transaction(services.db.sessions) as session:
            await session.execute(text(statement))
    async with services.db.sessions() as session:
        assert await session.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'test.entry'")) == 1
