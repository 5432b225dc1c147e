"""Filing statistics by org unit, and the archives that fail a given rule.

Everything here is set-based: an org unit and its direct children cost the same four statements
whether the unit has three children or three hundred (units, counts, failing rules, messages).
The unit's subtree is selected with the same index-friendly predicate as the customer search
(``scope_condition``: a branch is an equality on ``org_path``, a bank its ``bank_id``); each
child's rows are told apart by the next component of ``org_path``, and the unit's own totals come
from the same pass (``GROUPING SETS``), so the subtree is read once per statement.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import and_, func, literal_column, or_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.customers.models import Customer
from backend.customers.repository import ArchiveOrder, readable_customers, scope_condition
from backend.db.ordering import keyset_page
from backend.orgs.models import OrgLevel, OrgUnit, StaffUser
from backend.orgs.repository import readable_org_units
from backend.rules.models import (
    ArchiveEvaluation,
    Rule,
    RuleScope,
    RuleSet,
    RuleSetStatus,
    Severity,
)

TOP_RULES = 10
RULE_CODE = re.compile(r"^[A-Z0-9_]{1,48}$")


@dataclass
class RuleFailures:
    code: str
    severity: Severity
    count: int
    message: str
    message_en: str


@dataclass
class UnitStatistics:
    unit: OrgUnit
    archives: int = 0
    evaluated: int = 0
    complete: int = 0
    precise: int = 0
    top_failing_rules: list[RuleFailures] = field(default_factory=list)

    @property
    def precise_rate(self) -> float:
        return self.precise / self.archives if self.archives else 0.0


@dataclass
class ManagerStatistics:
    """A customer manager's archives in the unit (``manager`` None: archives without a manager)."""

    manager: StaffUser | None
    archives: int = 0
    evaluated: int = 0
    complete: int = 0
    precise: int = 0

    @property
    def precise_rate(self) -> float:
        return self.precise / self.archives if self.archives else 0.0


@dataclass
class Statistics:
    unit: UnitStatistics
    children: list[UnitStatistics]
    managers: list[ManagerStatistics] = field(default_factory=list)


def _evaluation_join():
    e = ArchiveEvaluation
    return and_(e.bank_id == Customer.bank_id, e.customer_id == Customer.id)


def _child_key(unit: OrgUnit):
    """The ``org_path`` component naming the child of ``unit`` an archive belongs to."""
    depth = unit.path.count("/") - 2  # 0 province, 1 bank, 2 branch
    # Literals, not bind parameters: GROUP BY must repeat the select's expression exactly.
    return func.split_part(Customer.org_path, literal_column("'/'"), literal_column(str(depth + 3)))


def _subtree(stmt, unit: OrgUnit):
    condition = scope_condition(unit.path)
    return stmt if condition is None else stmt.where(condition)


async def statistics(session: AsyncSession, principal: Principal, org_unit_id: int | None = None) -> Statistics | None:
    """Statistics of an org unit in the caller's scope (default: their own) and its direct children.

    None when the unit does not exist or lies outside the caller's scope.
    """
    unit_id = org_unit_id if org_unit_id is not None else principal.org_id
    if unit_id is None:
        return None
    # 1. The unit and its direct children, in one statement (children of a readable unit are readable).
    units = list(
        await session.scalars(
            readable_org_units(principal)
            .where(or_(OrgUnit.id == unit_id, OrgUnit.parent_id == unit_id))
            .order_by(OrgUnit.code)
        )
    )
    unit = next((u for u in units if u.id == unit_id), None)
    if unit is None:
        return None
    children = [u for u in units if u.id != unit_id] if unit.level != OrgLevel.BRANCH else []
    rows = {key: UnitStatistics(unit=u) for key, u in [(None, unit), *((str(c.id), c) for c in children)]}

    e = ArchiveEvaluation
    child = _child_key(unit)
    grouping = func.grouping_sets(tuple_(child), tuple_()) if children else None

    # 2. Archive, evaluation, complete and precise counts for the unit and every child.
    counts = select(
        (child if children else literal_column("NULL")).label("child"),
        (func.grouping(child) if children else literal_column("1")).label("total"),
        func.count().label("archives"),
        func.count(e.customer_id).label("evaluated"),
        func.count().filter(e.error_count == 0).label("complete"),
        func.count().filter(e.precise.is_(True)).label("precise"),
    ).select_from(Customer).outerjoin(e, _evaluation_join())
    counts = _subtree(counts, unit)
    if grouping is not None:
        counts = counts.group_by(grouping)
    for row in await session.execute(counts):
        target = rows.get(None if row.total else row.child)
        if target is not None:
            target.archives, target.evaluated, target.complete, target.precise = (
                row.archives, row.evaluated, row.complete, row.precise,
            )

    # 3. The most failed rules of the unit and of every child: top ten by archives failing them.
    violation = func.jsonb_array_elements(e.violations).table_valued("value").render_derived(name="v")
    code = violation.c.value.op("->>")(literal_column("'code'"))
    severity = violation.c.value.op("->>")(literal_column("'severity'"))
    per_rule = select(
        (child if children else literal_column("NULL")).label("child"),
        (func.grouping(child) if children else literal_column("1")).label("total"),
        code.label("code"),
        func.bool_or(severity == Severity.ERROR.value).label("is_error"),
        func.count().label("n"),
    ).select_from(Customer).join(e, _evaluation_join()).join(violation, literal_column("true"))
    per_rule = _subtree(per_rule, unit)
    per_rule = per_rule.group_by(func.grouping_sets(tuple_(child, code), tuple_(code)) if children else code).subquery()
    ranked = select(
        per_rule,
        func.row_number()
        .over(partition_by=[per_rule.c.total, per_rule.c.child], order_by=[per_rule.c.n.desc(), per_rule.c.code])
        .label("rank"),
    ).subquery()
    failing = (
        await session.execute(
            select(ranked.c.child, ranked.c.total, ranked.c.code, ranked.c.is_error, ranked.c.n)
            .where(ranked.c.rank <= TOP_RULES)
            .order_by(ranked.c.total, ranked.c.child, ranked.c.rank)
        )
    ).all()

    # 4. Messages of the rules in force for every bank involved (and the baseline), in one statement.
    banks = sorted({s.unit.bank_id for s in rows.values() if s.unit.bank_id is not None})
    messages = await published_messages(session, banks)
    for row in failing:
        target = rows.get(None if row.total else row.child)
        if target is None:
            continue
        zh, en = _message(messages, target.unit.bank_id, row.code)
        target.top_failing_rules.append(
            RuleFailures(code=row.code, severity=Severity.ERROR if row.is_error else Severity.WARNING, count=row.n, message=zh, message_en=en)
        )
    managers = await _by_manager(session, unit) if unit.level == OrgLevel.BRANCH else []
    return Statistics(unit=rows[None], children=[rows[str(c.id)] for c in children], managers=managers)


async def _by_manager(session: AsyncSession, unit: OrgUnit) -> list[ManagerStatistics]:
    """A branch has no child units: its figures per customer manager instead (most archives
    first), one statement over the same subtree as the unit's counts."""
    e = ArchiveEvaluation
    counts = _subtree(
        select(
            Customer.manager_id,
            func.count().label("archives"),
            func.count(e.customer_id).label("evaluated"),
            func.count().filter(e.error_count == 0).label("complete"),
            func.count().filter(e.precise.is_(True)).label("precise"),
        )
        .select_from(Customer)
        .outerjoin(e, _evaluation_join())
        .group_by(Customer.manager_id),
        unit,
    ).subquery()
    rows = await session.execute(
        select(StaffUser, counts.c.archives, counts.c.evaluated, counts.c.complete, counts.c.precise)
        .select_from(counts)
        .outerjoin(StaffUser, StaffUser.id == counts.c.manager_id)
        .order_by(counts.c.archives.desc(), StaffUser.name.nulls_last(), StaffUser.id)
    )
    return [
        ManagerStatistics(manager=staff, archives=archives, evaluated=evaluated, complete=complete, precise=precise)
        for staff, archives, evaluated, complete, precise in rows
    ]


async def published_messages(session: AsyncSession, bank_ids: list[int]) -> dict[int | None, dict[str, tuple[str, str]]]:
    """(zh, en) messages of the published baseline (key None) and of each bank's published set."""
    stmt = (
        select(RuleSet.bank_id, Rule.code, Rule.message_zh, Rule.message_en)
        .join(Rule, Rule.rule_set_id == RuleSet.id)
        .where(RuleSet.status == RuleSetStatus.PUBLISHED)
        .where(or_(RuleSet.scope == RuleScope.PROVINCE, RuleSet.bank_id.in_(bank_ids)))
        .order_by(RuleSet.bank_id.nulls_first())
    )
    found: dict[int | None, dict[str, tuple[str, str]]] = defaultdict(dict)
    for bank_id, code, zh, en in await session.execute(stmt):
        found[bank_id].setdefault(code, (zh, en))
    return found


def _message(messages: dict[int | None, dict[str, tuple[str, str]]], bank_id: int | None, code: str) -> tuple[str, str]:
    """The bank's message for a code, else the baseline's; above the banks, the baseline's or the
    first bank's that has the code; else the code itself (a rule since removed)."""
    if bank_id is not None:
        found = messages.get(bank_id, {}).get(code) or messages.get(None, {}).get(code)
    else:
        found = messages.get(None, {}).get(code) or next(
            (m[code] for b, m in sorted(messages.items(), key=lambda kv: kv[0] or 0) if b is not None and code in m), None
        )
    return found or (code, code)


# -- archives failing a rule --------------------------------------------------------------------
async def failing_archives(
    session: AsyncSession,
    principal: Principal,
    code: str,
    *,
    manager_id: int | None,
    after: tuple[Any, uuid.UUID] | None,
    limit: int,
    order: ArchiveOrder = ArchiveOrder.NAME_ASC,
) -> list[Customer]:
    """Archives in the caller's scope whose latest evaluation violates ``code``, in ``order`` (the
    name's pinyin key by default, as the archive list), keyset-paged by (the order's column, id),
    ``after`` being ``order.position`` of the last row seen. The containment test
    ``violations @> '[{"code": ...}]'`` uses the GIN index."""
    e = ArchiveEvaluation
    stmt = (
        readable_customers(principal)
        .join(e, _evaluation_join())
        .where(e.violations.contains([{"code": code}]))
    )
    condition = scope_condition(principal.scope_path)
    if condition is not None:
        stmt = stmt.where(condition)
    if manager_id is not None:
        stmt = stmt.where(Customer.manager_id == manager_id)
    stmt = keyset_page(stmt, order.column, Customer.id, after, order.descending)
    return list(await session.scalars(stmt.limit(limit)))


@dataclass
class ChannelMonth:
    month: str  # YYYY-MM
    channel: str
    archives: int


async def archives_by_channel(session: AsyncSession, principal: Principal, org_unit_id: int | None, months: int) -> list[ChannelMonth] | None:
    """Archives created per calendar month (UTC) and channel over the last ``months`` months, in
    the subtree of an org unit in the caller's scope (default: their own). One statement over the
    subtree, with the search's scope predicate. None when the unit is unknown or out of scope."""
    unit_id = org_unit_id if org_unit_id is not None else principal.org_id
    if unit_id is None:
        return None
    unit = await session.scalar(readable_org_units(principal).where(OrgUnit.id == unit_id))
    if unit is None:
        return None
    month = func.date_trunc(literal_column("'month'"), func.timezone(literal_column("'UTC'"), Customer.created_at))
    start = func.date_trunc(literal_column("'month'"), func.timezone(literal_column("'UTC'"), func.now())) - func.make_interval(0, months - 1)
    stmt = (
        select(month.label("month"), Customer.channel, func.count().label("archives"))
        .where(func.timezone(literal_column("'UTC'"), Customer.created_at) >= start)
        .group_by(month, Customer.channel)
        .order_by(month, Customer.channel)
    )
    rows = await session.execute(_subtree(stmt, unit))
    return [
        ChannelMonth(month=row.month.strftime("%Y-%m"), channel=getattr(row.channel, "value", row.channel), archives=row.archives)
        for row in rows
    ]
