"""GraphQL types of the product catalog (docs/approvals.md, "Products")."""

from __future__ import annotations

import datetime as dt

import strawberry
from strawberry.types import Info

from backend.customers.validation import GENERIC_CODES
from backend.products import errors as product_errors
from backend.products import models
from backend.products.service import Eligibility
from schema.common import error_codes, error_type, from_attributes
from schema.customers import Money
from schema.orgs import OrgUnit

ProductErrorCode = error_codes(
    "ProductErrorCode", product_errors.ERROR_CODES, GENERIC_CODES, description="Why a product could not be saved or retired."
)
ProductError = error_type("ProductError", ProductErrorCode, description="A refused product change: the field, the rule (code), the message.")

ProductStatus = strawberry.enum(models.ProductStatus, description="ACTIVE: the version in force.")
RepaymentMethod = strawberry.enum(models.RepaymentMethod, description="How a loan is repaid.")
ProductChannel = strawberry.enum(models.ProductChannel, description="Where the product can be applied for.")


def percent(bp: int) -> str:
    return f"{bp / 100:.2f}"


@strawberry.type(description="Who may apply for a product.")
class ProductEligibility:
    precise_archive: bool = strawberry.field(description="The archive must be precise (建档精准).")
    min_grade: str | None = strawberry.field(description="The worst grade admitted; null: any but the ineligible grade.")
    no_veto: bool
    age_min: int
    age_max: int
    regions: list[str] = strawberry.field(description="GB/T 2260 prefixes; empty: anywhere.")


@strawberry.type(description="The approval process of an amount band.")
class ProductProcessBand:
    max_amount: Money | None = strawberry.field(description="Yuan, inclusive; null: no upper limit.")
    process_key: str


@strawberry.type(description="A credit product of a bank (农e贷, 富e贷 or its own), one version.")
class Product:
    id: strawberry.ID
    code: str
    version: int
    status: ProductStatus
    name: str
    description: str | None
    amount_min: Money
    amount_max: Money
    terms: list[int] = strawberry.field(description="Months.")
    rate_min: str = strawberry.field(description="Annual rate in percent, e.g. \"4.35\".")
    rate_max: str
    repayment_methods: list[RepaymentMethod]
    channels: list[ProductChannel]
    eligibility: ProductEligibility
    processes: list[ProductProcessBand]
    sample_rate: int = strawberry.field(description="Percent of straight-through applications drawn for manual review.")
    valid_from: dt.date
    valid_to: dt.date | None
    created_by: str
    created_at: dt.datetime
    model: strawberry.Private[models.Product]

    @strawberry.field
    async def bank(self, info: Info) -> OrgUnit | None:
        unit = await info.context.loaders.org_unit.load(self.model.bank_id)
        return OrgUnit.from_model(unit) if unit else None

    @classmethod
    def from_model(cls, m: models.Product) -> Product:
        e = Eligibility.model_validate(m.eligibility)
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), amount_min=Money(str(m.amount_min)), amount_max=Money(str(m.amount_max)),
            rate_min=percent(m.rate_min_bp), rate_max=percent(m.rate_max_bp),
            repayment_methods=[models.RepaymentMethod(x) for x in m.repayment_methods],
            channels=[models.ProductChannel(x) for x in m.channels],
            eligibility=ProductEligibility(precise_archive=e.precise_archive, min_grade=e.min_grade, no_veto=e.no_veto,
                                           age_min=e.age_min, age_max=e.age_max, regions=e.regions),
            processes=[ProductProcessBand(max_amount=Money(str(b["maxAmount"])) if b.get("maxAmount") is not None else None,
                                          process_key=b["process"]) for b in m.processes],
            model=m,
        )  # fmt: skip


@strawberry.input
class ProductEligibilityInput:
    precise_archive: bool = True
    min_grade: str | None = None
    no_veto: bool = True
    age_min: int = 18
    age_max: int = 65
    regions: list[str] = strawberry.field(default_factory=list)


@strawberry.input
class ProductProcessBandInput:
    max_amount: Money | None = strawberry.field(description="Yuan, inclusive; null on the last band.")
    process_key: str


@strawberry.input(description="A product's terms: saving stores a new version and supersedes the one in force.")
class ProductInput:
    code: str
    name: str
    amount_min: Money
    amount_max: Money
    terms: list[int]
    rate_min: str = strawberry.field(description="Annual rate in percent, at most two decimals, e.g. \"4.35\".")
    rate_max: str
    repayment_methods: list[RepaymentMethod]
    channels: list[ProductChannel]
    eligibility: ProductEligibilityInput
    processes: list[ProductProcessBandInput]
    valid_from: dt.date
    bank_id: strawberry.ID | None = strawberry.field(default=None, description="Province administrators: the bank; else yours.")
    description: str | None = None
    sample_rate: int = 0
    valid_to: dt.date | None = None


@strawberry.type
class ProductPayload:
    product: Product | None = None
    errors: list[ProductError] = strawberry.field(default_factory=list)  # type: ignore[valid-type]
