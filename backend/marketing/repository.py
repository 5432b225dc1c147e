"""Segment-model queries. Every read starts from ``readable_models`` (the models shared down to
the caller's unit, and those defined within their subtree) or ``readable_members`` (members
within the caller's subtree). Evaluation is set-based: one pass over a bank's archives for every
model evaluated, a chunk of archive keys per statement (``SegmentRepository.evaluate``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Select, case, func, literal, or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.marketing.models import (
    OPEN_STATES, Contact, ModelStatus, Reminder, ReminderStatus, SegmentCount, SegmentMembership, SegmentModel,
)
from backend.marketing.segments import Evaluated, memberships_sql
from backend.orgs.models import OrgLevel, OrgUnit
from backend.db.prefix import starts_with

# Archives per evaluation statement: each chunk names its key range, so that its joins (the
# business aggregates, the ratings, the memberships) read that range only (as the rating batch).
CHUNK = 50_000
NO_JIT = text("SET LOCAL jit = off")  # compiling the wide CASE costs more than it saves (backend/rating/repository.py)


def readable_models(principal: Principal) -> Select[tuple[SegmentModel]]:
    return select(SegmentModel).where(
        or_(starts_with(literal(principal.scope_path), SegmentModel.org_path), starts_with(SegmentModel.org_path, principal.scope_path))
    )


def readable_reminders(principal: Principal) -> Select[tuple[Reminder]]:
    return select(Reminder).where(starts_with(Reminder.org_path, principal.scope_path))


def readable_members(principal: Principal, model_id: int) -> Select[tuple[SegmentMembership]]:
    stmt = select(SegmentMembership).where(
        SegmentMembership.model_ids.contains([model_id]), starts_with(SegmentMembership.org_path, principal.scope_path)
    )
    # A bank's staff read their bank's archives only: the key's first column, so that a page in
    # archive order is read in key order.
    return stmt.where(SegmentMembership.bank_id == principal.bank_id) if principal.bank_id is not None else stmt


# One chunk of a bank's archives, ids in (:after, :last], evaluated against every model given:
# ``v`` the models each archive meets now; ``d`` merged with the stored memberships (models not
# evaluated here are kept as they are; an archive gone from the table is a member of none);
# ``w`` the archives whose set, or branch, path or manager, changed, each model keeping the day
# it was first met (``since``); only those are written (a row with no model is deleted). The
# reminders of the day's new members are raised after the pass (``backend.marketing.reminders``).
_CHUNK = """
WITH v AS MATERIALIZED ({archives}
), d AS MATERIALIZED (
  SELECT COALESCE(v.bank_id, m.bank_id) AS bank_id, COALESCE(v.customer_id, m.customer_id) AS customer_id,
         v.branch_id, v.org_path, v.manager_id, m.model_ids AS old_ids, m.since AS old_since,
         (v.branch_id, v.org_path, v.manager_id) IS DISTINCT FROM (m.branch_id, m.org_path, m.manager_id) AS moved,
         CASE WHEN v.customer_id IS NULL THEN '{{}}'::bigint[]
              WHEN m.model_ids IS NULL OR m.model_ids <@ CAST(:evaluated AS bigint[]) THEN v.ids
              ELSE ARRAY(SELECT x FROM unnest(m.model_ids) x WHERE x <> ALL(CAST(:evaluated AS bigint[])) UNION SELECT unnest(v.ids) ORDER BY 1)
         END AS ids
  FROM v FULL JOIN (SELECT * FROM segment_memberships k WHERE {keys}) m ON m.bank_id = v.bank_id AND m.customer_id = v.customer_id
), w AS MATERIALIZED (
  SELECT d.bank_id, d.customer_id, d.branch_id, d.org_path, d.manager_id, d.ids,
         CASE WHEN d.old_ids IS NULL THEN array_fill(CAST(:today AS date), ARRAY[cardinality(d.ids)])
              ELSE ARRAY(SELECT COALESCE(o.since, CAST(:today AS date)) FROM unnest(d.ids) WITH ORDINALITY n(id, i)
                         LEFT JOIN unnest(d.old_ids, d.old_since) o(id, since) ON o.id = n.id ORDER BY n.i)
         END AS since
  FROM d
  WHERE CASE WHEN d.old_ids IS NULL THEN cardinality(d.ids) > 0 ELSE d.ids <> d.old_ids OR (cardinality(d.ids) > 0 AND d.moved) END
), written AS (
  INSERT INTO segment_memberships AS s (bank_id, customer_id, branch_id, org_path, manager_id, model_ids, since)
  SELECT w.bank_id, w.customer_id, w.branch_id, w.org_path, w.manager_id, w.ids, w.since FROM w WHERE cardinality(w.ids) > 0
  ON CONFLICT (bank_id, customer_id) DO UPDATE SET branch_id = excluded.branch_id, org_path = excluded.org_path,
    manager_id = excluded.manager_id, model_ids = excluded.model_ids, since = excluded.since
  RETURNING 1
), gone AS (
  DELETE FROM segment_memberships s USING w WHERE s.bank_id = w.bank_id AND s.customer_id = w.customer_id AND cardinality(w.ids) = 0
  RETURNING 1
)
SELECT (SELECT count(*) FROM written) + (SELECT count(*) FROM gone), (SELECT count(*) FROM v)"""


@dataclass(frozen=True)
class Evaluation:
    members: dict[int, int]  # per model evaluated, over its whole subtree
    written: int  # membership rows written or deleted
    archives: int  # archives read: every archive of each bank a model runs in (a province's model: every bank)


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

    async def evaluate(
        self, models: list[Evaluated], columns: dict[str, str], today: date
    ) -> Evaluation:
        """Evaluate the models in one pass over each bank they run in (every archive read once,
        whatever the number of models), write the memberships that changed, and record today's
        counts per branch."""
        ids = [m.id for m in models]
        await self.session.execute(NO_JIT)
        await self.session.execute(
            text("DELETE FROM segment_counts WHERE model_id = ANY(CAST(:ids AS bigint[])) AND day = :today"), {"ids": ids, "today": today}
        )
        members, written, archives = dict.fromkeys(ids, 0), 0, 0
        banks = (await self.session.execute(select(OrgUnit.id, OrgUnit.path).where(OrgUnit.level == OrgLevel.BANK).order_by(OrgUnit.id))).all()
        for bank_id, bank_path in banks:
            here = [m for m in models if bank_path.startswith(m.path) or m.path.startswith(bank_path)]
            if not here:
                continue
            changed, read = await self._evaluate_bank(bank_id, bank_path, here, columns, today)
            written, archives = written + changed, archives + read
            for model_id, n in await self._count(bank_id, [m.id for m in here], today):
                members[model_id] += n
        return Evaluation(members, written, archives)

    async def _evaluate_bank(
        self, bank_id: int, bank_path: str, models: list[Evaluated], columns: dict[str, str], today: date
    ) -> tuple[int, int]:
        """(membership rows written or deleted, archives read) for one bank."""
        archives, params = memberships_sql(models, columns, bank_path)
        params |= {"bank": bank_id, "evaluated": sorted(m.id for m in models), "today": today}
        # Every archive of the bank, closed ones too (they leave every model), cut by id.
        bounds = (
            await self.session.scalars(
                text("SELECT id FROM (SELECT id, row_number() OVER (ORDER BY id) AS n FROM customers WHERE bank_id = :bank) s "
                     "WHERE n % :size = 0 ORDER BY id"),
                {"bank": bank_id, "size": CHUNK},
            )
        ).all()  # fmt: skip
        edges: list[uuid.UUID | None] = [None, *bounds, None]
        written = read = 0
        for after, last in zip(edges, edges[1:], strict=False):
            where, keys = "c.bank_id = :bank", "k.bank_id = :bank"
            chunk = dict(params)
            if after is not None:
                where, keys, chunk["after"] = f"{where} AND c.id > :after", f"{keys} AND k.customer_id > :after", after
            if last is not None:
                where, keys, chunk["last"] = f"{where} AND c.id <= :last", f"{keys} AND k.customer_id <= :last", last
            sql = _CHUNK.format(archives=archives.replace("{where}", where).replace("{keys}", keys), keys=keys)
            changed, n = (await self.session.execute(text(sql), chunk)).one()
            written, read = written + changed, read + n
        return written, read

    async def _count(self, bank_id: int, model_ids: list[int], today: date) -> list[tuple[int, int]]:
        """Today's members per branch of the bank for each model: (model id, members) per branch."""
        rows = await self.session.execute(
            text("""INSERT INTO segment_counts (model_id, day, branch_id, org_path, members)
                    SELECT x.id, :today, m.branch_id, u.path, count(*)
                    FROM segment_memberships m CROSS JOIN LATERAL unnest(m.model_ids) x(id) JOIN org_units u ON u.id = m.branch_id
                    WHERE m.bank_id = :bank AND m.model_ids && CAST(:ids AS bigint[]) AND x.id = ANY(CAST(:ids AS bigint[]))
                    GROUP BY x.id, m.branch_id, u.path RETURNING model_id, members"""),
            {"bank": bank_id, "ids": model_ids, "today": today},
        )  # fmt: skip
        return [(model_id, n) for model_id, n in rows.all()]

    async def remove_model(self, model_id: int) -> None:
        """Take a (retired) model out of every archive's memberships (an archive of no other model
        loses its row)."""
        await self.session.execute(
            text("""WITH r AS (SELECT bank_id, customer_id, array_position(model_ids, CAST(:model AS bigint)) AS i
                               FROM segment_memberships WHERE model_ids @> ARRAY[CAST(:model AS bigint)]),
                         gone AS (DELETE FROM segment_memberships s USING r WHERE s.bank_id = r.bank_id AND s.customer_id = r.customer_id
                                  AND cardinality(s.model_ids) = 1 RETURNING 1)
                    UPDATE segment_memberships s SET model_ids = s.model_ids[1:r.i - 1] || s.model_ids[r.i + 1:],
                                                     since = s.since[1:r.i - 1] || s.since[r.i + 1:]
                    FROM r WHERE s.bank_id = r.bank_id AND s.customer_id = r.customer_id AND cardinality(s.model_ids) > 1"""),
            {"model": model_id},
        )  # fmt: skip

    async def members(self, principal: Principal, model_id: int, *, after: uuid.UUID | None, limit: int) -> list[SegmentMembership]:
        stmt = readable_members(principal, model_id)
        if after is not None:
            stmt = stmt.where(SegmentMembership.customer_id > after)
        return list(await self.session.scalars(stmt.order_by(SegmentMembership.customer_id).limit(limit)))

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
            .where(starts_with(SegmentCount.org_path, principal.scope_path))
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
                   starts_with(SegmentCount.org_path, principal.scope_path))
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
        """(manager id, not yet done, overdue) of the reminders under ``path`` (which the caller
        checked is in their scope), the most overdue first. A snoozed reminder is not yet done
        but not overdue: it was deferred on purpose, and counts again once it wakes."""
        overdue = func.count().filter(Reminder.status == ReminderStatus.OPEN, Reminder.due_on < today)
        stmt = (
            select(Reminder.manager_id, func.count(), overdue)
            .where(starts_with(Reminder.org_path, path), Reminder.status.in_(OPEN_STATES))
            .group_by(Reminder.manager_id)
            .order_by(overdue.desc(), func.count().desc(), case((Reminder.manager_id.is_(None), 1), else_=0), Reminder.manager_id)
        )
        return [(m, n, late) for m, n, late in (await self.session.execute(stmt)).all()]


def readable_contacts(principal: Principal) -> Select[tuple[Contact]]:
    return select(Contact).where(starts_with(Contact.org_path, principal.scope_path))


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
            .where(starts_with(Contact.org_path, path), Contact.contacted_at >= since, Contact.contacted_at < until)
            .group_by(Contact.staff_id)
            .order_by(func.count().desc(), Contact.staff_id)
        )
        return [(s, n, customers) for s, n, customers in (await self.session.execute(stmt)).all()]
