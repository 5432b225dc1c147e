"""The caller and the audited reveal."""

from __future__ import annotations

from strawberry import Info

from backend.auth.lookups import protected_search_rules, spend_protected_lookup
from backend.auth.reveal import reveal as reveal_value
from backend.orgs.repository import OrgRepository
from resolvers.common import run_mutation
from schema.auth import AuthError, RevealInput, RevealPayload, SearchFilterRule, Viewer
from schema.orgs import OrgUnit, StaffUser


async def me(info: Info) -> Viewer:
    ctx = info.context
    principal = ctx.viewer
    user = unit = None
    if principal.user_id is not None:
        async with ctx.reader() as session:
            user = await OrgRepository(session).staff_user(principal, principal.user_id)
        unit = await ctx.loaders.org_unit.load(principal.org_id) if principal.org_id else None
    return Viewer(
        kind=principal.kind,
        user=StaffUser.from_model(user) if user else None,
        org_unit=OrgUnit.from_model(unit) if unit else None,
        client_id=principal.client_id,
        roles=sorted(principal.roles),
        scopes=sorted(principal.scopes),
        permissions=sorted(principal.permissions),
        search_filters=[SearchFilterRule(filter=f, allowed=a, counted=c) for f, a, c in protected_search_rules(principal)],
    )


async def reveal(info: Info, input: RevealInput) -> RevealPayload:
    ctx = info.context

    await spend_protected_lookup(ctx.services, ctx.viewer)

    async def work(session):
        return await reveal_value(session, ctx.services.cipher, ctx.viewer, input.type, input.id, input.field)

    value, errors = await run_mutation(info, work)
    return RevealPayload(value=value, errors=AuthError.of(errors))
