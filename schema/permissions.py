"""Permissions declared on fields (Strawberry PermissionExtension)."""

from __future__ import annotations

from typing import Any

from strawberry import Info
from strawberry.permission import BasePermission

from backend.orgs.models import Role


class IsAuthenticated(BasePermission):
    message = "authentication required"
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        ctx = info.context
        if ctx.principal is None:
            self.message = ctx.auth_error or "authentication required"
            return False
        return True


class IsStaff(BasePermission):
    message = "staff login required"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        return info.context.principal is not None and info.context.principal.is_staff


class HasRole(BasePermission):
    error_extensions = {"code": "FORBIDDEN"}

    def __init__(self, *roles: Role) -> None:
        self.roles = roles
        self.message = "requires one of the roles: " + ", ".join(r.value for r in roles)

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and principal.is_staff and principal.has_any_role(*self.roles)


class CanCollect(BasePermission):
    """Customer managers and branch managers, or a machine client with the `self_service` scope."""

    message = "requires CUSTOMER_MANAGER or BRANCH_MANAGER, or a client with the self_service scope"
    error_extensions = {"code": "FORBIDDEN"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        if principal is None:
            return False
        if principal.is_staff:
            return principal.has_any_role(Role.CUSTOMER_MANAGER, Role.BRANCH_MANAGER)
        return "self_service" in principal.scopes
