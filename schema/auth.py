"""GraphQL types for the caller and for revealing protected values."""

from __future__ import annotations

import strawberry

from backend.auth import errors as auth_errors
from schema.common import error_codes, error_type
from backend.auth import permissions
from schema.orgs import OrgUnit, Role, StaffUser

AuthErrorCode = error_codes("AuthErrorCode", auth_errors.ERROR_CODES, description="Why a reveal of a protected field was refused.")
AuthError = error_type("AuthError", AuthErrorCode, description="A refused reveal: the field, the rule (code), the message.")

Permission = strawberry.enum(permissions.Permission, description="A permission of the one table; roles hold them.")


@strawberry.type(description="Who is calling.")
class Viewer:
    kind: str = strawberry.field(description="`staff` or `client`.")
    user: StaffUser | None
    org_unit: OrgUnit | None
    client_id: str | None
    roles: list[Role]
    scopes: list[str]
    permissions: list[Permission] = strawberry.field(
        description="What the caller may do (the one permission table, backend/auth/permissions.py): clients show "
        "menus and buttons from this instead of keeping their own role lists."
    )
    search_filters: list[SearchFilterRule] = strawberry.field(
        description="Which archive filters on protected values you may use (from the field policy)."
    )


@strawberry.type(description="An archive filter that tests a protected value, as the caller may use it.")
class SearchFilterRule:
    filter: str = strawberry.field(description="The `CustomerFilter` argument: idNumber, mobile or namePrefix.")
    allowed: bool = strawberry.field(description="Your role sees the value at least through `reveal`: you may search by it.")
    counted: bool = strawberry.field(description="Such searches are audited and count against your protected-lookup limit.")


@strawberry.type(description="A protected field the caller may reveal on this record (`reveal(input: {type, id, field})`).")
class RevealableField:
    type: str
    field: str


@strawberry.input(description="A protected field of one record, e.g. type `StaffUser`, field `phone`.")
class RevealInput:
    type: str
    id: strawberry.ID
    field: str


@strawberry.type
class RevealPayload:
    value: str | None = None
    errors: list[AuthError] = strawberry.field(default_factory=list)
