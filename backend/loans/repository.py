"""Loans by the archive's org path (the caller's subtree; a customer's token: its own), and the
writes of the platform's callbacks."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import Select, func, select, text, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.models import Quota
from backend.approvals.repository import readable_quotas
from backend.auth.principal import Principal, customer_only
from backend.business.models import BusinessAggregate
from backend.customers.models import Customer
from backend.db.copy import ensure_bank_partition
from backend.loans.models import Loan, LoanEvent
from backend.orgs.models import OrgUnit
from backend.db.prefix import starts_with


class Handoff(NamedTuple):
    """What a handoff names of the loan's archive and bank."""

    ecif_customer_no: str | None
    name: str
    id_number_encrypted: bytes
    bank_code: str


def readable_loans(principal: Principal) -> Select[tuple[Loan]]:
    stmt = select(Loan).where(starts_with(Loan.org_path, principal.scope_path))
    return customer_only(stmt, principal, Loan.customer_id)


class LoanRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def quota_for_update(self, principal: Principal, quota_id: uuid.UUID) -> Quota | None:
        stmt = readable_quotas(principal).where(Quota.id == quota_id).with_for_update()
        return (await self.session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()

    async def quota_by_key_for_update(self, bank_id: int, quota_id: uuid.UUID) -> Quota | None:
        stmt = select(Quota).where(Quota.bank_id == bank_id, Quota.id == quota_id).with_for_update()
        return (await self.session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()

    async def loan_by_id(self, loan_id: uuid.UUID, *, for_update: bool = False) -> Loan | None:
        stmt = select(Loan).where(Loan.id == loan_id)
        if for_update:
            stmt = stmt.with_for_update().execution_options(populate_existing=True)
        return (await self.session.scalars(stmt)).one_or_none()

    async def for_handoff(self, keys: Sequence[tuple[int, uuid.UUID]]) -> dict[uuid.UUID, tuple[Loan, Handoff]]:
        """The loans of ``keys`` (bank, loan id), locked, with what their handoff names of the
        archive and the bank, in one statement (a batch of handoffs makes as few round trips as
        it can)."""
        stmt = (
            select(Loan, Customer.ecif_customer_no, Customer.name, Customer.id_number_encrypted, OrgUnit.code)
            .join(Customer, (Customer.bank_id == Loan.bank_id) & (Customer.id == Loan.customer_id))
            .join(OrgUnit, OrgUnit.id == Loan.bank_id)
            .where(tuple_(Loan.bank_id, Loan.id).in_(list(keys)))
            .order_by(Loan.bank_id, Loan.id)
            .with_for_update(of=Loan)
            .execution_options(populate_existing=True)
        )
        return {row[0].id: (row[0], Handoff(*row[1:])) for row in await self.session.execute(stmt)}

    async def loan(self, principal: Principal, loan_id: uuid.UUID) -> Loan | None:
        return (await self.session.scalars(readable_loans(principal).where(Loan.id == loan_id))).one_or_none()

    async def loans(self, principal: Principal, *, customer_id: uuid.UUID | None = None, quota_ids: Sequence[uuid.UUID] | None = None,
                    limit: int = 100) -> list[Loan]:
        stmt = readable_loans(principal)
        if customer_id is not None:
            stmt = stmt.where(Loan.customer_id == customer_id)
        if quota_ids is not None:
            stmt = stmt.where(Loan.quota_id.in_(list(quota_ids)))
        return list(await self.session.scalars(stmt.order_by(Loan.created_at.desc(), Loan.id).limit(limit)))

    async def next_number(self) -> int:
        return int((await self.session.execute(text("SELECT nextval('loan_number_seq')"))).scalar_one())

    async def add_event(self, values: dict) -> int | None:
        """The callback, unless its event id was received before (then None)."""
        stmt = insert(LoanEvent).values(**values).on_conflict_do_nothing(index_elements=["bank_id", "event_id"]).returning(LoanEvent.id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def adjust_business(self, bank_id: int, customer_id: uuid.UUID, today: date, *, balance: int, count: int,
                              overdue_days: int | None) -> None:
        """Move the customer's loan aggregates by what the platform reported, until the warehouse's
        next daily feed restates them (one upsert; the bank's partition made if no feed came yet)."""
        await ensure_bank_partition(self.session, BusinessAggregate.__table__, bank_id)  # type: ignore[arg-type]
        values = {"bank_id": bank_id, "customer_id": customer_id, "as_of": today, "loan_balance": max(balance, 0),
                  "loan_count": max(count, 0), "overdue_days": overdue_days or 0, "max_overdue_days": overdue_days or 0}
        stmt = insert(BusinessAggregate).values(**values)
        excluded = stmt.excluded
        current = BusinessAggregate.__table__.c
        updates = {
            "loan_balance": func.greatest(current.loan_balance + balance, 0),
            "loan_count": func.greatest(current.loan_count + count, 0),
        }
        if overdue_days is not None:
            updates["overdue_days"] = excluded.overdue_days
            updates["max_overdue_days"] = func.greatest(current.max_overdue_days, excluded.overdue_days)
        await self.session.execute(stmt.on_conflict_do_update(index_elements=["bank_id", "customer_id"], set_=updates))

