"""Reading the report facts and the monthly report files, within the caller's scope.

A fact row is read where its ``org_path`` (the unit's, or a manager row's branch's) lies in the
caller's subtree: a bank admin reads their bank, its branches and their managers, never another
bank's nor the province's own row.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Select, delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.reports.models import UNIT_ROW, ReportFact, ReportFile


def readable_facts(principal: Principal) -> Select[tuple[ReportFact]]:
    return select(ReportFact).where(ReportFact.org_path.startswith(principal.scope_path, autoescape=True))


def readable_files(principal: Principal) -> Select[tuple[ReportFile]]:
    return select(ReportFile).where(ReportFile.org_path.startswith(principal.scope_path, autoescape=True))


class ReportRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def latest_day(self, *, until: date, before: bool = False) -> date | None:
        """The last day with facts on or before ``until`` (strictly before, with ``before``)."""
        bound = ReportFact.day < until if before else ReportFact.day <= until
        return await self.session.scalar(select(func.max(ReportFact.day)).where(bound, ReportFact.manager_id == UNIT_ROW))

    async def first_day(self) -> date | None:
        return await self.session.scalar(select(func.min(ReportFact.day)))

    async def rows(self, principal: Principal, day: date, *, level: str, path: str) -> list[ReportFact]:
        """The rows of one level under ``path`` on ``day`` (a branch's own row is BRANCH level,
        its managers' MANAGER)."""
        stmt = readable_facts(principal).where(
            ReportFact.day == day, ReportFact.level == level, ReportFact.org_path.startswith(path, autoescape=True)
        )
        return list(await self.session.scalars(stmt))

    async def unit_rows(self, principal: Principal, unit_id: int, days: list[date]) -> dict[date, ReportFact]:
        stmt = readable_facts(principal).where(ReportFact.unit_id == unit_id, ReportFact.manager_id == UNIT_ROW, ReportFact.day.in_(days))
        return {row.day: row for row in await self.session.scalars(stmt)}

    async def trend(self, principal: Principal, unit_id: int, since: date, until: date) -> list[ReportFact]:
        stmt = readable_facts(principal).where(
            ReportFact.unit_id == unit_id, ReportFact.manager_id == UNIT_ROW, ReportFact.day >= since, ReportFact.day <= until
        )
        return list(await self.session.scalars(stmt.order_by(ReportFact.day)))

    async def files(self, principal: Principal, path: str, *, limit: int) -> list[ReportFile]:
        stmt = readable_files(principal).where(ReportFile.org_path.startswith(path, autoescape=True))
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
