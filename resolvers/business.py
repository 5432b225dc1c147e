"""Business-data resolvers: the warehouse feed imports (status and history)."""

from __future__ import annotations

from strawberry import Info

from resolvers.common import page_args
from schema.business import WarehouseImport
from schema.common import Connection, connection


async def warehouse_imports(info: Info, first: int = 50, after: str | None = None) -> Connection[WarehouseImport]:
    """Feed imports of the banks in your scope, newest first."""
    ctx = info.context
    first, after_id = page_args(first, after)
    async with ctx.reader() as session:
        rows = await ctx.services.business(session).imports(ctx.viewer, after_id=after_id, limit=first + 1)
    return connection([WarehouseImport.from_model(r) for r in rows], [r.id for r in rows], first)
