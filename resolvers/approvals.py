"""Resolvers of quota applications, approval tasks, processes and quotas: thin."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import strawberry
from strawberry import Info

from backend.approvals.models import ApplicationChannel, ApplicationStatus, QuotaStatus
from backend.approvals.service import ApplicationInput, Decision, Resubmission
from backend.errors import BadInput
from backend.inputs import parse_uuid
from backend.products.service import to_bp, to_fen
from resolvers.common import open_cursor, optional_id, parse_id, read_one, run_mutation, sealed_connection
from schema.approvals import (
    Application,
    ApplicationCheck,
    ApplicationOrder,
    ApplicationPayload,
    ApproveTaskInput,
    ApprovalError,
    ApprovalInboxCounts,
    ApprovalTask,
    ApprovalTaskPayload,
    ChangeQuotaInput,
    DelegateTaskInput,
    EligibilityReason,
    ProcessDefinition,
    ProcessPayload,
    Quota,
    QuotaChange,
    QuotaPayload,
    RejectTaskInput,
    ResubmitApplicationInput,
    ReturnTaskInput,
    SubmitApplicationInput,
    TaskBox,
    TaskOrder,
    UploadProcessInput,
    WithdrawApplicationInput,
)
from schema.common import Connection
from schema.products import Product
from schema.rating import Rating


def _position(values: list[Any] | None, kind: str, key) -> tuple[Any, Any] | None:
    """A sealed cursor's (value, id): the value a time (``time``), a whole number (``int``: an
    amount in fen) or a text (``text``: a pinyin sort key), as written by ``_value``."""
    if values is None:
        return None
    try:
        value, ident = values
        parsed = datetime.fromisoformat(value) if kind == "time" else int(value) if kind == "int" else str(value)
        return parsed, key(ident)
    except (ValueError, TypeError):
        raise BadInput("after", "not a cursor returned by this API to you") from None


def _value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def _kind(order: ApplicationOrder | TaskOrder) -> str:
    return "int" if order.startswith("AMOUNT") else "text" if order.startswith("CUSTOMER_NAME") else "time"


def _first(first: int) -> int:
    if not 1 <= first <= 200:
        raise BadInput("first", "must be between 1 and 200")
    return first


# -- processes -----------------------------------------------------------------------------
async def process_definitions(info: Info, include_superseded: bool = False) -> list[ProcessDefinition]:
    """The shipped templates and your bank's own processes (the province: every bank's)."""
    ctx = info.context
    async with ctx.reader() as session:
        rows = await ctx.services.approvals(session).processes(ctx.viewer, include_superseded=include_superseded)
    return [ProcessDefinition.from_model(p) for p in rows]


async def process_definition(info: Info, id: strawberry.ID) -> ProcessDefinition | None:
    ctx = info.context
    return await read_one(info, lambda s: ctx.services.approvals(s).process(ctx.viewer, parse_id(id)), ProcessDefinition.from_model)


async def upload_process(info: Info, input: UploadProcessInput) -> ProcessPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.approvals(session).upload_process(ctx.viewer, optional_id(input.bank_id, "bankId"), input.bpmn_xml)

    row, errors = await run_mutation(info, work)
    return ProcessPayload(process=ProcessDefinition.from_model(row) if row else None, errors=ApprovalError.of(errors))


# -- applications --------------------------------------------------------------------------
async def application_check(
    info: Info, customer_id: strawberry.ID, product_id: strawberry.ID, channel: ApplicationChannel = ApplicationChannel.BRANCH
) -> ApplicationCheck:
    """Eligibility with reasons, and the prefill (rating, explanation, recommended quota), before submitting."""
    ctx = info.context
    async with ctx.reader() as session:
        svc = ctx.services.approvals(session)
        check = await svc.check(ctx.viewer, parse_uuid(customer_id, "customerId"), parse_id(product_id, "productId"), channel)
        rating = None
        if check.rating is not None:
            card = (await svc.rating.cards([check.rating.card_id]))[check.rating.card_id]
            rating = Rating.from_model(check.rating, card)
    return ApplicationCheck(
        eligible=check.eligible, reasons=[EligibilityReason(code=r.code, message=r.message, message_en=r.message_en) for r in check.reasons],
        recommended_quota=check.recommended, rating=rating, product=Product.from_model(check.product),  # type: ignore[arg-type]
    )


async def applications(
    info: Info, status: list[ApplicationStatus] | None = None, customer_id: strawberry.ID | None = None, mine: bool = False,
    first: int = 20, after: str | None = None, order: ApplicationOrder = ApplicationOrder.CREATED_DESC,
) -> Connection[Application]:
    """Applications in your scope in ``order`` (newest first by default); `mine`: those you submitted.
    The cursor is sealed and bound to the order: it reveals no customer's name."""
    ctx = info.context
    purpose = f"applications.{order.value}"
    position = _position(open_cursor(info, purpose, after), _kind(order), lambda v: uuid.UUID(str(v)))
    first = _first(first)
    async with ctx.reader() as session:
        rows = await ctx.services.approvals(session).applications(
            ctx.viewer, status=status, customer_id=parse_uuid(customer_id, "customerId") if customer_id else None, mine=mine,
            after=position, limit=first + 1, order=order,
        )
    return sealed_connection(info, purpose, rows, first, lambda r: [_value(r[1]), str(r[0].id)], lambda r: Application.from_model(r[0]))


async def application(info: Info, id: strawberry.ID) -> Application | None:
    ctx = info.context
    return await read_one(info, lambda s: ctx.services.approvals(s).application(ctx.viewer, parse_uuid(id)), Application.from_model)


async def submit_application(info: Info, input: SubmitApplicationInput) -> ApplicationPayload:
    ctx = info.context

    async def work(session):
        data = ApplicationInput(
            id=parse_uuid(input.id) if input.id else None, customer_id=parse_uuid(input.customer_id, "customerId"),
            product_id=parse_id(input.product_id, "productId"), amount=to_fen(input.amount, "amount"), term=input.term,
            repayment_method=input.repayment_method.value, purpose=input.purpose, over_reason=input.over_reason,
            attachment_ids=[parse_uuid(a, "attachmentIds") for a in input.attachment_ids], channel=input.channel,
        )
        return await ctx.services.approvals(session).submit(ctx.viewer, data)

    row, errors = await run_mutation(info, work)
    return ApplicationPayload(application=Application.from_model(row) if row else None, errors=ApprovalError.of(errors))


async def resubmit_application(info: Info, input: ResubmitApplicationInput) -> ApplicationPayload:
    ctx = info.context

    async def work(session):
        change = Resubmission(
            amount=to_fen(input.amount, "amount") if input.amount is not None else None, term=input.term, purpose=input.purpose,
            over_reason=input.over_reason, comment=input.comment,
            attachment_ids=[parse_uuid(a, "attachmentIds") for a in input.attachment_ids] if input.attachment_ids is not None else None,
        )
        return await ctx.services.approvals(session).resubmit(ctx.viewer, parse_uuid(input.id), change)

    row, errors = await run_mutation(info, work)
    return ApplicationPayload(application=Application.from_model(row) if row else None, errors=ApprovalError.of(errors))


async def withdraw_application(info: Info, input: WithdrawApplicationInput) -> ApplicationPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.approvals(session).withdraw(ctx.viewer, parse_uuid(input.id), input.reason)

    row, errors = await run_mutation(info, work)
    return ApplicationPayload(application=Application.from_model(row) if row else None, errors=ApprovalError.of(errors))


# -- tasks ---------------------------------------------------------------------------------
async def approval_tasks(info: Info, box: TaskBox = TaskBox.QUEUE, overdue: bool = False, first: int = 20,
                         after: str | None = None, order: TaskOrder = TaskOrder.CREATED_ASC) -> Connection[ApprovalTask]:
    """Your approval inbox in ``order`` (oldest first by default): QUEUE (unclaimed, your role at
    your unit) or MINE (claimed by you)."""
    ctx = info.context
    purpose = f"tasks.{box.value}.{order.value}"
    position = _position(open_cursor(info, purpose, after), _kind(order), int)
    first = _first(first)
    async with ctx.reader() as session:
        rows = await ctx.services.approvals(session).inbox(
            ctx.viewer, box.value, overdue=overdue, after=position, limit=first + 1, order=order
        )
    for _, app in rows:  # every row shows its application: read with it, not by a second statement
        ctx.loaders.application.prime(app.id, app)

    def key(row) -> list[Any]:
        task, app = row
        return [app.amount if order.startswith("AMOUNT") else task.created_at.isoformat(), task.id]

    return sealed_connection(info, purpose, rows, first, key, lambda r: ApprovalTask.from_model(r[0]))


async def approval_task(info: Info, id: strawberry.ID) -> ApprovalTask | None:
    ctx = info.context
    return await read_one(info, lambda s: ctx.services.approvals(s).task(ctx.viewer, parse_id(id)), ApprovalTask.from_model)


async def approval_inbox_counts(info: Info) -> ApprovalInboxCounts:
    ctx = info.context
    async with ctx.reader() as session:
        queue, mine, overdue = await ctx.services.approvals(session).inbox_counts(ctx.viewer)
    return ApprovalInboxCounts(queue=queue, mine=mine, overdue=overdue)


def _task_action(method: str):
    async def resolver(info: Info, id: strawberry.ID) -> ApprovalTaskPayload:
        ctx = info.context

        async def work(session):
            return await getattr(ctx.services.approvals(session), method)(ctx.viewer, parse_id(id))

        row, errors = await run_mutation(info, work)
        return ApprovalTaskPayload(task=ApprovalTask.from_model(row) if row else None, errors=ApprovalError.of(errors))

    return resolver


claim_task = _task_action("claim")
release_task = _task_action("release")


async def _task_mutation(info: Info, call) -> ApprovalTaskPayload:
    ctx = info.context

    async def work(session):
        return await call(ctx.services.approvals(session), ctx.viewer)

    row, errors = await run_mutation(info, work)
    return ApprovalTaskPayload(task=ApprovalTask.from_model(row) if row else None, errors=ApprovalError.of(errors))


async def approve_task(info: Info, input: ApproveTaskInput) -> ApprovalTaskPayload:
    return await _task_mutation(info, lambda svc, viewer: svc.approve(viewer, parse_id(input.id), Decision(
        amount=to_fen(input.amount, "amount") if input.amount is not None else None, term=input.term, comment=input.comment,
        rate_bp=to_bp(input.rate, "rate") if input.rate is not None else None)))


async def reject_task(info: Info, input: RejectTaskInput) -> ApprovalTaskPayload:
    return await _task_mutation(info, lambda svc, viewer: svc.reject(viewer, parse_id(input.id), input.reason))


async def return_task(info: Info, input: ReturnTaskInput) -> ApprovalTaskPayload:
    return await _task_mutation(info, lambda svc, viewer: svc.return_(viewer, parse_id(input.id), input.comment))


async def delegate_task(info: Info, input: DelegateTaskInput) -> ApprovalTaskPayload:
    return await _task_mutation(info, lambda svc, viewer: svc.delegate(viewer, parse_id(input.id), parse_id(input.to_user_id, "toUserId"), input.comment))


# -- quotas --------------------------------------------------------------------------------
async def quotas(info: Info, customer_id: strawberry.ID | None = None, status: list[QuotaStatus] | None = None, first: int = 20,
                 after: str | None = None) -> Connection[Quota]:
    """Quotas in your scope, newest first."""
    ctx = info.context
    values = open_cursor(info, "quotas", after)
    before = (datetime.fromisoformat(values[0]), uuid.UUID(values[1])) if values else None
    first = _first(first)
    async with ctx.reader() as session:
        rows = await ctx.services.approvals(session).quotas(
            ctx.viewer, customer_id=parse_uuid(customer_id, "customerId") if customer_id else None, status=status, before=before,
            limit=first + 1,
        )
    return sealed_connection(info, "quotas", rows, first, lambda q: [q.created_at.isoformat(), str(q.id)], Quota.from_model)


_QUOTA_TARGET = {QuotaChange.FREEZE: QuotaStatus.FROZEN, QuotaChange.UNFREEZE: QuotaStatus.ACTIVE, QuotaChange.REVOKE: QuotaStatus.REVOKED}


async def change_quota(info: Info, input: ChangeQuotaInput) -> QuotaPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.approvals(session).change_quota(ctx.viewer, parse_uuid(input.id), _QUOTA_TARGET[input.change], input.reason)

    row, errors = await run_mutation(info, work)
    return QuotaPayload(quota=Quota.from_model(row) if row else None, errors=ApprovalError.of(errors))
