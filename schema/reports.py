"""GraphQL types of the report centre (报表中心, docs/reports.md)."""

from __future__ import annotations

import datetime as dt
from enum import Enum

import strawberry
from strawberry import Info

from backend.reports import service as reports
from schema.orgs import OrgUnit, StaffUser
from schema.rating import GradeCount, RatingMigrationCell


@strawberry.enum(description="The rows a report lists: the units or customer managers one or more levels below its unit.")
class ReportLevel(Enum):
    BANK = "BANK"
    BRANCH = "BRANCH"
    MANAGER = "MANAGER"


@strawberry.enum(description="What a ranking is ordered by: a figure of ReportRow.")
class ReportOrder(Enum):
    ARCHIVES = "archives"
    VERIFIED = "verified"
    EVALUATED = "evaluated"
    PRECISE = "precise"
    PRECISE_RATE = "precise_rate"
    RATED = "rated"
    QUOTAS_ACTIVE = "quotas_active"
    QUOTA_AMOUNT = "quota_amount"
    QUOTA_USED = "quota_used"
    QUOTA_USE_RATE = "quota_use_rate"
    CREATED = "created"
    APPLICATIONS = "applications"
    DECIDED = "decided"
    APPROVED = "approved"
    REJECTED = "rejected"
    APPROVAL_RATE = "approval_rate"
    MEAN_DECISION_HOURS = "mean_decision_hours"
    APPROVED_AMOUNT = "approved_amount"
    QUOTAS_GRANTED = "quotas"
    GRANTED_AMOUNT = "granted_amount"
    REMINDERS = "reminders"
    REMINDERS_DONE = "reminders_done"
    CONTACTS = "contacts"
    CONTACTED_REMINDERS = "contacted_reminders"
    CONVERTED_APPLICATIONS = "converted_applications"
    CONVERTED_QUOTAS = "converted_quotas"


def _rate(a: int, b: int) -> float:
    return a / b if b else 0.0


@strawberry.type(
    description="One unit's or one customer manager's figures over the period: stocks at its end (archives, precise, "
    "active quotas, grades), flows within it (archives created, applications, decisions, quotas granted, reminders, "
    "contacts, conversions). Amounts in fen, as strings."
)
class ReportRow:
    # Plain values, made once per row: a ranking of 1,900 branches resolves no field by a function.
    org_unit: OrgUnit | None = strawberry.field(description="The unit (a manager's row: their branch).")
    manager: StaffUser | None = strawberry.field(description="A manager row's customer manager (none: a unit's row, or archives without a manager).")
    unassigned: bool = strawberry.field(description="A manager row for the archives that have no responsible manager.")
    archives: int = strawberry.field(description="Archives not closed.")
    verified: int
    evaluated: int = strawberry.field(description="Archives checked by the integrity rules.")
    precise: int = strawberry.field(description="Archives meeting every precise-filing rule (精准建档).")
    precise_rate: float = strawberry.field(description="precise / archives (0 with no archives).")
    rated: int = strawberry.field(description="Archives with a current rating.")
    quotas_active: int
    quota_amount: str = strawberry.field(description="Active quotas' amount (fen).")
    quota_used: str = strawberry.field(description="Active quotas' drawn amount (fen).")
    quota_use_rate: float = strawberry.field(description="quotaUsed / quotaAmount.")
    grades: list[GradeCount] = strawberry.field(description="Customers per grade (current ratings).")
    grade_moves: list[RatingMigrationCell] = strawberry.field(description="Customers rated last quarter and this one, per (from, to) grade: the migration matrix.")
    created: int = strawberry.field(description="Archives created in the period.")
    applications: int = strawberry.field(description="Quota applications submitted in the period.")
    decided: int = strawberry.field(description="Applications decided (approved or rejected) in the period.")
    approved: int
    rejected: int
    approval_rate: float = strawberry.field(description="approved / decided.")
    mean_decision_hours: float | None = strawberry.field(description="Mean hours from submission to decision of the applications decided in the period (none: none decided).")
    approved_amount: str = strawberry.field(description="Amount approved in the period (fen).")
    quotas_granted: int = strawberry.field(description="Quotas granted (授信) in the period.")
    granted_amount: str = strawberry.field(description="Amount of the quotas granted in the period (授信总额, fen).")
    reminders: int = strawberry.field(description="Reminders raised in the period (archives' only).")
    reminders_done: int = strawberry.field(description="Reminders marked done in the period.")
    contacts: int = strawberry.field(description="Contacts logged in the period (a manager row: by that manager).")
    contacted_reminders: int = strawberry.field(description="Reminders that got their first linked contact in the period (conversion, step 2).")
    converted_applications: int = strawberry.field(description="Applications in the period whose customer was contacted about a reminder within 90 days before (step 3).")
    converted_quotas: int = strawberry.field(description="Quotas granted in the period from such applications (step 4).")

    @classmethod
    def of(cls, line: reports.Line, units: dict[int, OrgUnit], managers: dict[int, StaffUser]) -> ReportRow:
        v = line.values
        moves = sorted((*k.split(">", 1), n) for k, n in line.grade_moves.items())
        return cls(
            org_unit=units.get(line.unit_id), manager=managers.get(line.manager_id) if line.manager_id else None, unassigned=line.unassigned,
            archives=v["archives"], verified=v["verified"], evaluated=v["evaluated"], precise=v["precise"],
            precise_rate=_rate(v["precise"], v["archives"]), rated=v["rated"], quotas_active=v["quotas_active"],
            quota_amount=str(v["quota_amount"]), quota_used=str(v["quota_used"]), quota_use_rate=_rate(v["quota_used"], v["quota_amount"]),
            grades=[GradeCount(grade=g, count=n) for g, n in sorted(line.grades.items())],
            grade_moves=[RatingMigrationCell(from_grade=a, to_grade=b, count=n) for a, b, n in moves],
            created=v["created"], applications=v["applications"], decided=v["decided"], approved=v["approved"], rejected=v["rejected"],
            approval_rate=_rate(v["approved"], v["decided"]),
            mean_decision_hours=round(v["decision_seconds"] / v["decided"] / 3600, 1) if v["decided"] else None,
            approved_amount=str(v["approved_amount"]), quotas_granted=v["quotas"], granted_amount=str(v["granted_amount"]),
            reminders=v["reminders"], reminders_done=v["reminders_done"], contacts=v["contacts"], contacted_reminders=v["contacted_reminders"],
            converted_applications=v["converted_applications"], converted_quotas=v["converted_quotas"],
        )  # fmt: skip


@strawberry.type(description="A report of an org unit over a period: its own figures and one row per unit or manager at the chosen level.")
class Report:
    org_unit: OrgUnit
    level: ReportLevel
    since: dt.date
    until: dt.date
    as_of: dt.date | None = strawberry.field(description="The day the figures are as of: the last day with facts on or before `until` (none: no facts yet).")
    starts_after: dt.date | None = strawberry.field(description="The day whose totals the period's flows start from (none: the start of the data).")
    total: ReportRow
    rows: list[ReportRow] = strawberry.field(description="The page asked for, ranked by `orderBy` (ties by unit, then manager).")
    row_count: int = strawberry.field(description="Rows at this level (matching `nameContains`), over all pages.")
    offset: int = strawberry.field(description="The rank of the first row, less one.")

    @classmethod
    def of(cls, report: reports.Report, named: reports.Named) -> Report:
        units = {uid: OrgUnit.from_model(u) for uid, u in named.units.items()}
        managers = {mid: StaffUser.from_model(m) for mid, m in named.managers.items()}
        return cls(
            org_unit=OrgUnit.from_model(report.unit), level=ReportLevel(report.level), since=report.since, until=report.until,
            as_of=report.as_of, starts_after=report.starts_after, total=ReportRow.of(report.total, units, managers),
            rows=[ReportRow.of(line, units, managers) for line in report.lines], row_count=report.matching, offset=report.offset,
        )  # fmt: skip


@strawberry.type(description="A unit's figures on one day: stocks that day; flows of that day (none on the first point).")
class ReportPoint:
    day: dt.date
    archives: int
    precise: int
    precise_rate: float
    quotas_active: int
    created: int | None
    applications: int | None
    approved: int | None
    contacts: int | None

    @classmethod
    def of(cls, point: reports.TrendPoint) -> ReportPoint:
        v = point.values
        return cls(
            day=point.day, archives=v["archives"], precise=v["precise"], precise_rate=v["precise"] / v["archives"] if v["archives"] else 0.0,
            quotas_active=v["quotas_active"], created=v.get("created"), applications=v.get("applications"), approved=v.get("approved"),
            contacts=v.get("contacts"),
        )  # fmt: skip


@strawberry.type(description="A monthly report workbook (月报), made by the worker on the first of each month.")
class MonthlyReport:
    id: strawberry.ID
    month: str = strawberry.field(description="YYYY-MM")
    size: int
    created_at: dt.datetime
    unit_id: strawberry.Private[int]

    @strawberry.field
    async def org_unit(self, info: Info) -> OrgUnit | None:
        unit = await info.context.loaders.org_unit.load(self.unit_id)
        return OrgUnit.from_model(unit) if unit else None

    @strawberry.field(description="Where to download it (GET with your bearer token).")
    def download_path(self) -> str:
        return f"/reports/monthly/{self.id}.xlsx"

    @classmethod
    def of(cls, row) -> MonthlyReport:
        return cls(id=strawberry.ID(str(row.id)), month=row.month, size=row.size, created_at=row.created_at, unit_id=row.unit_id)
