"""Image queries; every read of a caller's images starts from ``readable_images`` (the org
subtree of the image's archive: a transferred archive takes its photos along)."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import Select, and_, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal
from backend.customers.models import Customer
from backend.images.models import CustomerImage, ImageKind, ImageStatus
from backend.images.models import BankLogo
from backend.db.prefix import starts_with


def readable_images(principal: Principal) -> Select[tuple[CustomerImage]]:
    """Images of archives in the caller's org subtree (the archive's branch decides)."""
    return (
        select(CustomerImage)
        .join(Customer, and_(Customer.bank_id == CustomerImage.bank_id, Customer.id == CustomerImage.customer_id))
        .where(starts_with(Customer.org_path, principal.scope_path))
        .where(*([Customer.id == principal.customer_id] if principal.kind == "customer" else []))
    )


class ImageRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get(self, principal: Principal, image_id: uuid.UUID) -> CustomerImage | None:
        return (await self.session.scalars(readable_images(principal).where(CustomerImage.id == image_id))).one_or_none()

    async def get_for_update(self, principal: Principal, image_id: uuid.UUID) -> tuple[CustomerImage, str] | None:
        """An image in scope with its archive's org path, locked."""
        row = (
            await self.session.execute(
                readable_images(principal).add_columns(Customer.org_path).where(CustomerImage.id == image_id).with_for_update(of=CustomerImage)
            )
        ).one_or_none()
        return (row[0], row[1]) if row else None

    async def in_scope(self, principal: Principal, image: CustomerImage) -> CustomerImage | None:
        return (
            await self.session.scalars(readable_images(principal).where(CustomerImage.bank_id == image.bank_id, CustomerImage.id == image.id))
        ).one_or_none()

    async def by_client_upload_id(self, bank_id: int, client_upload_id: uuid.UUID) -> CustomerImage | None:
        """Unscoped on purpose: an upload's idempotency key is the bank's."""
        return (
            await self.session.scalars(
                select(CustomerImage).where(CustomerImage.bank_id == bank_id, CustomerImage.client_upload_id == client_upload_id)
            )
        ).one_or_none()

    async def of_archives(self, keys: Sequence[tuple[int, uuid.UUID]]) -> dict[tuple[int, uuid.UUID], list[CustomerImage]]:
        """Images of many archives (already read in scope), in the order they were taken."""
        rows = await self.session.scalars(
            select(CustomerImage)
            .where(tuple_(CustomerImage.bank_id, CustomerImage.customer_id).in_(list(keys)))
            .order_by(CustomerImage.taken_at, CustomerImage.id)
        )
        grouped: dict[tuple[int, uuid.UUID], list[CustomerImage]] = defaultdict(list)
        for r in rows:
            grouped[(r.bank_id, r.customer_id)].append(r)
        return grouped


async def consent_form_ref(session: AsyncSession, bank_id: int, customer_id: uuid.UUID) -> str | None:
    """The archive's newest consent-form photo that is neither deleted nor FAILED, as a reference."""
    image_id = await session.scalar(
        select(CustomerImage.id)
        .where(
            CustomerImage.bank_id == bank_id, CustomerImage.customer_id == customer_id,
            CustomerImage.kind == ImageKind.CONSENT_FORM, CustomerImage.deleted_at.is_(None),
            CustomerImage.status != ImageStatus.FAILED,
        )
        .order_by(CustomerImage.received_at.desc())
        .limit(1)
    )
    return str(image_id) if image_id else None


async def bank_logo(session: AsyncSession, bank_id: int) -> BankLogo | None:
    """The bank's watermark logo row (a bank's own setting: no scope beyond the bank id)."""
    return await session.get(BankLogo, bank_id)
