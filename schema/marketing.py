"""GraphQL types of marketing: segment models (自定义模型), their members and counts."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Info
from strawberry.scalars import JSON

from backend.marketing import errors as marketing_errors
from backend.marketing import inbox, models
from backend.marketing.expression import to_expression
from backend.marketing.service import local_today, may_edit
from backend.rules import errors as rule_errors
from schema.common import error_codes, error_type, from_attributes
from schema.orgs import OrgUnit, StaffUser

if TYPE_CHECKING:
    from schema.customers import Customer, CustomerEdge, CustomerPageInfo

MarketingErrorCode = error_codes(
    "MarketingErrorCode", marketing_errors.ERROR_CODES, rule_errors.CONDITION_CODES,
    description="Why a segment model was refused: its condition (unknown field, wrong type, a personal field tested "
    "for more than presence, a field your role may not see) or its state.",
)
MarketingError = error_type("MarketingError", MarketingErrorCode, description="A refused model: the field, the rule (code), the message.")
SegmentModelStatus = strawberry.enum(models.ModelStatus, name="SegmentModelStatus", description="ACTIVE: evaluated nightly; RETIRED: kept, no longer evaluated.")


@strawberry.type(description="A model's members in one branch at its last evaluation.")
class SegmentUnitCount:
    unit: OrgUnit
    members: int


@strawberry.type(description="A model's members within your scope on one evaluated day.")
class SegmentTrendPoint:
    day: dt.date
    members: int


@strawberry.type(
    description="A segment model (自定义模型): a condition over archive fields, extra fields, the rating and the business "
    "aggregates, owned by a unit and shared with its subtree. Members and counts are within your own scope."
)
class SegmentModel:
    id: strawberry.ID
    name: str
    description: str | None
    condition: JSON = strawberry.field(description='`{"all"|"any": [...]}` or `{"field", "op", "value"}`, as in integrity rules.')
    fields: list[str] = strawberry.field(description="The fields the condition tests.")

    @strawberry.field(description="The condition written in CEL (what `expression` of SaveSegmentModelInput reads back).")
    def expression(self) -> str:
        return to_expression(self.condition)

    status: SegmentModelStatus
    version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    evaluated_at: dt.datetime | None
    reminder: str | None = strawberry.field(description="What each new member's responsible manager is reminded to do (none: no reminders).")
    model: strawberry.Private[models.SegmentModel]

    @classmethod
    def from_model(cls, m: models.SegmentModel) -> SegmentModel:
        return from_attributes(cls, m, id=strawberry.ID(str(m.id)), fields=list(m.fields), status=models.ModelStatus(m.status), model=m)

    @strawberry.field(description="The unit that owns the model (province, bank or branch): it runs over that unit's subtree.")
    async def owner(self, info: Info) -> OrgUnit | None:
        unit = await info.context.loaders.segment_owner.load(self.model.org_unit_id)
        return OrgUnit.from_model(unit) if unit else None

    @strawberry.field(description="Whether you may change, evaluate or retire it (your own unit's model).")
    def viewer_can_edit(self, info: Info) -> bool:
        return may_edit(info.context.viewer, self.model)

    @strawberry.field(description="Members within your scope at the last evaluation.")
    async def member_count(self, info: Info) -> int:
        return sum(n for _, n in await info.context.loaders.segment_counts.load(self.model.id))

    @strawberry.field(description="Members per branch within your scope at the last evaluation, most first.")
    async def counts_by_unit(self, info: Info) -> list[SegmentUnitCount]:
        rows = await info.context.loaders.segment_counts.load(self.model.id)
        return [SegmentUnitCount(unit=OrgUnit.from_model(u), members=n) for u, n in rows]

    @strawberry.field(description="Members within your scope on each evaluated day of the last 90.")
    async def trend(self, info: Info) -> list[SegmentTrendPoint]:
        async with info.context.reader() as session:
            rows = await info.context.services.marketing(session).trend(info.context.viewer, self.model)
        return [SegmentTrendPoint(day=d, members=n) for d, n in rows]

    @strawberry.field(
        description="The members within your scope, as archives (field policy applies). Refused (FORBIDDEN) when the model "
        "tests a field your role may not see."
    )
    async def members(self, info: Info, first: int = 50, after: str | None = None) -> SegmentMembers:
        from resolvers.marketing import members

        return await members(info, self.model, first, after)


@strawberry.type(description="A page of a model's members within your scope.")
class SegmentMembers:
    edges: list[Annotated[CustomerEdge, strawberry.lazy("schema.customers")]]
    page_info: Annotated[CustomerPageInfo, strawberry.lazy("schema.customers")]


@strawberry.input(description="A new segment model of your unit (no `id`), or a new version of one of your unit's.")
class SaveSegmentModelInput:
    id: strawberry.ID | None = None
    name: str
    description: str | None = None
    condition: JSON | None = strawberry.field(default=None, description="The condition builder's tree; or give `expression`.")
    expression: str | None = strawberry.field(
        default=None, description="The condition in CEL instead (advanced users): comparisons, `in [...]`, `has(field)`, `!has(field)`, `&&`, `||`."
    )
    reminder: str | None = strawberry.field(default=None, description="A reminder for each new member's manager, e.g. 推荐农e贷.")


@strawberry.type
class SegmentModelPayload:
    model: SegmentModel | None
    errors: list[MarketingError]



ReminderKind = strawberry.enum(models.ReminderKind, description="Why the reminder was raised.")
ReminderStatus = strawberry.enum(models.ReminderStatus)
ReminderAction = strawberry.enum(inbox.ReminderAction, description="DONE, SNOOZE (until a day) or DISMISS (with a reason).")


@strawberry.type(description="Something a customer manager should do about a customer (提醒).")
class Reminder:
    id: strawberry.ID
    kind: ReminderKind
    title: str
    due_on: dt.date
    status: ReminderStatus
    snoozed_until: dt.date | None
    note: str | None
    created_at: dt.datetime
    closed_at: dt.datetime | None
    model: strawberry.Private[models.Reminder]

    @classmethod
    def from_model(cls, m: models.Reminder) -> Reminder:
        return from_attributes(cls, m, id=strawberry.ID(str(m.id)), kind=models.ReminderKind(m.kind), status=models.ReminderStatus(m.status), model=m)

    @strawberry.field(description="Open and past its due day.")
    def overdue(self) -> bool:
        return self.model.status in models.OPEN_STATES and self.model.due_on < local_today()

    @strawberry.field(description="The archive it is about (field policy applies); none for an archive out of your scope.")
    async def customer(self, info: Info) -> Annotated[Customer, strawberry.lazy("schema.customers")] | None:
        from schema.customers import Customer

        if self.model.customer_id is None:
            return None
        archive = await info.context.loaders.archive.load(self.model.customer_id)
        return Customer.from_model(archive) if archive else None


@strawberry.type(description="A manager's open reminders in a unit (a supervisor's view).")
class ReminderLoad:
    open: int
    overdue: int
    manager_id: strawberry.Private[int | None]

    @strawberry.field(description="None: reminders of archives without a manager.")
    async def manager(self, info: Info) -> StaffUser | None:
        return await _staff(info, self.manager_id)


async def _staff(info: Info, user_id: int | None) -> StaffUser | None:
    user = await info.context.loaders.staff_user.load(user_id) if user_id is not None else None
    return StaffUser.from_model(user) if user else None


@strawberry.input
class WorkReminderInput:
    id: strawberry.ID
    action: ReminderAction
    until: dt.date | None = strawberry.field(default=None, description="SNOOZE: the day it comes back (within 90 days).")
    note: str | None = strawberry.field(default=None, description="What was done; DISMISS: why (required).")


@strawberry.type
class ReminderPayload:
    reminder: Reminder | None
    errors: list[MarketingError]


ContactChannel = strawberry.enum(models.ContactChannel, description="How the customer was met: a visit, a call, at the branch.")
ContactOutcome = strawberry.enum(models.ContactOutcome, description="What came of the contact.")


@strawberry.type(description="A visit or call logged with a customer (客户接触).")
class Contact:
    id: strawberry.ID
    channel: ContactChannel
    outcome: ContactOutcome
    note: str | None
    contacted_at: dt.datetime
    reminder_id: strawberry.ID | None = strawberry.field(description="The reminder that prompted it, if any.")
    model: strawberry.Private[models.Contact]

    @classmethod
    def from_model(cls, m: models.Contact) -> Contact:
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), channel=models.ContactChannel(m.channel), outcome=models.ContactOutcome(m.outcome),
            reminder_id=strawberry.ID(str(m.reminder_id)) if m.reminder_id else None, model=m,
        )

    @strawberry.field(description="Who logged it.")
    async def staff(self, info: Info) -> StaffUser | None:
        return await _staff(info, self.model.staff_id)


@strawberry.type(description="One member of staff's contacts in a period: how many, with how many customers.")
class StaffContactCount:
    contacts: int
    customers: int
    staff_id: strawberry.Private[int]

    @strawberry.field
    async def staff(self, info: Info) -> StaffUser | None:
        return await _staff(info, self.staff_id)


@strawberry.input(description="A contact to log; `id` is made by the client (a UUID), so a retry stores it once.")
class LogContactInput:
    id: strawberry.ID
    customer_id: strawberry.ID
    channel: ContactChannel
    outcome: ContactOutcome
    contacted_at: dt.datetime
    note: str | None = None
    reminder_id: strawberry.ID | None = strawberry.field(default=None, description="The reminder that prompted it: logging closes it.")


@strawberry.type
class ContactPayload:
    contact: Contact | None
    errors: list[MarketingError]
