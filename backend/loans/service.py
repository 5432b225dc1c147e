"""Drawdowns and the lending platform (docs/channels.md).

* ``draw_down``: a customer (mobile banking) draws on an active quota. The amount is reserved on
  the locked quota row, the loan is written with the account encrypted, and the handoff job is
  queued through the outbox, all in one transaction. A client-chosen ``request_id`` makes a
  retried request return the same loan.
* ``hand_off`` (the batched ``loans.hand_off`` job): sends each loan's elements, signed, with the
  loan's id as idempotency key, the batch's calls side by side; a platform that is down for a
  loan leaves that loan to a later try with the same key, so however often it runs there is one
  loan at the platform. A refusal releases the reservation.
* ``apply_event`` (``POST /callbacks/lending/events``): each callback is stored once by its event
  id; the loan takes the state of the highest sequence number seen, and the quota's used amount
  and the customer's loan aggregates move by the difference, so duplicates and late callbacks
  change nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.models import Quota, QuotaStatus
from backend.audit import service as audit
from backend.auth.contexts import ID_CONTEXT, LOAN_ACCOUNT_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.errors import DomainError, FieldError, PermissionDenied, field_error, not_found
from backend.integrations.calls import side_by_side
from backend.integrations.lending import Drawdown, LendingError, LendingPlatform, LendingRejected
from backend.loans.models import PENDING_LOAN, Loan, LoanEventType, LoanStatus
from backend.loans.repository import Handoff, LoanRepository
from backend.loans.tasks import HAND_OFF, LoanRef
from backend.notifications.models import SmsEvent
from backend.notifications.service import NotificationService, yuan
from backend.outbox.service import Outbox, Outcome

LOCAL = ZoneInfo("Asia/Shanghai")
MIN_DRAWDOWN = 10_000  # fen: 100 yuan
DISBURSED_STATES = (LoanStatus.DISBURSED, LoanStatus.OVERDUE)
SIDE_BY_SIDE = 20  # a batch's calls to the lending platform in flight at once


class UnknownLoan(Exception):
    """A callback about a loan CIC never requested."""


class CallbackInvalid(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason


@dataclass(frozen=True)
class DrawdownInput:
    quota_id: uuid.UUID
    amount: int  # fen
    term: int  # months
    account: str
    request_id: uuid.UUID | None = None


def _luhn_sum(digits: str, doubled: int) -> int:
    """The Luhn sum, doubling every second digit from the right starting at position ``doubled``."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == doubled:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total


def account_valid(account: str) -> bool:
    """A bank card or account number: 16-19 digits passing the Luhn check (UnionPay cards do)."""
    if not (account.isascii() and account.isdigit() and 16 <= len(account) <= 19):
        return False
    return _luhn_sum(account, 1) % 10 == 0


def with_check_digit(prefix: str, length: int = 19) -> str:
    """A card number of ``length`` digits: ``prefix`` padded with zeros and its Luhn check digit
    (test and benchmark data, the demo page)."""
    body = prefix.ljust(length - 1, "0")
    return body + str((10 - _luhn_sum(body, 0) % 10) % 10)


def masked_account(account: str) -> str:
    return f"{account[:4]} **** **** {account[-4:]}"


def available(quota: Quota) -> int:
    return max(quota.amount - quota.used_amount - quota.reserved_amount, 0) if quota.status == QuotaStatus.ACTIVE else 0


class LoanService:
    def __init__(self, session: AsyncSession, outbox: Outbox | None = None, cipher: FieldCipher | None = None) -> None:
        self.session = session
        self.outbox = outbox
        self.cipher = cipher
        self.repo = LoanRepository(session)

    # -- drawdown ----------------------------------------------------------------------------
    async def draw_down(self, principal: Principal, data: DrawdownInput) -> Loan:
        if not principal.can(Permission.SELF_DRAWDOWN):
            raise PermissionDenied(Permission.SELF_DRAWDOWN.value)
        assert self.cipher is not None and self.outbox is not None
        if data.request_id is not None and (existing := await self.repo.loan_by_id(data.request_id)) is not None:
            if existing.customer_id == principal.customer_id and existing.quota_id == data.quota_id and existing.amount == data.amount:
                return existing  # a retried request (an answer lost on the way to the phone)
            raise field_error("requestId", "REQUEST_ID_TAKEN", "请求编号已被使用", "the request id is taken")
        quota = await self.repo.quota_for_update(principal, data.quota_id)
        if quota is None:
            raise not_found("授信额度", "quotaId")
        today = datetime.now(LOCAL).date()
        if quota.status != QuotaStatus.ACTIVE:
            raise field_error("quotaId", "QUOTA_NOT_ACTIVE", "该额度当前不可用（已冻结、失效或撤销）", "the quota is not active")
        if quota.valid_to < today:
            raise field_error("quotaId", "QUOTA_EXPIRED", "该额度已过有效期", "the quota has expired")
        errors: list[FieldError] = []
        if data.amount < MIN_DRAWDOWN:
            errors.append(FieldError("amount", "DRAWDOWN_AMOUNT_INVALID", f"用信金额至少{yuan(MIN_DRAWDOWN)}元", "the amount is below the minimum"))
        elif data.amount > available(quota):
            errors.append(FieldError("amount", "AMOUNT_ABOVE_AVAILABLE", f"用信金额超过可用额度{yuan(available(quota))}元",
                                     "the amount is above the available quota"))
        if not 1 <= data.term <= quota.term:
            errors.append(FieldError("term", "DRAWDOWN_TERM_INVALID", f"借款期限须在1-{quota.term}个月之间", f"the term must be 1-{quota.term} months"))
        account = data.account.replace(" ", "")
        if not account_valid(account):
            errors.append(FieldError("account", "ACCOUNT_INVALID", "收款账号格式不正确（16-19位数字，校验位不符）", "the account number is not valid"))
        if errors:
            raise DomainError(*errors)
        loan = Loan(
            bank_id=quota.bank_id, id=data.request_id or uuid.uuid4(), number=f"JK{today:%Y%m%d}{await self.repo.next_number():08d}",
            quota_id=quota.id, customer_id=quota.customer_id, org_path=quota.org_path, product_code=quota.product_code,
            amount=data.amount, term=data.term, rate_bp=quota.rate_bp, repayment_method=quota.repayment_method,
            account_encrypted=self.cipher.encrypt(account, context=LOAN_ACCOUNT_CONTEXT), account_masked=masked_account(account),
            channel="MOBILE_BANKING" if principal.kind == "customer" else "BRANCH", requested_by_client=principal.client_id,
            requested_by_user=principal.user_id, status=LoanStatus.REQUESTED, disbursed_amount=0, outstanding=0, overdue_days=0,
            last_seq=0, attempts=0,
        )  # fmt: skip
        quota.reserved_amount += data.amount
        quota.updated_at = datetime.now(UTC)
        self.session.add(loan)
        await self.session.flush()
        await audit.record(
            self.session, action="loan.requested", org_path=loan.org_path, principal=principal, target_type="Loan", target_id=str(loan.id),
            detail={"number": loan.number, "quota": str(quota.id), "amount": loan.amount, "term": loan.term, "account": loan.account_masked},
        )
        await self.outbox.enqueue(self.session, HAND_OFF, LoanRef(bank_id=loan.bank_id, loan_id=loan.id))
        return loan

    # -- handoff (the job) -------------------------------------------------------------------
    async def hand_off(self, refs: Sequence[LoanRef], platform: LendingPlatform, callback_url: str) -> dict[uuid.UUID, Outcome]:
        """Hand a batch of drawdowns over, the platform's calls side by side; each loan's outcome:
        handed off, refused (the reservation released) or already done (delivered), or the
        platform unavailable for it (to be tried again with the same idempotency key)."""
        assert self.cipher is not None
        found = await self.repo.for_handoff([(ref.bank_id, ref.loan_id) for ref in refs])
        outcomes = {ref.loan_id: Outcome.delivered("already handed off") for ref in refs}
        todo = [(loan, party) for loan, party in found.values() if loan.status == LoanStatus.REQUESTED]
        def submit(loan: Loan, party: Handoff) -> Callable[[], Awaitable[str]]:
            drawdown = Drawdown(
                request_id=str(loan.id), loan_number=loan.number, bank_code=party.bank_code,
                customer={"cicCustomerId": str(loan.customer_id), "ecifCustomerNo": party.ecif_customer_no, "name": party.name,
                          "idNumber": self.cipher.decrypt(party.id_number_encrypted, context=ID_CONTEXT)},  # type: ignore[union-attr]
                quota_id=str(loan.quota_id), product=loan.product_code, amount=loan.amount, term=loan.term, rate_bp=loan.rate_bp,
                repayment_method=loan.repayment_method,
                account=self.cipher.decrypt(loan.account_encrypted, context=LOAN_ACCOUNT_CONTEXT),  # type: ignore[union-attr]
                callback_url=callback_url,
            )  # fmt: skip
            return lambda: platform.submit(drawdown)

        # an error that is not the platform's answer raises: the drain tries each loan alone
        answers = await side_by_side([submit(loan, party) for loan, party in todo], at_once=SIDE_BY_SIDE, answers=LendingError)
        entries = []
        now = datetime.now(UTC)
        for (loan, _), answer in zip(todo, answers, strict=True):
            loan.attempts += 1
            if isinstance(answer, LendingRejected):
                loan.status, loan.reason, loan.updated_at = LoanStatus.REFUSED, answer.code[:64], now
                quota = await self.repo.quota_by_key_for_update(loan.bank_id, loan.quota_id)
                if quota is not None:
                    quota.reserved_amount = max(quota.reserved_amount - loan.amount, 0)
                entries.append(audit.entry(action="loan.refused", org_path=loan.org_path, actor_username="system", target_type="Loan",
                                           target_id=str(loan.id), detail={"number": loan.number, "code": answer.code}))
                outcomes[loan.id] = Outcome.delivered(f"loan {loan.number} refused: {answer.code}")
            elif isinstance(answer, LendingError):
                outcomes[loan.id] = Outcome.later(f"lending platform unavailable: {answer}")
            else:
                loan.platform_loan_id, loan.sent_at, loan.updated_at, loan.status = answer, now, now, LoanStatus.ACCEPTED
                entries.append(audit.entry(action="loan.handed_off", org_path=loan.org_path, actor_username="system", target_type="Loan",
                                           target_id=str(loan.id), detail={"number": loan.number, "platformLoanId": answer}))
                outcomes[loan.id] = Outcome.delivered(f"loan {loan.number} handed off as {answer}")
        self.session.add_all(entries)
        return outcomes

    # -- callbacks ---------------------------------------------------------------------------
    async def apply_event(self, principal: Principal, body: Any) -> tuple[str, Loan]:
        """Store and apply one callback: ("applied" | "stale" | "duplicate", loan)."""
        if not principal.can(Permission.LENDING_CALLBACK):
            raise PermissionDenied(Permission.LENDING_CALLBACK.value)
        event = _parse_event(body)
        loan = await self.repo.loan_by_id(event["loan_id"], for_update=True)
        if loan is None:
            raise UnknownLoan(str(event["loan_id"]))
        if loan.platform_loan_id and loan.platform_loan_id != event["platform_loan_id"]:
            raise CallbackInvalid("platformLoanId", "does not match the loan")
        fresh = event["seq"] > loan.last_seq
        stored = await self.repo.add_event({
            "bank_id": loan.bank_id, "loan_id": loan.id, "event_id": event["event_id"], "type": event["type"], "seq": event["seq"],
            "occurred_at": event["occurred_at"], "state": event["state"], "applied": fresh,
        })  # fmt: skip
        if stored is None:
            return "duplicate", loan
        if not fresh:
            return "stale", loan
        await self._take_state(loan, event)
        return "applied", loan

    async def _take_state(self, loan: Loan, event: dict[str, Any]) -> None:
        state = event["state"]
        old_status, old_outstanding = loan.status, loan.outstanding
        new_status = LoanStatus(state["status"])
        delta = state["outstanding"] - old_outstanding
        releases = old_status in PENDING_LOAN and new_status not in PENDING_LOAN
        if releases or delta:  # an ACCEPTED moves neither the reservation nor the use: the quota is not read
            quota = await self.repo.quota_by_key_for_update(loan.bank_id, loan.quota_id)
            assert quota is not None
            before = (quota.reserved_amount, quota.used_amount)
            if releases:
                quota.reserved_amount = max(quota.reserved_amount - loan.amount, 0)
            quota.used_amount = max(quota.used_amount + delta, 0)
            if (quota.reserved_amount, quota.used_amount) != before:
                quota.updated_at = datetime.now(UTC)
        loan.status, loan.outstanding, loan.overdue_days = new_status, state["outstanding"], state["overdue_days"]
        loan.disbursed_amount = max(loan.disbursed_amount, state["disbursed_amount"])
        loan.platform_loan_id = loan.platform_loan_id or event["platform_loan_id"]
        loan.last_seq, loan.updated_at = event["seq"], datetime.now(UTC)
        newly_disbursed = new_status in DISBURSED_STATES and loan.disbursed_at is None
        if newly_disbursed or (new_status == LoanStatus.CLOSED and loan.disbursed_at is None and loan.disbursed_amount):
            loan.disbursed_at = event["occurred_at"]
        if new_status == LoanStatus.CLOSED and loan.closed_at is None:
            loan.closed_at = event["occurred_at"]
        count = 0
        if old_status not in DISBURSED_STATES and new_status in DISBURSED_STATES:
            count = 1
        elif old_status in DISBURSED_STATES and new_status not in DISBURSED_STATES:
            count = -1
        overdue = state["overdue_days"] if state["overdue_days"] != 0 or old_status == LoanStatus.OVERDUE else None
        if delta or count or overdue is not None:
            await self.repo.adjust_business(loan.bank_id, loan.customer_id, datetime.now(LOCAL).date(), balance=delta, count=count,
                                            overdue_days=overdue)
        await audit.record(
            self.session, action=f"loan.{event['type'].lower()}", org_path=loan.org_path, actor_username="lending-platform",
            target_type="Loan", target_id=str(loan.id),
            detail={"number": loan.number, "seq": event["seq"], "status": new_status.value, "outstanding": loan.outstanding},
        )
        if newly_disbursed:
            await self._tell_disbursed(loan)

    async def _tell_disbursed(self, loan: Loan) -> None:
        quota = await self.session.get(Quota, (loan.bank_id, loan.quota_id))  # in the session: the callback moved it
        assert quota is not None
        await NotificationService(self.session, self.outbox).notify_about_product(
            SmsEvent.LOAN_DISBURSED, bank_id=loan.bank_id, product_id=quota.product_id, product_code=loan.product_code,
            customer_id=loan.customer_id, org_path=loan.org_path, dedupe_key=f"loan.disbursed:{loan.id}",
            variables={"amount": yuan(loan.disbursed_amount or loan.amount), "account_tail": loan.account_masked[-4:],
                       "number": loan.number, "term": loan.term},
        )  # fmt: skip

    # -- reads -------------------------------------------------------------------------------
    async def loans(self, principal: Principal, *, customer_id: uuid.UUID | None = None, limit: int = 100) -> list[Loan]:
        return await self.repo.loans(principal, customer_id=customer_id, limit=limit)


def _parse_event(body: Any) -> dict[str, Any]:
    """The callback's fields, or ``CallbackInvalid`` naming the first bad one."""
    if not isinstance(body, dict):
        raise CallbackInvalid("body", "must be a JSON object")

    def text(name: str, limit: int = 64) -> str:
        value = body.get(name)
        if not isinstance(value, str) or not value or len(value) > limit or "\x00" in value:
            raise CallbackInvalid(name, f"must be a string of 1-{limit} characters")
        return value

    def amount(state: dict[str, Any], name: str) -> int:
        value = state.get(name)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 10**13:
            raise CallbackInvalid(f"state.{name}", "must be a whole number of fen >= 0")
        return value

    event_id, platform_loan_id = text("eventId"), text("platformLoanId")
    try:
        loan_id = uuid.UUID(text("requestId", 36))
    except ValueError:
        raise CallbackInvalid("requestId", "must be the loan's id") from None
    kind = body.get("type")
    if kind not in LoanEventType.__members__:
        raise CallbackInvalid("type", f"must be one of {', '.join(LoanEventType)}")
    seq = body.get("seq")
    if not isinstance(seq, int) or isinstance(seq, bool) or not 1 <= seq <= 1_000_000:
        raise CallbackInvalid("seq", "must be a whole number >= 1")
    try:
        occurred_at = datetime.fromisoformat(text("occurredAt", 40))
    except ValueError:
        raise CallbackInvalid("occurredAt", "must be an ISO 8601 time") from None
    if occurred_at.tzinfo is None:
        raise CallbackInvalid("occurredAt", "must carry its UTC offset")
    state = body.get("state")
    if not isinstance(state, dict):
        raise CallbackInvalid("state", "must be an object")
    status = state.get("status")
    if status not in {s.value for s in LoanStatus} - {LoanStatus.REQUESTED.value, LoanStatus.REFUSED.value}:
        raise CallbackInvalid("state.status", "must be ACCEPTED, DISBURSED, OVERDUE or CLOSED")
    overdue = state.get("overdueDays", 0)
    if not isinstance(overdue, int) or isinstance(overdue, bool) or not 0 <= overdue <= 100_000:
        raise CallbackInvalid("state.overdueDays", "must be a whole number of days >= 0")
    parsed_state = {"status": status, "disbursed_amount": amount(state, "disbursedAmount"), "outstanding": amount(state, "outstanding"),
                    "overdue_days": overdue}
    return {"event_id": event_id, "platform_loan_id": platform_loan_id, "loan_id": loan_id, "type": LoanEventType(kind), "seq": seq,
            "occurred_at": occurred_at, "state": parsed_state}

