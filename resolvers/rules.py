"""Integrity-rule resolvers: administration, dry run, publish, evaluations."""

from __future__ import annotations

import dataclasses

import strawberry
from strawberry import Info

from backend.errors import BadInput
from backend.rules.models import EvaluationRun as EvaluationRunModel
from backend.rules.models import RuleScope, Severity
from backend.rules.service import RuleSpec
from resolvers.common import parse_uuid, read_one, run_mutation
from schema.rules import (
    RuleError,
    DryRunBranch,
    DryRunPayload,
    DryRunReport,
    DryRunRule,
    EvaluationRun,
    PublishPayload,
    RuleField,
    RuleSet,
    RuleSetPayload,
    SaveRuleSetInput,
)


def run_type(run: EvaluationRunModel) -> EvaluationRun:
    return EvaluationRun(
        id=strawberry.ID(str(run.id)), status=run.status, total=run.total, done=run.done,
        started_at=run.started_at, finished_at=run.finished_at,
    )


async def rule_sets(info: Info, scope: RuleScope | None = None, include_superseded: bool = False) -> list[RuleSet]:
    """The baseline (read-only for banks) and your bank's sets: drafts, published, superseded."""
    ctx = info.context
    async with ctx.reader() as session:
        found = await ctx.services.rules(session).rule_sets(ctx.viewer, scope=scope, include_superseded=include_superseded)
    return [RuleSet.from_model(s, rules) for s, rules in found]


async def evaluation_run(info: Info, id: strawberry.ID) -> EvaluationRun | None:
    ctx = info.context
    key = parse_uuid(id)
    return await read_one(info, lambda session: ctx.services.rules(session).run(ctx.viewer, key), run_type)


async def save_rule_set(info: Info, input: SaveRuleSetInput) -> RuleSetPayload:
    ctx = info.context

    async def work(session):
        svc = ctx.services.rules(session)
        specs = [RuleSpec(**{f.name: getattr(r, f.name) for f in dataclasses.fields(RuleSpec)}) for r in input.rules]
        saved = await svc.save_draft(
            ctx.viewer, scope=input.scope, name=input.name, rules=specs,
            draft_id=parse_uuid(input.id) if input.id else None, effective_from=input.effective_from,
        )
        return RuleSet.from_model(saved, await svc.rules_of(saved.id))

    rule_set, errors = await run_mutation(info, work)
    return RuleSetPayload(rule_set=rule_set, errors=RuleError.of(errors))


async def dry_run_rule_set(info: Info, id: strawberry.ID, sample: int | None = None) -> DryRunPayload:
    ctx = info.context
    if sample is not None and not 1 <= sample <= 100_000:
        raise BadInput("sample", "must be between 1 and 100000")

    async def work(session):
        report = await ctx.services.rules(session).dry_run(ctx.viewer, parse_uuid(id), sample=sample)
        names = report.branch_names
        return DryRunReport(
            archives=report.archives, sampled=report.sampled, newly_failing=report.newly_failing, newly_passing=report.newly_passing,
            precise_before=report.precise_before, precise_after=report.precise_after,
            by_rule=[
                DryRunRule(
                    code=c, severity=report.rules[c][0] if c in report.rules else Severity.ERROR,
                    message=report.rules[c][1] if c in report.rules else c, message_en=report.rules[c][2] if c in report.rules else c,
                    newly_failing=v[0], newly_passing=v[1], failing=v[2],
                )
                for c, v in sorted(report.by_rule.items())
            ],
            by_branch=[
                DryRunBranch(
                    branch_id=strawberry.ID(str(b)), branch_name=names.get(b, str(b)), archives=v[0], newly_failing=v[1],
                    newly_passing=v[2], precise_before=v[3], precise_after=v[4],
                )
                for b, v in sorted(report.by_branch.items())
            ],
        )

    # A dry run evaluates in memory and stores nothing.
    report, errors = await run_mutation(info, work)
    return DryRunPayload(report=report, errors=RuleError.of(errors))


async def publish_rule_set(info: Info, id: strawberry.ID) -> PublishPayload:
    """Request the publication; a second administrator approves it (``approvePendingChange``)."""
    from schema.dual_control import PendingChange

    ctx = info.context

    async def work(session):
        svc = ctx.services.rules(session)
        draft, change = await svc.request_publish(ctx.viewer, parse_uuid(id))
        return RuleSet.from_model(draft, await svc.rules_of(draft.id)), PendingChange.from_model(change)

    result, errors = await run_mutation(info, work)
    rule_set, change = result if result else (None, None)
    return PublishPayload(rule_set=rule_set, pending_change=change, errors=RuleError.of(errors))





async def rule_fields(info: Info) -> list[RuleField]:
    """The rule field catalog, then your bank's extra fields as ``extra.<code>``."""
    from backend.rules.fields import EXTRA_PREFIX, FIELDS, field_for

    catalog = [RuleField.from_catalog(f) for f in FIELDS.values()]
    bank_id = info.context.viewer.bank_id
    if bank_id is None:
        return catalog
    definitions = await info.context.loaders.extra_fields.load(bank_id)
    kinds = {code: d.kind.value for code, d in definitions.items()}
    extra = []
    for code, d in sorted(definitions.items()):
        f = field_for(EXTRA_PREFIX + code, kinds)
        if f is not None:
            extra.append(RuleField(path=f.path, label=d.label_zh, type=f.type, presence_only=False))
    return catalog + extra
