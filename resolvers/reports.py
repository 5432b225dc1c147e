"""The report centre's queries (docs/reports.md)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import Info

from backend.reports.service import Page, ReportService
from resolvers.common import optional_id
from schema.reports import MonthlyReport, Report, ReportLevel, ReportOrder, ReportPoint


async def report(
    info: Info, since: dt.date, until: dt.date, org_unit_id: strawberry.ID | None = None, level: ReportLevel | None = None,
    order_by: ReportOrder = ReportOrder.ARCHIVES, descending: bool = True, first: int | None = None, offset: int = 0,
    name_contains: str | None = None,
) -> Report:
    """An org unit of your subtree (default: your own) over days `since` to `until` (Fujian time): its figures and
    one row per bank, branch or customer manager below it (`level`; default the next level down), ranked by `orderBy`;
    `first` (at most 2,000; default all) and `offset` page the ranking, `nameContains` filters it by name."""
    ctx = info.context
    unit_id = optional_id(org_unit_id, "orgUnitId")
    page = Page(order=order_by.value, descending=descending, first=first, offset=offset, name=(name_contains or "").strip() or None)
    async with ctx.reader() as session:
        service = ReportService(session)
        found = await service.report(ctx.viewer, unit_id, since, until, level.value if level else None, page)
        named = await service.named(ctx.viewer, found)
    return Report.of(found, named)


async def report_trend(info: Info, since: dt.date, until: dt.date, org_unit_id: strawberry.ID | None = None) -> list[ReportPoint]:
    """An org unit's figures day by day (the days that have facts), `since` to `until`."""
    ctx = info.context
    unit_id = optional_id(org_unit_id, "orgUnitId")
    async with ctx.reader() as session:
        points = await ReportService(session).trend(ctx.viewer, unit_id, since, until)
    return [ReportPoint.of(p) for p in points]


async def monthly_reports(info: Info, org_unit_id: strawberry.ID | None = None) -> list[MonthlyReport]:
    """The monthly report workbooks of a unit of your subtree (default: your own) and of the units below it, newest first."""
    ctx = info.context
    unit_id = optional_id(org_unit_id, "orgUnitId")
    async with ctx.reader() as session:
        rows = await ReportService(session).monthly_files(ctx.viewer, unit_id)
    return [MonthlyReport.of(r) for r in rows]
