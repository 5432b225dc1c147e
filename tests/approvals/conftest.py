"""Fixtures of the approval tests: an eligible archive (precise, rated BB, recommended 50,000
yuan) and who works on it."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select, text

from backend.customers.models import Customer
from backend.db.session import transaction
from backend.orgs.models import OrgUnit
from backend.rating.service import RatingService
from backend.seeding.synthetic import seed_customers

BANK = "FJ-FZ"
PROFILE = {
    "income": {"farming": 3_000_000, "business": 2_000_000, "wages": 0, "other": 0},  # 50,000 yuan a year
    "assets": [{"kind": "HOUSE", "value": 15_000_000}],
    "land": {"contracted_mu": 5},
    "liabilities": [],
    "social": {"village_credit_rating": "A"},
}


@dataclass
class Archive:
    bank_id: int
    id: str
    branch_code: str

    @property
    def staff(self) -> str:
        """The username prefix of the archive's branch, e.g. fz1 (fz1.cm1, fz1.manager)."""
        bank, branch = self.branch_code.split("-")[1:3]
        return f"{bank.lower()}{int(branch)}"


async def eligible_archive(services, seed: int) -> Archive:
    """One archive at the bank, precisely filed and rated BB (670 points, 50,000 yuan recommended)."""
    async with services.db.sessions() as session:
        before = set((await session.scalars(select(Customer.id))).all())
    async with transaction(services.db.sessions) as session:
        await seed_customers(session, services.cipher, 1, bank_codes=[BANK], seed=seed)
    async with transaction(services.db.sessions) as session:
        rows = (await session.execute(
            select(Customer.bank_id, Customer.id, OrgUnit.code).join(OrgUnit, OrgUnit.id == Customer.branch_id)
            .where(OrgUnit.code.startswith(BANK))
        )).all()  # fmt: skip
        [row] = [r for r in rows if r[1] not in before]
        await session.execute(
            text("UPDATE customers SET profile = profile || CAST(:p AS jsonb), education = 'JUNIOR', status = 'VERIFIED', "
                 "birth_date = current_date - interval '40 years 3 days' WHERE id = :id"),
            {"p": json.dumps(PROFILE), "id": row[1]},
        )  # fmt: skip
        await session.execute(text("DELETE FROM archive_evaluations WHERE customer_id = :id"), {"id": row[1]})
        await session.execute(
            text("INSERT INTO archive_evaluations (bank_id, customer_id, branch_id, violations, error_count, completeness, "
                 "precise, rule_versions) SELECT bank_id, id, branch_id, '[]', 0, 100, true, '{}' FROM customers WHERE id = :id"),
            {"id": row[1]},
        )  # fmt: skip
        rating = await RatingService(session).rate(row[0], row[1])
        assert rating is not None and (rating.grade, rating.quota) == ("BB", 5_000_000)
    return Archive(bank_id=row[0], id=str(row[1]), branch_code=row[2])


@pytest.fixture
async def archive(services) -> Archive:
    return await eligible_archive(services, seed=41)
