"""GraphQL types for the caller and for revealing protected values."""

from __future__ import annotations

import strawberry

from schema.common import UserError
from schema.orgs import OrgUnit, Role, StaffUser


@strawberry.type(description="Who is calling.")
class Viewer:
    kind: str = strawberry.field(description="`staff` or `client`.")
    user: StaffUser | None
    org_unit: OrgUnit | None
    client_id: str | None
    roles: list[Role]
    scopes: list[str]


@strawberry.input(description="A protected field of one record, e.g. type `StaffUser`, field `phone`.")
class RevealInput:
    type: str
    id: strawberry.ID
    field: str


@strawberry.type
class RevealPayload:
    value: str | None = None
    errors: list[UserError] = strawberry.field(default_factory=list)
