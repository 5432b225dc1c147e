"""What a segment model's condition may test, and the SQL it compiles to.

The fields are an integrity rule's (archive fields, the bank's extra fields; personal ones only for
presence) plus the customer's rating (``r``: ``customer_ratings``), business aggregates (``a``,
the variables a scorecard reads), active quotas and contact history (sub-selects per archive). A field a field policy withholds from a role (business amounts
from a province analyst) is one that role can neither test in a model it defines nor read the
members of a model that tests it: a filter on a value tells what the value is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
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


def compile_model(
    principal: Principal, condition: Any, extra_kinds: dict[str, str], prefix: str = "m", columns: dict[str, str] | None = None
) -> CompiledModel:
    """The condition as SQL, its values bound as ``:<prefix>_<n>`` (a model's own prefix keeps
    them apart when several models go into one statement); raises ``RuleError`` with every
    problem (paths under ``condition``). With ``columns`` (a field's SQL -> its column, shared by
    the models of one pass), each field is read as a column ``x.f<n>`` computed once per archive
    for all of them (``memberships_sql``)."""
    fields: list[str] = []  # the fields the condition tests, in order, once each (as the compiler looks them up)

    def lookup(path: str, kinds: dict[str, str]) -> RuleField | None:
        found = segment_field(path, kinds)
        if found is not None and path not in fields:
            fields.append(path)
        if found is not None and columns is not None:
            found = replace(found, sql=columns.setdefault(found.sql, f"x.f{len(columns)}"))
        return found

    where, params, errors = compile_condition(condition, "condition", extra_kinds, lookup, prefix=prefix)
    for path in fields:
        if not may_test(principal, path):
            errors.append(
                FieldError("condition", "FIELD_NOT_VISIBLE", f"您的角色不能按“{path}”筛选客户", f"your role may not filter on {path}")
            )
    if errors:
        raise RuleError(errors)
    return CompiledModel(where, params, fields)


@dataclass
class Evaluated:
    """A model going into an evaluation: its id, the subtree it runs over, its condition compiled
    with the pass's ``columns``."""

    id: int
    path: str
    compiled: CompiledModel


def memberships_sql(models: list[Evaluated], columns: dict[str, str], bank_path: str) -> tuple[str, dict[str, Any]]:
    """A SELECT of the archives ``{where}`` keeps (``customers c``; their business aggregates and
    ratings read within ``{keys}``, a condition on ``k.bank_id`` and ``k.customer_id``) with, for
    each, the ids of the given models whose condition it meets, ascending (``ids``): every model a
    column of the same pass. Each field the models test is computed once per archive (``x.f<n>``,
    behind ``OFFSET 0`` so that the planner does not copy it into every test), from the profile
    read once (``profile #> '{}'``: each read of the stored value would decompress it again). A
    model of a unit below the bank also tests the archive's path; closed archives meet none."""
    params: dict[str, Any] = {}
    cases = []
    for n, model in enumerate(sorted(models, key=lambda m: m.id)):
        params |= model.compiled.params
        test = f"({model.compiled.where})"
        if not bank_path.startswith(model.path):  # a branch's model: only within the branch
            params[f"path_{n}"] = model.path
            test = f"(x.org_path ^@ :path_{n}) AND {test}"  # starts_with, as every prefix (backend/db/prefix.py)
        cases.append(f"CASE WHEN {test} THEN {model.id} END")
    ids = f"array_remove(ARRAY[{', '.join(cases)}]::bigint[], NULL)" if cases else "'{}'::bigint[]"
    read = "".join(f", ({sql}) AS {alias.removeprefix('x.')}" for sql, alias in columns.items())
    own = {"bank_id", "id", "branch_id", "org_path", "manager_id", "status"} | set(re.findall(r"\bc\.([a-z_][a-z0-9_]*)", read))
    archive = ", ".join(f"c.{name}" for name in sorted(own - {"profile"})) + (", (c.profile #> '{}') AS profile" if "profile" in own else "")
    return f"""
        SELECT x.bank_id, x.id AS customer_id, x.branch_id, x.org_path, x.manager_id,
               CASE WHEN x.status = 'ARCHIVED' THEN '{{}}'::bigint[] ELSE {ids} END AS ids
        FROM (
          SELECT c.bank_id, c.id, c.branch_id, c.org_path, c.manager_id, c.status{read}
          FROM (SELECT {archive} FROM customers c WHERE {{where}} OFFSET 0) c
          LEFT JOIN (SELECT * FROM business_aggregates k WHERE {{keys}}) a ON a.bank_id = c.bank_id AND a.customer_id = c.id
          LEFT JOIN (SELECT * FROM customer_ratings k WHERE {{keys}}) r ON r.bank_id = c.bank_id AND r.customer_id = c.id
          OFFSET 0
        ) x""", params
