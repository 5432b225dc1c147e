"""DataLoaders, created per request in the context (never at module level)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from strawberry.dataloader import DataLoader

from backend.orgs.models import OrgUnit
from backend.orgs.repository import OrgRepository

if TYPE_CHECKING:
    from schema.context import Context


class Loaders:
    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self.org_unit = DataLoader(self._load_org_units)

    async def _load_org_units(self, ids: Sequence[int]) -> list[OrgUnit | None]:
        ctx = self._ctx
        async with ctx.reader() as session:
            found = await OrgRepository(session).org_units_by_ids(ctx.viewer, ids)
        return [found.get(i) for i in ids]
