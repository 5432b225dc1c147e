"""The report centre (docs/reports.md): a period's figures for an org unit and for each unit (or
customer manager) one level below it, a unit's daily trend, and the monthly workbooks.

A period ``[since, until]`` reads two days of facts: the last day on or before ``until`` (the
stocks, and the cumulative totals at the period's end) and the last day before ``since`` (the
totals at its start); a flow is the difference. Facts are made nightly for the day that ended
(``build``), so the newest day is yesterday; ``asOf`` says which day the figures are.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.errors import BadInput, PermissionDenied
from backend.orgs.models import OrgLevel, OrgUnit, StaffUser
from backend.orgs.repository import OrgRepository
from backend.reports.facts import LOCAL, STOCKS, TOTALS, build_day
from backend.reports.models import NO_MANAGER, UNIT_ROW, ReportFact
from backend.reports.repository import FLOWS, ORDERS, ReportRepository
from backend.reports.workbook import Sheet, workbook

MAX_ROWS = 2000  # a page of a ranking: every branch of the province fits
MAX_SPAN_DAYS = 3 * 366  # a period of at most about three years
LEVELS = ("BANK", "BRANCH", "MANAGER")
CHILD = {OrgLevel.PROVINCE: "BANK", OrgLevel.BANK: "BRANCH", OrgLevel.BRANCH: "MANAGER"}
# Which row levels a unit's report may list: below the unit; managers only within one bank (a
# province-wide list of 20,000 managers is not a ranking anyone reads).
ALLOWED = {OrgLevel.PROVINCE: ("BANK", "BRANCH"), OrgLevel.BANK: ("BRANCH", "MANAGER"), OrgLevel.BRANCH: ("MANAGER",)}


@dataclass
class Line:
    """One row of a report: a unit's or a manager's figures over the period."""

    unit_id: int
    manager_id: int | None  # None: the unit's own row
    org_path: str
    values: dict[str, int] = field(default_factory=dict)  # stocks at the end; flows over the period
    grades: dict[str, int] = field(default_factory=dict)
    grade_moves: dict[str, int] = field(default_factory=dict)

    @property
    def unassigned(self) -> bool:
        return self.manager_id == NO_MANAGER


@dataclass
class Report:
    unit: OrgUnit
    level: str
    since: date
    until: date
    as_of: date | None  # the day whose facts end the period (None: no facts yet)
    starts_after: date | None  # the day whose totals the flows start from (None: the start of the data)
    total: Line
    lines: list[Line]  # the page asked for, in its order
    matching: int = 0  # the rows at that level (matching the name filter), all pages
    offset: int = 0


@dataclass(frozen=True)
class Page:
    """Which rows of a report, in which order: a ranking of 1,900 branches sends the page it shows."""

    order: str = "archives"
    descending: bool = True
    first: int | None = None  # None: every row (the export, the monthly report)
    offset: int = 0
    name: str | None = None


@dataclass
class Named:
    units: dict[int, OrgUnit]
    managers: dict[int, StaffUser]


@dataclass
class TrendPoint:
    day: date
    values: dict[str, int]  # stocks that day; flows of that day (since the previous point)


def flow_name(total: str) -> str:
    return total.removesuffix("_total")


def _line(end: ReportFact, start: ReportFact | None) -> Line:
    values = {name: getattr(end, name) for name in STOCKS}
    for name in TOTALS:
        values[flow_name(name)] = getattr(end, name) - (getattr(start, name) if start is not None else 0)
    manager = None if end.manager_id == UNIT_ROW else end.manager_id
    return Line(end.unit_id, manager, end.org_path, values, dict(end.grades), dict(end.grade_moves))


def _empty(unit: OrgUnit) -> Line:
    return Line(unit.id, None, unit.path, {name: 0 for name in STOCKS} | {flow_name(n): 0 for n in TOTALS})


def check_period(since: date, until: date) -> None:
    if since > until:
        raise BadInput("since", "since must not be after until", reason="REPORT_PERIOD", message_zh="开始日期不能晚于结束日期")
    if (until - since).days > MAX_SPAN_DAYS:
        raise BadInput("until", "a period of at most three years", reason="REPORT_PERIOD", message_zh="统计区间最长三年")


class ReportService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = ReportRepository(session)
        self.orgs = OrgRepository(session)

    def _require(self, principal: Principal) -> None:
        if not principal.is_staff or not principal.can(Permission.REPORT_READ):
            raise PermissionDenied(Permission.REPORT_READ.value)

    async def _unit(self, principal: Principal, unit_id: int | None) -> OrgUnit:
        unit = await self.orgs.org_unit(principal, unit_id if unit_id is not None else principal.org_id)  # type: ignore[arg-type]
        if unit is None:
            raise BadInput("orgUnitId", "no such org unit in your scope", reason="NOT_FOUND", message_zh="机构不存在或不在您的权限范围内")
        return unit

    async def report(
        self, principal: Principal, unit_id: int | None, since: date, until: date, level: str | None = None, page: Page | None = None
    ) -> Report:
        self._require(principal)
        check_period(since, until)
        page = page or Page()
        if page.order not in ORDERS:
            raise BadInput("orderBy", f"one of {', '.join(ORDERS)}", reason="INVALID", message_zh="排序指标无效")
        if page.first is not None and not 1 <= page.first <= MAX_ROWS:
            raise BadInput("first", f"between 1 and {MAX_ROWS}", reason="INVALID", message_zh=f"每页行数须在1至{MAX_ROWS}之间")
        if page.offset < 0:
            raise BadInput("offset", "0 or more", reason="INVALID", message_zh="偏移量不能为负")
        if page.name is not None and len(page.name) > 50:
            raise BadInput("nameContains", "at most 50 characters", reason="TOO_LONG", message_zh="名称关键字不能超过50个字")
        return await self._report(principal, await self._unit(principal, unit_id), since, until, level, page)

    async def _report(self, principal: Principal, unit: OrgUnit, since: date, until: date, level: str | None, page: Page | None = None) -> Report:
        page = page or Page()
        level = level or CHILD[unit.level]
        if level not in ALLOWED[unit.level]:
            raise BadInput(
                "level", f"a {unit.level} lists {' or '.join(ALLOWED[unit.level])} rows", reason="REPORT_LEVEL",
                message_zh="所选层级须低于该机构；按客户经理排名须先选择法人行社或网点",
            )  # fmt: skip
        as_of = await self.repo.latest_day(unit.id, until=until)
        start = await self.repo.latest_day(unit.id, until=since, before=True) if as_of is not None else None
        if as_of is None:
            return Report(unit, level, since, until, None, None, _empty(unit), [])
        own = await self.repo.unit_rows(principal, unit.id, [d for d in (as_of, start) if d is not None])
        total = _line(own[as_of], own.get(start)) if as_of in own else _empty(unit)  # type: ignore[arg-type]
        rows, matching = await self.repo.lines(
            principal, as_of, start, level=level, path=unit.path, order=page.order, descending=page.descending, limit=page.first,
            offset=page.offset, name=page.name,
        )  # fmt: skip
        lines = [
            Line(r.unit_id, None if r.manager_id == UNIT_ROW else r.manager_id, r.org_path, {k: getattr(r, k) for k in (*STOCKS, *FLOWS)},
                 dict(r.grades), dict(r.grade_moves))
            for r in rows
        ]  # fmt: skip
        return Report(unit, level, since, until, as_of, start, total, lines, matching, page.offset)

    async def named(self, principal: Principal, report: Report) -> Named:
        """The units and managers ``report``'s rows name, in two statements however many rows."""
        units = await self.orgs.org_units_by_ids(principal, list({report.unit.id, *(line.unit_id for line in report.lines)}))
        managers = await self.orgs.staff_users_by_ids(principal, list({m for line in report.lines if (m := line.manager_id) and m > 0}))
        return Named(units, managers)

    async def names(self, principal: Principal, report: Report) -> dict[tuple[int, int | None], str]:
        """The name of each row of ``report``: a unit's, or a manager's as "name (employee no)"."""
        named = await self.named(principal, report)
        names: dict[tuple[int, int | None], str] = {(uid, None): unit.name for uid, unit in named.units.items()}
        for line in report.lines:
            if line.manager_id is not None and (user := named.managers.get(line.manager_id)) is not None:
                names[(line.unit_id, line.manager_id)] = f"{user.name}（{user.employee_no}）"
        return names

    async def export(self, principal: Principal, unit_id: int | None, since: date, until: date, level: str | None, *, english: bool) -> tuple[bytes, Report]:
        """The report as a workbook, audited (``report.export``)."""
        report = await self.report(principal, unit_id, since, until, level)
        content = workbook([Sheet(report, await self.names(principal, report))], english=english)
        await audit.record(
            self.session, action="report.export", org_path=report.unit.path, principal=principal, target_type="OrgUnit",
            target_id=str(report.unit.id), detail={"since": since.isoformat(), "until": until.isoformat(), "level": report.level},
        )  # fmt: skip
        return content, report

    async def trend(self, principal: Principal, unit_id: int | None, since: date, until: date) -> list[TrendPoint]:
        """A unit's figures day by day: the stocks of each day, the flows since the day before."""
        self._require(principal)
        check_period(since, until)
        unit = await self._unit(principal, unit_id)
        before = await self.repo.latest_day(unit.id, until=since, before=True)
        rows = await self.repo.trend(principal, unit.id, before or since, until)
        points, previous = [], None
        for row in rows:
            if row.day >= since:
                line = _line(row, previous)
                points.append(TrendPoint(row.day, line.values if previous is not None else {k: v for k, v in line.values.items() if k in STOCKS}))
            previous = row
        return points

    async def monthly_files(self, principal: Principal, unit_id: int | None, *, limit: int = 36):
        self._require(principal)
        unit = await self._unit(principal, unit_id)
        return await self.repo.files(principal, unit.path, limit=limit)

    async def monthly_file(self, principal: Principal, file_id: int):
        self._require(principal)
        return await self.repo.file(principal, file_id)


def unit_principal(unit: OrgUnit) -> Principal:
    """Whom the monthly job reads a unit's report as: that unit's subtree, nothing else."""
    return Principal(kind="staff", scope_path=unit.path, org_id=unit.id, org_level=unit.level, roles=frozenset())


async def monthly(session: AsyncSession, today: date) -> list[str]:
    """Last month's report workbook of the province and of every bank (replacing one made before);
    answers the units' codes. A bank's workbook lists its branches and its managers; the
    province's its banks and every branch."""
    month, first, last = last_month(today)
    service, made = ReportService(session), []
    for unit in await service.orgs.units_at(OrgLevel.PROVINCE, OrgLevel.BANK):
        reader = unit_principal(unit)
        sheets = []
        for level in ALLOWED[unit.level]:
            report = await service._report(reader, unit, first, last, level)
            sheets.append(Sheet(report, await service.names(reader, report)))
        await service.repo.replace_file(unit.id, unit.path, month, workbook(sheets))
        made.append(unit.code)
    return made


async def build(session: AsyncSession, days: Iterable[date]) -> int:
    """Make the facts of ``days`` (each replaced whole); answers the rows written."""
    return sum([await build_day(session, day) for day in days])


async def prune(session: AsyncSession, *, keep_from: date) -> int:
    return await ReportRepository(session).prune(keep_from=keep_from)


def yesterday(now: datetime | None = None) -> date:
    return (now or datetime.now(LOCAL)).astimezone(LOCAL).date() - timedelta(days=1)


def last_month(today: date) -> tuple[str, date, date]:
    """The month before ``today``'s: its name (YYYY-MM), first and last day."""
    end = today.replace(day=1) - timedelta(days=1)
    return end.strftime("%Y-%m"), end.replace(day=1), end
