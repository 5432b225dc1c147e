"""DataLoaders, created per request in the context (never at module level)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

from sqlalchemy import select, tuple_
from strawberry.dataloader import DataLoader

from backend.customers.models import (
    CustomerAssignment,
    CustomerChange,
    ExtraFieldDefinition,
)
from backend.images.models import CustomerImage
from backend.orgs.models import OrgUnit, StaffUser
from backend.orgs.repository import OrgRepository, readable_staff_users
from backend.rules.models import ArchiveEvaluation, EvaluationRun

if TYPE_CHECKING:
    from schema.context import Context

CustomerKey = tuple[int, uuid.UUID]


class Loaders:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.org_unit = DataLoader(self._load_org_units)
        self.staff_user = DataLoader(self._load_staff_users)
        self.extra_fields = DataLoader(self._load_extra_fields)
        self.customer_history = DataLoader(self._load_history)
        self.customer_assignments = DataLoader(self._load_assignments)
        self.customer_images = DataLoader(self._load_images)
        self.evaluation = DataLoader(self._load_evaluations)
        self.rule_messages = DataLoader(self._load_rule_messages)
        self.edited_since_submission = DataLoader(self._load_edited_since_submission)
        self.rule_set_run = DataLoader(self._load_rule_set_runs)

    async def _load_org_units(self, ids: Sequence[int]) -> list[OrgUnit | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await OrgRepository(session).org_units_by_ids(ctx.viewer, ids)
        return [found.get(i) for i in ids]

    async def _load_staff_users(self, ids: Sequence[int]) -> list[StaffUser | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            rows = await session.scalars(readable_staff_users(ctx.viewer).where(StaffUser.id.in_(ids)))
            found = {u.id: u for u in rows}
        return [found.get(i) for i in ids]

    async def _load_extra_fields(self, bank_ids: Sequence[int]) -> list[dict[str, ExtraFieldDefinition]]:
        async with self._ctx.reader() as session:
            rows = await session.scalars(select(ExtraFieldDefinition).where(ExtraFieldDefinition.bank_id.in_(bank_ids)))
            by_bank: dict[int, dict[str, ExtraFieldDefinition]] = defaultdict(dict)
            for d in rows:
                by_bank[d.bank_id][d.code] = d
        return [by_bank.get(b, {}) for b in bank_ids]

    # The archives these belong to were loaded through the caller's scope already.
    async def _load_history(self, keys: Sequence[CustomerKey]) -> list[list[CustomerChange]]:
        return await self._per_customer(CustomerChange, keys)

    async def _load_assignments(self, keys: Sequence[CustomerKey]) -> list[list[CustomerAssignment]]:
        return await self._per_customer(CustomerAssignment, keys)

    async def _load_images(self, keys: Sequence[CustomerKey]) -> list[list[CustomerImage]]:
        """Images of many archives, oldest first (the order they were taken)."""
        async with self._ctx.reader() as session:
            rows = await session.scalars(
                select(CustomerImage)
                .where(tuple_(CustomerImage.bank_id, CustomerImage.customer_id).in_(list(keys)))
                .order_by(CustomerImage.taken_at, CustomerImage.id)
            )
            grouped: dict[CustomerKey, list[CustomerImage]] = defaultdict(list)
            for r in rows:
                grouped[(r.bank_id, r.customer_id)].append(r)
        return [grouped.get(k, []) for k in keys]

    async def _per_customer(self, model, keys: Sequence[CustomerKey]) -> list[list]:
        """Rows of a (bank_id, customer_id)-keyed table for many archives, newest first."""
        async with self._ctx.reader() as session:
            rows = await session.scalars(
                select(model).where(tuple_(model.bank_id, model.customer_id).in_(list(keys))).order_by(model.id.desc())
            )
            grouped: dict[CustomerKey, list] = defaultdict(list)
            for r in rows:
                grouped[(r.bank_id, r.customer_id)].append(r)
        return [grouped.get(k, []) for k in keys]

    async def _load_evaluations(self, keys: Sequence[CustomerKey]) -> list[ArchiveEvaluation | None]:
        async with self._ctx.reader() as session:
            rows = await session.scalars(
                select(ArchiveEvaluation).where(tuple_(ArchiveEvaluation.bank_id, ArchiveEvaluation.customer_id).in_(list(keys)))
            )
            found = {(r.bank_id, r.customer_id): r for r in rows}
        return [found.get(k) for k in keys]

    async def _load_edited_since_submission(self, keys: Sequence[CustomerKey]) -> list[bool]:
        """Whether the caller changed each archive after its latest submission (four eyes)."""
        user_id = self._ctx.viewer.user_id
        if user_id is None:
            return [False for _ in keys]
        from backend.customers.repository import CustomerRepository

        async with self._ctx.reader() as session:
            edited = await CustomerRepository(session).edited_since_submission_many(list(keys), user_id)
        return [k in edited for k in keys]

    async def _load_rule_set_runs(self, rule_set_ids: Sequence[uuid.UUID]) -> list[EvaluationRun | None]:
        """The latest re-evaluation run of each rule set (started by its publication)."""
        async with self._ctx.reader() as session:
            rows = await session.scalars(
                select(EvaluationRun).where(EvaluationRun.rule_set_id.in_(list(rule_set_ids))).order_by(EvaluationRun.created_at)
            )
            latest = {r.rule_set_id: r for r in rows}
        return [latest.get(i) for i in rule_set_ids]

    async def _load_rule_messages(self, bank_ids: Sequence[int]) -> list[dict[str, tuple[str, str]]]:
        from backend.rules.engine import rules_in_force

        async with self._ctx.reader() as session:
            return [await rules_in_force(session, b) for b in bank_ids]
