"""Reminders: a customer manager's inbox (done, snooze, dismiss) and their supervisors' view.

A reminder is its manager's to work (``manager_id``); a branch manager, who both works reminders
and supervises them, may work any reminder of the branch, e.g. one whose archive has no manager. Every read is scoped
by ``org_path`` like every other tenant row.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.errors import PermissionDenied, field_error, not_found
from backend.marketing.models import OPEN_STATES, Reminder, ReminderStatus
from backend.marketing.repository import ReminderRepository

MAX_SNOOZE_DAYS = 90


class ReminderAction(StrEnum):
    DONE = "DONE"
    SNOOZE = "SNOOZE"
    DISMISS = "DISMISS"


class ReminderService:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session
        self.repo = ReminderRepository(session)

    async def inbox(self, principal: Principal, *, status: ReminderStatus, limit: int) -> list[Reminder]:
        """The caller's own reminders of one status, the most urgent first."""
        if not principal.is_staff or not principal.can(Permission.REMINDER_WORK):
            raise PermissionDenied(Permission.REMINDER_WORK.value)
        return await self.repo.inbox(principal, status, limit=limit)

    async def act(self, principal: Principal, reminder_id: uuid.UUID, action: ReminderAction, *, until: date | None, note: str | None, today: date) -> Reminder:
        reminder = await self.repo.get(principal, reminder_id, for_update=True)
        if reminder is None or not principal.is_staff:
            raise not_found("提醒")
        if not principal.can(Permission.REMINDER_WORK):
            raise PermissionDenied(Permission.REMINDER_WORK.value)
        if reminder.manager_id != principal.user_id and not principal.can(Permission.REMINDER_SUPERVISE):
            raise PermissionDenied("the reminder is another manager's", field="id", message_zh="这是其他客户经理的提醒")
        if reminder.status not in OPEN_STATES:
            raise field_error("id", "REMINDER_CLOSED", "提醒已处理", "the reminder is already done or dismissed")
        note = (note or "").strip() or None
        if note is not None and len(note) > 500:
            raise field_error("note", "TOO_LONG", "备注不能超过500个字", "the note is at most 500 characters")
        if action == ReminderAction.SNOOZE:
            if until is None or not (today < until <= date.fromordinal(today.toordinal() + MAX_SNOOZE_DAYS)):
                raise field_error(
                    "until", "SNOOZE_DATE", f"请选择今天之后{MAX_SNOOZE_DAYS}天内的日期", f"snooze until a day within {MAX_SNOOZE_DAYS} days after today"
                )
            reminder.status, reminder.snoozed_until = ReminderStatus.SNOOZED, until
        else:
            if action == ReminderAction.DISMISS and note is None:
                raise field_error("note", "REASON_REQUIRED", "忽略提醒须说明原因", "say why the reminder is dismissed")
            reminder.status = ReminderStatus.DONE if action == ReminderAction.DONE else ReminderStatus.DISMISSED
            reminder.closed_at, reminder.closed_by, reminder.snoozed_until = datetime.now(UTC), principal.user_id, None
        reminder.note = note or reminder.note
        await self.session.flush()
        return reminder

    async def by_manager(self, principal: Principal, *, path: str, today: date) -> list[tuple[int | None, int, int]]:
        """(manager id, open, overdue) within ``path`` (in the caller's subtree), the most overdue
        first; None: the reminders of archives without a manager."""
        if not principal.is_staff or not principal.can(Permission.REMINDER_SUPERVISE):
            raise PermissionDenied(Permission.REMINDER_SUPERVISE.value)
        if not principal.can_read_path(path):
            raise not_found("机构", "orgUnitId")
        return await self.repo.by_manager(path, today)
