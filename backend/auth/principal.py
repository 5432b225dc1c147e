"""Who is calling: a staff user or a machine client, with the org subtree they may read."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, TypeVar

from backend.auth.permissions import Permission, permissions_of
from backend.auth.roles import OrgLevel, Role

S = TypeVar("S")

# A path that no org unit has: the scope of a caller that may read no org data at all.
NOTHING = "/-/"


@dataclass(frozen=True)
class Principal:
    kind: str  # "staff" | "client" | "customer" (a mobile-banking token bound to one customer)
    scope_path: str  # rows whose org path starts with this are readable
    user_id: int | None = None
    username: str | None = None
    org_id: int | None = None
    org_level: OrgLevel | None = None
    bank_id: int | None = None
    client_id: str | None = None
    roles: frozenset[Role] = field(default_factory=frozenset)
    scopes: frozenset[str] = field(default_factory=frozenset)
    # A customer principal reads its own records only: every readable statement that knows the
    # customer adds this id (``customer_only``), on top of the org path of its archive.
    customer_id: uuid.UUID | None = None

    @property
    def is_staff(self) -> bool:
        return self.kind == "staff"

    def has_any_role(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def permissions(self) -> frozenset[Permission]:
        """What the caller may do (``backend.auth.permissions``): from the roles of a staff user,
        from the OAuth scopes of a machine client or of a customer's token."""
        return permissions_of(self.roles, self.scopes, kind=self.kind)

    def can(self, permission: Permission) -> bool:
        return permission in self.permissions

    def can_read_path(self, path: str) -> bool:
        return path.startswith(self.scope_path)



def customer_only(statement: S, principal: Principal, column: Any) -> S:
    """``statement`` bound to the customer of a customer principal; unchanged for staff and
    clients (their scope is their org path)."""
    if principal.kind != "customer":
        return statement
    return statement.where(column == principal.customer_id)  # type: ignore[attr-defined]
