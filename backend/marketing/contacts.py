"""Contacts (客户接触): visits and calls staff log with a customer, from the PC or the PAD.

A contact may name the reminder that prompted it; logging it closes that reminder (done) when it
is the caller's to work. The contact's id is the client's, so a retry, or a PAD's queue replayed
after a lost answer, stores it once. The counts per member of staff make the contact-frequency
report.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.customers.repository import CustomerRepository
from backend.errors import PermissionDenied, field_error, not_found
from backend.marketing.models import OPEN_STATES, Contact, ContactChannel, ContactOutcome, ReminderStatus
from backend.marketing.repository import ContactRepository, ReminderRepository

CLOCK_SKEW = timedelta(minutes=10)  # a device's clock a little ahead is not "the future"
MAX_AGE = timedelta(days=30)  # a contact logged later than this is refused (offline for a month at most)


@dataclass(frozen=True)
class ContactInput:
    id: uuid.UUID  # the client's
    customer_id: uuid.UUID
    channel: ContactChannel
    outcome: ContactOutcome
    contacted_at: datetime
    note: str | None = None
    reminder_id: uuid.UUID | None = None


class ContactService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = ContactRepository(session)

    async def log(self, principal: Principal, data: ContactInput) -> Contact:
        if not principal.is_staff or not principal.can(Permission.REMINDER_WORK):
            raise PermissionDenied(Permission.REMINDER_WORK.value)
        archive = await CustomerRepository(self.session).get(principal, data.customer_id)
        if archive is None:
            raise not_found("客户档案", "customerId")
        if (earlier := await self.repo.find(archive.bank_id, data.id)) is not None:
            if earlier.staff_id == principal.user_id and earlier.customer_id == archive.id:
                return earlier  # a retry
            raise field_error("id", "CONTACT_ID_TAKEN", "该接触记录编号已被使用", "this contact id is taken")
        now = datetime.now(UTC)
        at = data.contacted_at if data.contacted_at.tzinfo else data.contacted_at.replace(tzinfo=UTC)
        if at > now + CLOCK_SKEW or at < now - MAX_AGE:
            raise field_error("contactedAt", "CONTACT_TIME", "接触时间须在最近30天内且不晚于现在", "the contact was within the last 30 days")
        note = (data.note or "").strip() or None
        if note is not None and len(note) > 500:
            raise field_error("note", "TOO_LONG", "备注不能超过500个字", "the note is at most 500 characters")
        if data.reminder_id is not None:
            reminder = await ReminderRepository(self.session).get(principal, data.reminder_id, for_update=True)
            if reminder is None or reminder.customer_id != archive.id:
                raise not_found("提醒", "reminderId")
            if reminder.status in OPEN_STATES and (reminder.manager_id == principal.user_id or principal.can(Permission.REMINDER_SUPERVISE)):
                reminder.status, reminder.closed_at, reminder.closed_by = ReminderStatus.DONE, now, principal.user_id
                reminder.snoozed_until, reminder.note = None, note or reminder.note
        contact = Contact(
            bank_id=archive.bank_id, id=data.id, customer_id=archive.id, org_path=archive.org_path, staff_id=principal.user_id,
            reminder_id=data.reminder_id, channel=data.channel, outcome=data.outcome, note=note, contacted_at=at, created_at=now,
        )
        self.session.add(contact)
        await self.session.flush()
        return contact

    async def of_customer(self, principal: Principal, customer_id: uuid.UUID, *, limit: int = 100) -> list[Contact]:
        """The archive's contacts, newest first (none for an archive out of scope)."""
        archive = await CustomerRepository(self.session).get(principal, customer_id)
        return [] if archive is None else await self.repo.of_customer(principal, archive.bank_id, archive.id, limit=limit)

    async def by_staff(self, principal: Principal, *, path: str, since: datetime, until: datetime) -> list[tuple[int, int, int]]:
        """(staff id, contacts, distinct customers) under ``path`` in ``[since, until)``."""
        if not principal.is_staff or not principal.can(Permission.REMINDER_SUPERVISE):
            raise PermissionDenied(Permission.REMINDER_SUPERVISE.value)
        if not principal.can_read_path(path):
            raise not_found("机构", "orgUnitId")
        return await self.repo.by_staff(path, since, until)
