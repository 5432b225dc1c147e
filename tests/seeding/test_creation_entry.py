"""Seeded archives have their creation entry in the history, written set-based with the COPY."""

from __future__ import annotations

import asyncpg
from sqlalchemy import func, select

from backend.customers.history import entries
from backend.customers.models import Customer, CustomerChange
from backend.orgs.models import OrgUnit
from backend.seeding import synthetic


async def test_every_seeded_archive_has_one_creation_entry_from_one_statement_per_chunk(services, monkeypatch):
    statements: list[str] = []
    execute = asyncpg.connection.Connection.execute

    async def counting(self, query, *args, **kwargs):
        if "customer_changes" in query:
            statements.append(query)
        return await execute(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "execute", counting)
    async with services.db.sessions() as s:
        added = await synthetic.seed_customers(s, services.cipher, 45, bank_codes=["FJ-NP"], seed=3, chunk_rows=20)
        await s.commit()
    assert added == 45
    assert len(statements) == 3  # one per chunk of 20, not one per archive

    async with services.db.sessions() as s:
        bank = await s.scalar(select(OrgUnit.id).where(OrgUnit.code == "FJ-NP"))
        archives = {c.id: c for c in (await s.scalars(select(Customer).where(Customer.bank_id == bank))).all()}
        changes = (await s.scalars(select(CustomerChange).where(CustomerChange.bank_id == bank))).all()
    assert len(archives) == 45
    assert sorted(str(c.customer_id) for c in changes) == sorted(str(i) for i in archives)
    for change in changes:
        c = archives[change.customer_id]
        assert (change.version, change.action, change.channel) == (1, "CREATE", c.channel)
        assert (change.changed_by, change.changed_at) == (c.created_by, c.created_at)
        assert change.diff.get("education") == ([None, c.education] if c.education else None), (change.diff, c.education)
        farming = c.profile["income"]["farming"]
        assert change.diff.get("income.farming") == ([None, farming] if farming else None)  # nothing filled: no entry
        assert "name" not in change.diff and "idNumber" not in change.diff  # personal values are not copied in plain
    earner = next(c for c in changes if "income.farming" in c.diff)
    shown = {e.path: e for e in entries(services.cipher, earner.diff, None)}
    farming = archives[earner.customer_id].profile["income"]["farming"]
    assert (shown["income.farming"].label, shown["income.farming"].after) == ("种养殖收入", f"{farming / 100:.2f}")
    async with services.db.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(CustomerChange).where(CustomerChange.action == "CREATE", CustomerChange.bank_id == bank)) == 45
