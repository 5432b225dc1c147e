"""Marketing resolvers: segment models, their members; save, evaluate, retire."""

from __future__ import annotations

import datetime as dt
import uuid

import strawberry
from strawberry import Info

from backend.approvals.service import LOCAL
from backend.auth.principal import NOTHING
from backend.errors import BadInput
from backend.marketing.contacts import ContactInput, ContactService
from backend.inputs import parse_uuid
from backend.marketing.inbox import ReminderService
from backend.marketing.models import ModelStatus, ReminderStatus
from backend.marketing.models import SegmentModel as ModelRow
from backend.marketing.segments import SEGMENT_FIELDS, may_test
from backend.marketing.service import ModelInput, local_today
from resolvers.common import optional_id, page_args, parse_id, read_one, run_mutation
from resolvers.rules import rule_fields
from schema.common import encode_cursor
from schema.customers import Customer, CustomerEdge, CustomerPageInfo
from schema.marketing import (
    Contact, ContactPayload, LogContactInput, StaffContactCount, MarketingError, Reminder, ReminderLoad, ReminderPayload, SaveSegmentModelInput, SegmentMembers, SegmentModel, SegmentModelPayload,
    WorkReminderInput,
)
from schema.rules import RuleField


async def segment_models(info: Info, status: ModelStatus | None = ModelStatus.ACTIVE) -> list[SegmentModel]:
    """The models shared down to your unit and those defined within your subtree (all statuses with `status: null`)."""
    ctx = info.context
    async with ctx.reader() as session:
        rows = await ctx.services.marketing(session).models(ctx.viewer, status=status)
    return [SegmentModel.from_model(r) for r in rows]


async def segment_fields(info: Info) -> list[RuleField]:
    """What a model may test: the rating and business fields your role may see, then the rule fields."""
    visible = [RuleField.from_catalog(f) for f in SEGMENT_FIELDS.values() if may_test(info.context.viewer, f.path)]
    return visible + await rule_fields(info)


async def segment_model(info: Info, id: strawberry.ID) -> SegmentModel | None:
    ctx = info.context
    return await read_one(info, lambda session: ctx.services.marketing(session).model(ctx.viewer, parse_id(id)), SegmentModel.from_model)


async def members(info: Info, model: ModelRow, first: int, after: str | None) -> SegmentMembers:
    """A page of members in id order (the cursor carries an archive id, no personal data)."""
    ctx = info.context
    first, after_key = page_args(first, after)
    async with ctx.reader() as session:
        rows = await ctx.services.marketing(session).members(
            ctx.viewer, model, after=uuid.UUID(int=after_key) if after_key is not None else None, limit=first + 1
        )
    archives = await ctx.loaders.archive.load_many([r.customer_id for r in rows[:first]])
    edges = [CustomerEdge(position=lambda r=r: encode_cursor(r.customer_id.int), node=Customer.from_model(a)) for r, a in zip(rows, archives) if a]
    return SegmentMembers(edges=edges, page_info=CustomerPageInfo.of(edges, len(rows) > first))


def _payload(row: ModelRow | None, errors: list) -> SegmentModelPayload:
    return SegmentModelPayload(model=SegmentModel.from_model(row) if row else None, errors=MarketingError.of(errors))


async def save_segment_model(info: Info, input: SaveSegmentModelInput) -> SegmentModelPayload:
    ctx = info.context

    async def work(session):
        data = ModelInput(
            name=input.name, description=input.description, condition=input.condition, id=optional_id(input.id, "id"), reminder=input.reminder,
            expression=input.expression,
        )
        return await ctx.services.marketing(session).save(ctx.viewer, data)

    return _payload(*await run_mutation(info, work))


async def evaluate_segment_model(info: Info, id: strawberry.ID) -> SegmentModelPayload:
    ctx = info.context
    return _payload(*await run_mutation(info, lambda session: ctx.services.marketing(session).evaluate_now(ctx.viewer, parse_id(id))))


async def retire_segment_model(info: Info, id: strawberry.ID) -> SegmentModelPayload:
    ctx = info.context
    return _payload(*await run_mutation(info, lambda session: ctx.services.marketing(session).retire(ctx.viewer, parse_id(id))))


async def my_reminders(info: Info, status: ReminderStatus = ReminderStatus.OPEN, first: int = 100) -> list[Reminder]:
    """Your reminders of one status (open by default; a snoozed one is open again on its day), the most urgent first."""
    ctx = info.context
    first, _ = page_args(first, None)
    async with ctx.reader() as session:
        rows = await ReminderService(session).inbox(ctx.viewer, status=status, limit=first)
    return [Reminder.from_model(r) for r in rows]


async def _unit_path(info: Info, org_unit_id: strawberry.ID | None) -> str:
    """The path of a unit in the caller's scope (their own by default); an unknown one matches nothing."""
    if org_unit_id is None:
        return info.context.viewer.scope_path
    unit = await info.context.loaders.org_unit.load(parse_id(org_unit_id, "orgUnitId"))
    return unit.path if unit is not None else NOTHING


async def reminder_load(info: Info, org_unit_id: strawberry.ID | None = None) -> list[ReminderLoad]:
    """Open and overdue reminders per manager in a unit of your subtree (default: your own), the most overdue first."""
    ctx = info.context
    path = await _unit_path(info, org_unit_id)
    async with ctx.reader() as session:
        rows = await ReminderService(session).by_manager(ctx.viewer, path=path, today=local_today())
    return [ReminderLoad(manager_id=manager, open=n, overdue=late) for manager, n, late in rows]


async def work_reminder(info: Info, input: WorkReminderInput) -> ReminderPayload:
    ctx = info.context

    async def work(session):
        return await ReminderService(session).act(
            ctx.viewer, parse_uuid(input.id, "id"), input.action, until=input.until, note=input.note, today=local_today()
        )

    row, errors = await run_mutation(info, work)
    return ReminderPayload(reminder=Reminder.from_model(row) if row else None, errors=MarketingError.of(errors))


async def customer_contacts(info: Info, customer_id: strawberry.ID) -> list[Contact]:
    """An archive's contacts in your scope, newest first."""
    ctx = info.context
    async with ctx.reader() as session:
        rows = await ContactService(session).of_customer(ctx.viewer, parse_uuid(customer_id, "customerId"))
    return [Contact.from_model(r) for r in rows]


async def contact_stats(info: Info, since: dt.date, until: dt.date, org_unit_id: strawberry.ID | None = None) -> list[StaffContactCount]:
    """Contacts and distinct customers per member of staff in a unit of your subtree (default: your own), days
    `since` to `until` inclusive (Fujian time)."""
    ctx = info.context
    if until < since or (until - since).days > 366:
        raise BadInput("until", "the period is one day to a year, until on or after since", message_zh="统计区间须为1天至1年")
    path = await _unit_path(info, org_unit_id)
    start = dt.datetime.combine(since, dt.time(), LOCAL)
    end = dt.datetime.combine(until + dt.timedelta(days=1), dt.time(), LOCAL)
    async with ctx.reader() as session:
        rows = await ContactService(session).by_staff(ctx.viewer, path=path, since=start, until=end)
    return [StaffContactCount(staff_id=staff, contacts=n, customers=customers) for staff, n, customers in rows]


async def log_contact(info: Info, input: LogContactInput) -> ContactPayload:
    ctx = info.context

    async def work(session):
        data = ContactInput(
            id=parse_uuid(input.id, "id"), customer_id=parse_uuid(input.customer_id, "customerId"), channel=input.channel,
            outcome=input.outcome, contacted_at=input.contacted_at, note=input.note,
            reminder_id=parse_uuid(input.reminder_id, "reminderId") if input.reminder_id else None,
        )
        return await ContactService(session).log(ctx.viewer, data)

    row, errors = await run_mutation(info, work)
    return ContactPayload(contact=Contact.from_model(row) if row else None, errors=MarketingError.of(errors))
