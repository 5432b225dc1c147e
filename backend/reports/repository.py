"""Reading the report facts and the monthly report files, within the caller's scope.

A fact row is read where its ``org_path`` (the unit's, or a manager row's branch's) lies in the
caller's subtree: a bank admin reads their bank, its branches and their managers, never another
bank's nor the province's own row.
"""

from __future__ import annotations

from datetime import date

from typing import Any

from sqlalchemy import Float, Select, and_, cast, delete, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from backend.auth.principal import Principal
from backend.orgs.models import OrgUnit, StaffUser
from backend.reports.facts import STOCKS, TOTALS
from backend.reports.models import UNIT_ROW, ReportFact, ReportFile
from backend.db.prefix import starts_with

FLOWS = tuple(total.removesuffix("_total") for total in TOTALS)
RATES = ("precise_rate", "quota_use_rate", "approval_rate", "mean_decision_hours")
# What a ranking may be ordered by: the figures a row shows (the decision time as its mean).
ORDERS = (*STOCKS, *(f for f in FLOWS if f != "decision_seconds"), *RATES)


def _flow(e: Any, s: Any, total: str) -> Any:
    return getattr(e, total) - func.coalesce(getattr(s, total), 0)


def _ratio(a: Any, b: Any) -> Any:
    return cast(a, Float) / func.nullif(b, 0)


def order_expressions(e: Any, s: Any) -> dict[str, Any]:
    """Each figure's expression over the period's end row ``e`` and start row ``s``: flows are
    differences, rates quotients (none where the base is 0)."""
    figures: dict[str, Any] = {name: getattr(e, name) for name in STOCKS}
    figures |= {total.removesuffix("_total"): _flow(e, s, total) for total in TOTALS}
    return figures | {
        "precise_rate": _ratio(e.precise, e.archives),
        "quota_use_rate": _ratio(e.quota_used, e.quota_amount),
        "approval_rate": _ratio(figures["approved"], figures["decided"]),
        "mean_decision_hours": _ratio(figures["decision_seconds"], figures["decided"]),
    }


def readable_facts(principal: Principal) -> Select[tuple[ReportFact]]:
    return select(ReportFact).where(starts_with(ReportFact.org_path, principal.scope_path))


def readable_files(principal: Principal) -> Select[tuple[ReportFile]]:
    return select(ReportFile).where(starts_with(ReportFile.org_path, principal.scope_path))


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def latest_day(self, unit_id: int, *, until: date, before: bool = False) -> date | None:
        """The last day with facts of the unit on or before ``until`` (strictly before, with
        ``before``): one probe of ``ix_report_facts_unit``."""
        bound = ReportFact.day < until if before else ReportFact.day <= until
        stmt = select(func.max(ReportFact.day)).where(ReportFact.unit_id == unit_id, ReportFact.manager_id == UNIT_ROW, bound)
        return await self.session.scalar(stmt)

    async def lines(
        self, principal: Principal, end: date, start: date | None, *, level: str, path: str, order: str, descending: bool,
        limit: int | None, offset: int, name: str | None,
    ) -> tuple[list[Any], int]:
        """One level's rows under ``path``: stocks of ``end``, flows since ``start``, computed in
        the statement, ordered by ``order`` and paged there (a 1,900-branch ranking sends the
        page it shows); with the count of all the rows matching. ``name`` filters on the unit's or
        the manager's name."""
        e, s = aliased(ReportFact), aliased(ReportFact)
        figures = order_expressions(e, s)
        join = and_(s.day == start, s.unit_id == e.unit_id, s.manager_id == e.manager_id) if start else literal(False)
        stmt = (
            select(e.unit_id, e.manager_id, e.org_path, e.grades, e.grade_moves,
                   *[figures[k].label(k) for k in (*STOCKS, *FLOWS)],
                   func.count().over().label("matching"))
            .select_from(e).outerjoin(s, join)
            .where(starts_with(e.org_path, principal.scope_path), e.day == end, e.level == level,
                   starts_with(e.org_path, path))
        )  # fmt: skip
        if name:
            units = select(OrgUnit.id).where(OrgUnit.name.contains(name, autoescape=True))
            staff = select(StaffUser.id).where(StaffUser.name.contains(name, autoescape=True))
            stmt = stmt.where(e.manager_id.in_(staff) if level == "MANAGER" else e.unit_id.in_(units))
        key = figures[order]
        stmt = stmt.order_by((key.desc() if descending else key.asc()).nulls_last(), e.unit_id, e.manager_id)
        rows = (await self.session.execute(stmt.limit(limit).offset(offset))).all()
        return rows, rows[0].matching if rows else 0

    async def unit_rows(self, principal: Principal, unit_id: int, days: list[date]) -> dict[date, ReportFact]:
        stmt = readable_facts(principal).where(ReportFact.unit_id == unit_id, ReportFact.manager_id == UNIT_ROW, ReportFact.day.in_(days))
        return {row.day: row for row in await self.session.scalars(stmt)}

    async def trend(self, principal: Principal, unit_id: int, since: date, until: date) -> list[ReportFact]:
        stmt = readable_facts(principal).where(
            ReportFact.unit_id == unit_id, ReportFact.manager_id == UNIT_ROW, ReportFact.day >= since, ReportFact.day <= until
        )
        return list(await self.session.scalars(stmt.order_by(ReportFact.day)))

    async def files(self, principal: Principal, path: str, *, limit: int) -> list[ReportFile]:
        stmt = readable_files(principal).where(starts_with(ReportFile.org_path, path))
        return list(await self.session.scalars(stmt.order_by(ReportFile.month.desc(), ReportFile.org_path).limit(limit)))

    async def file(self, principal: Principal, file_id: int) -> ReportFile | None:
        return await self.session.scalar(readable_files(principal).where(ReportFile.id == file_id))

    async def replace_file(self, unit_id: int, path: str, month: str, content: bytes) -> ReportFile:
        """The unit's workbook of ``month``, replacing one made before (a rerun of the month)."""
        await self.session.execute(delete(ReportFile).where(ReportFile.unit_id == unit_id, ReportFile.month == month))
        row = ReportFile(unit_id=unit_id, org_path=path, month=month, content=content, size=len(content))
        self.session.add(row)
        await self.session.flush()
        return row

    async def prune(self, *, keep_from: date) -> int:
        """Daily rows older than ``keep_from`` go, except each month's last day (the monthly trend)."""
        month_ends = select(func.max(ReportFact.day)).group_by(func.date_trunc("month", ReportFact.day))
        result = await self.session.execute(
            delete(ReportFact).where(ReportFact.day < keep_from, ReportFact.day.not_in(month_ends))
        )
        return result.rowcount or 0
