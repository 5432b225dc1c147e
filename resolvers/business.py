"""Business-data resolvers: the warehouse feed imports (status and history)."""

from __future__ import annotations

from strawberry import Info

from resolvers.common import open_id_cursor, page_args, sealed_connection
from schema.business import WarehouseImport
from schema.common import Connection, TimeOrder


async def warehouse_imports(
    info: Info, first: int = 50, after: str | None = None, order: TimeOrder = TimeOrder.TIME_DESC
) -> Connection[WarehouseImport]:
    """Feed imports of the banks in your scope in ``order`` (newest first by default)."""
    ctx = info.context
    purpose = f"warehouse.imports.{order.value}"
    first, _ = page_args(first, None)
    after_id = open_id_cursor(info, purpose, after)
    async with ctx.reader() as session:
        rows = await ctx.services.business(session).imports(ctx.viewer, after_id=after_id, limit=first + 1, descending=order.descending)
    return sealed_connection(info, purpose, rows, first, lambda r: [r.id], WarehouseImport.from_model)
