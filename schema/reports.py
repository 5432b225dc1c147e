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


@strawberry.type(
    description="One unit's or one customer manager's figures over the period: stocks at its end (archives, precise, "
    "active quotas, grades), flows within it (archives created, applications, decisions, quotas granted, reminders, "
    "contacts, conversions). Amounts in fen."
)
class ReportRow:
    unit_id: strawberry.Private[int]
    manager_id: strawberry.Private[int | None]
    line: strawberry.Private[reports.Line]

    @strawberry.field(description="The unit (a manager's row: their branch).")
    async def org_unit(self, info: Info) -> OrgUnit | None:
        unit = await info.context.loaders.org_unit.load(self.unit_id)
        return OrgUnit.from_model(unit) if unit else None

    @strawberry.field(description="A manager row's customer manager (none: the unit's own row, or archives without a manager).")
    async def manager(self, info: Info) -> StaffUser | None:
        if self.manager_id is None or self.manager_id < 1:
            return None
        user = await info.context.loaders.staff_user.load(self.manager_id)
        return StaffUser.from_model(user) if user else None

    @strawberry.field(description="A manager row for the archives that have no responsible manager.")
    def unassigned(self) -> bool:
        return self.line.unassigned

    def _v(self, name: str) -> int:
        return self.line.values[name]

    # stocks at the end of the period
    @strawberry.field(description="Archives not closed.")
    def archives(self) -> int:
        return self._v("archives")

    @strawberry.field
    def verified(self) -> int:
        return self._v("verified")

    @strawberry.field(description="Archives checked by the integrity rules.")
    def evaluated(self) -> int:
        return self._v("evaluated")

    @strawberry.field(description="Archives meeting every precise-filing rule (精准建档).")
    def precise(self) -> int:
        return self._v("precise")

    @strawberry.field(description="precise / archives (0 with no archives).")
    def precise_rate(self) -> float:
        return self._v("precise") / self._v("archives") if self._v("archives") else 0.0

    @strawberry.field(description="Archives with a current rating.")
    def rated(self) -> int:
        return self._v("rated")

    @strawberry.field
    def quotas_active(self) -> int:
        return self._v("quotas_active")

    @strawberry.field(description="Active quotas' amount (fen).")
    def quota_amount(self) -> str:
        return str(self._v("quota_amount"))

    @strawberry.field(description="Active quotas' drawn amount (fen).")
    def quota_used(self) -> str:
        return str(self._v("quota_used"))

    @strawberry.field(description="quotaUsed / quotaAmount.")
    def quota_use_rate(self) -> float:
        return self._v("quota_used") / self._v("quota_amount") if self._v("quota_amount") else 0.0

    @strawberry.field(description="Customers per grade (current ratings).")
    def grades(self) -> list[GradeCount]:
        return [GradeCount(grade=g, count=n) for g, n in sorted(self.line.grades.items())]

    @strawberry.field(description="Customers rated last quarter and this one, per (from, to) grade: the migration matrix.")
    def grade_moves(self) -> list[RatingMigrationCell]:
        moves = sorted((*k.split(">", 1), n) for k, n in self.line.grade_moves.items())
        return [RatingMigrationCell(from_grade=a, to_grade=b, count=n) for a, b, n in moves]

    # flows within the period
    @strawberry.field(description="Archives created in the period.")
    def created(self) -> int:
        return self._v("created")

    @strawberry.field(description="Quota applications submitted in the period.")
    def applications(self) -> int:
        return self._v("applications")

    @strawberry.field(description="Applications decided (approved or rejected) in the period.")
    def decided(self) -> int:
        return self._v("decided")

    @strawberry.field
    def approved(self) -> int:
        return self._v("approved")

    @strawberry.field
    def rejected(self) -> int:
        return self._v("rejected")

    @strawberry.field(description="approved / decided.")
    def approval_rate(self) -> float:
        return self._v("approved") / self._v("decided") if self._v("decided") else 0.0

    @strawberry.field(description="Mean hours from submission to decision of the applications decided in the period (none: none decided).")
    def mean_decision_hours(self) -> float | None:
        return round(self._v("decision_seconds") / self._v("decided") / 3600, 1) if self._v("decided") else None

    @strawberry.field(description="Amount approved in the period (fen).")
    def approved_amount(self) -> str:
        return str(self._v("approved_amount"))

    @strawberry.field(description="Quotas granted (授信) in the period.")
    def quotas_granted(self) -> int:
        return self._v("quotas")

    @strawberry.field(description="Amount of the quotas granted in the period (授信总额, fen).")
    def granted_amount(self) -> str:
        return str(self._v("granted_amount"))

    @strawberry.field(description="Reminders raised in the period (archives' only).")
    def reminders(self) -> int:
        return self._v("reminders")

    @strawberry.field(description="Reminders marked done in the period.")
    def reminders_done(self) -> int:
        return self._v("reminders_done")

    @strawberry.field(description="Contacts logged in the period (a manager row: by that manager).")
    def contacts(self) -> int:
        return self._v("contacts")

    @strawberry.field(description="Reminders that got their first linked contact in the period (conversion, step 2).")
    def contacted_reminders(self) -> int:
        return self._v("contacted_reminders")

    @strawberry.field(description="Applications in the period whose customer was contacted about a reminder within 90 days before (step 3).")
    def converted_applications(self) -> int:
        return self._v("converted_applications")

    @strawberry.field(description="Quotas granted in the period from such applications (step 4).")
    def converted_quotas(self) -> int:
        return self._v("converted_quotas")

    @classmethod
    def of(cls, line: reports.Line) -> ReportRow:
        return cls(unit_id=line.unit_id, manager_id=line.manager_id, line=line)


@strawberry.type(description="A report of an org unit over a period: its own figures and one row per unit or manager at the chosen level.")
class Report:
    org_unit: OrgUnit
    level: ReportLevel
    since: dt.date
    until: dt.date
    as_of: dt.date | None = strawberry.field(description="The day the figures are as of: the last day with facts on or before `until` (none: no facts yet).")
    starts_after: dt.date | None = strawberry.field(description="The day whose totals the period's flows start from (none: the start of the data).")
    total: ReportRow
    rows: list[ReportRow] = strawberry.field(description="Unsorted: the client ranks them by the column the user picks.")

    @classmethod
    def of(cls, report: reports.Report) -> Report:
        return cls(
            org_unit=OrgUnit.from_model(report.unit), level=ReportLevel(report.level), since=report.since, until=report.until,
            as_of=report.as_of, starts_after=report.starts_after, total=ReportRow.of(report.total),
            rows=[ReportRow.of(line) for line in report.lines],
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
