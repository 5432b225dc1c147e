"""GraphQL types of mobile banking: a customer's own view, through a token bound to them
(docs/channels.md). They carry only what a customer may be told about themselves: no staff ids,
no scores' items, no other customer."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.approvals import models as approval_models
from schema.approvals import ApplicationStatus, ApprovalError, QuotaStatus, RepaymentMethod
from schema.customers import ArchiveStatus, Money
from schema.loans import Loan
from schema.products import percent


@strawberry.type(description="Where my archive (建档) stands, and where to go to complete it.")
class MyFiling:
    status: ArchiveStatus
    precise: bool = strawberry.field(description="建档精准: verified and without rule errors; most credit products need it.")
    missing: list[str] = strawberry.field(description="What stands between me and a precise archive, in Chinese.")
    branch_name: str = strawberry.field(description="The branch that keeps my archive: the one to visit.")
    manager_name: str | None = strawberry.field(description="My customer manager (masked for machine clients by the field policy).")


@strawberry.type(description="A product I could apply for through mobile banking, and whether I may now.")
class MyProduct:
    id: strawberry.ID
    code: str
    name: str
    description: str | None
    amount_min: Money
    amount_max: Money
    terms: list[int]
    rate_min: str
    rate_max: str
    repayment_methods: list[RepaymentMethod]
    eligible: bool
    reasons: list[str] = strawberry.field(description="Why I may not apply now, in Chinese.")
    recommended_quota: Money | None = strawberry.field(description="The quota my rating recommends (null without a rating).")


@strawberry.type(description="One of my quotas: how much, how much used, how much I may still draw, until when.")
class MyQuota:
    id: strawberry.ID
    product_name: str
    status: QuotaStatus
    amount: Money
    used_amount: Money
    reserved_amount: Money = strawberry.field(description="Drawdowns on their way, not yet disbursed.")
    available_amount: Money
    term: int
    rate: str
    repayment_method: RepaymentMethod
    valid_to: dt.date


@strawberry.type(description="One of my quota applications.")
class MyApplication:
    id: strawberry.ID
    number: str
    product_name: str
    status: ApplicationStatus
    amount: Money
    term: int
    approved_amount: Money | None
    created_at: dt.datetime
    decided_at: dt.datetime | None


@strawberry.type(description="Mobile banking's view of its customer (the one the token is bound to). Each list needs "
                 "its scope (products: products:read; the others: quota:read); without it the field is a FORBIDDEN error.")
class MyBanking:
    # Each field reads what it answers, when asked: a query of my quotas or loans alone reads
    # neither my archive nor my bank.
    @strawberry.field(description="Masked for machine clients by the field policy.")
    async def customer_name(self, info: strawberry.Info) -> str | None:
        from resolvers.mobile_banking import customer_name

        return await customer_name(info)

    @strawberry.field
    async def bank_name(self, info: strawberry.Info) -> str:
        from resolvers.mobile_banking import bank_name

        return await bank_name(info)

    @strawberry.field
    async def filing(self, info: strawberry.Info) -> MyFiling:
        from resolvers.mobile_banking import filing

        return await filing(info)

    @strawberry.field
    async def products(self, info: strawberry.Info) -> list[MyProduct]:
        from resolvers.mobile_banking import products

        return await products(info)

    @strawberry.field
    async def quotas(self, info: strawberry.Info) -> list[MyQuota]:
        from resolvers.mobile_banking import quotas

        return await quotas(info)

    @strawberry.field
    async def applications(self, info: strawberry.Info) -> list[MyApplication]:
        from resolvers.mobile_banking import applications

        return await applications(info)

    @strawberry.field
    async def loans(self, info: strawberry.Info) -> list[Loan]:
        from resolvers.mobile_banking import loans

        return await loans(info)


@strawberry.input(description="Apply for a quota myself; the product's approval process decides.")
class ApplyForQuotaInput:
    product_id: strawberry.ID
    amount: Money
    term: int
    repayment_method: RepaymentMethod
    purpose: str
    request_id: strawberry.ID | None = strawberry.field(
        default=None, description="A UUID the caller chooses: the same request again returns the same application."
    )


@strawberry.type
class MyApplicationPayload:
    application: MyApplication | None = None
    errors: list[ApprovalError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


def my_quota(q: approval_models.Quota, product_name: str) -> MyQuota:
    available = q.amount - q.used_amount - q.reserved_amount if q.status == approval_models.QuotaStatus.ACTIVE else 0
    return MyQuota(
        id=strawberry.ID(str(q.id)), product_name=product_name, status=q.status, amount=Money(str(q.amount)),
        used_amount=Money(str(q.used_amount)), reserved_amount=Money(str(q.reserved_amount)), available_amount=Money(str(max(available, 0))),
        term=q.term, rate=percent(q.rate_bp), repayment_method=q.repayment_method, valid_to=q.valid_to,  # type: ignore[arg-type]
    )


def my_application(a: approval_models.Application, product_name: str) -> MyApplication:
    return MyApplication(
        id=strawberry.ID(str(a.id)), number=a.number, product_name=product_name, status=a.status, amount=Money(str(a.amount)),
        term=a.term, approved_amount=Money(str(a.approved_amount)) if a.approved_amount is not None else None,
        created_at=a.created_at, decided_at=a.decided_at,
    )
