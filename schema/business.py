"""Business data (业务往来): a customer's deposits, loans, wealth and services with the bank, and
the warehouse feed imports that keep them (docs/business-data.md).

Exact amounts follow the field policy (``BankBusiness.*`` in ``backend/auth/policies.py``):
province analysts get the band of each amount (``AmountBand``), not the figure.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

import strawberry
from strawberry import Info

from backend.business import models
from backend.business.errors import ERROR_CODES
from backend.business.feed import REJECT_MESSAGES
from schema.common import error_codes, from_attributes
from schema.customers import Money

Subject = strawberry.enum(models.Subject, name="WarehouseSubject", description="What a warehouse feed file holds.")
ImportStatus = strawberry.enum(models.ImportStatus, name="WarehouseImportStatus")
LoanClass = strawberry.enum(models.LoanClass, description="Five-category loan classification (贷款五级分类), best to worst.")
WarehouseErrorCode = error_codes(
    "WarehouseErrorCode", ERROR_CODES, description="Why a warehouse feed file was refused as a whole.", common=False
)


# The rules a row can fail, as the import names them (``backend.business.feed.REJECT_MESSAGES``).
WarehouseRejectCode = strawberry.enum(
    StrEnum("WarehouseRejectCode", {code: code for code in REJECT_MESSAGES}),  # type: ignore[misc]
    description="Why a row of a feed file was quarantined.",
)


@strawberry.enum(description="An amount's order of magnitude, for roles that see bands instead of figures.")
class AmountBand(StrEnum):
    NONE = "NONE"  # 0
    UNDER_10K = "UNDER_10K"
    FROM_10K_TO_50K = "FROM_10K_TO_50K"
    FROM_50K_TO_100K = "FROM_50K_TO_100K"
    FROM_100K_TO_500K = "FROM_100K_TO_500K"
    FROM_500K_TO_1M = "FROM_500K_TO_1M"
    OVER_1M = "OVER_1M"


_BANDS = ((1_000_000, AmountBand.UNDER_10K), (5_000_000, AmountBand.FROM_10K_TO_50K), (10_000_000, AmountBand.FROM_50K_TO_100K),
          (50_000_000, AmountBand.FROM_100K_TO_500K), (100_000_000, AmountBand.FROM_500K_TO_1M))  # fmt: skip


def band(fen: int) -> AmountBand:
    if fen <= 0:
        return AmountBand.NONE
    return next((b for limit, b in _BANDS if fen < limit), AmountBand.OVER_1M)


@strawberry.enum(description="Intermediate business a customer signed up for.")
class ServiceKind(StrEnum):
    MOBILE_BANKING = "MOBILE_BANKING"
    ONLINE_BANKING = "ONLINE_BANKING"
    PAYROLL = "PAYROLL"
    UTILITY = "UTILITY"
    POS = "POS"


@strawberry.type(description="Month-end balances (the last business date imported in the month).")
class BankBusinessMonth:
    month: dt.date = strawberry.field(description="The first day of the month.")
    as_of: dt.date
    deposit_balance: Money | None
    loan_balance: Money | None
    deposit_band: AmountBand
    loan_band: AmountBand


@strawberry.type(
    description="The customer's business with the bank as of the last feed (docs/business-data.md, \"Aggregates\"). "
    "Exact amounts follow the field policy; every role sees the bands."
)
class BankBusiness:
    as_of: dt.date
    deposit_balance: Money | None
    deposit_avg_90d: Money | None = strawberry.field(description="Sum over accounts of the warehouse's 90-day daily average.")
    deposit_band: AmountBand
    deposit_accounts: int
    loan_balance: Money | None
    loan_band: AmountBand
    loan_count: int = strawberry.field(description="Loans with a balance.")
    overdue_days: int = strawberry.field(description="The most overdue loan today (0: none).")
    max_overdue_days: int = strawberry.field(description="The most overdue days seen since the first feed.")
    worst_class: LoanClass | None
    wealth_balance: Money | None
    wealth_band: AmountBand
    wealth_count: int
    customer_since: dt.date | None = strawberry.field(description="The earliest account or sign-up opened.")
    months_as_customer: int
    services: list[ServiceKind]
    active_services_30d: int = strawberry.field(description="Signed services used in the 30 days to `asOf`.")
    model: strawberry.Private[models.BusinessAggregate]

    @classmethod
    def from_model(cls, m: models.BusinessAggregate) -> BankBusiness:
        return from_attributes(
            cls, m, model=m,
            deposit_balance=Money(str(m.deposit_balance)), deposit_avg_90d=Money(str(m.deposit_avg_90d)), deposit_band=band(m.deposit_balance),
            loan_balance=Money(str(m.loan_balance)), loan_band=band(m.loan_balance),
            wealth_balance=Money(str(m.wealth_balance)), wealth_band=band(m.wealth_balance),
            worst_class=models.LoanClass(m.worst_class) if m.worst_class else None,
            services=[ServiceKind(s) for s in m.services or [] if s in ServiceKind.__members__],
        )  # fmt: skip

    @strawberry.field(description="Month-end balances of the last 12 months, oldest first.")
    async def trend(self, info: Info) -> list[BankBusinessMonth]:
        ctx = info.context
        async with ctx.reader() as session:
            rows = await ctx.services.business(session).trend(ctx.viewer, self.model)
        return [
            BankBusinessMonth(
                month=r.month, as_of=r.as_of, deposit_balance=Money(str(r.deposit_balance)), loan_balance=Money(str(r.loan_balance)),
                deposit_band=band(r.deposit_balance), loan_band=band(r.loan_balance),
            )
            for r in rows
        ]


@strawberry.type(description="A row of a feed file that failed validation (the line itself is kept encrypted).")
class WarehouseReject:
    line_no: int = strawberry.field(description="The line number in the file (the header is line 1).")
    code: WarehouseRejectCode
    field: str | None
    message: str
    message_en: str


@strawberry.type(description="One attempt to import one subject of one business date for one bank.")
class WarehouseImport:
    id: strawberry.ID
    bank_id: strawberry.ID
    subject: Subject
    business_date: dt.date
    source: str = strawberry.field(description="FILE or DATABASE.")
    file_name: str | None
    encoding: str | None
    status: ImportStatus
    record_count: int
    imported_count: int
    rejected_count: int
    unmatched_count: int = strawberry.field(description="Rows of people the bank has no archive of (kept, matched later).")
    error_code: WarehouseErrorCode | None
    error_message: str | None = strawberry.field(description="Why the file was refused, in Chinese.")
    error_message_en: str | None
    started_by: str
    started_at: dt.datetime
    finished_at: dt.datetime | None
    model: strawberry.Private[models.WarehouseImport]

    @classmethod
    def from_model(cls, m: models.WarehouseImport) -> WarehouseImport:
        return cls(
            id=strawberry.ID(str(m.id)), bank_id=strawberry.ID(str(m.bank_id)), subject=models.Subject(m.subject),
            business_date=m.business_date, source=m.source, file_name=m.file_name, encoding=m.encoding,
            status=models.ImportStatus(m.status), record_count=m.record_count, imported_count=m.imported_count,
            rejected_count=m.rejected_count, unmatched_count=m.unmatched_count,
            error_code=WarehouseErrorCode(m.error_code) if m.error_code in WarehouseErrorCode.__members__ else None,
            error_message=m.error_message, error_message_en=m.error_message_en, started_by=m.started_by, started_at=m.started_at, finished_at=m.finished_at,
            model=m,
        )  # fmt: skip

    @strawberry.field(description="The quarantined rows, in file order (at most `first`).")
    async def rejects(self, info: Info, first: int = 100) -> list[WarehouseReject]:
        rows = await info.context.loaders.warehouse_rejects.load((self.model.id, max(1, min(first, 1000))))
        out = []
        for r in rows:
            zh, en = REJECT_MESSAGES[r.code]  # the import writes only these codes
            out.append(WarehouseReject(line_no=r.line_no, code=WarehouseRejectCode(r.code), field=r.field, message=zh, message_en=en))
        return out
