"""GraphQL types of quota applications, approval processes (BPMN), tasks and quotas
(docs/approvals.md)."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry.types import Info

from backend.approvals import errors as approval_errors
from backend.approvals import models, repository
from backend.approvals.bpmn import Instance, Outline
from backend.approvals.service import may_decide
from backend.auth.roles import OrgLevel as Level
from backend.auth.roles import Role as RoleValue
from backend.customers.validation import GENERIC_CODES
from backend.products import errors as product_errors
from backend.products.models import RepaymentMethod as RepaymentValue
from schema.common import error_codes, error_type, from_attributes
from schema.customers import Money
from schema.orgs import OrgLevel, OrgUnit, Role, StaffUser
from schema.products import Product, RepaymentMethod, percent

if TYPE_CHECKING:
    from schema.customers import Customer
    from schema.images import CustomerImage
    from schema.rating import Rating

ApprovalErrorCode = error_codes(
    "ApprovalErrorCode", approval_errors.ERROR_CODES, product_errors.ERROR_CODES, GENERIC_CODES,
    description="Why an application, an approval step, a process upload or a quota change was refused; eligibility reasons "
    "(NOT_PRECISE, VETOED, GRADE_TOO_LOW...) included.",
)
ApprovalError = error_type("ApprovalError", ApprovalErrorCode, description="A refused request: the field, the rule (code), the message.")

ApplicationStatus = strawberry.enum(models.ApplicationStatus, description="Where a quota application stands.")
ApplicationChannel = strawberry.enum(models.ApplicationChannel, description="Where the application was made.")
ApprovalTaskStatus = strawberry.enum(models.TaskStatus, name="ApprovalTaskStatus", description="OPEN: in its queue; CLAIMED: held by one approver.")
ApplicationEventAction = strawberry.enum(models.EventAction, name="ApplicationEventAction", description="One step of an application's history.")
ProcessStatus = strawberry.enum(models.ProcessStatus, name="ProcessStatus")
QuotaStatus = strawberry.enum(models.QuotaStatus, name="QuotaStatus")


@strawberry.enum(description="What a task's SLA timer does when it fires.")
class ApprovalSlaAction(StrEnum):
    REMIND = "REMIND"  # the task is marked overdue
    ESCALATE = "ESCALATE"  # the step is taken away and the process goes on


ApplicationOrder = strawberry.enum(
    repository.ApplicationOrder,
    description="The order of the application list: when it was made, the amount applied for, or the customer's name in "
    "pinyin order (拼音: 阿明, 李四, 王五, 张三).",
)
TaskOrder = strawberry.enum(
    repository.TaskOrder,
    description="The order of the approval inbox: waiting longest first (first come, first served) or newest first, or "
    "the application's amount.",
)


@strawberry.enum(description="Which approval tasks: QUEUE, unclaimed in your role's queue at your unit; MINE, held by you.")
class TaskBox(StrEnum):
    QUEUE = "QUEUE"
    MINE = "MINE"


@strawberry.type(description="A lane of a process: the approver role and the org level whose unit queues its tasks.")
class ProcessLane:
    name: str
    role: Role
    level: OrgLevel


@strawberry.type(description="A user task of a process.")
class ProcessTask:
    id: str
    name: str
    lane: str


@strawberry.type(description="An SLA timer on a user task: interrupting timers escalate, the others remind.")
class ProcessTimer:
    id: str
    name: str
    task: str
    duration: str = strawberry.field(description="ISO 8601, e.g. PT24H.")
    interrupting: bool


@strawberry.type(description="An approval process (BPMN 2.0), one version: a template shipped with CIC or a bank's own.")
class ProcessDefinition:
    id: strawberry.ID
    key: str
    version: int
    status: ProcessStatus
    name: str
    bpmn_xml: str
    template: bool = strawberry.field(description="Shipped with CIC (every bank may bind it).")
    lanes: list[ProcessLane]
    tasks: list[ProcessTask]
    timers: list[ProcessTimer]
    created_by: str
    created_at: dt.datetime
    model: strawberry.Private[models.ProcessDefinition]

    @strawberry.field
    async def bank(self, info: Info) -> OrgUnit | None:
        if self.model.bank_id is None:
            return None
        unit = await info.context.loaders.org_unit.load(self.model.bank_id)
        return OrgUnit.from_model(unit) if unit else None

    @classmethod
    def from_model(cls, m: models.ProcessDefinition) -> ProcessDefinition:
        shape = Outline.of(m.outline)
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), template=m.bank_id is None,
            lanes=[ProcessLane(name=x.name, role=RoleValue(x.role), level=Level(x.level)) for x in shape.lanes],  # type: ignore[arg-type]
            tasks=[ProcessTask(id=x.id, name=x.name, lane=x.lane) for x in shape.tasks],
            timers=[ProcessTimer(id=x.id, name=x.name, task=x.task, duration=x.duration, interrupting=x.interrupting) for x in shape.timers],
            model=m,
        )


@strawberry.type(description="A running or finished process instance, for the diagram: which BPMN elements are done and current.")
class ProcessInstance:
    definition: ProcessDefinition
    bpmn_xml: str
    current_elements: list[str] = strawberry.field(description="BPMN ids of the user tasks waiting now.")
    completed_elements: list[str] = strawberry.field(description="BPMN ids a token has passed.")


@strawberry.type(description="One step of an application: who, when, what, the amount and the comment.")
class ApplicationEvent:
    id: strawberry.ID
    action: ApplicationEventAction
    element_id: str | None
    element_name: str | None
    amount: Money | None
    term: int | None
    rate: str | None = strawberry.field(description="Approvals: the annual rate in percent.")
    comment: str | None
    at: dt.datetime
    system: bool = strawberry.field(description="Done by CIC itself (a timer, straight-through approval).")
    model: strawberry.Private[models.ApplicationEvent]

    @strawberry.field
    async def actor(self, info: Info) -> StaffUser | None:
        if self.model.actor_id is None:
            return None
        user = await info.context.loaders.staff_user.load(self.model.actor_id)
        return StaffUser.from_model(user) if user else None

    @strawberry.field(description="Delegations: to whom.")
    async def to_user(self, info: Info) -> StaffUser | None:
        if self.model.to_user_id is None:
            return None
        user = await info.context.loaders.staff_user.load(self.model.to_user_id)
        return StaffUser.from_model(user) if user else None

    @classmethod
    def from_model(cls, m: models.ApplicationEvent) -> ApplicationEvent:
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), amount=Money(str(m.amount)) if m.amount is not None else None,
            rate=percent(m.rate_bp) if m.rate_bp is not None else None,
            system=m.actor_id is None and m.actor_client is None, model=m,
        )


@strawberry.type(description="What you may do with a task now.")
class ApprovalTaskActions:
    claim: bool
    release: bool
    decide: bool = strawberry.field(description="Approve, reject, return or delegate.")


@strawberry.type(description="A step of an approval process waiting for (or done by) a person.")
class ApprovalTask:
    id: strawberry.ID
    element_id: str
    name: str
    lane: str | None
    role: Role
    status: ApprovalTaskStatus
    outcome: ApplicationEventAction | None
    created_at: dt.datetime
    due_at: dt.datetime | None = strawberry.field(description="When its SLA timer fires.")
    sla_action: ApprovalSlaAction | None = strawberry.field(description="What happens at dueAt.")
    reminded_at: dt.datetime | None
    completed_at: dt.datetime | None
    model: strawberry.Private[models.ApprovalTask]

    @strawberry.field(description="Past its SLA (reminded, or due).")
    def overdue(self) -> bool:
        return self.model.reminded_at is not None or (self.model.due_at is not None and self.model.due_at <= dt.datetime.now(dt.UTC))

    @strawberry.field
    async def claimed_by(self, info: Info) -> StaffUser | None:
        if self.model.claimed_by is None:
            return None
        user = await info.context.loaders.staff_user.load(self.model.claimed_by)
        return StaffUser.from_model(user) if user else None

    @strawberry.field
    async def application(self, info: Info) -> Application | None:
        app = await info.context.loaders.application.load(self.model.application_id)
        return Application.from_model(app) if app else None

    @strawberry.field
    def viewer_can(self, info: Info) -> ApprovalTaskActions:
        viewer, m = info.context.viewer, self.model
        decide = may_decide(viewer, m)
        return ApprovalTaskActions(
            claim=decide and m.status == models.TaskStatus.OPEN,
            release=m.status == models.TaskStatus.CLAIMED and m.claimed_by == viewer.user_id,
            decide=decide,
        )

    @strawberry.field(description="Who the task may be delegated to (same role and unit).")
    async def delegates(self, info: Info) -> list[StaffUser]:
        ctx = info.context
        async with ctx.reader() as session:
            ids = await ctx.services.approvals(session).candidates(ctx.viewer, self.model)
        users = await ctx.loaders.staff_user.load_many(ids)
        return [StaffUser.from_model(u) for u in users if u is not None]

    @classmethod
    def from_model(cls, m: models.ApprovalTask) -> ApprovalTask:
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), role=RoleValue(m.role), outcome=models.EventAction(m.outcome) if m.outcome else None,
            sla_action=ApprovalSlaAction(m.sla_action) if m.sla_action else None, model=m,
        )  # type: ignore[arg-type]


@strawberry.type(description="What you may do with an application now.")
class ApplicationActions:
    resubmit: bool
    withdraw: bool


@strawberry.type(description="A quota (授信额度): granted when an application's process ends.")
class Quota:
    id: strawberry.ID
    product_code: str
    status: QuotaStatus
    amount: Money
    used_amount: Money = strawberry.field(description="Principal outstanding on its loans.")
    reserved_amount: Money = strawberry.field(description="Drawdowns sent to the lending platform, not yet disbursed.")
    available_amount: Money
    term: int = strawberry.field(description="Months.")
    rate: str = strawberry.field(description="Annual rate in percent.")
    repayment_method: RepaymentMethod
    valid_from: dt.date
    valid_to: dt.date
    created_at: dt.datetime
    updated_at: dt.datetime
    announced_at: dt.datetime | None = strawberry.field(description="When the quota.approved event was delivered.")
    model: strawberry.Private[models.Quota]

    @strawberry.field
    async def customer(self, info: Info) -> Annotated[Customer, strawberry.lazy("schema.customers")] | None:
        from schema.customers import Customer

        archive = await info.context.loaders.archive.load(self.model.customer_id)
        return Customer.from_model(archive) if archive else None

    @strawberry.field
    async def application(self, info: Info) -> Application | None:
        app = await info.context.loaders.application.load(self.model.application_id)
        return Application.from_model(app) if app else None

    @classmethod
    def from_model(cls, m: models.Quota) -> Quota:
        available = m.amount - m.used_amount - m.reserved_amount if m.status == models.QuotaStatus.ACTIVE else 0
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), amount=Money(str(m.amount)), used_amount=Money(str(m.used_amount)), reserved_amount=Money(str(m.reserved_amount)),
            available_amount=Money(str(max(available, 0))), rate=percent(m.rate_bp),
            repayment_method=RepaymentValue(m.repayment_method), model=m,
        )


@strawberry.type(description="A quota application (授信申请) and its approval.")
class Application:
    id: strawberry.ID
    number: str
    status: ApplicationStatus
    channel: ApplicationChannel
    product_code: str
    amount: Money
    term: int = strawberry.field(description="Months.")
    repayment_method: RepaymentMethod
    purpose: str
    over_reason: str | None = strawberry.field(description="Why more than the recommended quota.")
    score: int | None = strawberry.field(description="The rating when it was submitted.")
    grade: str | None
    recommended_quota: Money
    sampled: bool = strawberry.field(description="Straight through: drawn for manual review.")
    approved_amount: Money | None
    approved_term: int | None
    rate: str = strawberry.field(description="Annual rate in percent: priced by grade within the product's range, or set by an approver.")
    created_at: dt.datetime
    updated_at: dt.datetime
    decided_at: dt.datetime | None
    model: strawberry.Private[models.Application]

    @strawberry.field
    async def customer(self, info: Info) -> Annotated[Customer, strawberry.lazy("schema.customers")] | None:
        from schema.customers import Customer

        archive = await info.context.loaders.archive.load(self.model.customer_id)
        return Customer.from_model(archive) if archive else None

    @strawberry.field(description="The customer's rating now, with its explanation.")
    async def rating(self, info: Info) -> Annotated[Rating, strawberry.lazy("schema.rating")] | None:
        from schema.rating import rating_of

        return await rating_of(info, self.model.bank_id, self.model.customer_id)

    @strawberry.field(description="The product version applied for.")
    async def product(self, info: Info) -> Product | None:
        product = await info.context.loaders.product.load(self.model.product_id)
        return Product.from_model(product) if product else None

    @strawberry.field
    async def applicant(self, info: Info) -> StaffUser | None:
        if self.model.applicant_id is None:
            return None
        user = await info.context.loaders.staff_user.load(self.model.applicant_id)
        return StaffUser.from_model(user) if user else None

    @strawberry.field
    async def branch(self, info: Info) -> OrgUnit | None:
        unit = await info.context.loaders.org_unit.load(self.model.branch_id)
        return OrgUnit.from_model(unit) if unit else None

    @strawberry.field(description="The archive's photos attached to the application.")
    async def attachments(self, info: Info) -> list[Annotated[CustomerImage, strawberry.lazy("schema.images")]]:
        from schema.images import CustomerImage

        wanted = set(self.model.attachment_ids or [])
        if not wanted:
            return []
        images = await info.context.loaders.customer_images.load((self.model.bank_id, self.model.customer_id))
        return [CustomerImage.from_model(i) for i in images if i.id in wanted]

    @strawberry.field(description="The process instance for the diagram (bpmn-js): the version it runs, done and current steps.")
    async def process(self, info: Info) -> ProcessInstance | None:
        definition = await info.context.loaders.process_definition.load(self.model.process_id)
        if definition is None:
            return None
        state = await info.context.loaders.application_workflow.load(self.model.id)
        if state is None:
            return None
        instance = Instance.load(state)
        return ProcessInstance(
            definition=ProcessDefinition.from_model(definition), bpmn_xml=definition.bpmn_xml,
            current_elements=instance.current_elements() if self.model.status == models.ApplicationStatus.IN_APPROVAL else [],
            completed_elements=instance.completed_elements(),
        )

    @strawberry.field(description="Every step, oldest first.")
    async def history(self, info: Info) -> list[ApplicationEvent]:
        return [ApplicationEvent.from_model(e) for e in await info.context.loaders.application_events.load(self.model.id)]

    @strawberry.field(description="Its approval tasks, oldest first (done, cancelled and open).")
    async def tasks(self, info: Info) -> list[ApprovalTask]:
        return [ApprovalTask.from_model(t) for t in await info.context.loaders.application_tasks.load(self.model.id)]

    @strawberry.field(description="The quota it granted.")
    async def quota(self, info: Info) -> Quota | None:
        if self.model.status != models.ApplicationStatus.APPROVED:
            return None
        quota = await info.context.loaders.application_quota.load(self.model.id)
        return Quota.from_model(quota) if quota else None

    @strawberry.field
    def viewer_can(self, info: Info) -> ApplicationActions:
        viewer, m = info.context.viewer, self.model
        own = m.applicant_id is not None and m.applicant_id == viewer.user_id
        return ApplicationActions(
            resubmit=own and m.status == models.ApplicationStatus.RETURNED,
            withdraw=own and m.status in models.OPEN_APPLICATION,
        )

    @classmethod
    def from_model(cls, m: models.Application) -> Application:
        money = lambda v: Money(str(v)) if v is not None else None  # noqa: E731
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), amount=Money(str(m.amount)), recommended_quota=Money(str(m.recommended_quota)),
            approved_amount=money(m.approved_amount), repayment_method=RepaymentValue(m.repayment_method), rate=percent(m.rate_bp), model=m,
        )  # type: ignore[arg-type]


@strawberry.type(description="A reason the customer may not apply, in Chinese and English.")
class EligibilityReason:
    code: ApprovalErrorCode  # type: ignore[valid-type]
    message: str
    message_en: str


@strawberry.type(description="Whether a customer may apply for a product now, and what the form prefills.")
class ApplicationCheck:
    eligible: bool
    reasons: list[EligibilityReason]
    recommended_quota: Money
    rating: Annotated[Rating, strawberry.lazy("schema.rating")] | None
    product: Product


@strawberry.type(description="Approval tasks waiting for you.")
class ApprovalInboxCounts:
    queue: int = strawberry.field(description="Unclaimed in your queues.")
    mine: int = strawberry.field(description="Claimed by you.")
    overdue: int = strawberry.field(description="Of those, past their SLA.")


@strawberry.input(description="A quota application; `id` may be chosen by the client (the PAD offline) so a retry is idempotent.")
class SubmitApplicationInput:
    customer_id: strawberry.ID
    product_id: strawberry.ID
    amount: Money
    term: int
    repayment_method: RepaymentMethod
    purpose: str
    channel: ApplicationChannel = models.ApplicationChannel.BRANCH
    over_reason: str | None = None
    attachment_ids: list[strawberry.ID] = strawberry.field(default_factory=list)
    id: strawberry.ID | None = None


@strawberry.input(description="A returned application, completed: what changes (unset fields stay).")
class ResubmitApplicationInput:
    id: strawberry.ID
    amount: Money | None = None
    term: int | None = None
    purpose: str | None = None
    over_reason: str | None = None
    attachment_ids: list[strawberry.ID] | None = None
    comment: str | None = None


@strawberry.input
class WithdrawApplicationInput:
    id: strawberry.ID
    reason: str | None = None


@strawberry.input(description="Approve a step: amount and term at most what was asked (and what the previous level approved).")
class ApproveTaskInput:
    id: strawberry.ID
    amount: Money | None = None
    term: int | None = None
    rate: str | None = strawberry.field(default=None, description="Annual rate in percent within the product's range; default: the priced one.")
    comment: str | None = None


@strawberry.input
class RejectTaskInput:
    id: strawberry.ID
    reason: str


@strawberry.input
class ReturnTaskInput:
    id: strawberry.ID
    comment: str = strawberry.field(description="What the applicant must add.")


@strawberry.input
class DelegateTaskInput:
    id: strawberry.ID
    to_user_id: strawberry.ID
    comment: str | None = None


@strawberry.input
class UploadProcessInput:
    bpmn_xml: str
    bank_id: strawberry.ID | None = strawberry.field(default=None, description="Province administrators: the bank; else yours.")


@strawberry.enum(description="What a quota change does.")
class QuotaChange(StrEnum):
    FREEZE = "FREEZE"
    UNFREEZE = "UNFREEZE"
    REVOKE = "REVOKE"


@strawberry.input
class ChangeQuotaInput:
    id: strawberry.ID
    change: QuotaChange
    reason: str


@strawberry.type
class ApplicationPayload:
    application: Application | None = None
    errors: list[ApprovalError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


@strawberry.type
class ApprovalTaskPayload:
    task: ApprovalTask | None = None
    errors: list[ApprovalError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]

    @strawberry.field(description="The application after the step.")
    async def application(self, info: Info) -> Application | None:
        if self.task is None:
            return None
        async with info.context.reader() as session:
            app = await info.context.services.approvals(session).application(info.context.viewer, self.task.model.application_id)
        return Application.from_model(app) if app else None


@strawberry.type
class ProcessPayload:
    process: ProcessDefinition | None = None
    errors: list[ApprovalError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]


@strawberry.type
class QuotaPayload:
    quota: Quota | None = None
    errors: list[ApprovalError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
