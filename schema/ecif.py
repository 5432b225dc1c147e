"""GraphQL types of the ECIF integration (统一客户号). Personal fields go through the field policy."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.integrations import ecif


@strawberry.type(
    description="What ECIF (the enterprise customer information system) knows about a person, to prefill a "
    "new archive. Personal fields follow the same field policy as the archive's."
)
class EcifRecord:
    customer_no: str = strawberry.field(description="The unified customer number (统一客户号).")
    name: str | None = strawberry.field(description="Per the field policy (as Customer.name); null when not shared.")
    id_number: str | None = strawberry.field(description="Resident ID number per the field policy (as Customer.idNumber).")
    gender: str | None
    birth_date: dt.date | None
    mobile: str | None = strawberry.field(description="Mobile number per the field policy (as Customer.mobile).")
    address: str | None = strawberry.field(description="Address line per the field policy (as Address.line).")
    region_code: str | None
    ethnicity: str | None
    registered_by_own_bank: bool = strawberry.field(
        description="Your bank registered this person. Otherwise only what the customer agreed to share with the other "
        "member banks comes back (`sharedFields`); the rest is null."
    )
    shared_fields: list[str] = strawberry.field(description="The fields the customer agreed other member banks may see.")

    @classmethod
    def from_record(cls, r: ecif.EcifRecord, *, own_bank: bool) -> EcifRecord:
        return cls(
            customer_no=r.customer_no, name=r.name, id_number=r.id_number, gender=r.gender, birth_date=r.birth_date,
            mobile=r.mobile, address=r.address, region_code=r.region_code, ethnicity=r.ethnicity,
            registered_by_own_bank=own_bank, shared_fields=list(r.shared_fields),
        )
