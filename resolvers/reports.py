"""The report centre's queries (docs/reports.md)."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry import Info

from backend.reports.service import ReportService
from resolvers.common import optional_id
from schema.reports import MonthlyReport, Report, ReportLevel, ReportPoint


async def report(
    info: Info, since: dt.date, until: dt.date, org_unit_id: strawberry.ID | None = None, level: ReportLevel | None = None
) -> Report:
    """An org unit of your subtree (default: your own) over days `since` to `until` (Fujian time): its figures and
    one row per bank, branch or customer manager below it (`level`; default the next level down)."""
    ctx = info.context
    unit_id = optional_id(org_unit_id, "orgUnitId")
    async with ctx.reader() as session:
        found = await ReportService(session).report(ctx.viewer, unit_id, since, until, level.value if level else None)
    return Report.of(found)


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
