"""Filing statistics by org unit, and the archives failing a rule (integrity rules, reports)."""

from __future__ import annotations

import strawberry
from strawberry import Info

from backend.customers.repository import CustomerRepository
from backend.errors import BadInput
from backend.orgs.models import Role
from backend.rules.statistics_repository import (
    RULE_CODE,
    UnitStatistics,
    archives_by_channel,
    failing_archives,
    statistics,
)
from resolvers.common import optional_id
from resolvers.customers import open_search_cursor, search_cursor
from schema.customers import (
    ArchiveOrder,
    Customer,
    CustomerEdge,
    CustomerPageInfo,
    CustomerSearchResult,
)
from schema.orgs import OrgUnit, StaffUser
from schema.rules import (
    ArchiveStatistics,
    ChannelMonthCount,
    ManagerStatistics,
    OrgUnitStatistics,
    RuleFailureCount,
)

# Roles that look at other people's archives; a plain customer manager sees their own by default.
SUPERVISORS = (Role.BRANCH_MANAGER, Role.BANK_APPROVER, Role.BANK_ADMIN, Role.PROVINCE_ADMIN, Role.PROVINCE_ANALYST, Role.AUDITOR)


def _row(s: UnitStatistics) -> OrgUnitStatistics:
    return OrgUnitStatistics(
        org_unit=OrgUnit.from_model(s.unit),
        archives=s.archives,
        evaluated=s.evaluated,
        complete=s.complete,
        precise=s.precise,
        precise_rate=s.precise_rate,
        top_failing_rules=[
            RuleFailureCount(code=r.code, severity=r.severity, count=r.count, message=r.message, message_en=r.message_en)
            for r in s.top_failing_rules
        ],
    )


async def archive_statistics(info: Info, org_unit_id: strawberry.ID | None = None) -> ArchiveStatistics | None:
    """Archives, evaluated, complete, precise and the most failed rules of an org unit in your
    scope (default: your own unit) and of each of its direct children."""
    ctx = info.context
    async with ctx.reader() as session:
        found = await statistics(session, ctx.viewer, optional_id(org_unit_id, "orgUnitId"))
    if found is None:
        raise BadInput("orgUnitId", "no such org unit in your scope")
    managers = [
        ManagerStatistics(
            manager=StaffUser.from_model(m.manager) if m.manager else None, archives=m.archives, evaluated=m.evaluated,
            complete=m.complete, precise=m.precise, precise_rate=m.precise_rate,
        )
        for m in found.managers
    ]
    return ArchiveStatistics(unit=_row(found.unit), children=[_row(c) for c in found.children], managers=managers)


FAILING = "customers.failing_rule"  # the list's name in its sealed cursors


async def customers_failing_rule(
    info: Info, code: str, first: int = 20, after: str | None = None, manager_id: strawberry.ID | None = None,
    order: ArchiveOrder = ArchiveOrder.NAME_ASC,
) -> CustomerSearchResult | None:
    """Archives in your scope whose latest evaluation violates the rule ``code``, in ``order`` (the
    name in pinyin order by default), keyset-paged; a cursor works only with the order it came from.
    A customer manager sees their own archives unless ``managerId`` is given."""
    ctx = info.context
    viewer = ctx.viewer
    if not RULE_CODE.match(code):
        raise BadInput("code", "a rule code: capital letters, digits and underscores")
    if not 1 <= first <= 100:
        raise BadInput("first", "must be between 1 and 100")
    manager = optional_id(manager_id, "managerId")
    cursor = open_search_cursor(info, order, after, FAILING)
    if manager is None and viewer.has_any_role(Role.CUSTOMER_MANAGER) and not viewer.has_any_role(*SUPERVISORS):
        manager = viewer.user_id
    async with ctx.reader() as session:
        rows = await failing_archives(session, viewer, code, manager_id=manager, after=cursor, limit=first + 1, order=order)
        estimate = await CustomerRepository(session).estimated_count()
    has_next = len(rows) > first
    edges = [CustomerEdge(position=lambda r=r: search_cursor(info, order, r, FAILING), node=Customer.from_model(r)) for r in rows[:first]]
    return CustomerSearchResult(
        edges=edges,
        page_info=CustomerPageInfo.of(edges, has_next),
        estimated_total=estimate,
    )


async def archive_trend(info: Info, org_unit_id: strawberry.ID | None = None, months: int = 12) -> list[ChannelMonthCount]:
    """Archives created per month and channel in the subtree of an org unit in your scope."""
    ctx = info.context
    if not 1 <= months <= 36:
        raise BadInput("months", "must be between 1 and 36")
    async with ctx.reader() as session:
        found = await archives_by_channel(session, ctx.viewer, optional_id(org_unit_id, "orgUnitId"), months)
    if found is None:
        raise BadInput("orgUnitId", "no such org unit in your scope")
    return [ChannelMonthCount(month=r.month, channel=r.channel, archives=r.archives) for r in found]
