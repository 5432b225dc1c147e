"""Org and staff queries. Every read starts from a readable statement scoped to the caller."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, TypeVar

from sqlalchemy import ColumnElement, Select, exists, func, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.models import LoginThrottle
from backend.auth.principal import Principal
from backend.orgs.models import OrgLevel, OrgStatus, OrgUnit, StaffStatus, StaffUser
from backend.db.prefix import starts_with

_S = TypeVar("_S", bound=Select[Any])


def readable_org_units(principal: Principal) -> Select[tuple[OrgUnit]]:
    return select(OrgUnit).where(readable_org_unit(principal, OrgUnit))


def readable_org_unit(principal: Principal, unit: Any) -> ColumnElement[bool]:
    """The readable statement's condition on ``unit`` (``OrgUnit`` or an alias of it), for a join."""
    return starts_with(unit.path, principal.scope_path)


def readable_staff_users(principal: Principal) -> Select[tuple[StaffUser]]:
    """Joined to the user's unit (callers read and order by its path)."""
    return (
        select(StaffUser)
        .join(OrgUnit, StaffUser.org_unit_id == OrgUnit.id)
        .where(starts_with(OrgUnit.path, principal.scope_path))
    )


def readable_staff_user(principal: Principal, user: Any) -> ColumnElement[bool]:
    """``readable_staff_users``'s condition on ``user`` (an alias of ``StaffUser``), for a join: a
    user of a unit in the caller's subtree."""
    units = select(OrgUnit.id).where(OrgUnit.id == user.org_unit_id, starts_with(OrgUnit.path, principal.scope_path))
    return exists(units.correlate_except(OrgUnit))


class OrgRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def org_unit(self, principal: Principal, org_unit_id: int) -> OrgUnit | None:
        return (await self.session.scalars(readable_org_units(principal).where(OrgUnit.id == org_unit_id))).one_or_none()

    async def _in_subtree(self, principal: Principal, stmt: _S, root_id: int | None) -> _S | None:
        """``stmt`` (which selects from org_units) narrowed to the subtree of ``root_id`` (as it
        is for None); None when the caller cannot read that unit."""
        if root_id is None:
            return stmt
        root = await self.org_unit(principal, root_id)
        return None if root is None else stmt.where(starts_with(OrgUnit.path, root.path))

    async def branch(self, principal: Principal, *, branch_id: int | None = None, code: str | None = None) -> OrgUnit | None:
        """A branch by id or code that the caller may file archives in: in a staff member's
        subtree; for a machine client (mobile banking self-service), in its bank if it has one."""
        stmt = select(OrgUnit).where(OrgUnit.level == OrgLevel.BRANCH)
        stmt = stmt.where(OrgUnit.id == branch_id) if branch_id is not None else stmt.where(OrgUnit.code == code)
        if principal.is_staff:
            stmt = stmt.where(starts_with(OrgUnit.path, principal.scope_path))
        elif principal.bank_id is not None:
            stmt = stmt.where(OrgUnit.bank_id == principal.bank_id)
        return (await self.session.scalars(stmt)).one_or_none()

    async def units_at(self, *levels: OrgLevel) -> list[OrgUnit]:
        """Every open unit of the given levels, by path (system jobs: the monthly reports)."""
        stmt = select(OrgUnit).where(OrgUnit.level.in_(levels), OrgUnit.status == OrgStatus.ACTIVE).order_by(OrgUnit.path)
        return list(await self.session.scalars(stmt))

    async def code_of(self, org_unit_id: int | None) -> str | None:
        return await self.session.scalar(select(OrgUnit.code).where(OrgUnit.id == org_unit_id)) if org_unit_id is not None else None

    async def names_of(self, principal: Principal, ids: Sequence[int]) -> dict[int, str]:
        rows = await self.session.execute(readable_org_units(principal).with_only_columns(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(list(ids))))
        return dict(rows.all())

    async def staff_users_by_ids(self, principal: Principal, ids: Sequence[int]) -> dict[int, StaffUser]:
        rows = await self.session.scalars(readable_staff_users(principal).where(StaffUser.id.in_(list(ids))))
        return {u.id: u for u in rows}

    async def lockouts(self, principal: Principal, ids: Sequence[int]) -> dict[int, datetime]:
        """When the failed-login lock of each of these accounts ends, for those locked now
        (``login_throttles`` is keyed by username)."""
        rows = await self.session.execute(
            readable_staff_users(principal)
            .with_only_columns(StaffUser.id, LoginThrottle.locked_until)
            .join(LoginThrottle, LoginThrottle.username == StaffUser.username)
            .where(StaffUser.id.in_(list(ids)), LoginThrottle.locked_until > func.now())
        )
        return {user_id: until for user_id, until in rows.all()}

    async def org_units_by_ids(self, principal: Principal, ids: Sequence[int]) -> dict[int, OrgUnit]:
        rows = await self.session.scalars(readable_org_units(principal).where(OrgUnit.id.in_(ids)))
        return {row.id: row for row in rows}

    async def subtree(self, principal: Principal, root_id: int | None = None) -> list[OrgUnit]:
        stmt = await self._in_subtree(principal, readable_org_units(principal), root_id)
        if stmt is None:
            return []
        return list(await self.session.scalars(stmt.order_by(OrgUnit.path)))

    async def staff_user(self, principal: Principal, user_id: int) -> StaffUser | None:
        return (
            await self.session.scalars(readable_staff_users(principal).where(StaffUser.id == user_id))
        ).one_or_none()

    async def staff_users(
        self,
        principal: Principal,
        *,
        org_unit_id: int | None = None,
        status: StaffStatus | None = None,
        role: str | None = None,
        search: str | None = None,
        after_id: int | None = None,
        limit: int = 50,
    ) -> list[StaffUser]:
        stmt = await self._in_subtree(principal, readable_staff_users(principal), org_unit_id)
        if stmt is None:
            return []
        if status is not None:
            stmt = stmt.where(StaffUser.status == status)
        if role is not None:
            stmt = stmt.where(StaffUser.roles.any_() == role)
        if search:
            like = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            stmt = stmt.where(
                (StaffUser.name.like(like)) | (StaffUser.username.like(like.lower())) | (StaffUser.employee_no.like(like))
            )
        if after_id is not None:
            stmt = stmt.where(StaffUser.id > after_id)
        return list(await self.session.scalars(stmt.order_by(StaffUser.id).limit(limit)))

    async def exists_username_or_employee_no(self, username: str, employee_no: str) -> tuple[bool, bool]:
        """Whether the user name and the employee number are taken anywhere in the province (also
        by another bank's staff, whom row-level security hides: migration 0024's function)."""
        row = (
            await self.session.execute(text("SELECT username, employee_no FROM cic_staff_taken(:u, :e)"), {"u": username, "e": employee_no})
        ).one()
        return bool(row[0]), bool(row[1])

    async def org_code_taken(self, code: str) -> bool:
        """Whether an org unit anywhere in the province has ``code`` (see above)."""
        return bool(await self.session.scalar(text("SELECT cic_org_code_taken(:c)"), {"c": code}))
