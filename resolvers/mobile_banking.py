"""Mobile banking: the customer's own view and actions (a token bound to one customer)."""

from __future__ import annotations

import uuid

import strawberry
from strawberry import Info

from backend.approvals.service import ApplicationInput
from backend.auth.permissions import Permission
from backend.errors import PermissionDenied
from backend.inputs import parse_uuid
from backend.loans.service import DrawdownInput as Drawdown
from backend.mobile_banking.service import MobileBankingService
from backend.products.service import to_fen
from resolvers.common import parse_id, run_mutation
from schema.approvals import ApprovalError
from schema.customers import Money
from schema.loans import DrawdownInput, DrawdownPayload, Loan, LoanError
from schema.mobile_banking import (
    ApplyForQuotaInput,
    MyApplication,
    MyApplicationPayload,
    MyBanking,
    MyFiling,
    MyProduct,
    MyQuota,
    my_application,
    my_quota,
)
from schema.products import percent


def _service(info: Info, session) -> MobileBankingService:  # noqa: ANN001
    services = info.context.services
    return MobileBankingService(session, services.outbox, services.cipher)


async def my_banking(info: Info) -> MyBanking:
    principal = info.context.viewer
    if principal.kind != "customer":
        raise PermissionDenied("myBanking answers only a customer's token (the mobile bank's JWT bearer grant)")
    return MyBanking()


async def customer_name(info: Info) -> str:
    """My name, from the request's archive loader (in my token's scope: my archive alone)."""
    archive = await info.context.loaders.archive.load(info.context.viewer.customer_id)
    if archive is None:
        raise PermissionDenied("the customer of this token has no archive any more")
    return archive.name


async def bank_name(info: Info) -> str:
    async with info.context.reader() as session:
        return await _service(info, session).bank_name(info.context.viewer)


async def filing(info: Info) -> MyFiling:
    async with info.context.reader() as session:
        f = await _service(info, session).filing(info.context.viewer)
    return MyFiling(status=f.archive.status, precise=f.precise, missing=f.missing, branch_name=f.branch.name,
                    manager_name=f.manager.name if f.manager else None)


async def products(info: Info) -> list[MyProduct]:
    async with info.context.reader() as session:
        checks = await _service(info, session).products(info.context.viewer)
    return [
        MyProduct(
            id=strawberry.ID(str(c.product.id)), code=c.product.code, name=c.product.name, description=c.product.description,
            amount_min=Money(str(c.product.amount_min)), amount_max=Money(str(c.product.amount_max)), terms=list(c.product.terms),
            rate_min=percent(c.product.rate_min_bp), rate_max=percent(c.product.rate_max_bp),
            repayment_methods=list(c.product.repayment_methods), eligible=c.eligible, reasons=[r.message for r in c.reasons],  # type: ignore[arg-type]
            recommended_quota=Money(str(c.recommended)) if c.rating is not None else None,
        )
        for c in checks
    ]


async def quotas(info: Info) -> list[MyQuota]:
    async with info.context.reader() as session:
        rows = await _service(info, session).quotas(info.context.viewer)
    return [my_quota(q, name) for q, name in rows]


async def applications(info: Info) -> list[MyApplication]:
    async with info.context.reader() as session:
        rows = await _service(info, session).applications(info.context.viewer)
    return [my_application(a, name) for a, name in rows]


async def loans(info: Info) -> list[Loan]:
    async with info.context.reader() as session:
        rows = await _service(info, session).loans(info.context.viewer)
    return [Loan.from_model(x) for x in rows]


async def apply_for_quota(info: Info, input: ApplyForQuotaInput) -> MyApplicationPayload:
    ctx = info.context

    async def work(session):  # noqa: ANN001, ANN202
        data = ApplicationInput(
            id=parse_uuid(input.request_id, "requestId") if input.request_id else None, customer_id=uuid.UUID(int=0),
            product_id=parse_id(input.product_id, "productId"), amount=to_fen(input.amount, "amount"), term=input.term,
            repayment_method=input.repayment_method.value, purpose=input.purpose, over_reason=None, attachment_ids=[],
            channel=None,  # type: ignore[arg-type]  (the service sets MOBILE_BANKING)
        )
        app, name = await _service(info, session).apply(ctx.viewer, data)
        return my_application(app, name)

    row, errors = await run_mutation(info, work)
    return MyApplicationPayload(application=row, errors=ApprovalError.of(errors))


async def draw_down(info: Info, input: DrawdownInput) -> DrawdownPayload:
    ctx = info.context
    if not ctx.viewer.can(Permission.SELF_DRAWDOWN):
        raise PermissionDenied(f"requires {Permission.SELF_DRAWDOWN.value} (a customer token with the scope loan:drawdown)")

    async def work(session):  # noqa: ANN001, ANN202
        data = Drawdown(
            quota_id=parse_uuid(input.quota_id, "quotaId"), amount=to_fen(input.amount, "amount"), term=input.term,
            account=input.account, request_id=parse_uuid(input.request_id, "requestId") if input.request_id else None,
        )
        return await ctx.services.loans(session).draw_down(ctx.viewer, data)

    row, errors = await run_mutation(info, work)
    return DrawdownPayload(loan=Loan.from_model(row) if row else None, errors=LoanError.of(errors))
