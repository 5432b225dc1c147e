"""Approval queries. Every read a caller makes starts from a readable statement: applications,
quotas and tasks by the archive's org path (the caller's subtree); process definitions by the
bank's path, plus the shipped templates everyone reads. The workers' reads (due timers,
expiring quotas) are keyed by what they process, not by a caller."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, func, or_, select, text, tuple_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import undefer

from backend.approvals.models import (
    ACTIVE_TASK,
    Application,
    ApplicationEvent,
    ApplicationStatus,
    ApprovalTask,
    ProcessDefinition,
    ProcessStatus,
    Quota,
    QuotaStatus,
    TaskStatus,
)
from backend.auth.principal import Principal, customer_only
from backend.customers.models import Customer
from backend.customers.repository import readable_customers
from backend.images.models import CustomerImage
from backend.rules.models import ArchiveEvaluation
from backend.db.ordering import keyset_page
from backend.db.prefix import starts_with


class ApplicationOrder(StrEnum):
    """The orders of the application list, each keyset-paged on (its value, id): when it was made,
    the amount applied for, or the customer's name in pinyin order (the archive's ``name_sort``)."""

    CREATED_DESC = "CREATED_DESC"
    CREATED_ASC = "CREATED_ASC"
    AMOUNT_DESC = "AMOUNT_DESC"
    AMOUNT_ASC = "AMOUNT_ASC"
    CUSTOMER_NAME_ASC = "CUSTOMER_NAME_ASC"
    CUSTOMER_NAME_DESC = "CUSTOMER_NAME_DESC"

    @property
    def by_name(self) -> bool:
        return self.startswith("CUSTOMER_NAME")

    @property
    def descending(self) -> bool:
        return self.endswith("_DESC")

    @property
    def column(self):
        if self.by_name:
            return Customer.name_sort
        return Application.amount if self.startswith("AMOUNT") else Application.created_at


class TaskOrder(StrEnum):
    """The orders of the approval inbox, keyset-paged on (its value, task id): waiting longest
    first (first come, first served) or newest, or the application's amount."""

    CREATED_ASC = "CREATED_ASC"
    CREATED_DESC = "CREATED_DESC"
    AMOUNT_DESC = "AMOUNT_DESC"
    AMOUNT_ASC = "AMOUNT_ASC"

    @property
    def descending(self) -> bool:
        return self.endswith("_DESC")

    @property
    def column(self):
        return Application.amount if self.startswith("AMOUNT") else ApprovalTask.created_at


def readable_applications(principal: Principal) -> Select[tuple[Application]]:
    stmt = select(Application).where(starts_with(Application.org_path, principal.scope_path))
    return customer_only(stmt, principal, Application.customer_id)


def readable_application_ids(principal: Principal, ids: Sequence[uuid.UUID]) -> Select[tuple[uuid.UUID]]:
    """Of these application ids, those the caller may read. The ids are looked up first (a
    materialized CTE on the id index); the scope then filters a handful of rows, instead of the
    planner walking a branch's applications by path to find twenty ids."""
    wanted = select(Application.bank_id, Application.id).where(Application.id.in_(list(ids))).cte("wanted").prefix_with("MATERIALIZED")
    stmt = (
        select(Application.id)
        .join(wanted, (Application.bank_id == wanted.c.bank_id) & (Application.id == wanted.c.id))
        .where(starts_with(Application.org_path, principal.scope_path))
    )
    return customer_only(stmt, principal, Application.customer_id)


def readable_quotas(principal: Principal) -> Select[tuple[Quota]]:
    return customer_only(select(Quota).where(starts_with(Quota.org_path, principal.scope_path)), principal, Quota.customer_id)


def readable_processes(principal: Principal) -> Select[tuple[ProcessDefinition]]:
    """A bank's own processes by its subtree, the shipped templates (``org_path`` "/") by all."""
    return select(ProcessDefinition).where(
        or_(ProcessDefinition.bank_id.is_(None), starts_with(ProcessDefinition.org_path, principal.scope_path))
    )


def readable_tasks(principal: Principal) -> Select[tuple[ApprovalTask]]:
    """Tasks of the applications the caller may read (a task's queue lies within its archive's bank)."""
    app = (Application.bank_id == ApprovalTask.bank_id) & (Application.id == ApprovalTask.application_id)
    stmt = select(ApprovalTask).join(Application, app).where(starts_with(Application.org_path, principal.scope_path))
    return customer_only(stmt, principal, Application.customer_id)


class ApprovalRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    # -- archives, as the application reads them ------------------------------------------
    async def archive(self, principal: Principal, customer_id: uuid.UUID) -> Customer | None:
        return (await self.session.scalars(readable_customers(principal).where(Customer.id == customer_id))).one_or_none()

    async def precise(self, bank_id: int, customer_id: uuid.UUID) -> bool:
        stmt = select(ArchiveEvaluation.precise).where(ArchiveEvaluation.bank_id == bank_id, ArchiveEvaluation.customer_id == customer_id)
        return bool((await self.session.execute(stmt)).scalar_one_or_none())

    async def images_of(self, bank_id: int, customer_id: uuid.UUID, ids: Sequence[uuid.UUID]) -> set[uuid.UUID]:
        stmt = select(CustomerImage.id).where(
            CustomerImage.bank_id == bank_id, CustomerImage.customer_id == customer_id, CustomerImage.id.in_(list(ids))
        )
        return set((await self.session.scalars(stmt)).all())

    async def unit_path(self, unit_id: int) -> str:
        return str((await self.session.execute(text("SELECT path FROM org_units WHERE id = :id"), {"id": unit_id})).scalar_one())

    async def candidates(self, queue_path: str, role: str) -> list[int]:
        """Active staff of the unit holding the role (delegation targets, reminders)."""
        rows = await self.session.execute(
            text("SELECT u.id FROM staff_users u JOIN org_units o ON o.id = u.org_unit_id "
                 "WHERE o.path = :path AND :role = ANY(u.roles) AND u.status = 'ACTIVE' ORDER BY u.id"),
            {"path": queue_path, "role": role},
        )  # fmt: skip
        return [r[0] for r in rows]

    # -- process definitions ---------------------------------------------------------------
    async def processes(self, principal: Principal, *, include_superseded: bool) -> list[ProcessDefinition]:
        stmt = readable_processes(principal)
        if not include_superseded:
            stmt = stmt.where(ProcessDefinition.status == ProcessStatus.ACTIVE)
        order = (func.coalesce(ProcessDefinition.bank_id, 0), ProcessDefinition.key, ProcessDefinition.version.desc())
        return list(await self.session.scalars(stmt.order_by(*order)))

    async def process(self, principal: Principal, process_id: int) -> ProcessDefinition | None:
        return (await self.session.scalars(readable_processes(principal).where(ProcessDefinition.id == process_id))).one_or_none()

    async def processes_by_id(self, ids: Sequence[int]) -> dict[int, ProcessDefinition]:
        """Definitions by id, for applications already read in scope."""
        return {p.id: p for p in await self.session.scalars(select(ProcessDefinition).where(ProcessDefinition.id.in_(list(ids))))}

    async def process_in_force(self, bank_id: int | None, key: str, *, for_update: bool = False) -> ProcessDefinition | None:
        """The bank's active version of a key, else the shipped template's (``bank_id`` None: the template's)."""
        stmt = (
            select(ProcessDefinition)
            .where(ProcessDefinition.key == key, ProcessDefinition.status == ProcessStatus.ACTIVE)
            .where(or_(ProcessDefinition.bank_id == bank_id, ProcessDefinition.bank_id.is_(None)) if bank_id is not None
                   else ProcessDefinition.bank_id.is_(None))
            .order_by(ProcessDefinition.bank_id.is_(None))  # the bank's own first
            .limit(1)
        )
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).first()

    async def process_keys(self, bank_id: int) -> set[str]:
        stmt = select(ProcessDefinition.key).where(
            ProcessDefinition.status == ProcessStatus.ACTIVE, or_(ProcessDefinition.bank_id == bank_id, ProcessDefinition.bank_id.is_(None))
        )
        return set((await self.session.scalars(stmt)).all())

    async def next_process_version(self, bank_id: int | None, key: str) -> int:
        stmt = select(func.coalesce(func.max(ProcessDefinition.version), 0) + 1).where(
            ProcessDefinition.key == key, ProcessDefinition.bank_id == bank_id if bank_id is not None else ProcessDefinition.bank_id.is_(None)
        )
        return int((await self.session.execute(stmt)).scalar_one())

    async def supersede_process(self, bank_id: int | None, key: str) -> None:
        await self.session.execute(
            update(ProcessDefinition)
            .where(ProcessDefinition.key == key, ProcessDefinition.status == ProcessStatus.ACTIVE,
                   ProcessDefinition.bank_id == bank_id if bank_id is not None else ProcessDefinition.bank_id.is_(None))
            .values(status=ProcessStatus.SUPERSEDED)
        )  # fmt: skip

    # -- applications ----------------------------------------------------------------------
    async def application(self, principal: Principal, application_id: uuid.UUID, *, for_update: bool = False) -> Application | None:
        stmt = readable_applications(principal).where(Application.id == application_id)
        if for_update:  # to move its process
            stmt = stmt.with_for_update(of=Application).options(undefer(Application.workflow))
        return (await self.session.scalars(stmt)).one_or_none()

    async def application_by_id(self, application_id: uuid.UUID, *, for_update: bool = False) -> Application | None:
        """Any caller's, with its process: the id was already resolved in scope, or the worker holds it."""
        stmt = select(Application).where(Application.id == application_id).options(undefer(Application.workflow))
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def open_application(self, bank_id: int, customer_id: uuid.UUID, product_code: str) -> Application | None:
        stmt = select(Application).where(
            Application.bank_id == bank_id, Application.customer_id == customer_id, Application.product_code == product_code,
            Application.status.in_([ApplicationStatus.IN_APPROVAL, ApplicationStatus.RETURNED]),
        )
        return (await self.session.scalars(stmt)).first()

    async def next_number(self) -> int:
        return int((await self.session.execute(text("SELECT nextval('application_number_seq')"))).scalar_one())

    async def applications(
        self, principal: Principal, *, status: Sequence[ApplicationStatus] | None, customer_id: uuid.UUID | None,
        applicant_id: int | None, after: tuple[Any, uuid.UUID] | None, limit: int,
        order: ApplicationOrder = ApplicationOrder.CREATED_DESC,
    ) -> list[tuple[Application, Any]]:
        """In ``order`` (newest first by default), keyset-paged on (the order's value, id): each
        application with its position's value (``after`` is the value and id of the last row seen).
        The name order reads the archive's pinyin key (the archive of the same bank)."""
        column = order.column
        stmt = readable_applications(principal).add_columns(column)
        if order.by_name:
            stmt = stmt.join(Customer, (Customer.bank_id == Application.bank_id) & (Customer.id == Application.customer_id))
        if status:
            stmt = stmt.where(Application.status.in_(list(status)))
        if customer_id is not None:
            stmt = stmt.where(Application.customer_id == customer_id)
        if applicant_id is not None:
            stmt = stmt.where(Application.applicant_id == applicant_id)
        stmt = keyset_page(stmt, column, Application.id, after, order.descending)
        return [(row[0], row[1]) for row in await self.session.execute(stmt.limit(limit))]

    async def workflows(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict]:
        """The serialized processes of applications already read in scope (the diagram)."""
        rows = await self.session.execute(select(Application.id, Application.workflow).where(Application.id.in_(list(ids))))
        return {r[0]: r[1] for r in rows}

    async def applications_by_id(self, principal: Principal, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Application]:
        stmt = select(Application).where(Application.id.in_(readable_application_ids(principal, ids)))
        return {a.id: a for a in await self.session.scalars(stmt)}

    # -- tasks -----------------------------------------------------------------------------
    async def task(self, principal: Principal, task_id: int) -> ApprovalTask | None:
        return (await self.session.scalars(readable_tasks(principal).where(ApprovalTask.id == task_id))).one_or_none()

    async def task_for_update(self, task_id: int) -> ApprovalTask | None:
        stmt = select(ApprovalTask).where(ApprovalTask.id == task_id).with_for_update()
        return (await self.session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()

    async def live_tasks(self, application_id: uuid.UUID) -> list[ApprovalTask]:
        stmt = select(ApprovalTask).where(
            ApprovalTask.application_id == application_id,
            ApprovalTask.status.in_([TaskStatus.OPEN, TaskStatus.CLAIMED, TaskStatus.SUSPENDED]),
        )
        return list(await self.session.scalars(stmt.order_by(ApprovalTask.id).execution_options(populate_existing=True)))

    async def tasks_of(self, principal: Principal, application_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ApprovalTask]]:
        readable = readable_application_ids(principal, application_ids)
        stmt = select(ApprovalTask).where(ApprovalTask.application_id.in_(readable)).order_by(ApprovalTask.id)
        found: dict[uuid.UUID, list[ApprovalTask]] = {}
        for t in await self.session.scalars(stmt):
            found.setdefault(t.application_id, []).append(t)
        return found

    def _inbox(self, principal: Principal, box: str) -> Select[tuple[ApprovalTask]]:
        """``QUEUE``: unclaimed tasks of the caller's roles in the caller's unit; ``MINE``: claimed by the caller."""
        if box == "MINE":
            return select(ApprovalTask).where(ApprovalTask.status == TaskStatus.CLAIMED, ApprovalTask.claimed_by == principal.user_id)
        return select(ApprovalTask).where(
            ApprovalTask.status == TaskStatus.OPEN, ApprovalTask.queue_path == principal.scope_path,
            ApprovalTask.role.in_([r.value for r in principal.roles]),
        )

    async def inbox(
        self, principal: Principal, box: str, *, overdue_at: datetime | None, after: tuple[Any, int] | None, limit: int,
        order: TaskOrder = TaskOrder.CREATED_ASC,
    ) -> list[tuple[ApprovalTask, Application]]:
        """In ``order`` (oldest first by default: first come, first served), keyset-paged on (the
        order's value, task id), each task with its application (in the caller's scope: a queue lies
        within its applications' bank) read in the same statement, since every inbox row shows it."""
        stmt = self._inbox(principal, box)
        if overdue_at is not None:
            stmt = stmt.where(ApprovalTask.due_at <= overdue_at)
        app = (Application.bank_id == ApprovalTask.bank_id) & (Application.id == ApprovalTask.application_id)
        stmt = (
            stmt.add_columns(Application).join(Application, app)
            .where(starts_with(Application.org_path, principal.scope_path))
        )  # fmt: skip
        stmt = keyset_page(stmt, order.column, ApprovalTask.id, after, order.descending)
        return [(row[0], row[1]) for row in await self.session.execute(stmt.limit(limit))]

    async def inbox_counts(self, principal: Principal, now: datetime) -> tuple[int, int, int]:
        """(unclaimed in my queues, claimed by me, of those overdue or reminded)."""
        counts = []
        for box in ("QUEUE", "MINE"):
            sub = self._inbox(principal, box).with_only_columns(
                func.count(), func.count().filter(or_(ApprovalTask.due_at <= now, ApprovalTask.reminded_at.is_not(None)))
            )
            counts.append((await self.session.execute(sub)).one())
        return int(counts[0][0]), int(counts[1][0]), int(counts[0][1] + counts[1][1])

    async def approvers_of(self, application_id: uuid.UUID) -> set[int]:
        stmt = select(ApplicationEvent.actor_id).where(
            ApplicationEvent.application_id == application_id, ApplicationEvent.action == "APPROVED"
        )
        return {a for a in (await self.session.scalars(stmt)).all() if a is not None}

    async def events_of(self, principal: Principal, application_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ApplicationEvent]]:
        readable = readable_application_ids(principal, application_ids)
        stmt = select(ApplicationEvent).where(ApplicationEvent.application_id.in_(readable)).order_by(ApplicationEvent.id)
        found: dict[uuid.UUID, list[ApplicationEvent]] = {}
        for e in await self.session.scalars(stmt):
            found.setdefault(e.application_id, []).append(e)
        return found

    async def due_applications(self, now: datetime, limit: int) -> list[uuid.UUID]:
        """Applications with a task whose SLA timer is due, one batch, skipping any another worker holds."""
        due = (
            select(ApprovalTask.application_id)
            .where(ApprovalTask.status.in_(list(ACTIVE_TASK)), ApprovalTask.due_at <= now)
            .order_by(ApprovalTask.due_at)
            .limit(limit)
        )
        stmt = select(Application.id).where(Application.id.in_(due)).with_for_update(skip_locked=True)
        return list((await self.session.scalars(stmt)).all())

    # -- quotas ----------------------------------------------------------------------------
    async def quotas(
        self, principal: Principal, *, customer_id: uuid.UUID | None, status: Sequence[QuotaStatus] | None,
        before: tuple[datetime, uuid.UUID] | None, limit: int,
    ) -> list[Quota]:
        stmt = readable_quotas(principal)
        if customer_id is not None:
            stmt = stmt.where(Quota.customer_id == customer_id)
        if status:
            stmt = stmt.where(Quota.status.in_(list(status)))
        if before is not None:
            stmt = stmt.where(tuple_(Quota.created_at, Quota.id) < tuple_(*before))
        return list(await self.session.scalars(stmt.order_by(Quota.created_at.desc(), Quota.id.desc()).limit(limit)))

    async def quota(self, principal: Principal, quota_id: uuid.UUID, *, for_update: bool = False) -> Quota | None:
        stmt = readable_quotas(principal).where(Quota.id == quota_id)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def quota_of_applications(self, principal: Principal, application_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Quota]:
        readable = readable_application_ids(principal, application_ids)
        stmt = select(Quota).where(Quota.application_id.in_(readable))
        return {q.application_id: q for q in await self.session.scalars(stmt)}

    async def quota_by_id(self, bank_id: int, quota_id: uuid.UUID) -> Quota | None:
        stmt = select(Quota).where(Quota.bank_id == bank_id, Quota.id == quota_id).with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def expire_quotas(self, today: date) -> list[tuple[int, uuid.UUID, str]]:
        """Every active or frozen quota past its validity expires, in one statement."""
        rows = await self.session.execute(
            update(Quota)
            .where(Quota.status.in_([QuotaStatus.ACTIVE, QuotaStatus.FROZEN]), Quota.valid_to < today)
            .values(status=QuotaStatus.EXPIRED, version=Quota.version + 1, updated_at=func.now())
            .returning(Quota.bank_id, Quota.id, Quota.org_path)
        )
        return [(r[0], r[1], r[2]) for r in rows]
