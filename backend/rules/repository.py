"""Rule set, run and evaluation queries. Rule sets are readable per ``readable_rule_sets``: the
province baseline by everyone, a bank's sets by that bank's staff and by the province."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.rules.models import ArchiveEvaluation, EvaluationRun, Rule, RuleScope, RuleSet, RuleSetStatus


def readable_rule_sets(principal: Principal) -> Select[tuple[RuleSet]]:
    stmt = select(RuleSet)
    if principal.bank_id is not None:
        stmt = stmt.where((RuleSet.scope == RuleScope.PROVINCE) | (RuleSet.bank_id == principal.bank_id))
    return stmt


class RuleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def rule_set(self, principal: Principal, rule_set_id: uuid.UUID) -> RuleSet | None:
        return (await self.session.scalars(readable_rule_sets(principal).where(RuleSet.id == rule_set_id))).one_or_none()

    async def rule_sets(
        self, principal: Principal, *, scope: RuleScope | None, include_superseded: bool
    ) -> list[tuple[RuleSet, list[Rule]]]:
        """Sets the caller may read, newest version first per scope, with their rules (2 statements)."""
        stmt = readable_rule_sets(principal)
        if scope is not None:
            stmt = stmt.where(RuleSet.scope == scope)
        if not include_superseded:
            stmt = stmt.where(RuleSet.status != RuleSetStatus.SUPERSEDED)
        sets = list(await self.session.scalars(stmt.order_by(RuleSet.scope.desc(), RuleSet.bank_id, RuleSet.version.desc())))
        rules: dict[uuid.UUID, list[Rule]] = {s.id: [] for s in sets}
        if rules:
            for rule in await self.session.scalars(select(Rule).where(Rule.rule_set_id.in_(list(rules))).order_by(Rule.position, Rule.code)):
                rules[rule.rule_set_id].append(rule)
        return [(s, rules[s.id]) for s in sets]

    async def rules_of(self, rule_set_id: uuid.UUID) -> list[Rule]:
        return list(await self.session.scalars(select(Rule).where(Rule.rule_set_id == rule_set_id).order_by(Rule.position, Rule.code)))

    async def run(self, principal: Principal, run_id: uuid.UUID) -> EvaluationRun | None:
        """A re-evaluation run of a set the caller may read (the province's or their bank's)."""
        run = await self.session.get(EvaluationRun, run_id)
        if run is None or (principal.bank_id is not None and run.bank_id not in (None, principal.bank_id)):
            return None
        return run

    async def latest_runs(self, rule_set_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, EvaluationRun]:
        """The latest re-evaluation run of each rule set (started by its publication)."""
        rows = await self.session.scalars(
            select(EvaluationRun).where(EvaluationRun.rule_set_id.in_(list(rule_set_ids))).order_by(EvaluationRun.created_at)
        )
        return {r.rule_set_id: r for r in rows}

    async def evaluations_of(self, keys: Sequence[tuple[int, uuid.UUID]]) -> dict[tuple[int, uuid.UUID], ArchiveEvaluation]:
        """The stored evaluations of archives already read in scope."""
        rows = await self.session.scalars(
            select(ArchiveEvaluation).where(tuple_(ArchiveEvaluation.bank_id, ArchiveEvaluation.customer_id).in_(list(keys)))
        )
        return {(r.bank_id, r.customer_id): r for r in rows}
