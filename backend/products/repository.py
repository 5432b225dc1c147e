"""Product queries; every read starts from ``readable_products`` (the caller's subtree)."""

from __future__ import annotations

from sqlalchemy import Select, false, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.products.models import Product, ProductStatus
from backend.db.prefix import starts_with


def readable_products(principal: Principal) -> Select[tuple[Product]]:
    """A bank's catalog is read by the whole bank (its branches sell it); the province reads every bank's."""
    own_bank = Product.bank_id == principal.bank_id if principal.bank_id is not None else false()
    return select(Product).where(or_(starts_with(Product.org_path, principal.scope_path), own_bank))


class ProductRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def list(self, principal: Principal, *, bank_id: int | None, include_retired: bool) -> list[Product]:
        stmt = readable_products(principal)
        if bank_id is not None:
            stmt = stmt.where(Product.bank_id == bank_id)
        if not include_retired:
            stmt = stmt.where(Product.status == ProductStatus.ACTIVE)
        return list(await self.session.scalars(stmt.order_by(Product.bank_id, Product.code, Product.version.desc())))

    async def get(self, principal: Principal, product_id: int) -> Product | None:
        return (await self.session.scalars(readable_products(principal).where(Product.id == product_id))).one_or_none()

    async def in_force(self, bank_id: int, code: str, *, for_update: bool = False) -> Product | None:
        stmt = select(Product).where(Product.bank_id == bank_id, Product.code == code, Product.status == ProductStatus.ACTIVE)
        if for_update:
            stmt = stmt.with_for_update()
        return (await self.session.scalars(stmt)).one_or_none()

    async def by_ids(self, ids: list[int]) -> dict[int, Product]:
        """Product versions by id, for rows already read in scope (applications, quotas)."""
        return {p.id: p for p in await self.session.scalars(select(Product).where(Product.id.in_(ids)))}

    async def next_version(self, bank_id: int, code: str) -> int:
        stmt = select(func.coalesce(func.max(Product.version), 0) + 1).where(Product.bank_id == bank_id, Product.code == code)
        return int((await self.session.execute(stmt)).scalar_one())

    async def set_status(self, product_id: int, status: ProductStatus) -> None:
        await self.session.execute(update(Product).where(Product.id == product_id).values(status=status))
