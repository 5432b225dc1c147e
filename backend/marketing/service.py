"""Segment models: define, evaluate (on demand and nightly), retire, and read members and counts.

A model belongs to the unit of the user who defines it and runs over that unit's subtree
(``backend.marketing.models``). Saving a model evaluates it at once, so its author sees the
members and counts straight away; the nightly job re-evaluates every active model, all of them
in one pass over each bank's archives. A single model's evaluation (on saving, on demand) is the
same pass with that model alone, so it gives what the night would.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.service import LOCAL
from backend.audit import service as audit
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.errors import DomainError, PermissionDenied, field_error, not_found
from backend.marketing.expression import to_condition
from backend.marketing.models import ModelStatus, SegmentMembership, SegmentModel
from backend.marketing.reminders import raise_built_in, raise_for_model, raise_for_models, wake_snoozed
from backend.marketing.repository import SegmentRepository
from backend.marketing.segments import CompiledModel, Evaluated, compile_model, may_test
from backend.orgs.models import OrgUnit
from backend.rules.compiler import RuleError
from backend.rules.engine import extra_kinds

TREND_DAYS = 90


@dataclass(frozen=True)
class ModelInput:
    name: str
    condition: Any
    description: str | None = None
    id: int | None = None  # an existing model to change
    reminder: str | None = None  # what each new member's manager is reminded to do
    expression: str | None = None  # the condition in CEL instead (backend.marketing.expression)


def local_today() -> date:
    """The business day in Fujian (the nightly job's, the counts', the members' ``since``, the
    reminders' due days)."""
    return datetime.now(LOCAL).date()


def may_edit(principal: Principal, model: SegmentModel) -> bool:
    """Only the unit that owns a model changes, re-evaluates or retires it: a bank uses a province
    model as it is (and re-evaluating it would run over every bank)."""
    return principal.is_staff and principal.can(Permission.MODEL_ADMIN) and model.org_path == principal.scope_path


class SegmentService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = SegmentRepository(session)

    def _require(self, principal: Principal, permission: Permission) -> None:
        if not principal.is_staff or not principal.can(permission):
            raise PermissionDenied(permission.value)

    async def _compile(
        self, principal: Principal, model_bank: int | None, condition: Any, prefix: str = "m", columns: dict[str, str] | None = None
    ) -> CompiledModel:
        try:
            return compile_model(principal, condition, await extra_kinds(self.session, model_bank), prefix, columns)
        except RuleError as exc:
            raise DomainError(*exc.errors) from exc

    async def _own(self, principal: Principal, model_id: int) -> SegmentModel:
        """One of the caller's unit's models, locked, still active."""
        self._require(principal, Permission.MODEL_ADMIN)
        model = await self.repo.get(principal, model_id, for_update=True)
        if model is None or not may_edit(principal, model):
            raise not_found("模型")
        if model.status == ModelStatus.RETIRED:
            raise field_error("id", "MODEL_RETIRED", "模型已停用", "the model is retired")
        return model

    async def save(self, principal: Principal, data: ModelInput) -> SegmentModel:
        """A new model of the caller's unit, or a new version of one of its own unit's models;
        evaluated at once."""
        self._require(principal, Permission.MODEL_ADMIN)
        name = (data.name or "").strip()
        if not 1 <= len(name) <= 60:
            raise field_error("name", "REQUIRED", "请填写模型名称（1-60个字）", "a name of 1-60 characters is required")
        now = datetime.now(UTC)
        if data.id is None:
            model = SegmentModel(
                bank_id=principal.bank_id, org_unit_id=principal.org_id, org_path=principal.scope_path, created_by=principal.user_id,
                status=ModelStatus.ACTIVE, version=1, members=0, created_at=now, updated_at=now,
            )
        else:
            model = await self._own(principal, data.id)
            model.version += 1
            model.updated_at = now
        condition = data.condition
        if data.expression is not None:
            if data.condition is not None:
                raise field_error("expression", "INVALID_CONDITION", "请只填写条件或表达式之一", "give the condition or the expression, not both")
            condition = to_condition(data.expression)
        try:
            compiled = await self._compile(principal, model.bank_id, condition)
        except DomainError as refused:
            if data.expression is None:
                raise
            # the expression's fields and values are the user's text: name it, not the tree made of it
            raise DomainError(*(replace(e, field="expression") for e in refused.errors)) from None
        reminder = (data.reminder or "").strip() or None
        if reminder is not None and len(reminder) > 200:
            raise field_error("reminder", "TOO_LONG", "提醒内容不能超过200个字", "the reminder is at most 200 characters")
        model.name, model.description, model.condition, model.fields = name, (data.description or "").strip() or None, condition, compiled.fields
        model.reminder = reminder
        self.session.add(model)
        await self.session.flush()
        await self._evaluate(model)
        await audit.record(
            self.session, action="marketing.save_model", org_path=model.org_path, principal=principal, target_type="SegmentModel",
            target_id=model.id, detail={"version": model.version, "fields": compiled.fields},
        )
        return model

    async def retire(self, principal: Principal, model_id: int) -> SegmentModel:
        model = await self._own(principal, model_id)
        model.status = ModelStatus.RETIRED
        await self.session.flush()
        await self.repo.remove_model(model.id)  # its counts and trend stay; its members are no one's list any more
        await audit.record(
            self.session, action="marketing.retire_model", org_path=model.org_path, principal=principal, target_type="SegmentModel",
            target_id=model.id,
        )
        return model

    async def evaluate_now(self, principal: Principal, model_id: int) -> SegmentModel:
        """On demand, by its own unit."""
        model = await self._own(principal, model_id)
        await self._evaluate(model)
        return model

    async def _evaluate(self, model: SegmentModel) -> None:
        """The model alone (the nightly pass with one model, compiled as its owner), then a reminder
        for each member without one for its membership (those who joined now, and, after a new
        version added the text, those who were members before)."""
        today, columns = local_today(), dict[str, str]()
        compiled = await self._compile(_owner(model), model.bank_id, model.condition, columns=columns)
        done = await self.repo.evaluate([Evaluated(model.id, model.org_path, compiled)], columns, today)
        model.members = done.members[model.id]
        model.evaluated_at = datetime.now(UTC)
        await self.session.flush()
        if model.reminder:
            await raise_for_model(self.session, model.id, model.reminder, today)

    # -- reads ----------------------------------------------------------------------------------

    async def models(self, principal: Principal, *, status: ModelStatus | None) -> list[SegmentModel]:
        self._require(principal, Permission.MODEL_READ)
        return await self.repo.visible(principal, status=status)

    async def model(self, principal: Principal, model_id: int) -> SegmentModel | None:
        self._require(principal, Permission.MODEL_READ)
        return await self.repo.get(principal, model_id)

    async def members(self, principal: Principal, model: SegmentModel, *, after: uuid.UUID | None, limit: int) -> list[SegmentMembership]:
        """The model's members within the caller's scope: only for a caller who may see every
        field the model tests (a list of who passed a filter tells what the filtered value is)."""
        self._require(principal, Permission.MODEL_READ)
        if hidden := [f for f in model.fields if not may_test(principal, f)]:
            raise PermissionDenied(
                f"the model filters on {', '.join(hidden)}, which your role may not see", field="members",
                message_zh="该模型按您的角色不可见的字段筛选，不能查看名单",
            )
        return await self.repo.members(principal, model.id, after=after, limit=limit)

    async def counts_by_unit(self, principal: Principal, model_ids: list[int]) -> dict[int, list[tuple[OrgUnit, int]]]:
        """Members per branch within the caller's subtree at each model's last evaluation."""
        self._require(principal, Permission.MODEL_READ)
        return await self.repo.counts_by_unit(principal, model_ids)

    async def owners(self, principal: Principal, unit_ids: list[int]) -> dict[int, OrgUnit]:
        """The owning units of models the caller has read (a shared model's owner is above them)."""
        self._require(principal, Permission.MODEL_READ)
        return await self.repo.owners(unit_ids)

    async def trend(self, principal: Principal, model: SegmentModel) -> list[tuple[date, int]]:
        self._require(principal, Permission.MODEL_READ)
        return await self.repo.trend(principal, model.id, since=local_today() - timedelta(days=TREND_DAYS))


def _owner(model: SegmentModel) -> Principal:
    """The model as its owning unit compiles it (the nightly job and an evaluation on demand
    compile with the owner's field visibility, checked when it was saved)."""
    return Principal(kind="staff", scope_path=model.org_path, bank_id=model.bank_id, org_id=model.org_unit_id, roles=frozenset())


@dataclass(frozen=True)
class Nightly:
    models: int
    members: int
    reminders: dict[str, int]  # raised, by kind
    woken: int
    archives: int  # archives the pass read (each bank a model runs in, every archive once)
    seconds: dict[str, float]  # where the night went: the pass, the models' reminders, the built-in ones


async def nightly(session: AsyncSession, today: date) -> Nightly:
    """The nightly job's work in one transaction: every active model evaluated (one pass over each
    bank's archives for all of them), reminders raised for the day's new members of models that
    have one, the built-in reminders raised, snoozed ones woken."""
    service = SegmentService(session)
    models = await service.repo.active()
    columns: dict[str, str] = {}  # every field any model tests, computed once per archive
    compiled = [
        Evaluated(m.id, m.org_path, await service._compile(_owner(m), m.bank_id, m.condition, prefix=f"m{m.id}", columns=columns))
        for m in models
    ]
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(stage: str) -> None:  # the time since the last lap, as the stage's
        nonlocal clock
        ended = time.perf_counter()
        seconds[stage], clock = round(ended - clock, 2), ended

    done = await service.repo.evaluate(compiled, columns, today)
    now = datetime.now(UTC)
    for model in models:
        model.members, model.evaluated_at = done.members[model.id], now
    await session.flush()
    lap("evaluate")
    reminded = await raise_for_models(session, {m.id: m.reminder for m in models if m.reminder}, today, joined_today=True)
    raised: dict[str, int] = {"MODEL": reminded} if reminded else {}
    lap("model_reminders")
    raised |= {kind.value: n for kind, n in (await raise_built_in(session, today)).items()}
    woken = await wake_snoozed(session, today)
    lap("built_in_reminders")
    return Nightly(len(models), sum(done.members.values()), raised, woken, done.archives, seconds)
