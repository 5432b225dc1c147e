"""Text-message queries. Staff read messages by the archive's org path (the caller's subtree);
the worker and the receipt endpoint act on one message by its id (no caller scope: the id came
from CIC's own outbox, or from a signed receipt)."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, literal, select, tuple_
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.principal import Principal, customer_only
from backend.customers.models import Customer
from backend.notifications.models import SmsMessage, SmsOptOut, SmsStatus
from backend.db.prefix import starts_with
from backend.orgs.models import OrgUnit
from backend.products.models import Product


def readable_messages(principal: Principal) -> Select[tuple[SmsMessage]]:
    stmt = select(SmsMessage).where(starts_with(SmsMessage.org_path, principal.scope_path))
    return customer_only(stmt, principal, SmsMessage.customer_id)


class NotificationRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def add_once(self, values: dict[str, Any]) -> uuid.UUID | None:
        """The message, unless one with its dedupe key exists (then None)."""
        stmt = insert(SmsMessage).values(**values).on_conflict_do_nothing(index_elements=["bank_id", "dedupe_key"]).returning(SmsMessage.id)
        return (await self.session.execute(stmt)).scalar_one_or_none()

    async def names(self, bank_id: int, product_id: int) -> tuple[str | None, str | None]:
        """The bank's and the product's names, in one statement (neither whole row)."""
        bank = select(OrgUnit.name).where(OrgUnit.id == bank_id).scalar_subquery()
        product = select(Product.name).where(Product.id == product_id).scalar_subquery()
        row = (await self.session.execute(select(bank, product))).one()
        return row[0], row[1]

    async def for_update(self, message_id: uuid.UUID) -> SmsMessage | None:
        stmt = select(SmsMessage).where(SmsMessage.id == message_id).with_for_update()
        return (await self.session.scalars(stmt.execution_options(populate_existing=True))).one_or_none()

    async def for_sending(self, message_ids: Sequence[uuid.UUID]) -> list[tuple[SmsMessage, bytes | None]]:
        """The messages, locked, each with its customer's encrypted mobile number (None without
        one), in one statement: a batch of sends makes as few round trips as it can."""
        stmt = (
            select(SmsMessage, Customer.mobile_encrypted)
            .outerjoin(Customer, (Customer.bank_id == SmsMessage.bank_id) & (Customer.id == SmsMessage.customer_id))
            .where(SmsMessage.id.in_(list(message_ids)))
            .order_by(SmsMessage.bank_id, SmsMessage.id)  # one lock order for every batch
            .with_for_update(of=SmsMessage)
            .execution_options(populate_existing=True)
        )
        return [(row[0], row[1]) for row in await self.session.execute(stmt)]

    async def limits(self, numbers: Collection[tuple[int, bytes]], since: datetime) -> tuple[set[tuple[int, bytes]], dict[bytes, int]]:
        """For (bank, number's blind index) pairs: those that opted out at their bank, and the
        messages sent to each number since ``since``, in one statement."""
        pairs = sorted(set(numbers))
        if not pairs:
            return set(), {}
        bidxs = sorted({bidx for _, bidx in pairs})
        opted = select(SmsOptOut.bank_id, SmsOptOut.mobile_bidx, literal(-1)).where(
            tuple_(SmsOptOut.bank_id, SmsOptOut.mobile_bidx).in_(pairs)
        )
        sent = (
            select(literal(0), SmsMessage.to_bidx, func.count())
            .where(SmsMessage.to_bidx.in_(bidxs), SmsMessage.sent_at >= since, SmsMessage.status.in_([SmsStatus.SENT, SmsStatus.DELIVERED]))
            .group_by(SmsMessage.to_bidx)
        )
        opted_out: set[tuple[int, bytes]] = set()
        counts: dict[bytes, int] = {}
        for bank_id, bidx, count in await self.session.execute(opted.union_all(sent)):
            if count < 0:
                opted_out.add((bank_id, bytes(bidx)))
            else:
                counts[bytes(bidx)] = int(count)
        return opted_out, counts

    async def opt_out(self, bank_id: int, bidx: bytes, source: str) -> None:
        stmt = insert(SmsOptOut).values(bank_id=bank_id, mobile_bidx=bidx, source=source).on_conflict_do_nothing()
        await self.session.execute(stmt)

    async def messages(self, principal: Principal, customer_id: uuid.UUID, limit: int = 100) -> list[SmsMessage]:
        """An archive's text messages in the caller's scope, newest first."""
        stmt = readable_messages(principal).where(SmsMessage.customer_id == customer_id)
        return list(await self.session.scalars(stmt.order_by(SmsMessage.created_at.desc(), SmsMessage.id).limit(limit)))
