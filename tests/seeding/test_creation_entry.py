"""Seeded archives have their creation entry in the history: the entry a CREATE through the service
would write from the same archive, made with the rows and COPY'd with them, a COPY per chunk."""

from __future__ import annotations

import asyncpg
from sqlalchemy import func, select

from backend.customers.history import entries
from backend.customers.models import Customer, CustomerChange
from backend.customers.service import creation_diff, snapshot
from backend.orgs.models import OrgUnit
from backend.seeding import synthetic

PERSONAL = {"name", "idNumber", "mobile", "altPhone", "address.line"}  # masked in the service's diff; not in the seeded one


async def test_every_seeded_archive_has_the_creation_entry_the_service_would_write(services, monkeypatch):
    copies: list[str] = []
    statements: list[str] = []
    copy, execute = asyncpg.connection.Connection.copy_records_to_table, asyncpg.connection.Connection.execute

    async def counting_copy(self, table, **kwargs):
        copies.append(table)
        return await copy(self, table, **kwargs)

    async def counting_execute(self, query, *args, **kwargs):
        if "customer_changes" in query:
            statements.append(query)
        return await execute(self, query, *args, **kwargs)

    monkeypatch.setattr(asyncpg.connection.Connection, "copy_records_to_table", counting_copy)
    monkeypatch.setattr(asyncpg.connection.Connection, "execute", counting_execute)
    async with services.db.sessions() as s:
        added = await synthetic.seed_customers(s, services.cipher, 45, bank_codes=["FJ-NP"], seed=3, chunk_rows=20)
        await s.commit()
    assert added == 45
    assert copies == ["customers", "customer_changes"] * 3 and statements == []  # a COPY per chunk of 20, no statement

    async with services.db.sessions() as s:
        bank = await s.scalar(select(OrgUnit.id).where(OrgUnit.code == "FJ-NP"))
        archives = {c.id: c for c in (await s.scalars(select(Customer).where(Customer.bank_id == bank))).all()}
        changes = (await s.scalars(select(CustomerChange).where(CustomerChange.bank_id == bank))).all()
    assert len(archives) == 45
    assert sorted(str(c.customer_id) for c in changes) == sorted(str(i) for i in archives)
    compared = set()
    for change in changes:
        c = archives[change.customer_id]
        assert (change.version, change.action, change.channel) == (1, "CREATE", c.channel)
        assert (change.changed_by, change.changed_at) == (c.created_by, c.created_at)
        assert not PERSONAL & set(change.diff)  # personal values are not copied, not even masked
        expected = creation_diff(snapshot(services.cipher, c))
        consent = change.diff.pop("consent", None)
        assert consent == ([None, f"{c.consent['wording_version']}/{c.consent['channel']}"] if c.consent else None)
        assert set(change.diff) <= set(expected), set(change.diff) - set(expected)
        assert change.diff == {k: v for k, v in expected.items() if k in change.diff}
        # every filled field but the personal and per-member ones has its entry
        missing = {k for k in expected if k not in change.diff and k not in PERSONAL and "[" not in k}
        assert missing <= {"business.creditCode", "business.employees", "household.registerNo", "social.remarks"}, missing
        compared |= set(change.diff)
    assert {"education", "income.farming", "land.crops", "familyMembers.length", "business.name", "idExpiry"} <= compared
    earner = next(c for c in changes if "income.farming" in c.diff)
    shown = {e.path: e for e in entries(services.cipher, earner.diff, None)}
    farming = archives[earner.customer_id].profile["income"]["farming"]
    assert (shown["income.farming"].label, shown["income.farming"].after) == ("种养殖收入", f"{farming / 100:.2f}")
    async with services.db.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(CustomerChange).where(CustomerChange.action == "CREATE", CustomerChange.bank_id == bank)) == 45
