"""Permissions declared on fields (Strawberry PermissionExtension)."""

from __future__ import annotations

from typing import Any

from strawberry import Info
from strawberry.permission import BasePermission

from backend.auth.permissions import Permission


class IsAuthenticated(BasePermission):
    message = "authentication required"
    error_extensions = {"code": "UNAUTHENTICATED"}

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        ctx = info.context
        if ctx.principal is None:
            self.message = ctx.auth_error or "authentication required"
            return False
        return True


class HasPermission(BasePermission):
    """The caller holds a permission of ``backend.auth.permissions`` (through a role, or for a
    machine client through an OAuth scope)."""

    error_extensions = {"code": "FORBIDDEN"}

    def __init__(self, permission: Permission) -> None:
        self.permission = permission
        self.message = f"requires the permission {permission.value}"

    def has_permission(self, source: Any, info: Info, **kwargs: Any) -> bool:
        principal = info.context.principal
        return principal is not None and principal.can(self.permission)
