"""A scorecard as data, what it may read, and the SQL it compiles to.

A card has items; each item reads one variable (an archive field, a bank extra field, a business
aggregate) and bins it (numeric ranges ``[min, max)``, categories, and always one bin for a
missing value) to points. The score is the base points plus each item's points, an integer in
[0, 1200]; the grade is the first whose threshold the score reaches; a veto forces the
ineligible grade whatever the points; the recommended quota depends on the grade and the
household's income.

``compile_card`` turns a card into one SELECT over ``customers c`` joined to the customer's
business aggregates (``a``) and integrity evaluation (``e``), for whatever set of archives the
caller's WHERE names: one archive in real time, a chunk of a bank in the quarterly batch. Both
paths therefore give the same customer exactly the same score.
"""

from __future__ import annotations

import math
import re
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from pydantic_core import PydanticCustomError

from backend.rules.fields import FieldType, field_for

MAX_SCORE = 1200
INELIGIBLE = "D"  # the grade a veto forces (不予授信)


class Variable(BaseModel):
    path: str
    label: str
    numeric: bool
    sql: str


# The business aggregates a card may read (money in yuan, as the bins are written).
BUSINESS_VARIABLES: dict[str, Variable] = {
    v.path: v
    for v in [
        Variable(path="biz.depositAvg90d", label="近90日日均存款(元)", numeric=True, sql="(a.deposit_avg_90d / 100.0)"),
        Variable(path="biz.depositBalance", label="存款余额(元)", numeric=True, sql="(a.deposit_balance / 100.0)"),
        Variable(path="biz.loanBalance", label="贷款余额(元)", numeric=True, sql="(a.loan_balance / 100.0)"),
        Variable(path="biz.loanCount", label="贷款笔数", numeric=True, sql="a.loan_count"),
        Variable(path="biz.overdueDays", label="当前逾期天数", numeric=True, sql="a.overdue_days"),
        Variable(path="biz.maxOverdueDays", label="历史最长逾期天数", numeric=True, sql="a.max_overdue_days"),
        Variable(path="biz.worstClass", label="贷款五级分类", numeric=False, sql="a.worst_class"),
        Variable(path="biz.wealthBalance", label="理财余额(元)", numeric=True, sql="(a.wealth_balance / 100.0)"),
        Variable(path="biz.monthsAsCustomer", label="客户关系月数", numeric=True, sql="a.months_as_customer"),
        Variable(path="biz.activeServices", label="近30日活跃中间业务数", numeric=True, sql="a.active_services_30d"),
        Variable(path="biz.services", label="签约中间业务数", numeric=True, sql="jsonb_array_length(a.services)"),
    ]
}

# Vetoes: each forces the ineligible grade (docs/rating.md, "Vetoes").
VETOES: dict[str, tuple[str, str]] = {
    "BLACKLISTED": ("列入风险监控黑名单", "COALESCE(a.blacklisted, false)"),
    "OVERDUE_90": ("贷款逾期超过90天", "COALESCE(a.overdue_days, 0) > 90"),
    "LOSS_CLASS": ("贷款分类为损失类", "a.worst_class = 'LOSS'"),
    "NOT_PRECISE": ("档案未达精准建档", "NOT COALESCE(e.precise, false)"),
}


def _broken(field: str, code: str, zh: str, en: str) -> PydanticCustomError:
    """A rule of the card model a card breaks, naming the field relative to the model that checks
    it (``backend.customers.validation.to_field_errors`` turns it into the API's field error)."""
    return PydanticCustomError(code, zh, {"en": en, "loc": field})


# Archive fields a card never scores, though rules may test them: identifiers and free text (a
# name or a licence number says nothing of credit and would single a person out), the archive's
# own workflow, and characteristics a credit decision must not turn on (PIPL art. 24 and 28:
# automated decisions without unreasonable differential treatment; health is sensitive data).
NOT_SCORED = frozenset(
    {
        "customer.name", "business.name", "business.creditCode", "business.licenceNo",
        "consent.wordingVersion", "consent.formImageRef", "customer.status", "customer.channel",
        "customer.gender", "customer.ethnicity", "customer.health",
    }
)  # fmt: skip


def variable(path: str, extra_kinds: dict[str, str] | None = None) -> Variable | None:
    """A variable a card may read: a business aggregate, or an archive (or bank extra) field that
    is not personal (an encrypted value can only be tested for presence, never scored) nor
    ``NOT_SCORED``."""
    if path in BUSINESS_VARIABLES:
        return BUSINESS_VARIABLES[path]
    found = field_for(path, extra_kinds)
    if found is None or found.presence_only or found.type == FieldType.DATE or path in NOT_SCORED:
        return None
    numeric = found.type in (FieldType.NUMBER, FieldType.COUNT)
    sql = found.sql if found.type != FieldType.BOOLEAN else f"({found.sql})::text"
    return Variable(path=path, label=found.label_zh, numeric=numeric, sql=sql)


class Bin(BaseModel):
    model_config = ConfigDict(extra="forbid")

    label: str = Field(min_length=1, max_length=60)
    points: int = Field(ge=0, le=MAX_SCORE)
    min: Decimal | None = None  # NUMERIC: inclusive; None: open below
    max: Decimal | None = None  # NUMERIC: exclusive; None: open above
    values: list[str] | None = None  # CATEGORY
    missing: bool = False  # the bin of a missing value (and of a category no bin names)


class Item(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z][A-Z0-9_]{1,31}$")
    label: str = Field(min_length=1, max_length=40)
    variable: str
    kind: Literal["NUMERIC", "CATEGORY"]
    bins: list[Bin] = Field(min_length=2, max_length=20)

    @property
    def max_points(self) -> int:
        return max(b.points for b in self.bins)

    @model_validator(mode="after")
    def _bins_cover_once(self) -> Item:
        missing = [b for b in self.bins if b.missing]
        if len(missing) != 1:
            raise _broken("bins", "MISSING_BIN", "每个评分项须有且仅有一个“缺失”分箱", "exactly one bin must be the missing bin")
        valued = [b for b in self.bins if not b.missing]
        if self.kind == "NUMERIC":
            if any(b.values is not None for b in valued):
                raise _broken("bins", "RANGES_EXPECTED", "数值型评分项按区间分箱，不能列举取值", "a numeric item bins by ranges, not values")
            edges = sorted(valued, key=lambda b: -math.inf if b.min is None else b.min)
            for lower, upper in zip(edges, edges[1:], strict=False):
                if lower.max is None or upper.min is None or lower.max != upper.min:
                    raise _broken(
                        "bins", "RANGES_GAP_OR_OVERLAP", "各区间须首尾相接，不能有空隙或重叠",
                        "ranges must follow each other without gap or overlap",
                    )
            if edges[0].min is not None or edges[-1].max is not None:
                raise _broken(
                    "bins", "RANGES_NOT_OPEN", "第一个区间须不设下限，最后一个区间须不设上限",
                    "the first range must be open below and the last open above",
                )
        else:
            seen: set[str] = set()
            for b in valued:
                if not b.values or seen & set(b.values):
                    raise _broken(
                        "bins", "CATEGORIES_OVERLAP", "每个分类分箱须列出取值，且不能与其他分箱重复",
                        "each category bin names values no other bin names",
                    )
                seen |= set(b.values)
        return self


class Grade(BaseModel):
    model_config = ConfigDict(extra="forbid")

    code: str = Field(pattern=r"^[A-Z]{1,4}$")
    label: str
    min: int = Field(ge=0, le=MAX_SCORE)  # the lowest score of the grade
    quota_cap: int = Field(ge=0)  # yuan
    income_multiple: Decimal = Field(ge=0, le=10)  # the quota is at most this times the household's yearly income
    watch: bool = False  # a move into this grade warns the customer manager


class Card(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=120)
    base_points: int = Field(ge=0, le=MAX_SCORE)
    items: list[Item] = Field(min_length=1, max_length=40)
    grades: list[Grade] = Field(min_length=7)  # best first; the ineligible grade D is implied
    vetoes: list[str]

    @model_validator(mode="after")
    def _consistent(self) -> Card:
        if len({i.code for i in self.items}) != len(self.items):
            raise _broken("items", "DUPLICATE_ITEM_CODE", "评分项代码重复", "item codes must be unique")
        if self.base_points + sum(i.max_points for i in self.items) > MAX_SCORE:
            raise _broken(
                "basePoints", "SCORE_ABOVE_MAX", f"基础分加各项最高分超过{MAX_SCORE}分", f"the best possible score exceeds {MAX_SCORE}"
            )
        if [g.min for g in self.grades] != sorted((g.min for g in self.grades), reverse=True) or self.grades[-1].min != 0:
            raise _broken(
                "grades", "GRADES_NOT_DESCENDING", "等级须从高到低排列、起评分递减，最后一个等级从0分起",
                "grades go from best to worst, with falling thresholds, the last starting at 0",
            )
        if len({g.code for g in self.grades}) != len(self.grades):
            raise _broken("grades", "DUPLICATE_GRADE", "等级代码重复", "grade codes must be unique")
        if INELIGIBLE in {g.code for g in self.grades}:
            raise _broken(
                "grades", "INELIGIBLE_GRADE_RESERVED", f"等级{INELIGIBLE}为否决项强制的不予授信等级，不能另设",
                f"grade {INELIGIBLE} is the ineligible grade that vetoes force",
            )
        if unknown := set(self.vetoes) - set(VETOES):
            raise _broken("vetoes", "UNKNOWN_VETO", f"未知的否决项：{'、'.join(sorted(unknown))}", f"unknown vetoes: {sorted(unknown)}")
        for n, item in enumerate(self.items):
            found = variable(item.variable)
            if found is None and not item.variable.startswith("extra."):
                raise _broken(
                    f"items[{n}].variable", "UNKNOWN_VARIABLE", f"评分卡不能读取变量 {item.variable}",
                    f"{item.variable} is not a variable a card may read",
                )
            if found is not None and found.numeric != (item.kind == "NUMERIC"):
                raise _broken(
                    f"items[{n}].kind", "KIND_MISMATCH", f"变量 {item.variable} 是{'数值' if found.numeric else '分类'}型",
                    f"{item.variable} is {'numeric' if found.numeric else 'a category'}",
                )
        return self

    @property
    def max_score(self) -> int:
        return self.base_points + sum(i.max_points for i in self.items)


def draft_from_fit(fitted: dict[str, Any], mapping: dict[str, str], template: Card, name: str) -> dict[str, Any]:
    """A fitted card (``cic rating fit``'s CARD.json) as a draft card's definition: each fitted
    column read as the CIC variable ``mapping`` names it (its values must be in that variable's
    units and codes: yuan, the archive's category codes), labelled in Chinese; the grades and
    vetoes come from ``template`` (the bank's card in force): a fit gives points, not the bank's
    grading and lending policy. The result is checked like any draft before it is stored."""
    if unmapped := [i["variable"] for i in fitted["items"] if i["variable"] not in mapping]:
        raise ValueError(f"map every item's column to a CIC variable (--map COLUMN=VARIABLE): {', '.join(unmapped)}")
    items = []
    for item in fitted["items"]:
        path = mapping[item["variable"]]
        found = variable(path)
        code = re.sub(r"[^A-Z0-9_]", "_", str(item["code"]).upper())
        code = (code if code[:1].isalpha() else f"X{code}")[:32]
        bins = [
            {k: b[k] for k in ("points", "min", "max", "values", "missing") if b.get(k) is not None}
            | {"label": b["label"] if len(b["label"]) <= 60 else b["label"][:59] + "…"}
            for b in item["bins"]
        ]
        items.append({"code": code, "label": (found.label if found else path)[:40], "variable": path, "kind": item["kind"], "bins": bins})
    return {
        "name": name, "base_points": fitted["base_points"], "items": items,
        "grades": [g.model_dump(mode="json") for g in template.grades], "vetoes": list(template.vetoes),
    }  # fmt: skip


def _literal(value: Decimal | str) -> str:
    if isinstance(value, Decimal):
        return str(value)
    return "'" + value.replace("'", "''") + "'"


def _bin_index(item: Item, sql: str) -> str:
    """The position of the bin the item's value falls in (a missing value, or a category no bin
    names, falls in the missing bin). Numeric ranges are tested from the lowest up against their
    upper bound only: the card's ranges follow each other without gap (``Item``), so a value that
    is not below one range's bound is at or above the next one's lower bound (half the
    comparisons, at a million archives a tenth of the statement)."""
    missing = next(n for n, b in enumerate(item.bins) if b.missing)
    cases = [f"WHEN ({sql}) IS NULL THEN {missing}"]
    if item.kind == "NUMERIC":
        ranges = sorted(((n, b) for n, b in enumerate(item.bins) if not b.missing), key=lambda nb: -math.inf if nb[1].min is None else nb[1].min)
        cases += [f"WHEN ({sql}) < {b.max} THEN {n}" for n, b in ranges[:-1]]
        return f"CASE {' '.join(cases)} ELSE {ranges[-1][0]} END"
    for n, b in enumerate(item.bins):
        if not b.missing:
            cases.append(f"WHEN ({sql})::text IN ({', '.join(_literal(v) for v in b.values or [])}) THEN {n}")
    return f"CASE {' '.join(cases)} ELSE {missing} END"


def scoped(compiled: str, where: str, keys: str) -> str:
    """A compiled card (``compile_card``) for the archives ``where`` keeps (a condition on
    ``customers c``, optionally followed by ORDER BY and LIMIT), with their business aggregates
    and evaluations read only within ``keys`` (a condition on ``k.bank_id`` and
    ``k.customer_id`` that keeps at least those archives' keys). A chunk of the batch names its
    key range in both: the joins then read that range of each table, not all of it once per
    chunk (which cost more than rating the chunk)."""
    return compiled.replace("{where}", where).replace("{keys}", keys)


def compile_card(card: Card, card_id: int, extra_kinds: dict[str, str] | None = None) -> str:
    """One SELECT giving, for each archive the caller keeps, the card's verdict in
    ``customer_ratings``' columns (without ``rated_at``); ``scoped`` names the archives.

    Each variable is computed once per archive (``x.v<n>``, behind ``OFFSET 0`` so that the
    planner does not copy a variable's expression into every bin that tests it), then binned.
    The archives are read first with only the columns the card names and the profile expanded
    once (``profile #> '{}'``, as the rules engine reads it): each variable read from the profile
    would otherwise decompress the stored value again (a fifth of the statement's time at a
    million archives)."""
    variables = [variable(i.variable, extra_kinds) for i in card.items]
    if any(v is None for v in variables):
        raise ValueError("the card reads a bank extra field this bank does not define")
    n_items = range(len(card.items))
    income = variable("income.total")
    assert income is not None
    # The household's income (for the quota) is an item's variable in most cards: read it once.
    read_income = next((f"x.v{n}" for n, v in enumerate(variables) if v.path == income.path), None)  # type: ignore[union-attr]
    # An archive's own variables are computed before the joins, so that only they (not the
    # profile, about 1.5 kB) go through them: a hash join's table of a chunk of profiles spills
    # to disk. The business variables are computed after.
    own = {n: v for n, v in enumerate(variables) if not re.search(r"\ba\.", v.sql)}  # type: ignore[union-attr]
    read_own = "".join(f", ({v.sql}) AS v{n}" for n, v in own.items()) + ("" if read_income else f", ({income.sql}) AS income")
    read_business = "".join(f", ({v.sql}) AS v{n}" for n, v in enumerate(variables) if n not in own)  # type: ignore[union-attr]
    binned = ", ".join(f"({_bin_index(i, f'x.v{n}')})::smallint AS b{n}" for n, i in enumerate(card.items))
    values = ", ".join(  # as shown in the explanation: numbers to two decimals at most
        f"trim_scale(round((y.v{n})::numeric, 2))::text" if v.numeric else f"(y.v{n})::text"  # type: ignore[union-attr]
        for n, v in enumerate(variables)
    )
    points = " + ".join(f"(ARRAY[{', '.join(str(b.points) for b in i.bins)}])[y.b{n} + 1]" for n, i in enumerate(card.items))
    vetoes = ", ".join(f"CASE WHEN {VETOES[v][1]} THEN '{v}' END" for v in card.vetoes) or "NULL"
    grade = " ".join(f"WHEN s.score >= {g.min} THEN '{g.code}'" for g in card.grades)
    caps = " ".join(f"WHEN '{g.code}' THEN {g.quota_cap * 100}::numeric" for g in card.grades)
    multiples = " ".join(f"WHEN '{g.code}' THEN {g.income_multiple}" for g in card.grades)
    income_y = f", {read_income} AS income" if read_income else ""
    columns = sorted({"bank_id", "id"} | set(re.findall(r"\bc\.([a-z_][a-z0-9_]*)", read_own)) - {"profile"})
    archives = f"SELECT {', '.join(f'c.{name}' for name in columns)}, (c.profile #> '{{}}') AS profile FROM customers c WHERE {{where}}"
    # Each level behind OFFSET 0: the planner keeps it as a subquery instead of copying its
    # expressions into every place the next level names them.
    return f"""
        SELECT s.bank_id, s.customer_id, {card_id} AS card_id, s.score, g.grade, s.bins, s.item_values, s.vetoes,
               CASE WHEN g.grade = '{INELIGIBLE}' THEN 0
                    ELSE LEAST(CASE g.grade {caps} END, round(COALESCE(s.income, 0) * CASE g.grade {multiples} END) * 100)
               END::bigint AS quota
        FROM (
          SELECT y.bank_id, y.customer_id, ARRAY[{", ".join(f"y.b{n}" for n in n_items)}] AS bins,
                 ARRAY[{values}]::varchar[] AS item_values, y.vetoes, y.income,
                 LEAST(GREATEST({card.base_points} + {points}, 0), {MAX_SCORE})::smallint AS score
          FROM (
            SELECT x.*{income_y}, {binned}
            FROM (
              SELECT c.*{read_business},
                     array_remove(ARRAY[{vetoes}]::varchar[], NULL) AS vetoes
              FROM (
                SELECT c.bank_id, c.id AS customer_id{read_own} FROM ({archives} OFFSET 0) c OFFSET 0
              ) c
              LEFT JOIN (SELECT * FROM business_aggregates k WHERE {{keys}}) a ON a.bank_id = c.bank_id AND a.customer_id = c.customer_id
              LEFT JOIN (SELECT * FROM archive_evaluations k WHERE {{keys}}) e ON e.bank_id = c.bank_id AND e.customer_id = c.customer_id
              OFFSET 0
            ) x OFFSET 0
          ) y OFFSET 0
        ) s
        CROSS JOIN LATERAL (
          SELECT CASE WHEN cardinality(s.vetoes) > 0 THEN '{INELIGIBLE}' ELSE CASE {grade} END END AS grade
        ) g"""
