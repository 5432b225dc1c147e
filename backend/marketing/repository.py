"""Segment-model queries. Every read starts from ``readable_models`` (the models shared down to
the caller's unit, and those defined within their subtree) or ``readable_members`` (members
within the caller's subtree); evaluation is set-based: one statement per model."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import Select, case, func, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.marketing.models import (
    OPEN_STATES, Contact, ModelStatus, Reminder, ReminderStatus, SegmentCount, SegmentMember, SegmentModel,
)
from backend.marketing.segments import CompiledModel, members_statement
from backend.orgs.models import OrgUnit


def readable_models(principal: Principal) -> Select[tuple[SegmentModel]]:
    return select(SegmentModel).where(
        or_(literal(principal.scope_path).startswith(SegmentModel.org_path), SegmentModel.org_path.startswith(principal.scope_path, autoescape=True))
    )


def readable_reminders(principal: Principal) -> Select[tuple[Reminder]]:
    return select(Reminder).where(Reminder.org_path.startswith(principal.scope_path, autoescape=True))


def readable_members(principal: Principal, model_id: int) -> Select[tuple[SegmentMember]]:
    return select(SegmentMember).where(
        SegmentMember.model_id == model_id, SegmentMember.org_path.startswith(principal.scope_path, autoescape=True)
    )


class SegmentRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, principal: Principal, model_id: int, *, for_update: bool = False) -> SegmentModel | None:
        stmt = readable_models(principal).where(SegmentModel.id == model_id)
        return (await self.session.scalars(stmt.with_for_update() if for_update else stmt)).one_or_none()

    async def visible(self, principal: Principal, *, status: ModelStatus | None) -> list[SegmentModel]:
        stmt = readable_models(principal)
        if status is not None:
            stmt = stmt.where(SegmentModel.status == status)
        return list(await self.session.scalars(stmt.order_by(SegmentModel.org_path, SegmentModel.id)))

    async def owners(self, unit_ids: list[int]) -> dict[int, OrgUnit]:
        """The units owning models the caller read (``readable_models`` let them see the model, so
        its owner too: a unit above them or within their subtree)."""
        return {u.id: u for u in await self.session.scalars(select(OrgUnit).where(OrgUnit.id.in_(unit_ids)))}

    async def active(self) -> list[SegmentModel]:
        stmt = select(SegmentModel).where(SegmentModel.status == ModelStatus.ACTIVE).order_by(SegmentModel.id)
        return list(await self.session.scalars(stmt))

    async def evaluate(self, model: SegmentModel, compiled: CompiledModel, today: date) -> int:
        """Replace the model's members with the archives meeting its condition now (those that
        stay keep their ``since``), then record today's counts per branch; answers the members."""
        params: dict[str, Any] = compiled.params | {"model": model.id, "path": model.org_path, "today": today}
        await self.session.execute(
            text(f"""WITH hits AS MATERIALIZED ({members_statement(compiled)}),
                     gone AS (DELETE FROM segment_members s WHERE s.model_id = :model
                              AND NOT EXISTS (SELECT 1 FROM hits h WHERE h.bank_id = s.bank_id AND h.id = s.customer_id))
                     INSERT INTO segment_members AS s (model_id, bank_id, customer_id, branch_id, org_path, manager_id, since)
                     SELECT :model, h.bank_id, h.id, h.branch_id, h.org_path, h.manager_id, :today FROM hits h
                     ON CONFLICT (model_id, bank_id, customer_id) DO UPDATE
                       SET branch_id = excluded.branch_id, org_path = excluded.org_path, manager_id = excluded.manager_id
                       WHERE (s.branch_id, s.org_path, s.manager_id) IS DISTINCT FROM (excluded.branch_id, excluded.org_path, excluded.manager_id)"""),
            params,
        )  # fmt: skip
        await self.session.execute(text("DELETE FROM segment_counts WHERE model_id = :model AND day = :today"), {"model": model.id, "today": today})
        counts = await self.session.scalars(
            text("""INSERT INTO segment_counts (model_id, day, branch_id, org_path, members)
                    SELECT :model, :today, m.branch_id, u.path, count(*) FROM segment_members m JOIN org_units u ON u.id = m.branch_id
                    WHERE m.model_id = :model GROUP BY m.branch_id, u.path RETURNING members"""),
            {"model": model.id, "today": today},
        )  # fmt: skip
        return sum(counts.all())

    async def members(self, principal: Principal, model_id: int, *, after: uuid.UUID | None, limit: int) -> list[SegmentMember]:
        stmt = readable_members(principal, model_id)
        if after is not None:
            stmt = stmt.where(SegmentMember.customer_id > after)
        return list(await self.session.scalars(stmt.order_by(SegmentMember.customer_id).limit(limit)))

    async def counts_by_unit(self, principal: Principal, model_ids: list[int]) -> dict[int, list[tuple[OrgUnit, int]]]:
        """Each model's members per branch within the caller's subtree on its latest evaluated
        day, most first: one statement for every model of a page."""
        latest = (
            select(SegmentCount.model_id, func.max(SegmentCount.day).label("day"))
            .where(SegmentCount.model_id.in_(model_ids)).group_by(SegmentCount.model_id).subquery()
        )  # fmt: skip
        stmt = (
            select(SegmentCount.model_id, OrgUnit, SegmentCount.members)
            .join(latest, (latest.c.model_id == SegmentCount.model_id) & (latest.c.day == SegmentCount.day))
            .join(OrgUnit, OrgUnit.id == SegmentCount.branch_id)
            .where(SegmentCount.org_path.startswith(principal.scope_path, autoescape=True))
            .order_by(SegmentCount.model_id, SegmentCount.members.desc(), OrgUnit.code)
        )
        found: dict[int, list[tuple[OrgUnit, int]]] = {}
        for model_id, unit, members in (await self.session.execute(stmt)).all():
            found.setdefault(model_id, []).append((unit, members))
        return found

    async def trend(self, principal: Principal, model_id: int, *, since: date) -> list[tuple[date, int]]:
        """Members within the caller's subtree on each evaluated day from ``since``."""
        stmt = (
            select(SegmentCount.day, func.sum(SegmentCount.members))
            .where(SegmentCount.model_id == model_id, SegmentCount.day >= since,
                   SegmentCount.org_path.startswith(principal.scope_path, autoescape=True))
            .group_by(SegmentCount.day)
            .order_by(SegmentCount.day)
        )  # fmt: skip
        return [(day, int(n)) for day, n in (await self.session.execute(stmt)).all()]


class ReminderRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def inbox(self, principal: Principal, status: ReminderStatus, *, limit: int) -> list[Reminder]:
        """The caller's own reminders of ``status``, the most urgent first."""
        stmt = readable_reminders(principal).where(Reminder.manager_id == principal.user_id, Reminder.status == status)
        return list(await self.session.scalars(stmt.order_by(Reminder.due_on, Reminder.created_at, Reminder.id).limit(limit)))

    async def get(self, principal: Principal, reminder_id: uuid.UUID, *, for_update: bool = False) -> Reminder | None:
        stmt = readable_reminders(principal).where(Reminder.id == reminder_id)
        return (await self.session.scalars(stmt.with_for_update() if for_update else stmt)).one_or_none()

    async def by_manager(self, path: str, today: date) -> list[tuple[int | None, int, int]]:
        """(manager id, open, overdue) of the open reminders under ``path`` (which the caller
        checked is in their scope), the most overdue first."""
        overdue = func.count().filter(Reminder.due_on < today)
        stmt = (
            select(Reminder.manager_id, func.count(), overdue)
            .where(Reminder.org_path.startswith(path, autoescape=True), Reminder.status.in_(OPEN_STATES))
            .group_by(Reminder.manager_id)
            .order_by(overdue.desc(), func.count().desc(), case((Reminder.manager_id.is_(None), 1), else_=0), Reminder.manager_id)
        )
        return [(m, n, late) for m, n, late in (await self.session.execute(stmt)).all()]


def readable_contacts(principal: Principal) -> Select[tuple[Contact]]:
    return select(Contact).where(Contact.org_path.startswith(principal.scope_path, autoescape=True))


class ContactRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def find(self, bank_id: int, contact_id: uuid.UUID) -> Contact | None:
        """A contact by its (client-made) id, whoever may read it: a retried log finds its first try."""
        return await self.session.get(Contact, (bank_id, contact_id))

    async def of_customer(self, principal: Principal, bank_id: int, customer_id: uuid.UUID, *, limit: int) -> list[Contact]:
        stmt = readable_contacts(principal).where(Contact.bank_id == bank_id, Contact.customer_id == customer_id)
        return list(await self.session.scalars(stmt.order_by(Contact.contacted_at.desc(), Contact.id).limit(limit)))

    async def by_staff(self, path: str, since: datetime, until: datetime) -> list[tuple[int, int, int]]:
        """(staff id, contacts, distinct customers) under ``path`` (checked by the caller) in
        ``[since, until)``, the most contacts first."""
        stmt = (
            select(Contact.staff_id, func.count(), func.count(func.distinct(Contact.customer_id)))
            .where(Contact.org_path.startswith(path, autoescape=True), Contact.contacted_at >= since, Contact.contacted_at < until)
            .group_by(Contact.staff_id)
            .order_by(func.count().desc(), Contact.staff_id)
        )
        return [(s, n, customers) for s, n, customers in (await self.session.execute(stmt)).all()]
