"""Rule set administration: drafts, dry runs, publishing (never weakening the baseline)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.rules.tasks import EVALUATE_RUN, RunRef
from backend.audit import service as audit
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.principal import Principal
from backend.dual_control.models import ChangeKind, PendingChange
from backend.dual_control.repository import PendingChangeRepository
from backend.dual_control.service import DualControlService, executor
from backend.errors import (
    DomainError,
    FieldError,
    PermissionDenied,
    field_error,
    not_found,
)
from backend.inputs import column_length
from backend.orgs.models import OrgLevel, OrgUnit
from backend.outbox.service import Outbox
from backend.rules.compiler import RuleError, compile_rule, english_message
from backend.rules.engine import evaluate, extra_kinds, forget_book_keys, published_set, rule_book
from backend.orgs.repository import OrgRepository
from backend.rules.repository import RuleRepository
from backend.rules.models import (
    EvaluationRun,
    Rule,
    RuleKind,
    RuleScope,
    RuleSet,
    RuleSetStatus,
    Severity,
)

SEVERITY_RANK = {Severity.WARNING: 0, Severity.ERROR: 1}


@dataclass
class RuleSpec:
    code: str
    kind: RuleKind
    severity: Severity
    message_zh: str
    message_en: str  # optional: empty means the Chinese message (``english_message``)
    params: dict[str, Any]
    segment: dict[str, Any] | None = None
    enabled: bool = True
    overrides: str | None = None
    overridable: bool = False


@dataclass
class DryRun:
    archives: int = 0
    sampled: bool = False
    newly_failing: int = 0
    newly_passing: int = 0
    precise_before: int = 0
    precise_after: int = 0
    by_rule: dict[str, list[int]] = field(default_factory=dict)  # code -> [newly failing, newly passing, failing]
    by_branch: dict[int, list[int]] = field(default_factory=dict)  # id -> [archives, newly failing, newly passing, precise before, after]
    # An archive newly failing (passing) violates a rule it did not (no longer violates one): the
    # headline counts the archives the rules' rows count, each once.
    branch_names: dict[int, str] = field(default_factory=dict)
    rules: dict[str, tuple[Severity, str, str]] = field(default_factory=dict)  # code -> severity, zh, en (draft's, else in force)

    def count(self, branch_id: int, before: list[dict[str, str]], after: list[dict[str, str]], precise_before: bool, precise_after: bool) -> None:
        """Add one archive: its violations under the rules in force and under the draft."""
        old_codes, new_codes = {v["code"] for v in before}, {v["code"] for v in after}
        branch = self.by_branch.setdefault(branch_id, [0, 0, 0, 0, 0])
        failing, passing = bool(new_codes - old_codes), bool(old_codes - new_codes)
        self.archives += 1
        self.newly_failing += failing
        self.newly_passing += passing
        self.precise_before += precise_before
        self.precise_after += precise_after
        for i, value in enumerate((1, failing, passing, precise_before, precise_after)):
            branch[i] += value
        for code in new_codes | old_codes:
            counts = self.by_rule.setdefault(code, [0, 0, 0])
            counts[0] += code in new_codes and code not in old_codes
            counts[1] += code in old_codes and code not in new_codes
            counts[2] += code in new_codes


def _scope_of(principal: Principal, scope: RuleScope) -> int | None:
    """The bank whose set the caller administers (None: the province baseline): RULES_ADMIN held
    at the province for the baseline, at a bank for that bank's set."""
    if scope == RuleScope.PROVINCE:
        if not principal.can(Permission.RULES_ADMIN) or principal.org_level != OrgLevel.PROVINCE:
            raise PermissionDenied("only province administrators maintain the baseline")
        return None
    if not principal.can(Permission.RULES_ADMIN) or principal.bank_id is None:
        raise PermissionDenied("only bank administrators maintain their bank's rules")
    return principal.bank_id


class RuleService:
    def __init__(self, session: AsyncSession, cipher: FieldCipher, outbox: Outbox) -> None:
        self.session = session
        self.cipher = cipher
        self.outbox = outbox
        self.repo = RuleRepository(session)

    async def rules_of(self, rule_set_id: uuid.UUID) -> list[Rule]:
        return await self.repo.rules_of(rule_set_id)

    async def visible_set(self, principal: Principal, rule_set_id: uuid.UUID) -> RuleSet | None:
        return await self.repo.rule_set(principal, rule_set_id)

    async def rule_sets(self, principal: Principal, *, scope: RuleScope | None, include_superseded: bool) -> list[tuple[RuleSet, list[Rule]]]:
        return await self.repo.rule_sets(principal, scope=scope, include_superseded=include_superseded)

    async def run(self, principal: Principal, run_id: uuid.UUID) -> EvaluationRun | None:
        return await self.repo.run(principal, run_id)

    # -- drafts ---------------------------------------------------------------------------------
    async def save_draft(
        self, principal: Principal, *, scope: RuleScope, name: str, rules: list[RuleSpec], draft_id: uuid.UUID | None, effective_from: date | None
    ) -> RuleSet:
        bank_id = _scope_of(principal, scope)
        if draft_id is not None:
            draft = await self.visible_set(principal, draft_id)
            if draft is None or draft.scope != scope or draft.bank_id != bank_id:
                raise not_found("规则集")
            if draft.status != RuleSetStatus.DRAFT:
                raise field_error("id", "PUBLISHED_IS_IMMUTABLE", "已发布的规则集不能修改，请新建草稿", "a published rule set cannot change: start a new draft")
            if await PendingChangeRepository(self.session).open_for("RuleSet", str(draft.id)) is not None:
                raise field_error(
                    "id", "PUBLISH_PENDING", "该草稿的发布申请正在等待复核，撤回申请后才能修改",
                    "the draft waits for a second administrator to approve its publication: withdraw the request to edit it",
                )
        else:
            latest = await self.session.scalar(
                select(func.max(RuleSet.version)).where(RuleSet.scope == scope, func.coalesce(RuleSet.bank_id, 0) == (bank_id or 0))
            )
            draft = RuleSet(scope=scope, bank_id=bank_id, version=(latest or 0) + 1, status=RuleSetStatus.DRAFT, created_by=principal.user_id)
        if not name.strip() or len(name) > 100:
            raise field_error("name", "REQUIRED", "须填写规则集名称（不超过100字）", "a name (max 100) is required")
        candidates = [
            Rule(
                code=r.code.strip().upper(), kind=r.kind, severity=r.severity, enabled=r.enabled, message_zh=r.message_zh.strip(),
                message_en=english_message(r.message_zh, r.message_en), params=r.params or {}, segment=r.segment, overrides=r.overrides, position=i,
                overridable=r.overridable,
            )
            for i, r in enumerate(rules)
        ]
        await self._validate(bank_id, candidates)
        draft.name = name.strip()
        if effective_from is not None:
            draft.effective_from = effective_from
        self.session.add(draft)
        await self.session.flush()
        await self.session.execute(delete(Rule).where(Rule.rule_set_id == draft.id))
        for rule in candidates:
            rule.rule_set_id = draft.id
            self.session.add(rule)
        await self.session.flush()
        await audit.record(
            self.session, action="rules.save_draft", org_path=await self._org_path(bank_id), principal=principal,
            target_type="RuleSet", target_id=str(draft.id), detail={"version": draft.version, "rules": [r.code for r in candidates]},
        )
        return draft

    async def _validate(self, bank_id: int | None, rules: list[Rule]) -> None:
        errors: list[FieldError] = []
        kinds = await extra_kinds(self.session, bank_id)
        seen: set[str] = set()
        for i, rule in enumerate(rules):
            if rule.code in seen:
                errors.append(FieldError(f"rules[{i}].code", "DUPLICATE", "规则代码重复", "duplicate rule code"))
            seen.add(rule.code)
            too_long = _too_long(rule, i)
            if too_long:
                errors.extend(too_long)
                continue
            try:
                compile_rule(rule, "DRAFT", kinds, i)
            except RuleError as exc:
                errors.extend(exc.errors)
                continue
            if rule.kind == RuleKind.PATTERN:
                errors.extend(await self._postgres_accepts(rule.params.get("pattern"), f"rules[{i}].params.pattern"))
        if bank_id is not None and not errors:  # only well-formed rules can be compared with the baseline
            errors.extend(await self._weakening(rules))
        if errors:
            raise DomainError(*errors)

    async def _postgres_accepts(self, pattern: str, where: str) -> list[FieldError]:
        """Patterns run in PostgreSQL's regex engine, whose dialect differs from Python's."""
        try:
            async with self.session.begin_nested():
                await self.session.execute(text("SELECT '' ~ :p"), {"p": pattern})
        except DBAPIError:
            return [FieldError(where, "INVALID_PATTERN", "数据库不支持该正则表达式写法", "PostgreSQL's regular expressions do not accept this pattern")]
        return []

    async def _weakening(self, rules: list[Rule]) -> list[FieldError]:
        """A bank set may add rules and tighten baseline rules, never disable or loosen them."""
        baseline = await published_set(self.session, RuleScope.PROVINCE, None)
        base = {r.code: r for r in (await self.rules_of(baseline.id) if baseline else [])}
        errors = []
        for i, rule in enumerate(rules):
            where = f"rules[{i}]"
            if rule.code in base and rule.overrides != rule.code:
                errors.append(FieldError(f"{where}.code", "BASELINE_CODE", f"规则代码与基线规则 {rule.code} 相同；如需收紧，请设置 overrides", f"{rule.code} is a baseline code: set overrides to tighten it"))
                continue
            if not rule.overrides:
                continue
            target = base.get(rule.overrides)
            if target is None:
                errors.append(FieldError(f"{where}.overrides", "UNKNOWN_BASELINE_RULE", f"基线中没有规则 {rule.overrides}", f"no baseline rule {rule.overrides}"))
                continue
            reason = _loosens(target, rule)
            if reason:
                zh, en = reason
                errors.append(
                    FieldError(f"{where}.overrides", "WEAKENS_BASELINE", f"不能放宽基线规则 {target.code}：{zh}", f"rule {rule.code} weakens baseline rule {target.code}: {en}")
                )
        return errors

    # -- dry run --------------------------------------------------------------------------------
    async def dry_run(self, principal: Principal, rule_set_id: uuid.UUID, *, sample: int | None = None) -> DryRun:
        """What publishing the draft would change. Every archive is evaluated twice in the same
        pass, against the rules in force and against the draft, so "before" is as of now (not a
        stored evaluation that a re-evaluation run may not have reached yet), and the headline
        and the per-rule and per-branch rows are counted from the same per-archive results: an
        archive newly fails (passes) when it violates a rule it did not (no longer violates one),
        which is exactly the archives the rules' rows count."""
        draft = await self.visible_set(principal, rule_set_id)
        if draft is None:
            raise not_found("规则集")
        _scope_of(principal, draft.scope)
        banks = [draft.bank_id] if draft.bank_id is not None else list(
            await self.session.scalars(select(OrgUnit.id).where(OrgUnit.level == "BANK").order_by(OrgUnit.id))
        )
        report = DryRun(sampled=sample is not None)
        for bank in banks:
            if draft.scope == RuleScope.BANK:
                book = await rule_book(self.session, bank, bank_set=draft)
            else:
                book = await rule_book(self.session, bank, baseline_set=draft)
            in_force = await rule_book(self.session, bank)
            for rule in [*in_force.rules, *book.rules]:  # the draft's wording wins
                report.rules[rule.code] = (rule.severity, rule.message_zh, rule.message_en)
            # The bank and the sample's size written in (integers, as ``of_bank`` writes the bank
            # into the readable statements): PostgreSQL prunes the other banks' partitions while it
            # plans, and keeps one plan per connection from the sixth dry run on, where it planned
            # both evaluating statements at every dry run (1.1-1.3 ms each, with the bank a parameter).
            where, params = f"c.bank_id = {int(bank)}", {}
            if sample is not None:
                where += f" AND c.id IN (SELECT id FROM customers WHERE bank_id = {int(bank)} ORDER BY id LIMIT {int(sample)})"
            before = {r.customer_id: r for r in await evaluate(self.session, self.cipher, in_force, where, params)}
            for result in await evaluate(self.session, self.cipher, book, where, params):
                old = before.get(result.customer_id)
                report.count(result.branch_id, old.violations if old else [], result.violations, bool(old and old.precise), result.precise)
        report.branch_names = await OrgRepository(self.session).names_of(principal, list(report.by_branch))
        return report

    # -- publish --------------------------------------------------------------------------------
    async def _publishable(self, principal: Principal, rule_set_id: uuid.UUID) -> tuple[RuleSet, int | None]:
        draft = await self.visible_set(principal, rule_set_id)
        if draft is None:
            raise not_found("规则集")
        bank_id = _scope_of(principal, draft.scope)
        if draft.status != RuleSetStatus.DRAFT:
            raise field_error("id", "NOT_A_DRAFT", "只有草稿可以发布", "only a draft can be published")
        # Re-check against the baseline in force now (it may have changed since the draft was saved).
        await self._validate(bank_id, await self.rules_of(draft.id))
        return draft, bank_id

    async def request_publish(self, principal: Principal, rule_set_id: uuid.UUID) -> tuple[RuleSet, PendingChange]:
        """Ask for a draft to go into force: a second administrator of the same scope approves
        it (``dual_control``), which publishes it. The draft is frozen meanwhile."""
        draft, bank_id = await self._publishable(principal, rule_set_id)
        change = await DualControlService(self.session, None).request(
            principal, ChangeKind.RULE_SET_PUBLISH, org_path=await self._org_path(bank_id), target_type="RuleSet",
            target_id=draft.id, detail={"name": draft.name, "scope": draft.scope.value, "version": draft.version},
        )
        return draft, change

    async def publish(self, principal: Principal, rule_set_id: uuid.UUID) -> tuple[RuleSet, EvaluationRun]:
        """Put a draft into force (the approval of a publication request) and re-evaluate."""
        draft, bank_id = await self._publishable(principal, rule_set_id)
        await self.session.execute(
            update(RuleSet)
            .where(RuleSet.scope == draft.scope, func.coalesce(RuleSet.bank_id, 0) == (bank_id or 0), RuleSet.status == RuleSetStatus.PUBLISHED)
            .values(status=RuleSetStatus.SUPERSEDED)
        )
        draft.status = RuleSetStatus.PUBLISHED
        draft.published_at = datetime.now(UTC)
        draft.published_by = principal.user_id
        run = EvaluationRun(bank_id=bank_id, rule_set_id=draft.id, status="PENDING")
        self.session.add(run)
        await self.session.flush()
        forget_book_keys()  # this process's wording readers read the new key (engine.WORDING_KEY_SECONDS)
        from backend.customers.models import Customer

        total = await self.session.scalar(
            select(func.count()).select_from(Customer).where(True if bank_id is None else Customer.bank_id == bank_id)
        )
        run.total = total or 0
        await self.outbox.enqueue(self.session, EVALUATE_RUN, RunRef(run.id))
        await audit.record(
            self.session, action="rules.publish", org_path=await self._org_path(bank_id), principal=principal,
            target_type="RuleSet", target_id=str(draft.id), detail={"scope": draft.scope.value, "version": draft.version},
        )
        return draft, run

    async def _org_path(self, bank_id: int | None) -> str:
        if bank_id is None:
            return "/"
        return await self.session.scalar(select(OrgUnit.path).where(OrgUnit.id == bank_id)) or "/"


@executor(ChangeKind.RULE_SET_PUBLISH)
async def _approve_publication(services, session: AsyncSession, checker: Principal, change: PendingChange) -> None:
    await RuleService(session, services.cipher, services.outbox).publish(checker, uuid.UUID(change.target_id))


def _too_long(rule: Rule, i: int) -> list[FieldError]:
    """Messages and the overridden code fit their columns (the lengths come from the model)."""
    errors = []
    for attribute, name in ((Rule.message_zh, "messageZh"), (Rule.message_en, "messageEn"), (Rule.overrides, "overrides")):
        value, limit = getattr(rule, attribute.key), column_length(attribute)
        if value is not None and len(value) > limit:
            errors.append(FieldError(f"rules[{i}].{name}", "TOO_LONG", f"不超过{limit}个字符", f"at most {limit} characters"))
    return errors


def _loosens(base: Rule, rule: Rule) -> tuple[str, str] | None:
    """Why ``rule`` would be weaker than baseline rule ``base`` (None: it is as strict or stricter)."""
    if not rule.enabled:
        return "不能停用", "it disables the rule"
    if SEVERITY_RANK[rule.severity] < SEVERITY_RANK[base.severity]:
        return "不能降低严重级别", "it lowers the severity"
    if rule.overridable and not base.overridable:
        return "不能允许审核时强制通过", "it lets reviewers override a rule the baseline does not"
    if rule.kind != base.kind:
        return "须与基线规则类型相同", "it changes the rule kind"
    if rule.segment != base.segment and rule.segment is not None:
        return "不能缩小适用范围", "it narrows the segment the rule applies to"
    bp, rp = base.params or {}, rule.params or {}
    kind = base.kind
    if kind in (RuleKind.REQUIRED, RuleKind.PATTERN, RuleKind.CONDITIONAL_REQUIRED, RuleKind.EXPRESSION) and rp != bp:
        return "此类规则只能提高严重级别，其余须与基线一致", "only the severity of this kind of rule can be raised"
    if kind == RuleKind.RANGE:
        if rp.get("field") != bp.get("field"):
            return "须针对同一字段", "it checks another field"
        for key, looser in (("min", lambda new, old: new < old), ("max", lambda new, old: new > old)):
            if bp.get(key) is None:
                continue
            if rp.get(key) is None or looser(Decimal(str(rp[key])), Decimal(str(bp[key]))):
                return "不能放宽取值范围", "it widens the range"
    if kind == RuleKind.ALLOWED_VALUES and (rp.get("field") != bp.get("field") or not set(rp.get("values") or []) <= set(bp.get("values") or [])):
        return "只能缩小允许的取值", "it allows values the baseline refuses"
    if kind == RuleKind.REQUIRED_IMAGES and not set(bp.get("kinds") or []) <= set(rp.get("kinds") or []):
        return "不能减少必需影像类型", "it drops required image kinds"
    if kind == RuleKind.FRESHNESS and int(rp.get("months") or 10**6) > int(bp.get("months") or 0):
        return "复核期限不能延长", "it allows older archives"
    return None

