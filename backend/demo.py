"""Demo organization, staff and machine clients, loaded into an empty database.

One province, three banks with three branches each, and at least one user of every role at
the level that role belongs to. Every demo account shares one password (printed by
``cic demo accounts``); the hash is computed once, not once per user.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.contexts import PHONE_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.models import ClientKind, LocalCredential, OAuthClient
from backend.auth.passwords import hash_password
from backend.customers.dictionary import load_demo_dictionaries
from backend.integrations.mobile_banking import demo_key, public_jwks
from backend.orgs.models import OrgLevel, OrgUnit, Role, StaffUser

DEMO_PASSWORD = "Cic@2026demo"

PROVINCE = ("FJ", "福建省农村信用社联合社")
BANKS = [
    ("FZ", "福州农村商业银行", ["鼓楼支行", "仓山支行", "长乐支行"]),
    ("QZ", "泉州农村商业银行", ["鲤城支行", "晋江支行", "南安支行"]),
    ("NP", "南平农村商业银行", ["延平支行", "建瓯支行", "武夷山支行"]),
]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
GIVEN = ["建国", "秀英", "志强", "丽娟", "海峰", "美玲", "文斌", "春梅", "国平", "晓燕", "立新", "慧敏", "永福", "金花", "明辉", "淑贞"]

CLIENTS = [
    ("mobile-banking", "手机银行", ClientKind.MOBILE_BANKING, "mb-demo-secret-2026",
     ["products:read", "quota:read", "quota:apply", "loan:drawdown", "self_service"]),
    ("lending-platform", "互联网贷款平台", ClientKind.LENDING_PLATFORM, "lp-demo-secret-2026", ["lending:callback"]),
]


@dataclass(frozen=True)
class DemoAccount:
    username: str
    password: str
    name: str
    employee_no: str
    roles: list[str]
    org_code: str
    org_name: str
    phone: str


def demo_org_units() -> list[tuple[str, str, OrgLevel, str | None]]:
    """(code, name, level, parent code) in tree order."""
    units: list[tuple[str, str, OrgLevel, str | None]] = [(PROVINCE[0], PROVINCE[1], OrgLevel.PROVINCE, None)]
    for code, name, branches in BANKS:
        units.append((f"{PROVINCE[0]}-{code}", name, OrgLevel.BANK, PROVINCE[0]))
        for i, branch in enumerate(branches, start=1):
            units.append((f"{PROVINCE[0]}-{code}-{i:02d}", branch, OrgLevel.BRANCH, f"{PROVINCE[0]}-{code}"))
    return units


def demo_accounts() -> list[DemoAccount]:
    accounts: list[DemoAccount] = []

    def add(username: str, roles: list[Role], org_code: str, org_name: str) -> None:
        n = len(accounts) + 1
        accounts.append(
            DemoAccount(
                username=username,
                password=DEMO_PASSWORD,
                name=SURNAMES[(n * 7) % len(SURNAMES)] + GIVEN[(n * 5) % len(GIVEN)],
                employee_no=f"E{n:05d}",
                roles=[r.value for r in roles],
                org_code=org_code,
                org_name=org_name,
                phone=f"13{(n * 7919) % 10:d}{59000000 + n * 1237:08d}",
            )
        )

    add("prov.admin", [Role.PROVINCE_ADMIN], PROVINCE[0], PROVINCE[1])
    add("prov.analyst", [Role.PROVINCE_ANALYST], PROVINCE[0], PROVINCE[1])
    add("prov.auditor", [Role.AUDITOR], PROVINCE[0], PROVINCE[1])
    for code, bank_name, branches in BANKS:
        bank_code = f"{PROVINCE[0]}-{code}"
        lower = code.lower()
        add(f"{lower}.admin", [Role.BANK_ADMIN], bank_code, bank_name)
        add(f"{lower}.approver", [Role.BANK_APPROVER], bank_code, bank_name)
        add(f"{lower}.auditor", [Role.AUDITOR], bank_code, bank_name)
        for i, branch in enumerate(branches, start=1):
            branch_code = f"{bank_code}-{i:02d}"
            add(f"{lower}{i}.manager", [Role.BRANCH_MANAGER], branch_code, branch)
            add(f"{lower}{i}.cm1", [Role.CUSTOMER_MANAGER], branch_code, branch)
            add(f"{lower}{i}.cm2", [Role.CUSTOMER_MANAGER], branch_code, branch)
    # A second administrator at the province and at each bank: account grants that can read
    # personal data and rule publications need two (dual control). Added last so that the
    # accounts above keep their employee numbers and phones.
    add("prov.admin2", [Role.PROVINCE_ADMIN], PROVINCE[0], PROVINCE[1])
    for code, bank_name, _branches in BANKS:
        add(f"{code.lower()}.admin2", [Role.BANK_ADMIN], f"{PROVINCE[0]}-{code}", bank_name)
    # A second approver per bank: one person never approves two levels of one application, and
    # the multi-level process has two bank levels (docs/approvals.md).
    for code, bank_name, _branches in BANKS:
        add(f"{code.lower()}.approver2", [Role.BANK_APPROVER], f"{PROVINCE[0]}-{code}", bank_name)
    return accounts


def demo_clients() -> list[dict[str, object]]:
    return [
        {"client_id": cid, "client_secret": secret, "name": name, "kind": kind.value, "scopes": scopes}
        for cid, name, kind, secret, scopes in CLIENTS
    ]


async def database_is_empty(session: AsyncSession) -> bool:
    return (await session.scalar(select(func.count()).select_from(OrgUnit))) == 0


async def load_demo(session: AsyncSession, cipher: FieldCipher, *, customers: bool = True) -> int:
    """Insert the demo org tree, staff, clients, dictionaries and (unless ``customers=False``,
    as the tests ask) synthetic archives, set-based. Returns the number of users."""
    ids: dict[str, OrgUnit] = {}
    for code, name, level, parent_code in demo_org_units():
        new_id = await session.scalar(select(func.nextval("org_units_id_seq")))
        parent = ids.get(parent_code) if parent_code else None
        unit = OrgUnit(
            id=new_id,
            code=code,
            name=name,
            level=level,
            parent_id=parent.id if parent else None,
            bank_id=new_id if level == OrgLevel.BANK else (parent.bank_id if parent else None),
            path=f"{parent.path if parent else '/'}{new_id}/",
        )
        session.add(unit)
        ids[code] = unit
    await session.flush()
    accounts = demo_accounts()
    await session.execute(
        insert(StaffUser),
        [
            {
                "username": a.username,
                "employee_no": a.employee_no,
                "name": a.name,
                "org_unit_id": ids[a.org_code].id,
                "bank_id": ids[a.org_code].bank_id,
                "roles": a.roles,
                "phone_encrypted": cipher.encrypt(a.phone, context=PHONE_CONTEXT),
                "phone_bidx": cipher.blind_index(a.phone, context=PHONE_CONTEXT),
                "version": 1,
            }
            for a in accounts
        ],
    )
    password_hash = hash_password(DEMO_PASSWORD)
    await session.execute(
        insert(LocalCredential), [{"username": a.username, "password_hash": password_hash} for a in accounts]
    )
    await session.execute(
        insert(OAuthClient),
        [
            {
                "client_id": c["client_id"],
                "name": c["name"],
                "kind": ClientKind(c["kind"]),
                "secret_hash": hash_password(str(c["client_secret"])),
                "scopes": c["scopes"],
                "active": True,
                # The demo mobile bank signs its customers' assertions with a fixed demo key
                # (backend/integrations/mobile_banking.py); a real one registers its own.
                "jwks": public_jwks(demo_key()) if c["kind"] == ClientKind.MOBILE_BANKING.value else None,
            }
            for c in demo_clients()
        ],
    )
    await session.flush()
    await load_demo_dictionaries(session)
    await load_demo_products(session, [ids[f"{PROVINCE[0]}-{code}"] for code, _, _ in BANKS])
    if customers:
        await load_demo_customers(session, cipher)
    return len(accounts)


DEMO_CUSTOMERS_PER_BANK = 60

# The two federation products every demo bank sells (docs/approvals.md): amounts in fen.
DEMO_PRODUCTS = [
    {
        "code": "NONG_E_DAI", "name": "农e贷", "description": "面向农户的小额信用贷款，建档精准、推荐额度内秒批",
        "amount_min": 1_000_000, "amount_max": 50_000_000, "terms": [12, 24, 36], "rate_min_bp": 435, "rate_max_bp": 780,
        "repayment_methods": ["EQUAL_INSTALLMENT", "INTEREST_FIRST", "BULLET"], "channels": ["BRANCH", "PAD", "MOBILE_BANKING"],
        "eligibility": {"preciseArchive": True, "minGrade": "B", "noVeto": True, "ageMin": 18, "ageMax": 65, "regions": []},
        "processes": [{"maxAmount": 5_000_000, "process": "STRAIGHT_THROUGH"}, {"maxAmount": None, "process": "MULTI_LEVEL"}],
        "sample_rate": 5,
    },
    {
        "code": "FU_E_DAI", "name": "富e贷", "description": "面向新型农业经营主体和个体工商户的经营性贷款",
        "amount_min": 5_000_000, "amount_max": 300_000_000, "terms": [12, 24, 36, 60], "rate_min_bp": 385, "rate_max_bp": 650,
        "repayment_methods": ["EQUAL_INSTALLMENT", "EQUAL_PRINCIPAL", "INTEREST_FIRST"], "channels": ["BRANCH", "PAD"],
        "eligibility": {"preciseArchive": True, "minGrade": "A", "noVeto": True, "ageMin": 20, "ageMax": 60, "regions": []},
        "processes": [{"maxAmount": 30_000_000, "process": "CENTRALIZED"}, {"maxAmount": None, "process": "MULTI_LEVEL"}],
        "sample_rate": 0,
    },
]


async def load_demo_products(session: AsyncSession, banks: list[OrgUnit]) -> None:
    """农e贷 and 富e贷 for every demo bank, version 1, in force from 2026-01-01."""
    from datetime import date

    from backend.products.models import Product, ProductStatus

    await session.execute(insert(Product), [
        {**p, "bank_id": bank.id, "org_path": bank.path, "version": 1, "status": ProductStatus.ACTIVE,
         "valid_from": date(2026, 1, 1), "valid_to": None, "created_by": "system"}
        for bank in banks for p in DEMO_PRODUCTS
    ])  # fmt: skip


async def load_demo_customers(session: AsyncSession, cipher: FieldCipher) -> int:
    """Synthetic archives for every demo bank (fixed seed), so lists and searches show data,
    evaluated against the integrity rules in force (one SELECT and one upsert per bank)."""
    from backend.rules.engine import evaluate, rule_book, store
    from backend.seeding.synthetic import seed_customers

    banks = [f"{PROVINCE[0]}-{code}" for code, _, _ in BANKS]
    added = await seed_customers(session, cipher, DEMO_CUSTOMERS_PER_BANK * len(banks), bank_codes=banks, seed=2026)
    not_evaluated = (
        "c.bank_id = :bank AND NOT EXISTS "
        "(SELECT 1 FROM archive_evaluations e WHERE e.bank_id = c.bank_id AND e.customer_id = c.id)"
    )
    for bank_id in await session.scalars(select(OrgUnit.id).where(OrgUnit.code.in_(banks))):
        book = await rule_book(session, bank_id)
        await store(session, book, await evaluate(session, cipher, book, not_evaluated, {"bank": bank_id}))
    return added


def accounts_as_dicts() -> list[dict[str, object]]:
    return [asdict(a) for a in demo_accounts()]


# Segment models (docs/marketing.md): one the province shares with every bank, one of a bank.
DEMO_MODELS = [
    ("prov.admin", "存款5万元以上、无贷款", "可推荐农e贷的优质存款客户", "存款较多且无贷款，可推荐农e贷",
     {"all": [{"field": "biz.depositBalance", "op": "GE", "value": 50000}, {"field": "biz.loanCount", "op": "EQ", "value": 0}]}),
    ("fz.admin", "有存款但近30日未使用电子渠道", "可推广手机银行", None,
     {"all": [{"field": "biz.depositBalance", "op": "GT", "value": 0}, {"field": "biz.activeServices", "op": "EQ", "value": 0}]}),
]  # fmt: skip


async def load_demo_models(session: AsyncSession) -> None:
    """The demo's segment models, saved (and so evaluated) as their owners would save them, then
    the night's reminders raised as the worker's nightly job would; run after the business data,
    ratings and applications they test are in."""
    from backend.auth.principal import Principal
    from backend.marketing.service import ModelInput, SegmentService, local_today, nightly

    for username, name, description, reminder, condition in DEMO_MODELS:
        user, unit = (await session.execute(
            select(StaffUser, OrgUnit).join(OrgUnit, OrgUnit.id == StaffUser.org_unit_id).where(StaffUser.username == username)
        )).one()  # fmt: skip
        owner = Principal(
            kind="staff", user_id=user.id, username=username, org_id=unit.id, org_level=unit.level, bank_id=unit.bank_id,
            scope_path=unit.path, roles=frozenset(Role(r) for r in user.roles),
        )
        await SegmentService(session).save(owner, ModelInput(name=name, description=description, condition=condition, reminder=reminder))
    await nightly(session, local_today())


async def load_demo_contacts(session: AsyncSession, *, per_manager: int = 2) -> int:
    """Visits and calls of the last days, logged as the managers would (the report centre's
    contacts and conversion show something): every customer manager but fz1.cm1 works up to
    ``per_manager`` of their open reminders by a contact; fz1.cm1 (whose open reminders the browser
    tests work) logs visits without a reminder. Answers the contacts logged."""
    import uuid
    from datetime import UTC, datetime, timedelta

    from backend.auth.principal import Principal
    from backend.customers.models import Customer
    from backend.marketing.contacts import ContactInput, ContactService
    from backend.marketing.models import ContactChannel, ContactOutcome, Reminder, ReminderStatus

    managers = (await session.execute(
        select(StaffUser, OrgUnit).join(OrgUnit, OrgUnit.id == StaffUser.org_unit_id)
        .where(StaffUser.roles.any(Role.CUSTOMER_MANAGER.value)).order_by(StaffUser.username)
    )).all()  # fmt: skip
    outcomes = [ContactOutcome.INTERESTED, ContactOutcome.FOLLOW_UP, ContactOutcome.NOT_INTERESTED]
    now, logged = datetime.now(UTC).replace(microsecond=0), 0
    for user, unit in managers:
        who = Principal(
            kind="staff", user_id=user.id, username=user.username, org_id=unit.id, org_level=unit.level, bank_id=unit.bank_id,
            scope_path=unit.path, roles=frozenset(Role(r) for r in user.roles),
        )
        if user.username == "fz1.cm1":
            targets = [(c, None) for c in (await session.scalars(
                select(Customer.id).where(Customer.manager_id == user.id).order_by(Customer.name).limit(per_manager)
            )).all()]  # fmt: skip
        else:
            targets = [(r.customer_id, r.id) for r in (await session.scalars(
                select(Reminder).where(Reminder.manager_id == user.id, Reminder.status == ReminderStatus.OPEN, Reminder.customer_id.is_not(None))
                .order_by(Reminder.due_on, Reminder.id).limit(per_manager)
            )).all()]  # fmt: skip
        for n, (customer_id, reminder_id) in enumerate(targets):
            await ContactService(session).log(who, ContactInput(
                id=uuid.uuid4(), customer_id=customer_id, channel=ContactChannel.VISIT if n % 2 == 0 else ContactChannel.CALL,
                outcome=outcomes[(logged + n) % len(outcomes)],
                # about a reminder: after the night that raised it; otherwise in the last days
                contacted_at=now - (timedelta(minutes=10 + 7 * n) if reminder_id else timedelta(days=1 + (logged + n) % 5, hours=2)),
                note="走访了解生产经营情况" if n % 2 == 0 else "电话回访，介绍农e贷", reminder_id=reminder_id,
            ))  # fmt: skip
        logged += len(targets)
    return logged
