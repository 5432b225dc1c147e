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
    name: str | None
    id_number: str | None = strawberry.field(description="Resident ID number per the field policy (as Customer.idNumber).")
    gender: str | None
    birth_date: dt.date | None
    mobile: str | None = strawberry.field(description="Mobile number per the field policy (as Customer.mobile).")
    address: str | None = strawberry.field(description="Address line per the field policy (as Address.line).")
    region_code: str | None
    ethnicity: str | None

    @classmethod
    def from_record(cls, r: ecif.EcifRecord) -> EcifRecord:
        return cls(
            customer_no=r.customer_no, name=r.name, id_number=r.id_number, gender=r.gender, birth_date=r.birth_date,
            mobile=r.mobile, address=r.address, region_code=r.region_code, ethnicity=r.ethnicity,
        )
