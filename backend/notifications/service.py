"""Text messages to customers: written with the event they tell of, sent by the worker.

``notify`` stores the message (idempotent by its dedupe key: one message per event, however
often the event's job runs) and schedules ``notifications.send_sms`` through the outbox, in the
caller's transaction. ``send`` is the job's body: it decrypts the mobile number (only here),
respects opt-outs, quiet hours (no message between 21:00 and 08:00 Beijing time unless
configured otherwise) and the per-number daily limit, sends through the platform with the
message's id as idempotency key, and records the outcome (a batch at a time: the batched
``notifications.send_sms`` job); ``receipt`` applies the platform's
signed delivery receipts. Every send and refusal is audited with the number masked.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.contexts import MOBILE_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.principal import Principal
from backend.audit.models import AuditRecord
from backend.integrations.calls import side_by_side
from backend.integrations.sms import SmsError, SmsGateway, SmsMessage as Outgoing, SmsRejected
from backend.notifications.models import SmsEvent, SmsMessage, SmsStatus
from backend.notifications.repository import NotificationRepository
from backend.notifications.tasks import SEND_SMS, SmsRef
from backend.outbox.service import Outbox, Outcome

LOCAL = ZoneInfo("Asia/Shanghai")
OPT_OUT = "回TD退订"
SIDE_BY_SIDE = 20  # a batch's calls to the SMS platform in flight at once

# One template per event, in Chinese, with ``{variables}`` (never personal data: no name, no
# number; the bank's name, the product, amounts, dates and the application's number).
TEMPLATES: dict[SmsEvent, str] = {
    SmsEvent.QUOTA_APPROVED: "【{bank}】尊敬的客户，您申请的{product}授信额度{amount}元已审批通过，有效期至{valid_to}，可通过手机银行或网点用信。",
    SmsEvent.APPLICATION_RETURNED: "【{bank}】尊敬的客户，您的{product}申请（{number}）需要补充材料，客户经理将与您联系。",
    SmsEvent.APPLICATION_REJECTED: "【{bank}】尊敬的客户，您的{product}申请（{number}）未获批准，详情请咨询开户网点。",
    SmsEvent.REMINDER: "【{bank}】{text}",
    SmsEvent.LOAN_DISBURSED: "【{bank}】尊敬的客户，您的{product}借款{amount}元已发放至尾号{account_tail}的账户，借据号{number}，期限{term}个月。",
}


def render(event: SmsEvent, variables: dict[str, Any]) -> str:
    return TEMPLATES[event].format(**variables) + OPT_OUT


def yuan(fen: int) -> str:
    return f"{Decimal(fen) / 100:,.2f}"


def masked(mobile: str) -> str:
    return mobile[:3] + "****" + mobile[-4:]


@dataclass(frozen=True)
class SendRules:
    quiet_start: int = 21  # local hour quiet hours begin
    quiet_end: int = 8  # local hour they end
    per_number_per_day: int = 5

    def quiet_until(self, now: datetime) -> datetime | None:
        """When quiet hours end, if ``now`` falls in them."""
        local = now.astimezone(LOCAL)
        if self.quiet_start <= self.quiet_end:  # e.g. 00-06
            quiet = self.quiet_start <= local.hour < self.quiet_end
        else:  # e.g. 21-08, over midnight
            quiet = local.hour >= self.quiet_start or local.hour < self.quiet_end
        if not quiet:
            return None
        day = local.date() + timedelta(days=1) if local.hour >= self.quiet_end and local.hour >= self.quiet_start else local.date()
        return datetime.combine(day, time(self.quiet_end), LOCAL).astimezone(UTC)

    def next_day(self, now: datetime) -> datetime:
        local = now.astimezone(LOCAL)
        return datetime.combine(local.date() + timedelta(days=1), time(self.quiet_end), LOCAL).astimezone(UTC)


class NotificationService:
    def __init__(self, session: AsyncSession, outbox: Outbox | None = None, cipher: FieldCipher | None = None) -> None:
        self.session = session
        self.outbox = outbox
        self.cipher = cipher
        self.repo = NotificationRepository(session)

    async def notify(
        self, event: SmsEvent, *, bank_id: int, customer_id: uuid.UUID, org_path: str, dedupe_key: str, variables: dict[str, Any]
    ) -> uuid.UUID | None:
        """Store the message and schedule its sending; None if this event was told already."""
        message_id = await self.repo.add_once({
            "id": uuid.uuid4(), "bank_id": bank_id, "customer_id": customer_id, "org_path": org_path, "event": event,
            "dedupe_key": dedupe_key, "variables": variables, "text": render(event, variables), "status": SmsStatus.QUEUED,
            "attempts": 0,
        })  # fmt: skip
        assert self.outbox is not None, "a message is sent through the outbox"
        if message_id is not None:
            await self.outbox.enqueue(self.session, SEND_SMS, SmsRef(message_id=message_id))
        return message_id

    async def notify_about_product(
        self, event: SmsEvent, *, bank_id: int, product_id: int, product_code: str, customer_id: uuid.UUID, org_path: str,
        dedupe_key: str, variables: dict[str, Any],
    ) -> uuid.UUID | None:
        """``notify`` with the bank's and the product's names added as ``bank`` and ``product``
        (the product's code if it has no name), read together."""
        bank, product = await self.repo.names(bank_id, product_id)
        return await self.notify(event, bank_id=bank_id, customer_id=customer_id, org_path=org_path, dedupe_key=dedupe_key,
                                 variables={"bank": bank or "", "product": product or product_code, **variables})

    async def send(
        self, message_ids: Sequence[uuid.UUID], gateway: SmsGateway, *, now: datetime, rules: SendRules, callback_url: str | None
    ) -> dict[uuid.UUID, Outcome]:
        """Send a batch of queued messages (``message_ids`` in the order they were queued), the
        platform's calls side by side; each message's
        outcome: sent, refused, suppressed (opted out, no number) or already done (delivered), or
        later: quiet hours and the number's daily limit (counting this batch's own messages)
        defer it without counting a try, the platform down counts one."""
        assert self.cipher is not None, "sending decrypts the number"
        outcomes = {message_id: Outcome.delivered("already done") for message_id in message_ids}
        entries: list[AuditRecord] = []
        numbers: list[tuple[SmsMessage, str, bytes]] = []
        order = {message_id: i for i, message_id in enumerate(message_ids)}  # as queued (the outbox's order): oldest first
        found = sorted(await self.repo.for_sending(message_ids), key=lambda row: order[row[0].id])
        for message, encrypted in found:
            if message.status != SmsStatus.QUEUED:
                continue
            if not encrypted:
                outcomes[message.id] = self._suppress(message, "NO_MOBILE", entries)
                continue
            mobile = self.cipher.decrypt(encrypted, context=MOBILE_CONTEXT)
            bidx = self.cipher.blind_index(mobile, context=MOBILE_CONTEXT)
            message.to_masked, message.to_bidx = masked(mobile), bidx
            numbers.append((message, mobile, bidx))
        start_of_day = datetime.combine(now.astimezone(LOCAL).date(), time(0), LOCAL)
        with self.session.no_autoflush:  # the numbers just noted are written with the outcome, in one UPDATE a message
            opted_out, sent_today = await self.repo.limits([(m.bank_id, bidx) for m, _, bidx in numbers], start_of_day)
        quiet_until = rules.quiet_until(now)
        to_send: list[tuple[SmsMessage, str]] = []
        for message, mobile, bidx in numbers:
            if (message.bank_id, bidx) in opted_out:
                outcomes[message.id] = self._suppress(message, "OPTED_OUT", entries)
            elif quiet_until is not None:
                outcomes[message.id] = Outcome.later("quiet hours", at=quiet_until, counts=False)
            elif sent_today.get(bidx, 0) >= rules.per_number_per_day:
                outcomes[message.id] = Outcome.later("daily limit of the number", at=rules.next_day(now), counts=False)
            else:
                sent_today[bidx] = sent_today.get(bidx, 0) + 1
                to_send.append((message, mobile))

        def one(message: SmsMessage, mobile: str) -> Callable[[], Awaitable[str]]:
            outgoing = Outgoing(message_id=str(message.id), mobile=mobile, text=message.text, callback_url=callback_url)
            return lambda: gateway.send(outgoing)

        # an error that is not the platform's answer raises: the drain tries each message alone
        answers = await side_by_side([one(message, mobile) for message, mobile in to_send], at_once=SIDE_BY_SIDE, answers=SmsError)
        for (message, _), answer in zip(to_send, answers, strict=True):
            message.attempts += 1
            if isinstance(answer, SmsRejected):
                message.status, message.reason = SmsStatus.FAILED, answer.code[:64]
                entries.append(self._audit(message, "sms.rejected", {"code": answer.code}))
                outcomes[message.id] = Outcome.delivered(f"rejected: {answer.code}")
            elif isinstance(answer, SmsError):
                outcomes[message.id] = Outcome.later(f"SMS platform unavailable: {answer}")
            else:
                message.status, message.provider_id, message.sent_at = SmsStatus.SENT, answer, now
                entries.append(self._audit(message, "sms.sent", {"providerId": answer}))
                outcomes[message.id] = Outcome.delivered("sent")
        self.session.add_all(entries)
        return outcomes

    def _suppress(self, message: SmsMessage, reason: str, entries: list[AuditRecord]) -> Outcome:
        message.status, message.reason = SmsStatus.SUPPRESSED, reason
        entries.append(self._audit(message, "sms.suppressed", {"reason": reason}))
        return Outcome.delivered(f"suppressed: {reason}")

    async def receipt(self, message_id: uuid.UUID, provider_id: str, status: str, code: str | None, now: datetime) -> bool:
        """Apply a delivery receipt once: only a SENT message moves (a duplicate changes nothing).

        The message is read ``FOR UPDATE`` by its id alone: a receipt can come before the worker
        has committed the send (SENT, the platform's id), and the lock makes it wait for that
        commit. A conditional UPDATE on status and provider id does not wait (in its snapshot the
        row matches nothing) and lost such receipts (tests/notifications/test_sms.py)."""
        message = await self.repo.for_update(message_id)
        if message is None or message.provider_id != provider_id:
            return False
        if message.status != SmsStatus.SENT or status not in ("DELIVERED", "FAILED"):
            return True
        message.status = SmsStatus.DELIVERED if status == "DELIVERED" else SmsStatus.FAILED
        message.reason = None if status == "DELIVERED" else (code or "UNDELIVERED")[:64]
        message.receipt_at = now
        await self.session.flush()
        return True

    async def opt_out(self, bank_id: int, mobile: str, source: str) -> None:
        assert self.cipher is not None
        await self.repo.opt_out(bank_id, self.cipher.blind_index(mobile, context=MOBILE_CONTEXT), source)
        await audit.record(self.session, action="sms.opt_out", org_path="/", actor_username="system", target_type="Mobile",
                           target_id=masked(mobile), detail={"bank": bank_id, "source": source})

    async def messages(self, principal: Principal, customer_id: uuid.UUID) -> list[SmsMessage]:
        """What CIC texted an archive's customer (staff in the archive's org subtree): the number masked."""
        return await self.repo.messages(principal, customer_id)

    def _audit(self, message: SmsMessage, action: str, detail: dict[str, Any]) -> AuditRecord:
        """The audit row of a send or refusal, the number masked (added with the batch's rows)."""
        return audit.entry(
            action=action, org_path=message.org_path, actor_username="system", target_type="SmsMessage",
            target_id=message.id, detail={"event": message.event.value, "to": message.to_masked, **detail},
        )
