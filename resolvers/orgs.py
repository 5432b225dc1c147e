"""Org tree and staff resolvers: parse input, call the service, map to types."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import Info

from backend.orgs import models
from backend.orgs.repository import OrgRepository
from backend.orgs.service import NewStaffUser, StaffChange
from resolvers.common import optional_id, page_args, parse_id, read_one, run_mutation
from schema.common import Connection, connection
from schema.orgs import (
    OrgError,
    CreateOrgUnitInput,
    CreateStaffUserInput,
    MoveStaffUserInput,
    OrgUnit,
    OrgUnitPayload,
    ResetStaffUserPasswordInput,
    SetStaffUserRolesInput,
    SetStaffUserStatusInput,
    StaffUser,
    StaffUserPayload,
    UnlockStaffUserInput,
    UpdateOrgUnitInput,
    UpdateStaffUserInput,
)


async def org_units(info: Info, root_id: strawberry.ID | None = None) -> list[OrgUnit]:
    """The caller's part of the org tree (or the subtree under ``rootId``), ordered by path."""
    ctx = info.context
    async with ctx.reader() as session:
        units = await OrgRepository(session).subtree(ctx.viewer, optional_id(root_id, "rootId"))
    return [OrgUnit.from_model(u) for u in units]


async def org_unit(info: Info, id: strawberry.ID) -> OrgUnit | None:
    unit = await info.context.loaders.org_unit.load(parse_id(id))
    return OrgUnit.from_model(unit) if unit else None


async def staff_users(
    info: Info,
    first: int = 50,
    after: str | None = None,
    org_unit_id: strawberry.ID | None = None,
    status: models.StaffStatus | None = None,
    role: models.Role | None = None,
    search: Annotated[str | None, strawberry.argument(description="Prefix of name, username or employee number.")] = None,
) -> Connection[StaffUser]:
    """Staff users in the caller's subtree, keyset-paged by id."""
    ctx = info.context
    first, after_id = page_args(first, after)
    async with ctx.reader() as session:
        rows = await OrgRepository(session).staff_users(
            ctx.viewer,
            org_unit_id=optional_id(org_unit_id, "orgUnitId"),
            status=status,
            role=role.value if role else None,
            search=search.strip() if search else None,
            after_id=after_id,
            limit=first + 1,
        )
    return connection([StaffUser.from_model(r) for r in rows], [r.id for r in rows], first)


async def staff_user(info: Info, id: strawberry.ID) -> StaffUser | None:
    ctx = info.context
    key = parse_id(id)
    return await read_one(info, lambda session: OrgRepository(session).staff_user(ctx.viewer, key), StaffUser.from_model)


async def create_org_unit(info: Info, input: CreateOrgUnitInput) -> OrgUnitPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).create_org_unit(
            ctx.viewer, parent_id=parse_id(input.parent_id, "parentId"), code=input.code, name=input.name
        )

    unit, errors = await run_mutation(info, work)
    return OrgUnitPayload(org_unit=OrgUnit.from_model(unit) if unit else None, errors=OrgError.of(errors))


async def update_org_unit(info: Info, input: UpdateOrgUnitInput) -> OrgUnitPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).update_org_unit(
            ctx.viewer, parse_id(input.id), name=input.name, status=input.status
        )

    unit, errors = await run_mutation(info, work)
    return OrgUnitPayload(org_unit=OrgUnit.from_model(unit) if unit else None, errors=OrgError.of(errors))


def _staff_payload(result: StaffChange | models.StaffUser | None, errors) -> StaffUserPayload:
    from schema.dual_control import PendingChange

    change = result if isinstance(result, StaffChange) else StaffChange(result) if result is not None else None
    return StaffUserPayload(
        user=StaffUser.from_model(change.user) if change else None,
        errors=OrgError.of(errors),
        pending_change=PendingChange.from_model(change.pending) if change and change.pending else None,
    )


async def create_staff_user(info: Info, input: CreateStaffUserInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        new = NewStaffUser(
            username=input.username,
            employee_no=input.employee_no,
            name=input.name,
            org_unit_id=parse_id(input.org_unit_id, "orgUnitId"),
            roles=list(input.roles),
            password=input.initial_password,
            phone=input.phone,
        )
        return await ctx.services.orgs(session).create_staff_user(ctx.viewer, ctx.services.uup(session), new)

    return _staff_payload(*await run_mutation(info, work))


async def set_staff_user_status(info: Info, input: SetStaffUserStatusInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).set_staff_status(
            ctx.viewer, parse_id(input.user_id, "userId"), input.status, input.reason
        )

    return _staff_payload(*await run_mutation(info, work))


async def set_staff_user_roles(info: Info, input: SetStaffUserRolesInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).set_staff_roles(ctx.viewer, parse_id(input.user_id, "userId"), list(input.roles))

    return _staff_payload(*await run_mutation(info, work))


async def reset_staff_user_password(info: Info, input: ResetStaffUserPasswordInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).reset_staff_password(
            ctx.viewer, ctx.services.uup(session), parse_id(input.user_id, "userId"), input.new_password
        )

    return _staff_payload(*await run_mutation(info, work))


async def unlock_staff_user(info: Info, input: UnlockStaffUserInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).unlock_staff_user(ctx.viewer, parse_id(input.user_id, "userId"))

    return _staff_payload(*await run_mutation(info, work))


async def update_staff_user(info: Info, input: UpdateStaffUserInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).update_staff_profile(
            ctx.viewer, parse_id(input.user_id, "userId"), name=input.name, phone=input.phone
        )

    return _staff_payload(*await run_mutation(info, work))


async def move_staff_user(info: Info, input: MoveStaffUserInput) -> StaffUserPayload:
    ctx = info.context

    async def work(session):
        return await ctx.services.orgs(session).move_staff_user(
            ctx.viewer, parse_id(input.user_id, "userId"), parse_id(input.org_unit_id, "orgUnitId")
        )

    return _staff_payload(*await run_mutation(info, work))
