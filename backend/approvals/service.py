"""Quota applications and their approval: eligibility, submission, the BPMN process run by
SpiffWorkflow, the approval tasks, the history, and the quota the process grants.

Every step of a running application happens under a lock on its row (``SELECT ... FOR
UPDATE``): the process instance is loaded from the row, moved, and stored back with the task
rows and a history event in the same transaction, so two approvers acting on one task at once
get one success and one ``TASK_CLOSED``, and a restart loses nothing. Task semantics are the
engine's, the same for every process (docs/approvals.md): approving completes the user task
and the process moves on; rejecting and withdrawing cancel the process; returning suspends the
step until the applicant resubmits. The process reaching its end grants the quota.
"""

from __future__ import annotations

import calendar
import hashlib
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.bpmn import BpmnRefused, Instance, Outline, outline
from backend.approvals.models import (
    ACTIVE_TASK,
    OPEN_APPLICATION,
    Application,
    ApplicationChannel,
    ApplicationEvent,
    ApplicationStatus,
    ApprovalTask,
    EventAction,
    ProcessDefinition,
    ProcessStatus,
    Quota,
    QuotaStatus,
    TaskStatus,
)
from backend.approvals.repository import ApplicationOrder, ApprovalRepository, TaskOrder
from backend.approvals.tasks import QUOTA_APPROVED, QuotaRef
from backend.audit import service as audit
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.auth.roles import OrgLevel
from backend.customers.models import ArchiveStatus, Customer
from backend.customers.tasks import ASSIGN_MANAGER, ArchiveRef
from backend.db.session import hold
from backend.errors import DomainError, FieldError, PermissionDenied, field_error, not_found
from backend.orgs.models import OrgUnit
from backend.outbox.service import Outbox
from backend.notifications.models import SmsEvent
from backend.notifications.service import NotificationService, yuan
from backend.products.models import Product, ProductStatus
from backend.products.service import YUAN, Eligibility, process_for
from backend.rating.card import INELIGIBLE
from backend.rating.models import CustomerRating, RatingHistory
from backend.rating.service import RatingService, card_of

TEMPLATES = Path(__file__).resolve().parent / "templates"
LOCAL = ZoneInfo("Asia/Shanghai")
VETO_LABELS = {"BLACKLISTED": "在风险黑名单中", "OVERDUE_90": "贷款逾期超过90天", "LOSS_CLASS": "贷款五级分类为损失", "NOT_PRECISE": "档案未建档精准"}


def _reason(code: str, zh: str, en: str, f: str = "customerId") -> FieldError:
    return FieldError(f, code, zh, en)


async def ensure_templates(session: AsyncSession) -> int:
    """Load the shipped templates (``templates/*.bpmn``) as province-wide definitions; a changed
    file becomes a new version (``cic migrate`` calls this). Returns how many were stored."""
    repo = ApprovalRepository(session)
    stored = 0
    for path in sorted(TEMPLATES.glob("*.bpmn")):
        xml = path.read_text(encoding="utf-8")
        shape = outline(xml)
        current = await repo.process_in_force(None, shape.process_id, for_update=True)
        if current is not None and current.bpmn_xml == xml:
            continue
        await repo.supersede_process(None, shape.process_id)
        session.add(ProcessDefinition(
            bank_id=None, org_path="/", key=shape.process_id, version=await repo.next_process_version(None, shape.process_id),
            status=ProcessStatus.ACTIVE, name=shape.name, bpmn_xml=xml, outline=shape.as_json(), created_by="system",
        ))  # fmt: skip
        await session.flush()
        stored += 1
    return stored


@dataclass
class Check:
    """``applicationCheck``: whether a customer may apply for a product, and what to prefill."""

    archive: Customer
    product: Product
    rating: CustomerRating | RatingHistory | None
    reasons: list[FieldError] = field(default_factory=list)

    @property
    def eligible(self) -> bool:
        return not self.reasons

    @property
    def recommended(self) -> int:
        return self.rating.quota if self.rating is not None else 0


@dataclass
class ApplicationInput:
    id: uuid.UUID | None
    customer_id: uuid.UUID
    product_id: int
    amount: int  # fen
    term: int
    repayment_method: str
    purpose: str
    over_reason: str | None
    attachment_ids: list[uuid.UUID]
    channel: ApplicationChannel


@dataclass
class Resubmission:
    amount: int | None = None
    term: int | None = None
    purpose: str | None = None
    over_reason: str | None = None
    attachment_ids: list[uuid.UUID] | None = None
    comment: str | None = None


@dataclass
class Decision:
    amount: int | None = None  # fen; approve
    term: int | None = None  # approve
    rate_bp: int | None = None  # approve: within the product's range
    comment: str | None = None


def _add_months(day: date, months: int) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def price(product: Product, grade_rank: int, grades: int) -> int:
    """Risk-based pricing: the best grade gets the product's lowest rate, the worst eligible one
    its highest, linear in between (basis points, rounded to 5)."""
    if grades <= 1:
        return product.rate_min_bp
    share = min(max(grade_rank - 1, 0), grades - 1) / (grades - 1)
    raw = product.rate_min_bp + share * (product.rate_max_bp - product.rate_min_bp)
    return min(product.rate_max_bp, max(product.rate_min_bp, int(round(raw / 5) * 5)))


def sampled(application_id: uuid.UUID, rate: int) -> bool:
    """Drawn for manual review: a stable draw from the application's id (the same on a retry)."""
    return int.from_bytes(hashlib.sha256(application_id.bytes).digest()[:4], "big") % 100 < rate


def is_candidate(principal: Principal, task: ApprovalTask) -> bool:
    """A holder of the task's role at the unit that queues it."""
    return task.role in {r.value for r in principal.roles} and principal.scope_path == task.queue_path


def may_decide(principal: Principal, task: ApprovalTask) -> bool:
    """Whether the caller may act on the task now (four eyes is checked when they do)."""
    return principal.can(Permission.APPROVAL_DECIDE) and task.status in ACTIVE_TASK and (
        task.claimed_by == principal.user_id or (task.status == TaskStatus.OPEN and is_candidate(principal, task))
    )


class ApprovalService:
    def __init__(self, session: AsyncSession, outbox: Outbox | None = None) -> None:
        self.session = session
        self.outbox = outbox
        self.repo = ApprovalRepository(session)
        self.rating = RatingService(session)

    # -- processes -------------------------------------------------------------------------
    async def processes(self, principal: Principal, *, include_superseded: bool = False) -> list[ProcessDefinition]:
        return await self.repo.processes(principal, include_superseded=include_superseded)

    async def process(self, principal: Principal, process_id: int) -> ProcessDefinition | None:
        return await self.repo.process(principal, process_id)

    async def processes_by_id(self, ids: Sequence[int]) -> dict[int, ProcessDefinition]:
        return await self.repo.processes_by_id(ids)

    async def process_keys(self, bank_id: int) -> set[str]:
        return await self.repo.process_keys(bank_id)

    async def upload_process(self, principal: Principal, bank_id: int | None, xml: str) -> ProcessDefinition:
        """A bank's own process (or a new version of one): validated, then in force for new
        applications; running ones keep theirs."""
        if not principal.is_staff or not principal.can(Permission.PROCESS_ADMIN):
            raise PermissionDenied("only bank and province administrators upload processes")
        bank_id = bank_id or principal.bank_id
        bank = await self.session.get(OrgUnit, bank_id) if bank_id else None
        if bank is None or bank.level != OrgLevel.BANK or not principal.can_read_path(bank.path):
            raise field_error("bankId", "NOT_ADMINISTERED", "只能维护本行社的审批流程", "you administer no such bank")
        try:
            shape = outline(xml)
        except BpmnRefused as refused:
            raise DomainError(*(FieldError("bpmnXml", r.code, r.message + (f"（{r.element}）" if r.element else ""), r.message_en)
                                for r in refused.reasons)) from None
        await self.repo.supersede_process(bank.id, shape.process_id)
        definition = ProcessDefinition(
            bank_id=bank.id, org_path=bank.path, key=shape.process_id, version=await self.repo.next_process_version(bank.id, shape.process_id),
            status=ProcessStatus.ACTIVE, name=shape.name, bpmn_xml=xml, outline=shape.as_json(),
            created_by=principal.username or str(principal.user_id),
        )
        self.session.add(definition)
        await self.session.flush()
        await audit.record(
            self.session, action="process.uploaded", org_path=bank.path, principal=principal, target_type="ProcessDefinition",
            target_id=definition.id, detail={"key": definition.key, "version": definition.version},
        )
        return definition

    # -- eligibility -----------------------------------------------------------------------
    async def check(
        self, principal: Principal, customer_id: uuid.UUID, product_id: int, channel: ApplicationChannel, *, rate_now: bool = False
    ) -> Check:
        archive = await self.repo.archive(principal, customer_id)
        if archive is None:
            raise not_found("客户档案", "customerId")
        product = await self.session.get(Product, product_id)
        if product is None or product.bank_id != archive.bank_id:
            raise not_found("产品", "productId")
        hold(self.session, product)  # the caller names the application's product after the submission
        if rate_now:
            rating: CustomerRating | RatingHistory | None = await self.rating.rate(archive.bank_id, archive.id)
        else:
            rating = (await self.rating.ratings(principal, [(archive.bank_id, archive.id)])).get((archive.bank_id, archive.id))
        result = Check(archive=archive, product=product, rating=rating)
        reasons = result.reasons
        today = datetime.now(LOCAL).date()
        if archive.status == ArchiveStatus.ARCHIVED:
            reasons.append(_reason("ARCHIVE_CLOSED", "档案已注销", "the archive is closed"))
        if product.status != ProductStatus.ACTIVE or product.valid_from > today or (product.valid_to and product.valid_to < today):
            reasons.append(_reason("PRODUCT_NOT_OFFERED", f"产品“{product.name}”当前不在售", "the product is not on offer", "productId"))
        if channel.value not in product.channels:  # the same names as the product's channels
            reasons.append(_reason("CHANNEL_NOT_OFFERED", "该产品不在本渠道办理", "the product is not offered on this channel", "productId"))
        rules = Eligibility.model_validate(product.eligibility)
        if rules.precise_archive and not await self.repo.precise(archive.bank_id, archive.id):
            reasons.append(_reason("NOT_PRECISE", "档案尚未建档精准（须审核通过且无校验错误）", "the archive is not precise"))
        if rating is None:
            reasons.append(_reason("NOT_RATED", "客户尚无信用评级", "the customer has no rating yet"))
        else:
            vetoes = [v for v in rating.vetoes if v != "NOT_PRECISE" or not rules.precise_archive]
            if rules.no_veto and vetoes:
                labels = "、".join(VETO_LABELS.get(v, v) for v in vetoes)
                reasons.append(_reason("VETOED", f"触发否决项：{labels}", f"vetoed: {', '.join(vetoes)}"))
            only_not_precise = rating.grade == INELIGIBLE and not vetoes and "NOT_PRECISE" in rating.vetoes
            if (rules.min_grade is not None or rating.grade == INELIGIBLE) and not only_not_precise:
                grades = [g.code for g in card_of(await self._card(rating.card_id)).grades] + [INELIGIBLE]
                worst = grades.index(rules.min_grade) if rules.min_grade in grades else len(grades) - 2
                if rating.grade not in grades or grades.index(rating.grade) > worst:
                    reasons.append(_reason("GRADE_TOO_LOW", f"信用等级 {rating.grade} 低于产品要求的 {grades[worst]}",
                                           f"grade {rating.grade} is below the product's minimum {grades[worst]}"))
        age = _age(archive.birth_date, today)
        if not rules.age_min <= age <= rules.age_max:
            reasons.append(_reason("AGE_OUT_OF_RANGE", f"年龄须在{rules.age_min}-{rules.age_max}岁之间",
                                   f"the age must be {rules.age_min}-{rules.age_max}"))
        if rules.regions and not any((archive.region_code or "").startswith(r) for r in rules.regions):
            reasons.append(_reason("REGION_NOT_COVERED", "客户所在地区不在产品的服务范围内", "the customer's region is not covered"))
        return result

    async def _card(self, card_id: int) -> Any:
        return (await self.rating.cards([card_id]))[card_id]

    # -- submission ------------------------------------------------------------------------
    async def submit(self, principal: Principal, data: ApplicationInput) -> Application:
        # Staff apply for archives in their scope; a customer's token (mobile banking) for its own.
        if not (principal.can(Permission.APPLICATION_SUBMIT) or (principal.kind == "customer" and principal.can(Permission.SELF_APPLY))):
            raise PermissionDenied(Permission.APPLICATION_SUBMIT.value)
        if data.id is not None and (existing := await self.repo.application_by_id(data.id)) is not None:
            # A retried submission (the PAD after a lost answer): the same application again.
            if existing.customer_id == data.customer_id and existing.applicant_id == principal.user_id and principal.can_read_path(existing.org_path):
                return existing
            raise field_error("id", "APPLICATION_ID_TAKEN", "申请编号已被使用", "the application id is taken")
        check = await self.check(principal, data.customer_id, data.product_id, data.channel, rate_now=True)
        if check.reasons:
            raise DomainError(*check.reasons)
        archive, product, rating = check.archive, check.product, check.rating
        assert rating is not None
        self._check_terms(product, data.amount, data.term, data.repayment_method, data.purpose)
        over_reason = (data.over_reason or "").strip() or None
        if data.amount > check.recommended and (over_reason is None or len(over_reason) < 5):
            raise field_error("overReason", "OVER_REASON_REQUIRED", f"申请金额超过推荐额度{check.recommended / YUAN:,.0f}元，须说明理由（至少5个字）",
                              "an amount above the recommended quota needs a reason of at least 5 characters")
        await self._check_attachments(archive, data.attachment_ids)
        if await self.repo.open_application(archive.bank_id, archive.id, product.code) is not None:
            raise field_error("productId", "APPLICATION_OPEN_EXISTS", "该客户已有此产品的在途申请", "an application for this product is open")
        definition = await self.repo.process_in_force(archive.bank_id, process_for(product, data.amount))
        assert definition is not None, "product processes are checked when the product is saved"
        app_id = data.id or uuid.uuid4()
        card = card_of(await self._card(rating.card_id))
        ranks = [g.code for g in card.grades] + [INELIGIBLE]
        rank = ranks.index(rating.grade) + 1 if rating.grade in ranks else len(ranks)
        app = Application(
            bank_id=archive.bank_id, id=app_id, number=f"SQ{datetime.now(LOCAL):%Y%m%d}{await self.repo.next_number():08d}",
            customer_id=archive.id, branch_id=archive.branch_id, org_path=archive.org_path, product_id=product.id,
            product_code=product.code, process_id=definition.id, status=ApplicationStatus.IN_APPROVAL, channel=data.channel,
            amount=data.amount, term=data.term, repayment_method=data.repayment_method, purpose=data.purpose.strip(),
            over_reason=over_reason, attachment_ids=list(dict.fromkeys(data.attachment_ids)), score=rating.score,
            grade=rating.grade, recommended_quota=rating.quota, card_id=rating.card_id, rate_bp=price(product, rank, len(card.grades)),
            sampled=sampled(app_id, product.sample_rate), applicant_id=principal.user_id, applicant_client=principal.client_id,
            workflow={},
        )
        variables = {
            "amount": data.amount / YUAN, "term": data.term, "score": rating.score, "grade": rating.grade,
            "grade_rank": rank, "product": product.code,
            "channel": data.channel.value, "recommended": rating.quota / YUAN, "within_recommendation": data.amount <= rating.quota,
            "straight_through": data.amount <= rating.quota, "sampled": app.sampled,
        }
        self.session.add(app)
        await self.session.flush()  # the application's row first: its events, tasks and quota refer to it
        await self._event(app, EventAction.SUBMITTED, principal, amount=data.amount, term=data.term, comment=over_reason)
        instance = Instance.start(definition.id, definition.bpmn_xml, definition.key, variables)
        await self._advance(app, definition, instance, principal, new=True)
        if archive.manager_id is None and self.outbox is not None:
            # No manager to prepare the application for: ask the information management system.
            await self.outbox.enqueue(self.session, ASSIGN_MANAGER, ArchiveRef(archive.bank_id, archive.id))
        await audit.record(
            self.session, action="application.submitted", org_path=app.org_path, principal=principal, target_type="Application",
            target_id=app.id, detail={"number": app.number, "product": product.code, "amount": app.amount, "process": definition.key},
        )
        return app

    def _check_terms(self, product: Product, amount: int, term: int, repayment: str, purpose: str) -> None:
        errors = []
        if not product.amount_min <= amount <= product.amount_max:
            errors.append(FieldError("amount", "AMOUNT_OUT_OF_RANGE", f"申请金额须在{product.amount_min / YUAN:,.0f}-{product.amount_max / YUAN:,.0f}元之间",
                                     "the amount is outside the product's range"))
        if term not in product.terms:
            errors.append(FieldError("term", "TERM_NOT_OFFERED", f"期限须为{'、'.join(str(t) for t in product.terms)}个月之一",
                                     "the product does not offer this term"))
        if repayment not in product.repayment_methods:
            errors.append(FieldError("repaymentMethod", "REPAYMENT_NOT_OFFERED", "该产品不支持此还款方式", "the product does not offer this repayment method"))
        if not 2 <= len((purpose or "").strip()) <= 200:
            errors.append(FieldError("purpose", "PURPOSE_REQUIRED", "请填写借款用途（2-200字）", "the purpose takes 2-200 characters"))
        if errors:
            raise DomainError(*errors)

    async def _check_attachments(self, archive: Customer, ids: list[uuid.UUID]) -> None:
        if ids and set(ids) - await self.repo.images_of(archive.bank_id, archive.id, ids):
            raise field_error("attachmentIds", "ATTACHMENT_UNKNOWN", "附件须为该客户档案的影像", "attachments must be this archive's photos")

    # -- the process -----------------------------------------------------------------------
    async def _advance(self, app: Application, definition: ProcessDefinition, instance: Instance, actor: Principal | None,
                       *, closed_as: str = EventAction.APPROVED, new: bool = False) -> None:
        """Store the instance, bring the task rows in line with its ready user tasks, and grant
        the quota when the process has ended. ``new``: the application was submitted in this
        transaction, so it has no task rows and no approvals to read. The rows are written by the
        next flush (a read's autoflush, the audit record, the commit), in one statement a table."""
        shape = Outline.of(definition.outline)
        app.workflow = instance.state()
        app.revision += 1
        app.updated_at = datetime.now(UTC)
        ready = {t.spiff_id: t for t in instance.ready()}
        live = [] if new else await self.repo.live_tasks(app.id)
        for row in live:
            if row.spiff_task_id not in ready:
                row.status = TaskStatus.CANCELLED if row.status != TaskStatus.DONE else row.status
                row.outcome = row.outcome or closed_as
                row.completed_at = row.completed_at or datetime.now(UTC)
        known = {row.spiff_task_id: row for row in live}
        due: dict[str, tuple[datetime, str]] = {}
        for timer_id, when in instance.timers():
            timer = shape.timer(timer_id)
            if timer is not None and (timer.task not in due or when < due[timer.task][0]):
                due[timer.task] = (when, "ESCALATE" if timer.interrupting else "REMIND")
        bank_path: str | None = None
        for spiff_id, task in ready.items():
            row = known.get(spiff_id)
            when, action = due.get(task.element_id, (None, None))
            if row is not None:
                row.due_at, row.sla_action = when, action
                continue
            lane = shape.lane(task.lane)
            assert lane is not None, "validated: every user task sits in a mapped lane"
            if lane.level == OrgLevel.BANK:
                bank_path = bank_path or await self.repo.unit_path(app.bank_id)
                queue = bank_path
            else:
                queue = app.org_path
            self.session.add(ApprovalTask(
                bank_id=app.bank_id, application_id=app.id, spiff_task_id=spiff_id, element_id=task.element_id, name=task.name,
                lane=task.lane, role=lane.role, queue_path=queue,
                status=TaskStatus.SUSPENDED if app.status == ApplicationStatus.RETURNED else TaskStatus.OPEN,
                due_at=when, sla_action=action,
            ))  # fmt: skip
        if instance.completed and app.status == ApplicationStatus.IN_APPROVAL:
            await self._grant(app, actor, new=new)

    async def _grant(self, app: Application, actor: Principal | None, *, new: bool = False) -> None:
        if new or not await self.repo.approvers_of(app.id):
            await self._event(app, EventAction.AUTO_APPROVED, None, amount=app.amount, term=app.term, comment="推荐额度内自动审批")
        app.status = ApplicationStatus.APPROVED
        app.decided_at = datetime.now(UTC)
        amount = app.approved_amount or app.amount
        term = app.approved_term or app.term
        app.approved_amount, app.approved_term = amount, term
        today = datetime.now(LOCAL).date()
        quota = Quota(
            bank_id=app.bank_id, id=uuid.uuid4(), customer_id=app.customer_id, org_path=app.org_path, application_id=app.id,
            product_id=app.product_id, product_code=app.product_code, status=QuotaStatus.ACTIVE, amount=amount, used_amount=0,
            term=term, rate_bp=app.rate_bp, repayment_method=app.repayment_method, valid_from=today, valid_to=_add_months(today, term),
        )
        self.session.add(quota)
        await self._event(app, EventAction.COMPLETED, None, amount=amount, term=term)
        await audit.record(
            self.session, action="quota.granted", org_path=app.org_path, principal=actor, target_type="Quota", target_id=quota.id,
            detail={"application": app.number, "amount": amount, "term": term, "rateBp": app.rate_bp, "validTo": quota.valid_to.isoformat()},
        )
        if self.outbox is not None:
            await self.outbox.enqueue(self.session, QUOTA_APPROVED, QuotaRef(bank_id=app.bank_id, quota_id=quota.id))

    async def _event(self, app: Application, action: EventAction, actor: Principal | None, *, task: ApprovalTask | None = None,
                     amount: int | None = None, term: int | None = None, comment: str | None = None, to_user: int | None = None,
                     rate_bp: int | None = None) -> None:
        """Add the application's event to the session: the next flush writes it, the events of
        one flush in one INSERT in the order they were added (their ids keep that order). A read
        of the events (the four-eyes rule's) flushes them first."""
        self.session.add(ApplicationEvent(
            bank_id=app.bank_id, application_id=app.id, action=action, element_id=task.element_id if task else None,
            element_name=task.name if task else None, actor_id=actor.user_id if actor else None,
            actor_client=actor.client_id if actor else None, amount=amount, term=term, rate_bp=rate_bp, comment=comment, to_user_id=to_user,
        ))  # fmt: skip

    async def _locked(self, principal: Principal, task_id: int) -> tuple[Application, ApprovalTask, ProcessDefinition]:
        """The task and its application, under the application's row lock; refuses a closed task."""
        if not principal.is_staff or not principal.can(Permission.APPROVAL_DECIDE):
            raise PermissionDenied(Permission.APPROVAL_DECIDE.value)
        seen = await self.repo.task(principal, task_id)
        if seen is None:
            raise not_found("审批任务")
        app = await self.repo.application(principal, seen.application_id, for_update=True)
        task = await self.repo.task_for_update(task_id)
        if app is None or task is None:
            raise not_found("审批任务")
        if task.status not in ACTIVE_TASK or app.status != ApplicationStatus.IN_APPROVAL:
            raise field_error("id", "TASK_CLOSED", "该任务已被处理或已撤销，请刷新", "the task is no longer open")
        definition = (await self.repo.processes_by_id([app.process_id]))[app.process_id]
        return app, task, definition

    async def _four_eyes(self, principal: Principal, app: Application) -> None:
        if app.applicant_id is not None and app.applicant_id == principal.user_id:
            raise field_error("id", "SELF_APPROVAL", "申请人不能审批自己提交的申请", "the applicant never approves their own application")
        if principal.user_id in await self.repo.approvers_of(app.id):
            raise field_error("id", "SAME_APPROVER_TWICE", "同一人不能审批同一申请的两个环节", "one person never approves two levels of an application")

    async def _take(self, principal: Principal, app: Application, task: ApprovalTask) -> None:
        """Approving or deciding an unclaimed task claims it first; another's claim refuses."""
        if task.status == TaskStatus.CLAIMED:
            if task.claimed_by != principal.user_id:
                raise field_error("id", "TASK_CLAIMED_BY_OTHER", "该任务已被他人认领", "another approver holds the task")
            await self._four_eyes(principal, app)  # a delegate may have approved an earlier level
            return
        if not is_candidate(principal, task):
            raise field_error("id", "NOT_CANDIDATE", "您不在该任务的审批岗位上", "the task is not in your queue")
        await self._four_eyes(principal, app)
        task.status, task.claimed_by = TaskStatus.CLAIMED, principal.user_id
        await self.session.flush()

    async def claim(self, principal: Principal, task_id: int) -> ApprovalTask:
        app, task, _ = await self._locked(principal, task_id)
        if task.status == TaskStatus.CLAIMED:
            if task.claimed_by == principal.user_id:
                return task
            raise field_error("id", "TASK_CLAIMED_BY_OTHER", "该任务已被他人认领", "another approver holds the task")
        await self._take(principal, app, task)
        await self._event(app, EventAction.CLAIMED, principal, task=task)
        return task

    async def release(self, principal: Principal, task_id: int) -> ApprovalTask:
        app, task, _ = await self._locked(principal, task_id)
        if task.status != TaskStatus.CLAIMED or task.claimed_by != principal.user_id:
            raise field_error("id", "NOT_CLAIMED", "只能释放自己认领的任务", "you do not hold this task")
        task.status, task.claimed_by, task.delegated_by = TaskStatus.OPEN, None, None
        await self.session.flush()
        await self._event(app, EventAction.RELEASED, principal, task=task)
        return task

    async def delegate(self, principal: Principal, task_id: int, to_user_id: int, comment: str | None) -> ApprovalTask:
        app, task, _ = await self._locked(principal, task_id)
        await self._take(principal, app, task)
        if to_user_id == principal.user_id or to_user_id not in await self.repo.candidates(task.queue_path, task.role):
            raise field_error("toUserId", "DELEGATE_NOT_CANDIDATE", "只能转办给同一审批岗位的其他人员", "delegate to another holder of the task's role and unit")
        if to_user_id == app.applicant_id or to_user_id in await self.repo.approvers_of(app.id):
            raise field_error("toUserId", "DELEGATE_NOT_CANDIDATE", "不能转办给申请人或已审批过本申请的人员",
                              "the delegate must not be the applicant or an earlier approver")
        task.claimed_by, task.delegated_by = to_user_id, principal.user_id
        await self.session.flush()
        await self._event(app, EventAction.DELEGATED, principal, task=task, comment=(comment or "").strip() or None, to_user=to_user_id)
        return task

    async def approve(self, principal: Principal, task_id: int, decision: Decision) -> ApprovalTask:
        app, task, definition = await self._locked(principal, task_id)
        await self._take(principal, app, task)  # four eyes included
        ceiling = app.approved_amount or app.amount
        amount = decision.amount if decision.amount is not None else ceiling
        term = decision.term if decision.term is not None else (app.approved_term or app.term)
        if not 0 < amount <= ceiling:
            raise field_error("amount", "APPROVED_ABOVE_REQUEST", f"批准金额须大于0且不超过{ceiling / YUAN:,.0f}元",
                              "the approved amount must be positive and not above the request (or the previous level's)")
        if not 0 < term <= (app.approved_term or app.term):
            raise field_error("term", "APPROVED_ABOVE_REQUEST", "批准期限不能超过申请期限", "the approved term is above the request")
        if decision.rate_bp is not None:
            product = await self.session.get(Product, app.product_id)
            assert product is not None
            if not product.rate_min_bp <= decision.rate_bp <= product.rate_max_bp:
                raise field_error("rate", "RATE_OUT_OF_RANGE", f"利率须在产品范围{product.rate_min_bp / 100:.2f}%-{product.rate_max_bp / 100:.2f}%内",
                                  "the rate is outside the product's range")
            app.rate_bp = decision.rate_bp
        app.approved_amount, app.approved_term = amount, term
        instance = Instance.load(app.workflow)
        instance.complete(task.spiff_task_id, {"decision": "approve", "approved_amount": amount / YUAN, "approved_term": term})
        task.status, task.outcome = TaskStatus.DONE, EventAction.APPROVED
        task.completed_at, task.completed_by = datetime.now(UTC), principal.user_id
        await self._event(app, EventAction.APPROVED, principal, task=task, amount=amount, term=term, rate_bp=app.rate_bp,
                          comment=(decision.comment or "").strip() or None)
        await self._advance(app, definition, instance, principal)
        return task

    async def reject(self, principal: Principal, task_id: int, reason: str) -> ApprovalTask:
        reason = (reason or "").strip()
        if not 2 <= len(reason) <= 500:
            raise field_error("reason", "REASON_REQUIRED", "拒绝须填写原因（2-500字）", "a reason of 2-500 characters is required")
        app, task, definition = await self._locked(principal, task_id)
        await self._take(principal, app, task)  # four eyes included
        task.status, task.outcome = TaskStatus.DONE, EventAction.REJECTED
        task.completed_at, task.completed_by = datetime.now(UTC), principal.user_id
        await self._close(app, definition, ApplicationStatus.REJECTED, EventAction.REJECTED, principal, task=task, comment=reason)
        await self._tell_applicant(app, SmsEvent.APPLICATION_REJECTED)
        return task

    async def return_(self, principal: Principal, task_id: int, comment: str) -> ApprovalTask:
        comment = (comment or "").strip()
        if not 2 <= len(comment) <= 500:
            raise field_error("comment", "REASON_REQUIRED", "退回须说明需要补充的内容（2-500字）", "say what is missing (2-500 characters)")
        app, task, _ = await self._locked(principal, task_id)
        await self._take(principal, app, task)
        task.status = TaskStatus.SUSPENDED  # comes back to the same approver on resubmission
        app.status = ApplicationStatus.RETURNED
        app.revision += 1
        await self.session.flush()
        await self._event(app, EventAction.RETURNED, principal, task=task, comment=comment)
        await self._tell_applicant(app, SmsEvent.APPLICATION_RETURNED)
        return task

    async def resubmit(self, principal: Principal, application_id: uuid.UUID, change: Resubmission) -> Application:
        app = await self._own(principal, application_id)
        if app.status != ApplicationStatus.RETURNED:
            raise field_error("id", "NOT_RETURNED", "只有被退回的申请可以重新提交", "only a returned application is resubmitted")
        product = await self.session.get(Product, app.product_id)
        assert product is not None
        amount = change.amount if change.amount is not None else app.amount
        term = change.term if change.term is not None else app.term
        purpose = change.purpose if change.purpose is not None else app.purpose
        self._check_terms(product, amount, term, app.repayment_method, purpose)
        over_reason = (change.over_reason if change.over_reason is not None else app.over_reason or "").strip() or None
        if amount > app.recommended_quota and (over_reason is None or len(over_reason) < 5):
            raise field_error("overReason", "OVER_REASON_REQUIRED", "申请金额超过推荐额度，须说明理由（至少5个字）", "an amount above the recommended quota needs a reason")
        if change.attachment_ids is not None:
            archive = await self.repo.archive(principal, app.customer_id)
            assert archive is not None
            await self._check_attachments(archive, change.attachment_ids)
            app.attachment_ids = list(dict.fromkeys(change.attachment_ids))
        app.amount, app.term, app.purpose, app.over_reason = amount, term, purpose.strip(), over_reason
        if app.approved_amount is not None:
            app.approved_amount = min(app.approved_amount, amount)
        if app.approved_term is not None:
            app.approved_term = min(app.approved_term, term)
        instance = Instance.load(app.workflow)
        instance.workflow.data.update({
            "amount": amount / YUAN, "term": term, "within_recommendation": amount <= app.recommended_quota,
            "straight_through": amount <= app.recommended_quota,
        })  # fmt: skip
        app.status = ApplicationStatus.IN_APPROVAL
        for row in await self.repo.live_tasks(app.id):
            if row.status == TaskStatus.SUSPENDED:
                row.status = TaskStatus.CLAIMED if row.claimed_by else TaskStatus.OPEN
        # The step's SLA starts again: the time it waited for the applicant is not the approver's.
        definition = (await self.repo.processes_by_id([app.process_id]))[app.process_id]
        instance.rearm(datetime.now(UTC), {t.id: t.duration for t in Outline.of(definition.outline).timers})
        await self._advance(app, definition, instance, principal)
        await self._event(app, EventAction.RESUBMITTED, principal, amount=amount, term=term, comment=(change.comment or "").strip() or None)
        return app

    async def withdraw(self, principal: Principal, application_id: uuid.UUID, reason: str | None) -> Application:
        app = await self._own(principal, application_id)
        definition = (await self.repo.processes_by_id([app.process_id]))[app.process_id]
        await self._close(app, definition, ApplicationStatus.WITHDRAWN, EventAction.WITHDRAWN, principal, comment=(reason or "").strip() or None)
        return app

    async def _own(self, principal: Principal, application_id: uuid.UUID) -> Application:
        if not principal.can(Permission.APPLICATION_SUBMIT):
            raise PermissionDenied(Permission.APPLICATION_SUBMIT.value)
        app = await self.repo.application(principal, application_id, for_update=True)
        if app is None:
            raise not_found("申请")
        if app.applicant_id != principal.user_id or app.applicant_client != principal.client_id:
            raise field_error("id", "NOT_APPLICANT", "只有申请人可以操作", "only the applicant may do this")
        if app.status not in OPEN_APPLICATION:
            raise field_error("id", "APPLICATION_CLOSED", "申请已结束", "the application has ended")
        return app

    async def _close(self, app: Application, definition: ProcessDefinition, status: ApplicationStatus, action: EventAction,
                     principal: Principal, *, task: ApprovalTask | None = None, comment: str | None = None) -> None:
        instance = Instance.load(app.workflow)
        instance.cancel()
        app.status = status
        app.decided_at = datetime.now(UTC)
        await self._event(app, action, principal, task=task, comment=comment)
        await self._advance(app, definition, instance, principal, closed_as=action)
        await audit.record(
            self.session, action=f"application.{action.value.lower()}", org_path=app.org_path, principal=principal,
            target_type="Application", target_id=app.id, detail={"number": app.number},
        )

    # -- SLA timers (cron) -----------------------------------------------------------------
    async def fire_timers(self, now: datetime, *, limit: int = 200) -> int:
        """Fire every SLA timer due at ``now`` (one batch of applications, skipping those another
        worker holds): reminders mark their task, escalations move the process on."""
        fired = 0
        for app_id in await self.repo.due_applications(now, limit):
            app = await self.repo.application_by_id(app_id)
            if app is None or app.status != ApplicationStatus.IN_APPROVAL:
                continue
            definition = (await self.repo.processes_by_id([app.process_id]))[app.process_id]
            shape = Outline.of(definition.outline)
            instance = Instance.load(app.workflow)
            live = {t.element_id: t for t in await self.repo.live_tasks(app.id)}
            for timer_id in instance.fire_due(now):
                timer = shape.timer(timer_id)
                task = live.get(timer.task) if timer else None
                if timer is None or task is None:
                    continue
                fired += 1
                if timer.interrupting:
                    await self._event(app, EventAction.ESCALATED, None, task=task, comment=timer.name)
                    task.outcome = EventAction.ESCALATED
                else:
                    task.reminded_at = now
                    await self._event(app, EventAction.REMINDED, None, task=task, comment=timer.name)
            await self._advance(app, definition, instance, None, closed_as=EventAction.ESCALATED)
        return fired

    # -- reads -----------------------------------------------------------------------------
    async def application(self, principal: Principal, application_id: uuid.UUID) -> Application | None:
        return await self.repo.application(principal, application_id)

    async def applications(
        self, principal: Principal, *, status: Sequence[ApplicationStatus] | None = None, customer_id: uuid.UUID | None = None,
        mine: bool = False, after: tuple[Any, uuid.UUID] | None = None, limit: int = 50,
        order: ApplicationOrder = ApplicationOrder.CREATED_DESC,
    ) -> list[tuple[Application, Any]]:
        """Applications in scope in ``order``, each with its keyset value (the repository's)."""
        return await self.repo.applications(
            principal, status=status, customer_id=customer_id, applicant_id=principal.user_id if mine else None, after=after,
            limit=limit, order=order,
        )

    async def workflows(self, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, dict[str, Any]]:
        return await self.repo.workflows(ids)

    async def applications_by_id(self, principal: Principal, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Application]:
        return await self.repo.applications_by_id(principal, ids)

    async def inbox(self, principal: Principal, box: str, *, overdue: bool = False, after: tuple[Any, int] | None = None,
                    limit: int = 20, order: TaskOrder = TaskOrder.CREATED_ASC) -> list[tuple[ApprovalTask, Application]]:
        if not principal.is_staff or not principal.can(Permission.APPROVAL_DECIDE):
            return []
        return await self.repo.inbox(
            principal, box, overdue_at=datetime.now(UTC) if overdue else None, after=after, limit=limit, order=order
        )

    async def inbox_counts(self, principal: Principal) -> tuple[int, int, int]:
        if not principal.is_staff or not principal.can(Permission.APPROVAL_DECIDE):
            return 0, 0, 0
        return await self.repo.inbox_counts(principal, datetime.now(UTC))

    async def task(self, principal: Principal, task_id: int) -> ApprovalTask | None:
        return await self.repo.task(principal, task_id)

    async def tasks_of(self, principal: Principal, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ApprovalTask]]:
        return await self.repo.tasks_of(principal, ids)

    async def events_of(self, principal: Principal, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[ApplicationEvent]]:
        return await self.repo.events_of(principal, ids)

    async def candidates(self, principal: Principal, task: ApprovalTask) -> list[int]:
        """Who a task may be delegated to."""
        return [u for u in await self.repo.candidates(task.queue_path, task.role) if u != principal.user_id]

    # -- quotas ----------------------------------------------------------------------------
    async def quotas(self, principal: Principal, *, customer_id: uuid.UUID | None = None, status: Sequence[QuotaStatus] | None = None,
                     before: tuple[datetime, uuid.UUID] | None = None, limit: int = 50) -> list[Quota]:
        return await self.repo.quotas(principal, customer_id=customer_id, status=status, before=before, limit=limit)

    async def quota_of_applications(self, principal: Principal, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, Quota]:
        return await self.repo.quota_of_applications(principal, ids)

    async def change_quota(self, principal: Principal, quota_id: uuid.UUID, to: QuotaStatus, reason: str) -> Quota:
        """Freeze, unfreeze (to ACTIVE) or revoke; audited with the reason."""
        if not principal.is_staff or not principal.can(Permission.QUOTA_ADMIN):
            raise PermissionDenied(Permission.QUOTA_ADMIN.value)
        reason = (reason or "").strip()
        if not 2 <= len(reason) <= 500:
            raise field_error("reason", "REASON_REQUIRED", "须填写原因（2-500字）", "a reason of 2-500 characters is required")
        quota = await self.repo.quota(principal, quota_id, for_update=True)
        if quota is None:
            raise not_found("额度")
        allowed = {
            QuotaStatus.FROZEN: {QuotaStatus.ACTIVE}, QuotaStatus.ACTIVE: {QuotaStatus.FROZEN},
            QuotaStatus.REVOKED: {QuotaStatus.ACTIVE, QuotaStatus.FROZEN},
        }
        if quota.status not in allowed.get(to, set()):
            raise field_error("id", "QUOTA_STATUS", f"额度当前状态不能改为{ {'FROZEN': '冻结', 'ACTIVE': '有效', 'REVOKED': '撤销'}[to.value] }",
                              f"a {quota.status.value} quota cannot become {to.value}")
        before = quota.status
        quota.status, quota.version, quota.updated_at = to, quota.version + 1, datetime.now(UTC)
        await self.session.flush()
        await audit.record(
            self.session, action="quota.status", org_path=quota.org_path, principal=principal, target_type="Quota", target_id=quota.id,
            detail={"from": before.value, "to": to.value, "reason": reason},
        )
        return quota

    async def expire_quotas(self, today: date) -> int:
        """The daily expiry: one statement, one audit record naming the quotas."""
        expired = await self.repo.expire_quotas(today)
        if expired:
            await audit.record(
                self.session, action="quota.expired", org_path="/", actor_username="system", target_type="Quota",
                detail={"on": today.isoformat(), "count": len(expired), "quotas": [str(q) for _, q, _ in expired[:1000]]},
            )
        return len(expired)

    async def announce(self, bank_id: int, quota_id: uuid.UUID) -> bool:
        """The ``quota.approved`` job: mark the quota announced (once)."""
        quota = await self.repo.quota_by_id(bank_id, quota_id)
        if quota is None or quota.announced_at is not None:
            return False
        quota.announced_at = datetime.now(UTC)
        await self.session.flush()
        await NotificationService(self.session, self.outbox).notify_about_product(
            SmsEvent.QUOTA_APPROVED, bank_id=quota.bank_id, product_id=quota.product_id, product_code=quota.product_code,
            customer_id=quota.customer_id, org_path=quota.org_path, dedupe_key=f"quota.approved:{quota.id}",
            variables={"amount": yuan(quota.amount), "valid_to": f"{quota.valid_to:%Y年%m月%d日}"},
        )
        return True

    async def _tell_applicant(self, app: Application, event: SmsEvent) -> None:
        """The customer's text message about this event (sent by the worker; once per key)."""
        await NotificationService(self.session, self.outbox).notify_about_product(
            event, bank_id=app.bank_id, product_id=app.product_id, product_code=app.product_code, customer_id=app.customer_id,
            org_path=app.org_path, dedupe_key=f"{event.value.lower()}:{app.id}:{app.revision}", variables={"number": app.number},
        )
