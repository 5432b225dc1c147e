"""Mobile banking (手机银行): a customer's own view of CIC, through a token bound to them.

Every method reads or acts for ``principal.customer_id`` only. The readable statements of the
domains it reads (archives, applications, quotas, loans, ratings) add that customer to their
org-path scope for a customer principal (``backend.auth.principal.customer_only``), so an id of
another customer reads as not found, here and in any other field. The scopes of the token
decide which of these a mobile bank may call (``backend.auth.permissions``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import any_, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.approvals.models import Application, ApplicationChannel, Quota
from backend.approvals.service import ApplicationInput, ApprovalService, Check
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.customers.models import ArchiveStatus, Customer
from backend.errors import PermissionDenied
from backend.loans.models import Loan
from backend.loans.service import LoanService
from backend.orgs.models import OrgUnit, StaffUser
from backend.outbox.service import Outbox
from backend.products.models import Product, ProductStatus
from backend.rules.engine import rules_in_force
from backend.rules.models import ArchiveEvaluation


@dataclass
class Filing:
    archive: Customer
    bank: OrgUnit
    branch: OrgUnit
    manager: StaffUser | None
    precise: bool
    missing: list[str] = field(default_factory=list)


class MobileBankingService:
    def __init__(self, session: AsyncSession, outbox: Outbox | None = None, cipher: Any = None) -> None:
        self.session = session
        self.outbox = outbox
        self.approvals = ApprovalService(session, outbox)
        self.loans_service = LoanService(session, outbox, cipher)

    @staticmethod
    def _need(principal: Principal, permission: Permission) -> None:
        if principal.kind != "customer" or principal.customer_id is None or not principal.can(permission):
            raise PermissionDenied(f"requires a customer token with {permission.value}")

    async def archive(self, principal: Principal) -> Customer:
        archive = await self.approvals.repo.archive(principal, principal.customer_id)  # type: ignore[arg-type]
        if archive is None:
            raise PermissionDenied("the customer of this token has no archive any more")
        return archive

    async def filing(self, principal: Principal) -> Filing:
        self._need(principal, Permission.SELF_STATUS)
        archive = await self.archive(principal)
        bank = await self.session.get(OrgUnit, archive.bank_id)
        branch = await self.session.get(OrgUnit, archive.branch_id)
        manager = await self.session.get(StaffUser, archive.manager_id) if archive.manager_id else None
        evaluation = await self.session.get(ArchiveEvaluation, (archive.bank_id, archive.id))
        precise = bool(evaluation and evaluation.precise)
        missing: list[str] = []
        if archive.status in (ArchiveStatus.DRAFT, ArchiveStatus.RETURNED):
            missing.append("档案尚未提交审核，请联系客户经理补充完善" if archive.status == ArchiveStatus.DRAFT else "档案被退回，请联系客户经理补充材料")
        elif archive.status == ArchiveStatus.SUBMITTED:
            missing.append("档案正在审核中")
        if evaluation is not None and evaluation.violations:
            wording = await rules_in_force(self.session, archive.bank_id)
            for v in evaluation.violations:
                if v.get("severity") == "ERROR":
                    missing.append(wording.get(v["code"], (v["code"],))[0])
        assert bank is not None and branch is not None
        return Filing(archive=archive, bank=bank, branch=branch, manager=manager, precise=precise, missing=missing)

    async def products(self, principal: Principal) -> list[Check]:
        """The bank's products on sale through mobile banking, each with whether I may apply."""
        self._need(principal, Permission.SELF_PRODUCTS)
        archive = await self.archive(principal)
        today = date.today()
        stmt = select(Product).where(
            Product.bank_id == archive.bank_id, Product.status == ProductStatus.ACTIVE, Product.valid_from <= today,
            literal(ApplicationChannel.MOBILE_BANKING.value) == any_(Product.channels),
        ).order_by(Product.code)
        checks = []
        for product in await self.session.scalars(stmt):
            if product.valid_to is None or product.valid_to >= today:
                checks.append(await self.approvals.check(principal, archive.id, product.id, ApplicationChannel.MOBILE_BANKING))
        return checks

    async def bank_name(self, principal: Principal) -> str:
        """My bank's name."""
        bank = await self.session.get(OrgUnit, principal.bank_id)
        return bank.name if bank else ""

    async def product_names(self, bank_id: int, ids: set[int]) -> dict[int, str]:
        if not ids:
            return {}
        rows = await self.session.execute(select(Product.id, Product.name).where(Product.bank_id == bank_id, Product.id.in_(ids)))
        return {product_id: name for product_id, name in rows.all()}

    async def quotas(self, principal: Principal) -> list[tuple[Quota, str]]:
        """My quotas, newest first, with their product's name."""
        self._need(principal, Permission.SELF_STATUS)
        rows = await self.approvals.repo.quotas(principal, customer_id=principal.customer_id, status=None, before=None, limit=50)
        names = await self.product_names(principal.bank_id or 0, {q.product_id for q in rows})
        return [(q, names.get(q.product_id, q.product_code)) for q in rows]

    async def applications(self, principal: Principal) -> list[tuple[Application, str]]:
        """My applications, newest first, with their product's name."""
        self._need(principal, Permission.SELF_STATUS)
        rows = [a for a, _ in await self.approvals.repo.applications(
            principal, status=None, customer_id=principal.customer_id, applicant_id=None, after=None, limit=50,
        )]
        names = await self.product_names(principal.bank_id or 0, {a.product_id for a in rows})
        return [(a, names.get(a.product_id, a.product_code)) for a in rows]

    async def loans(self, principal: Principal) -> list[Loan]:
        self._need(principal, Permission.SELF_STATUS)
        return await self.loans_service.loans(principal, customer_id=principal.customer_id, limit=50)

    async def apply(self, principal: Principal, data: ApplicationInput) -> tuple[Application, str]:
        """A self-service application for my own archive, into the product's approval process."""
        self._need(principal, Permission.SELF_APPLY)
        data.customer_id = principal.customer_id  # type: ignore[assignment]
        data.channel = ApplicationChannel.MOBILE_BANKING
        data.attachment_ids = []
        app = await self.approvals.submit(principal, data)
        product = await self.session.get(Product, app.product_id)  # the submission's own: no statement
        return app, product.name if product is not None else app.product_code
