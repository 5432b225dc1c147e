"""Demo quota applications (``cic run`` on an empty database, ``cic e2e-server``): one in each
state a newcomer should see, made through the same service calls staff make.

The demo's precisely filed archives are fz1.cm1's at FJ-FZ-01 (those with photos). Five of them
get an application; two are left for a newcomer (or a browser test) to apply for:

* 张丽慧, 农e贷 120,000 yuan: the multi-level process, waiting at the branch (fz1.manager);
* 向林阳, 富e贷 200,000 yuan: the approval centre's queue (fz.approver or fz.approver2);
* 龙秀英, 农e贷 15,000 yuan: straight through, approved at once, quota active;
* 曹芳慧, 农e贷 60,000 yuan: approved by the branch (50,000 yuan), quota active;
* 周亮瑞, 农e贷 12,000 yuan, above the recommendation: manual review, returned for information.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from backend.approvals.models import ApplicationChannel, ApprovalTask, TaskStatus
from backend.approvals.service import ApplicationInput, ApprovalService, Decision, sampled
from backend.auth.principal import Principal
from backend.auth.roles import Role
from backend.auth.service import scope_path_for
from backend.customers.models import Customer
from backend.db.session import transaction
from backend.errors import DomainError
from backend.logging import log
from backend.orgs.models import OrgUnit, StaffUser
from backend.outbox.service import Outbox
from backend.products.models import Product, ProductStatus


@dataclass(frozen=True)
class DemoApplication:
    customer: str
    product: str
    amount: int  # yuan
    purpose: str
    over_reason: str | None = None


DEMO_APPLICATIONS = [
    DemoApplication("张丽慧", "NONG_E_DAI", 120_000, "扩大茶园种植，购买茶苗和有机肥"),
    DemoApplication("向林阳", "FU_E_DAI", 200_000, "家庭农场购置烘干设备"),
    DemoApplication("龙秀英", "NONG_E_DAI", 15_000, "购买春耕化肥和种子"),
    DemoApplication("曹芳慧", "NONG_E_DAI", 60_000, "水产养殖补栏"),
    DemoApplication("周亮瑞", "NONG_E_DAI", 12_000, "购买农机", over_reason="新购农机价格较高，推荐额度不足"),
]


FREE = ("石明俊", "陈涛俊")


async def _principal(session: AsyncSession, username: str) -> Principal:
    user, unit = (await session.execute(
        select(StaffUser, OrgUnit).join(OrgUnit, OrgUnit.id == StaffUser.org_unit_id).where(StaffUser.username == username)
    )).one()  # fmt: skip
    return Principal(
        kind="staff", user_id=user.id, username=user.username, org_id=unit.id, org_level=unit.level, bank_id=user.bank_id,
        scope_path=scope_path_for(unit.level, unit.path), roles=frozenset(Role(r) for r in user.roles),
    )


def _unsampled_id(rate: int) -> uuid.UUID:
    """An application id the product's sample does not draw (the demo shows both paths on purpose)."""
    while sampled(candidate := uuid.uuid4(), rate):
        pass
    return candidate


async def load_demo_applications(sessions: async_sessionmaker[AsyncSession]) -> int:
    """The demo applications above. The simulated business data differs from day to day (a
    customer may be blacklisted or overdue on a given day): an application goes to the archive it
    names if that one may apply, else to the next of fz1.cm1's archives that may (by name), so the
    demo always shows every state. Returns how many were made."""
    async with sessions() as session:
        applicant = await _principal(session, "fz1.cm1")
        names = list((await session.scalars(
            select(Customer.name).where(Customer.manager_id == applicant.user_id).order_by(Customer.name)
        )).all())  # fmt: skip
    used: set[str] = set()
    planned = {d.customer for d in DEMO_APPLICATIONS}
    made = 0
    for n, demo in enumerate(DEMO_APPLICATIONS):
        # 石明俊 and 陈涛俊 stay free for a newcomer (and the PAD's browser test) to apply for,
        # unless the first application (the one waiting at the branch) has nowhere else to go.
        spare = [x for x in names if x not in planned and (n == 0 or x not in FREE)]
        spare.sort(key=lambda x: x in FREE)
        for name in [demo.customer, *spare]:
            if name in used:
                continue
            try:
                async with transaction(sessions) as session:
                    if await _apply(session, demo, name):
                        used.add(name)
                        made += 1
                        break
            except DomainError as refused:
                log.info("demo_application_elsewhere", customer=name, reasons=[e.code for e in refused.errors])
        else:
            log.warning("demo_application_skipped", plan=demo.customer)
    return made


async def _apply(session: AsyncSession, demo: DemoApplication, name: str) -> bool:
    applicant = await _principal(session, "fz1.cm1")
    archive = (await session.scalars(
        select(Customer).where(Customer.name == name, Customer.manager_id == applicant.user_id)
    )).first()  # fmt: skip
    if archive is None:
        return False
    product = (await session.scalars(
        select(Product).where(Product.bank_id == archive.bank_id, Product.code == demo.product, Product.status == ProductStatus.ACTIVE)
    )).one()  # fmt: skip
    # Rows only: the worker's relay sends the outbox messages (text messages of a returned one).
    service = ApprovalService(session, Outbox(None, None))
    check = await service.check(applicant, archive.id, product.id, ApplicationChannel.BRANCH)
    if check.reasons:
        raise DomainError(*check.reasons)
    above = demo.amount * 100 > check.recommended
    app_id = _unsampled_id(product.sample_rate)
    app = await service.submit(applicant, ApplicationInput(
        id=app_id, customer_id=archive.id, product_id=product.id, amount=demo.amount * 100, term=product.terms[0],
        repayment_method=product.repayment_methods[0], purpose=demo.purpose,
        over_reason=(demo.over_reason or "经营规模扩大，推荐额度不足") if above else None, attachment_ids=[],
        channel=ApplicationChannel.BRANCH,
    ))  # fmt: skip
    task = (await session.scalars(
        select(ApprovalTask).where(ApprovalTask.application_id == app.id, ApprovalTask.status == TaskStatus.OPEN)
    )).first()  # fmt: skip
    if demo.customer == "曹芳慧" and task is not None:
        await service.approve(await _principal(session, "fz1.manager"), task.id, Decision(amount=5_000_000, comment="额度内同意"))
    elif demo.customer == "周亮瑞" and task is not None:
        await service.return_(await _principal(session, "fz.approver"), task.id, "请补充农机购置合同和发票")
    return True
