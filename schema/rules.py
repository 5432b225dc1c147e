"""GraphQL types of integrity rules and archive evaluations."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry.scalars import JSON

from backend.rules import fields, models
from backend.dual_control import errors as dual_control_errors
from backend.rules import errors as rule_errors
from schema.common import error_codes, error_type, from_attributes
from schema.customers import Channel
from schema.orgs import OrgUnit, StaffUser

RuleErrorCode = error_codes(
    "RuleErrorCode", rule_errors.ERROR_CODES, dual_control_errors.ERROR_CODES,
    description="Why a rule set, a rule, a dry run or a publication (put under dual control) was refused.",
)
RuleError = error_type("RuleError", RuleErrorCode, description="A refused rule input: the field, the rule (code), the message.")

if TYPE_CHECKING:
    from schema.dual_control import PendingChange

RuleKind = strawberry.enum(models.RuleKind)
Severity = strawberry.enum(models.Severity)
RuleScope = strawberry.enum(models.RuleScope)
RuleSetStatus = strawberry.enum(models.RuleSetStatus)


@strawberry.type(description="A rule an archive does not meet.")
class RuleViolation:
    code: str
    severity: Severity
    origin: RuleScope = strawberry.field(description="PROVINCE baseline or the BANK's own rule.")
    message: str
    message_en: str
    overridable: bool = strawberry.field(
        default=False, description="An ERROR a reviewer may verify despite, with a written reason (audited)."
    )


def violation(v: dict[str, Any], messages: dict[str, tuple[str, str, bool]]) -> RuleViolation:
    """A stored violation with the wording of the rule in force (its code when the rule is gone)."""
    zh, en, overridable = messages.get(v["code"], (v["code"], v["code"], False))
    return RuleViolation(code=v["code"], severity=v["severity"], origin=v["origin"], message=zh, message_en=en, overridable=overridable)


@strawberry.type(description="The latest evaluation of an archive against the rules in force for its bank.")
class ArchiveEvaluation:
    violations: list[RuleViolation]
    completeness: int = strawberry.field(description="0-100: share of the applicable rules the archive meets.")
    precise: bool = strawberry.field(description="Precise filing (精准备案): no ERROR violation, consent present, verified.")
    evaluated_at: dt.datetime
    rule_versions: JSON

    @classmethod
    def from_row(cls, row: models.ArchiveEvaluation, messages: dict[str, tuple[str, str, bool]]) -> ArchiveEvaluation:
        return cls(
            violations=[violation(v, messages) for v in row.violations],
            completeness=row.completeness,
            precise=row.precise,
            evaluated_at=row.evaluated_at,
            rule_versions=row.rule_versions,
        )


@strawberry.type
class Rule:
    code: str
    kind: RuleKind
    severity: Severity
    enabled: bool
    message_zh: str
    message_en: str
    params: JSON
    segment: JSON | None
    overrides: str | None
    position: int
    overridable: bool = strawberry.field(description="Reviewers may verify despite an ERROR of this rule, with a reason.")

    @classmethod
    def from_model(cls, r: models.Rule) -> Rule:
        return from_attributes(cls, r, overridable=bool(r.overridable))


@strawberry.type
class RuleSet:
    id: strawberry.ID
    scope: RuleScope
    bank_id: strawberry.ID | None
    version: int
    status: RuleSetStatus
    name: str
    effective_from: dt.date
    published_at: dt.datetime | None
    rules: list[Rule]

    @classmethod
    def from_model(cls, s: models.RuleSet, rules: list[models.Rule]) -> RuleSet:
        return from_attributes(
            cls, s, id=strawberry.ID(str(s.id)), bank_id=strawberry.ID(str(s.bank_id)) if s.bank_id else None,
            rules=[Rule.from_model(r) for r in rules],
        )


@strawberry.input
class RuleInput:
    code: str
    kind: RuleKind
    severity: Severity
    message_zh: str
    message_en: str = strawberry.field(default="", description="Optional: without it English readers see the Chinese message.")
    params: JSON = strawberry.field(description="Kind-specific: field, pattern, min, max, values, if, expression, kinds, months.")
    segment: JSON | None = strawberry.field(default=None, description="Applies only where this condition holds.")
    enabled: bool = True
    overrides: str | None = strawberry.field(default=None, description="The baseline rule this bank rule tightens.")
    overridable: bool = strawberry.field(
        default=False, description="Reviewers may verify despite an ERROR of this rule, with a written reason (audited)."
    )


@strawberry.input
class SaveRuleSetInput:
    id: strawberry.ID | None = strawberry.field(default=None, description="A draft to replace; omit to start a new draft.")
    scope: RuleScope = RuleScope.BANK
    name: str
    effective_from: dt.date | None = None
    rules: list[RuleInput]


@strawberry.type
class RuleSetPayload:
    rule_set: RuleSet | None = None
    errors: list[RuleError] = strawberry.field(default_factory=list)


@strawberry.type(description="One rule's archives in a dry run (the headline counts the archives of these rows, each once).")
class DryRunRule:
    code: str
    severity: Severity
    message: str = strawberry.field(description="The rule's Chinese message (the draft's wording, else the rule in force).")
    message_en: str
    newly_failing: int = strawberry.field(description="Archives that would violate the rule and do not now.")
    newly_passing: int = strawberry.field(description="Archives that violate the rule now and would not.")
    failing: int = strawberry.field(description="Archives that would violate the rule.")


@strawberry.type
class DryRunBranch:
    branch_id: strawberry.ID
    branch_name: str
    archives: int
    newly_failing: int
    newly_passing: int
    precise_before: int
    precise_after: int


@strawberry.type(description="What publishing a draft would change, over the bank's archives (or a sample): each archive "
                  "evaluated now against the rules in force and against the draft.")
class DryRunReport:
    archives: int
    sampled: bool
    newly_failing: int = strawberry.field(description="Archives that would violate at least one rule they do not violate now.")
    newly_passing: int = strawberry.field(description="Archives that would no longer violate at least one rule they violate now.")
    precise_before: int
    precise_after: int
    by_rule: list[DryRunRule]
    by_branch: list[DryRunBranch]


@strawberry.type
class DryRunPayload:
    report: DryRunReport | None = None
    errors: list[RuleError] = strawberry.field(default_factory=list)


@strawberry.type
class EvaluationRun:
    id: strawberry.ID
    status: str
    total: int
    done: int
    started_at: dt.datetime | None
    finished_at: dt.datetime | None


@strawberry.type
class PublishPayload:
    rule_set: RuleSet | None = None
    run: EvaluationRun | None = strawberry.field(
        default=None, description="The re-evaluation of the affected archives (once a second administrator approved)."
    )
    errors: list[RuleError] = strawberry.field(default_factory=list)
    pending_change: Annotated[PendingChange, strawberry.lazy("schema.dual_control")] | None = strawberry.field(
        default=None, description="The publication request a second administrator approves; the set stays a draft until then."
    )


@strawberry.type(description="A rule and how many archives fail it.")
class RuleFailureCount:
    code: str
    severity: Severity
    count: int = strawberry.field(description="Archives whose latest evaluation violates the rule.")
    message: str = strawberry.field(description="The rule's message (the code itself for a rule no longer in force).")
    message_en: str


@strawberry.type(description="Filing statistics of one org unit's subtree.")
class OrgUnitStatistics:
    org_unit: OrgUnit
    archives: int = strawberry.field(description="Archives in the unit's subtree.")
    evaluated: int = strawberry.field(description="Archives with an evaluation.")
    complete: int = strawberry.field(description="Evaluated archives with no ERROR violation.")
    precise: int = strawberry.field(description="Precise-filing (精准备案) archives.")
    precise_rate: float = strawberry.field(description="precise / archives (0 when there are no archives).")
    top_failing_rules: list[RuleFailureCount] = strawberry.field(description="The ten rules most failed, most first.")


@strawberry.type(description="Filing statistics of one customer manager's archives in a branch.")
class ManagerStatistics:
    manager: StaffUser | None = strawberry.field(description="Null for the branch's archives without a manager.")
    archives: int
    evaluated: int
    complete: int
    precise: int
    precise_rate: float = strawberry.field(description="precise / archives (0 when there are no archives).")


@strawberry.type(description="Statistics of an org unit and of each of its direct children (a branch has none).")
class ArchiveStatistics:
    unit: OrgUnitStatistics
    children: list[OrgUnitStatistics]
    managers: list[ManagerStatistics] = strawberry.field(
        default_factory=list,
        description="A branch's figures per customer manager, most archives first (a branch has no child units); empty above a branch.",
    )


@strawberry.type(description="Archives created in one calendar month (UTC) through one channel.")
class ChannelMonthCount:
    month: str = strawberry.field(description="YYYY-MM")
    channel: Channel
    archives: int



RuleFieldType = strawberry.enum(fields.FieldType, description="STRING, NUMBER, DATE, BOOLEAN, or COUNT (a list, by its length).")


@strawberry.type(description="A field rules can name (`params.field`, conditions, CEL), from the rule field catalog.")
class RuleField:
    path: str = strawberry.field(description="e.g. `income.total`, or `extra.<code>` for a bank extra field.")
    label: str = strawberry.field(description="Chinese label.")
    type: RuleFieldType
    presence_only: bool = strawberry.field(description="Personal data, encrypted: rules may only test whether it is filled.")

    @classmethod
    def from_catalog(cls, f: fields.RuleField) -> RuleField:
        return cls(path=f.path, label=f.label_zh, type=f.type, presence_only=f.presence_only)
