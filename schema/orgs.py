"""GraphQL types for the org tree and staff users."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import strawberry
from strawberry import Info

from backend.auth.contexts import PHONE_CONTEXT
from backend.dual_control import errors as dual_control_errors
from backend.orgs import errors as org_errors
from backend.orgs import models
from schema.common import error_codes, error_type, from_attributes

if TYPE_CHECKING:
    from schema.auth import RevealableField
    from schema.dual_control import PendingChange

OrgLevel = strawberry.enum(models.OrgLevel, description="PROVINCE (省联社) > BANK (法人行社) > BRANCH (网点)")
OrgStatus = strawberry.enum(models.OrgStatus)
Role = strawberry.enum(models.Role)
StaffStatus = strawberry.enum(models.StaffStatus)
OrgErrorCode = error_codes(
    "OrgErrorCode", org_errors.ERROR_CODES, dual_control_errors.ERROR_CODES,
    description="Why an org unit or staff-user change (put under dual control where it grants access) was refused.",
)
OrgError = error_type("OrgError", OrgErrorCode, description="A refused org or staff input: the field, the rule (code), the message.")


@strawberry.type(description="A unit of the organization tree.")
class OrgUnit:
    id: strawberry.ID
    code: str
    name: str
    level: OrgLevel
    status: OrgStatus
    parent_id: strawberry.ID | None
    bank_id: strawberry.ID | None
    depth: int = strawberry.field(description="0 for the province, 1 for a bank, 2 for a branch.")

    @classmethod
    def from_model(cls, m: models.OrgUnit, *, partial: bool = False) -> OrgUnit:
        missing = (None,) if partial else ()  # as ``from_attributes`` reads a partial row
        parent_id, bank_id, path = (getattr(m, c, *missing) for c in ("parent_id", "bank_id", "path"))
        return from_attributes(
            cls, m, partial=partial,
            id=strawberry.ID(str(m.id)),
            parent_id=strawberry.ID(str(parent_id)) if parent_id else None,
            bank_id=strawberry.ID(str(bank_id)) if bank_id else None,
            depth=path.count("/") - 2 if path is not None else None,
        )

    @classmethod
    def from_listed(cls, m: models.OrgUnit) -> OrgUnit:
        """From a row holding the columns that the fields asked of it read (``ORG_UNIT_COLUMNS``:
        an archive list's branch); a field not asked is None."""
        return cls.from_model(m, partial=True)


@strawberry.type(description="A staff user. `phone` follows the field policy (full, masked or hidden).")
class StaffUser:
    id: strawberry.ID
    username: str
    employee_no: str
    name: str
    roles: list[Role]
    status: StaffStatus
    created_at: datetime
    org_unit_id: strawberry.Private[int]
    phone_encrypted: strawberry.Private[bytes | None]

    @strawberry.field(description="Mobile number; full, masked (3+4) or null according to the field policy.")
    def phone(self, info: Info) -> str | None:
        if self.phone_encrypted is None:
            return None
        return info.context.services.cipher.decrypt(self.phone_encrypted, context=PHONE_CONTEXT)

    @strawberry.field(description="The protected fields of this account you may reveal (`reveal` with its id).")
    def revealable(self, info: Info) -> list[Annotated[RevealableField, strawberry.lazy("schema.auth")]]:
        from backend.auth.reveal import revealable_fields
        from schema.auth import RevealableField

        return [RevealableField(type=t, field=f) for t, f in revealable_fields(info.context.viewer, ("StaffUser",), self)]

    @strawberry.field(
        description="Until when too many failed logins lock the account (null when it is not locked); an "
        "administrator may lift the lock with `unlockStaffUser`."
    )
    async def locked_until(self, info: Info) -> datetime | None:
        return await info.context.loaders.staff_lockout.load(int(self.id))

    @strawberry.field
    async def org_unit(self, info: Info) -> OrgUnit | None:
        unit = await info.context.loaders.org_unit.load(self.org_unit_id)
        return OrgUnit.from_model(unit) if unit else None

    @classmethod
    def from_model(cls, m: models.StaffUser) -> StaffUser:
        return from_attributes(cls, m, id=strawberry.ID(str(m.id)), roles=[models.Role(r) for r in m.roles])

    @classmethod
    def from_listed(cls, m: models.StaffUser) -> StaffUser:
        """From a row holding the columns that the fields asked of it read (``STAFF_USER_COLUMNS``:
        an archive list's manager); a field not asked is None."""
        roles = getattr(m, "roles", None)
        return from_attributes(cls, m, partial=True, id=strawberry.ID(str(m.id)), roles=None if roles is None else [models.Role(r) for r in roles])


# The columns of a staff user's and an org unit's row each GraphQL field reads, for the rows an
# archive's statement brings along (a list page's managers and branches: ``People``); a field not
# listed reads the whole row (``schema.common.columns_read``). The roles array, the timestamps and
# the blind index of the manager's phone were a list page's largest columns, read for one name.
# Tested field by field: tests/customers/test_search_columns.py.
STAFF_USER_COLUMNS: dict[str, frozenset[str]] = {
    "__typename": frozenset(), "id": frozenset({"id"}), "username": frozenset({"username"}),
    "employeeNo": frozenset({"employee_no"}), "name": frozenset({"name"}), "roles": frozenset({"roles"}),
    "status": frozenset({"status"}), "createdAt": frozenset({"created_at"}), "phone": frozenset({"phone_encrypted"}),
    "lockedUntil": frozenset({"id"}), "orgUnit": frozenset({"org_unit_id"}), "revealable": frozenset({"id"}),
}  # fmt: skip
ORG_UNIT_COLUMNS: dict[str, frozenset[str]] = {
    "__typename": frozenset(), "id": frozenset({"id"}), "code": frozenset({"code"}), "name": frozenset({"name"}),
    "level": frozenset({"level"}), "status": frozenset({"status"}), "parentId": frozenset({"parent_id"}),
    "bankId": frozenset({"bank_id"}), "depth": frozenset({"path"}),
}  # fmt: skip


@strawberry.input
class CreateOrgUnitInput:
    parent_id: strawberry.ID
    code: str
    name: str


@strawberry.input
class UpdateOrgUnitInput:
    id: strawberry.ID
    name: str | None = None
    status: OrgStatus | None = None


@strawberry.type
class OrgUnitPayload:
    org_unit: OrgUnit | None = None
    errors: list[OrgError] = strawberry.field(default_factory=list)


@strawberry.input
class CreateStaffUserInput:
    username: str
    employee_no: str
    name: str
    org_unit_id: strawberry.ID
    roles: list[Role]
    initial_password: str
    phone: str | None = None


@strawberry.input
class SetStaffUserStatusInput:
    user_id: strawberry.ID
    status: StaffStatus
    reason: str | None = None


@strawberry.input
class SetStaffUserRolesInput:
    user_id: strawberry.ID
    roles: list[Role]


@strawberry.input(description="A temporary password an administrator sets for a staff member (the rule of a new account's).")
class ResetStaffUserPasswordInput:
    user_id: strawberry.ID
    new_password: str


@strawberry.input
class UnlockStaffUserInput:
    user_id: strawberry.ID


@strawberry.input(description="A staff member's name and mobile number; null keeps a field, an empty phone removes it.")
class UpdateStaffUserInput:
    user_id: strawberry.ID
    name: str | None = None
    phone: str | None = None


@strawberry.input
class MoveStaffUserInput:
    user_id: strawberry.ID
    org_unit_id: strawberry.ID


@strawberry.type
class StaffUserPayload:
    user: StaffUser | None = None
    errors: list[OrgError] = strawberry.field(default_factory=list)
    pending_change: Annotated[PendingChange, strawberry.lazy("schema.dual_control")] | None = strawberry.field(
        default=None,
        description="Set when the change waits for a second administrator (roles that read personal data): the "
        "account stays PENDING, or keeps its roles, until then.",
    )
