"""What a segment model's condition may test, and the SQL it compiles to.

The fields are an integrity rule's (archive fields, the bank's extra fields; personal ones only for
presence) plus the customer's rating (``r``: ``customer_ratings``), business aggregates (``a``,
the variables a scorecard reads), active quotas and contact history (sub-selects per archive). A field a field policy withholds from a role (business amounts
from a province analyst) is one that role can neither test in a model it defines nor read the
members of a model that tests it: a filter on a value tells what the value is.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from backend.auth.policies import Visibility, policy_for
from backend.auth.principal import Principal
from backend.errors import FieldError
from backend.rating.card import BUSINESS_VARIABLES
from backend.rules.compiler import RuleError, compile_condition
from backend.rules.fields import FieldType, RuleField, field_for

# The GraphQL field whose policy guards each business variable, where one does.
_POLICY_OF = {
    "biz.depositAvg90d": ("BankBusiness", "depositAvg90d"),
    "biz.depositBalance": ("BankBusiness", "depositBalance"),
    "biz.loanBalance": ("BankBusiness", "loanBalance"),
    "biz.wealthBalance": ("BankBusiness", "wealthBalance"),
}

SEGMENT_FIELDS: dict[str, RuleField] = {
    **{
        v.path: RuleField(v.path, v.label, FieldType.NUMBER if v.numeric else FieldType.STRING, v.sql)
        for v in BUSINESS_VARIABLES.values()
    },
    "rating.score": RuleField("rating.score", "评分", FieldType.NUMBER, "r.score"),
    "rating.grade": RuleField("rating.grade", "评级", FieldType.STRING, "r.grade"),
    # The customer's quotas (active ones) and contact history (客户接触).
    "quota.activeCount": RuleField(
        "quota.activeCount", "有效授信笔数", FieldType.NUMBER,
        "(SELECT count(*) FROM quotas q WHERE q.bank_id = c.bank_id AND q.customer_id = c.id AND q.status = 'ACTIVE')",
    ),
    "quota.available": RuleField(
        "quota.available", "可用授信额度(元)", FieldType.NUMBER,
        "(SELECT COALESCE(sum(q.amount - q.used_amount - q.reserved_amount), 0) / 100.0 FROM quotas q "
        "WHERE q.bank_id = c.bank_id AND q.customer_id = c.id AND q.status = 'ACTIVE')",
    ),
    "contact.daysSinceLast": RuleField(
        "contact.daysSinceLast", "距上次接触天数", FieldType.NUMBER,
        "(current_date - (SELECT max(k.contacted_at)::date FROM contacts k WHERE k.bank_id = c.bank_id AND k.customer_id = c.id))",
    ),
    "contact.count90d": RuleField(
        "contact.count90d", "近90日接触次数", FieldType.NUMBER,
        "(SELECT count(*) FROM contacts k WHERE k.bank_id = c.bank_id AND k.customer_id = c.id AND k.contacted_at >= now() - interval '90 days')",
    ),
}


def segment_field(path: str, extra_kinds: dict[str, str]) -> RuleField | None:
    return SEGMENT_FIELDS.get(path) or field_for(path, extra_kinds)


def may_test(principal: Principal, path: str) -> bool:
    """Whether the field's policy lets the caller see its values (and so test them)."""
    guarded = _POLICY_OF.get(path)
    policy = policy_for(*guarded) if guarded else None
    return policy is None or policy.visibility(principal) >= Visibility.FULL


@dataclass
class CompiledModel:
    where: str  # SQL over customers c, business_aggregates a, customer_ratings r
    params: dict[str, Any]
    fields: list[str]


def compile_model(principal: Principal, condition: Any, extra_kinds: dict[str, str]) -> CompiledModel:
    """The condition as SQL; raises ``RuleError`` with every problem (paths under ``condition``)."""
    fields: list[str] = []  # the fields the condition tests, in order, once each (as the compiler looks them up)

    def lookup(path: str, kinds: dict[str, str]) -> RuleField | None:
        found = segment_field(path, kinds)
        if found is not None and path not in fields:
            fields.append(path)
        return found

    where, params, errors = compile_condition(condition, "condition", extra_kinds, lookup, prefix="m")
    for path in fields:
        if not may_test(principal, path):
            errors.append(
                FieldError("condition", "FIELD_NOT_VISIBLE", f"您的角色不能按“{path}”筛选客户", f"your role may not filter on {path}")
            )
    if errors:
        raise RuleError(errors)
    return CompiledModel(where, params, fields)


def members_statement(compiled: CompiledModel) -> str:
    """The archives of ``:path``'s subtree that meet the condition: (bank_id, id, branch_id,
    org_path, manager_id). Closed archives are never members."""
    return f"""
        SELECT c.bank_id, c.id, c.branch_id, c.org_path, c.manager_id
        FROM customers c
        LEFT JOIN business_aggregates a ON a.bank_id = c.bank_id AND a.customer_id = c.id
        LEFT JOIN customer_ratings r ON r.bank_id = c.bank_id AND r.customer_id = c.id
        WHERE c.org_path LIKE :path || '%' AND c.status <> 'ARCHIVED' AND ({compiled.where})"""
