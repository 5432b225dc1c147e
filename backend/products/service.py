"""The product catalog's use cases: list, save (a new version), retire.

Bank administrators edit their bank's products; province administrators read every bank's
(and may edit any, as the federation's product owner). Saving checks every rule and stores a
new version; the version in force before is superseded, so an application made under it still
reads what it applied for. Changes are audited (``product.saved``, ``product.retired``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.auth.permissions import Permission
from backend.auth.principal import Principal
from backend.auth.roles import OrgLevel
from backend.errors import DomainError, FieldError, PermissionDenied, field_error, not_found
from backend.orgs.models import OrgUnit
from backend.products.models import Product, ProductChannel, ProductStatus, RepaymentMethod
from backend.products.repository import ProductRepository

YUAN = 100  # fen per yuan
MAX_RATE_BP = 2400  # 24 % a year: above it the courts do not protect the interest


class Eligibility(BaseModel):
    """Who may apply: checked with reasons before an application is submitted."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    precise_archive: bool = Field(True, alias="preciseArchive")  # 建档精准
    min_grade: str | None = Field(None, alias="minGrade")  # the worst grade admitted (None: any but D)
    no_veto: bool = Field(True, alias="noVeto")
    age_min: int = Field(18, alias="ageMin")
    age_max: int = Field(65, alias="ageMax")
    regions: list[str] = Field(default_factory=list)  # GB/T 2260 prefixes (empty: anywhere)


@dataclass
class ProcessBand:
    max_amount: int | None  # fen, inclusive; None: no upper limit
    process: str  # a process key


@dataclass
class ProductInput:
    bank_id: int | None
    code: str
    name: str
    description: str | None
    amount_min: int  # fen
    amount_max: int
    terms: list[int]
    rate_min_bp: int
    rate_max_bp: int
    repayment_methods: list[str]
    channels: list[str]
    eligibility: Eligibility
    processes: list[ProcessBand]
    sample_rate: int
    valid_from: date
    valid_to: date | None


# (session, bank_id) -> the process keys a product of that bank may name (``backend.approvals``).
ProcessKeys = Callable[[AsyncSession, int], Awaitable[set[str]]]
# (session, bank_id) -> the grade codes of the card in force, best first (``backend.rating``).
GradeCodes = Callable[[AsyncSession, int], Awaitable[list[str]]]


def to_fen(value: str, field: str) -> int:
    """Yuan as a decimal string ("1234.50") -> integer fen, exact; a typed error naming ``field``."""
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        amount = Decimal("NaN")
    if not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12 or amount != amount.quantize(Decimal("0.01")):
        raise field_error(field, "INVALID_MONEY", "金额须为不超过两位小数的非负元数，如\"1234.50\"", "money is a yuan string with at most two decimals")
    return int(amount * 100)


def to_bp(value: str, field: str) -> int:
    """An annual rate in percent ("4.35") -> basis points; a typed error naming ``field``."""
    try:
        rate = Decimal(str(value).strip())
    except InvalidOperation:
        rate = Decimal("NaN")
    if not rate.is_finite() or rate <= 0 or rate > 100 or rate != rate.quantize(Decimal("0.01")):
        raise field_error(field, "RATE_RANGE", "年利率须为不超过两位小数的百分数，如\"4.35\"", "a rate is a percent with at most two decimals")
    return int(rate * 100)


def process_for(product: Product, amount: int) -> str:
    """The process key of the band an amount (fen) falls in."""
    for band in product.processes:
        if band.get("maxAmount") is None or amount <= band["maxAmount"]:
            return str(band["process"])
    return str(product.processes[-1]["process"])


class ProductService:
    def __init__(self, session: AsyncSession, process_keys: ProcessKeys, grade_codes: GradeCodes) -> None:
        self.session = session
        self.repo = ProductRepository(session)
        self.process_keys = process_keys
        self.grade_codes = grade_codes

    async def list(self, principal: Principal, *, bank_id: int | None = None, include_retired: bool = False) -> list[Product]:
        return await self.repo.list(principal, bank_id=bank_id, include_retired=include_retired)

    async def get(self, principal: Principal, product_id: int) -> Product | None:
        return await self.repo.get(principal, product_id)

    async def by_ids(self, ids: list[int]) -> dict[int, Product]:
        return await self.repo.by_ids(ids)

    async def in_force(self, bank_id: int, code: str) -> Product | None:
        return await self.repo.in_force(bank_id, code)

    async def _bank(self, principal: Principal, bank_id: int | None) -> OrgUnit:
        if not principal.is_staff or not principal.can(Permission.PRODUCT_ADMIN):
            raise PermissionDenied("only bank and province administrators edit products")
        bank_id = bank_id or principal.bank_id
        bank = await self.session.get(OrgUnit, bank_id) if bank_id else None
        if bank is None or bank.level != OrgLevel.BANK or not principal.can_read_path(bank.path):
            raise field_error("bankId", "NOT_ADMINISTERED", "只能维护本行社的产品", "you administer no such bank")
        return bank

    async def save(self, principal: Principal, data: ProductInput) -> Product:
        bank = await self._bank(principal, data.bank_id)
        await self._check(bank.id, data)
        current = await self.repo.in_force(bank.id, data.code, for_update=True)
        if current is not None:
            await self.repo.set_status(current.id, ProductStatus.SUPERSEDED)
            await self.session.flush()
        product = Product(
            bank_id=bank.id, org_path=bank.path, code=data.code, version=await self.repo.next_version(bank.id, data.code),
            status=ProductStatus.ACTIVE, name=data.name.strip(), description=(data.description or "").strip() or None,
            amount_min=data.amount_min, amount_max=data.amount_max, terms=sorted(set(data.terms)),
            rate_min_bp=data.rate_min_bp, rate_max_bp=data.rate_max_bp, repayment_methods=list(dict.fromkeys(data.repayment_methods)),
            channels=list(dict.fromkeys(data.channels)), eligibility=data.eligibility.model_dump(by_alias=True),
            processes=[{"maxAmount": b.max_amount, "process": b.process} for b in data.processes], sample_rate=data.sample_rate,
            valid_from=data.valid_from, valid_to=data.valid_to, created_by=principal.username or str(principal.user_id),
        )
        self.session.add(product)
        await self.session.flush()
        await audit.record(
            self.session, action="product.saved", org_path=bank.path, principal=principal, target_type="Product", target_id=product.id,
            detail={"code": product.code, "version": product.version, "previous": current.id if current else None},
        )
        return product

    async def retire(self, principal: Principal, product_id: int) -> Product:
        product = await self.repo.get(principal, product_id)
        if product is None:
            raise not_found("产品")
        await self._bank(principal, product.bank_id)
        if product.status == ProductStatus.ACTIVE:
            product.status = ProductStatus.RETIRED
            await self.session.flush()
            await audit.record(
                self.session, action="product.retired", org_path=product.org_path, principal=principal, target_type="Product",
                target_id=product.id, detail={"code": product.code, "version": product.version},
            )
        return product

    async def _check(self, bank_id: int, d: ProductInput) -> None:
        errors: list[FieldError] = []

        def bad(f: str, code: str, zh: str, en: str) -> None:
            errors.append(FieldError(f, code, zh, en))

        if not re.fullmatch(r"[A-Z][A-Z0-9_]{1,31}", d.code or ""):
            bad("code", "INVALID_CODE", "产品代码须为2-32位大写字母、数字或下划线，以字母开头", "the code must be 2-32 of A-Z, 0-9, _")
        if not 2 <= len(d.name.strip()) <= 60:
            bad("name", "TOO_LONG", "产品名称须为2-60个字", "the name must be 2-60 characters")
        if not YUAN <= d.amount_min <= d.amount_max <= 100_000_000 * YUAN:
            bad("amountMax", "AMOUNT_RANGE", "金额范围须满足 1元 ≤ 最低 ≤ 最高 ≤ 1亿元", "1 yuan <= minimum <= maximum <= 100M yuan")
        if not d.terms or any(not 1 <= t <= 360 for t in d.terms):
            bad("terms", "TERMS_REQUIRED", "至少一个期限，每个为1-360个月", "at least one term of 1-360 months")
        if not 1 <= d.rate_min_bp <= d.rate_max_bp <= MAX_RATE_BP:
            bad("rateMax", "RATE_RANGE", "年利率范围须满足 0.01% ≤ 最低 ≤ 最高 ≤ 24%", "0.01 % <= minimum <= maximum <= 24 %")
        if not d.repayment_methods or not set(d.repayment_methods) <= {m.value for m in RepaymentMethod}:
            bad("repaymentMethods", "REPAYMENT_REQUIRED", "至少选择一种有效的还款方式", "at least one known repayment method")
        if not d.channels or not set(d.channels) <= {c.value for c in ProductChannel}:
            bad("channels", "CHANNEL_REQUIRED", "至少选择一个有效的渠道", "at least one known channel")
        e = d.eligibility
        if not 18 <= e.age_min <= e.age_max <= 80:
            bad("eligibility.ageMax", "AGE_RANGE", "年龄范围须满足 18 ≤ 最低 ≤ 最高 ≤ 80", "18 <= minimum age <= maximum age <= 80")
        if any(not re.fullmatch(r"\d{2,6}", r) for r in e.regions):
            bad("eligibility.regions", "INVALID_REGION", "地区须为2-6位行政区划代码前缀", "regions are 2-6 digit GB/T 2260 prefixes")
        if e.min_grade is not None and e.min_grade not in await self.grade_codes(self.session, bank_id):
            bad("eligibility.minGrade", "UNKNOWN_GRADE", f"评分卡中没有等级 {e.min_grade}", f"the card in force has no grade {e.min_grade}")
        maxima = [b.max_amount for b in d.processes]
        if not d.processes or maxima[-1] is not None or any(m is None for m in maxima[:-1]) or maxima[:-1] != sorted(set(maxima[:-1])):
            bad("processes", "PROCESS_BANDS", "审批流程须按金额上限从低到高排列，最后一档不设上限",
                "process bands ascend by maximum amount and the last one has none")
        keys = await self.process_keys(self.session, bank_id)
        for i, band in enumerate(d.processes):
            if band.process not in keys:
                bad(f"processes[{i}].processKey", "UNKNOWN_PROCESS", f"未知的审批流程：{band.process}", f"unknown process {band.process}")
        if d.valid_to is not None and d.valid_to < d.valid_from:
            bad("validTo", "VALIDITY", "失效日期不能早于生效日期", "validTo is before validFrom")
        if not 0 <= d.sample_rate <= 100:
            bad("sampleRate", "SAMPLE_RATE", "抽样比例须为0-100", "the sample rate is 0-100 %")
        if errors:
            raise DomainError(*errors)
