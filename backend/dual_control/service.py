"""Dual control: request, approve, reject and withdraw changes that need a second administrator.

The domain that owns a change registers an ``Executor`` for its kind: ``apply`` makes the change
as the approving administrator (so every permission check of the change itself runs for the
checker too) and ``drop`` undoes what the request prepared when it is rejected or withdrawn.
The requester can never approve their own request. Every step is audited (``dual_control.*``).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.permissions import Permission
from backend.audit import service as audit
from backend.auth.principal import Principal
from backend.dual_control.models import ChangeKind, ChangeStatus, PendingChange
from backend.dual_control.repository import PendingChangeRepository
from backend.errors import PermissionDenied, field_error, not_found



@dataclass(frozen=True)
class Executor:
    # (services, session, checker, change) -> None; raises DomainError / PermissionDenied.
    apply: Callable[[Any, AsyncSession, Principal, PendingChange], Awaitable[None]]
    drop: Callable[[Any, AsyncSession, Principal, PendingChange], Awaitable[None]] | None = None


EXECUTORS: dict[ChangeKind, Executor] = {}


def executor(kind: ChangeKind, *, drop: Callable[..., Awaitable[None]] | None = None) -> Callable[..., Any]:
    def register(fn: Callable[[Any, AsyncSession, Principal, PendingChange], Awaitable[None]]) -> Callable[..., Any]:
        EXECUTORS[kind] = Executor(apply=fn, drop=drop)
        return fn

    return register


def may_decide(principal: Principal, change: PendingChange) -> bool:
    """An administrator whose scope holds the change, other than its requester."""
    return (
        principal.is_staff
        and principal.can(Permission.CHANGE_DECIDE)
        and principal.can_read_path(change.org_path)
        and principal.user_id != change.requested_by
        and change.status == ChangeStatus.PENDING
    )


class DualControlService:
    def __init__(self, session: AsyncSession, services: Any) -> None:
        self.session = session
        self.services = services
        self.repo = PendingChangeRepository(session)

    async def request(
        self, principal: Principal, kind: ChangeKind, *, org_path: str, target_type: str, target_id: str | int, detail: dict[str, Any]
    ) -> PendingChange:
        target = str(target_id)
        if await self.repo.open_for(target_type, target) is not None:
            raise field_error(
                "id", "PENDING_CHANGE_EXISTS", "该对象已有待复核的申请，请等待复核或撤回后再提交", "a request on this target is waiting for approval"
            )
        change = PendingChange(
            kind=kind, status=ChangeStatus.PENDING, org_path=org_path, target_type=target_type, target_id=target,
            detail=detail, requested_by=principal.user_id,
        )
        self.session.add(change)
        await self.session.flush()
        await self._audit(principal, change, "dual_control.request")
        return change

    async def _decidable(self, principal: Principal, change_id: int) -> PendingChange:
        if not principal.is_staff or not principal.can(Permission.CHANGE_DECIDE):
            raise PermissionDenied("only administrators decide pending changes")
        change = await self.repo.get(principal, change_id, for_update=True)
        if change is None:
            raise not_found("复核申请")
        if change.status != ChangeStatus.PENDING:
            raise field_error("id", "ALREADY_DECIDED", "该申请已处理", f"the request is already {change.status.value}")
        return change

    async def approve(self, principal: Principal, change_id: int, note: str | None = None) -> PendingChange:
        change = await self._decidable(principal, change_id)
        if change.requested_by == principal.user_id:
            raise field_error("id", "SAME_PERSON", "不能复核自己提交的申请，须由另一位管理员复核", "the requester cannot approve their own request")
        await EXECUTORS[change.kind].apply(self.services, self.session, principal, change)
        return await self._decide(principal, change, ChangeStatus.APPROVED, note, "dual_control.approve")

    async def reject(self, principal: Principal, change_id: int, reason: str) -> PendingChange:
        reason = (reason or "").strip()
        if not 2 <= len(reason) <= 500:
            raise field_error("reason", "REASON_REQUIRED", "驳回须填写原因（2-500字）", "a reason of 2-500 characters is required")
        change = await self._decidable(principal, change_id)
        if change.requested_by == principal.user_id:
            raise field_error("id", "SAME_PERSON", "不能复核自己提交的申请；如需撤回请使用撤回", "withdraw your own request instead")
        await self._drop(principal, change)
        return await self._decide(principal, change, ChangeStatus.REJECTED, reason, "dual_control.reject")

    async def cancel(self, principal: Principal, change_id: int) -> PendingChange:
        change = await self.repo.get(principal, change_id, for_update=True)
        if change is None:
            raise not_found("复核申请")
        if change.requested_by != principal.user_id:
            raise field_error("id", "NOT_REQUESTER", "只有申请人可以撤回申请", "only the requester can withdraw a request")
        if change.status != ChangeStatus.PENDING:
            raise field_error("id", "ALREADY_DECIDED", "该申请已处理", f"the request is already {change.status.value}")
        await self._drop(principal, change)
        return await self._decide(principal, change, ChangeStatus.CANCELLED, None, "dual_control.cancel")

    async def _drop(self, principal: Principal, change: PendingChange) -> None:
        drop = EXECUTORS[change.kind].drop
        if drop is not None:
            await drop(self.services, self.session, principal, change)

    async def _decide(self, principal: Principal, change: PendingChange, status: ChangeStatus, note: str | None, action: str) -> PendingChange:
        change.status = status
        change.decided_by = principal.user_id
        change.decided_at = datetime.now(UTC)
        change.decision_note = note
        await self.session.flush()
        await self._audit(principal, change, action)
        return change

    async def _audit(self, principal: Principal, change: PendingChange, action: str) -> None:
        await audit.record(
            self.session, action=action, org_path=change.org_path, principal=principal, target_type="PendingChange",
            target_id=change.id,
            detail={"kind": change.kind.value, "target": f"{change.target_type}:{change.target_id}", "requestedBy": change.requested_by,
                    "note": change.decision_note, **change.detail},
        )

    async def list(
        self, principal: Principal, *, status: ChangeStatus | None, after_id: int | None, limit: int, descending: bool = True
    ) -> list[PendingChange]:
        if not principal.is_staff or not principal.can(Permission.CHANGE_READ):
            raise PermissionDenied("only administrators and auditors see pending changes")
        return await self.repo.list(principal, status=status, after_id=after_id, limit=limit, descending=descending)
