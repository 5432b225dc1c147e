"""Authentication's queries: accounts, login throttles, refresh tokens, machine clients.

There is no readable statement here, on purpose. These reads run *before* there is a caller:
they are how a caller comes to exist (a login, a refresh, a bearer token turned into a
``Principal``). No org scope can apply. Every lookup is by a secret or unique key instead: a
username with its password checked, the hash of a refresh token, a client id with its secret,
the subject of a signed access token, or the ID number's blind index in a mobile bank's signed
assertion of its customer. What an authenticated caller may read of other staff
is ``backend.orgs.repository.readable_staff_users``.
"""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import Row, func, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.models import LoginThrottle, OAuthClient, RefreshToken
from backend.customers.models import Customer
from backend.orgs.models import OrgUnit, StaffUser

_ACCOUNT = select(StaffUser, OrgUnit).join(OrgUnit, StaffUser.org_unit_id == OrgUnit.id)


class AuthRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def account(self, *, username: str | None = None, user_id: int | None = None) -> tuple[StaffUser, OrgUnit] | None:
        """A staff account and its org unit, by username (login) or id (token subject)."""
        condition = StaffUser.username == username if username is not None else StaffUser.id == user_id
        row = (await self.session.execute(_ACCOUNT.where(condition))).first()
        return (row[0], row[1]) if row is not None else None

    async def user_org_path(self, user_id: int) -> str:
        path = await self.session.scalar(select(OrgUnit.path).join(StaffUser, StaffUser.org_unit_id == OrgUnit.id).where(StaffUser.id == user_id))
        return path or "/"

    async def unit_path(self, unit_id: int) -> str | None:
        return await self.session.scalar(select(OrgUnit.path).where(OrgUnit.id == unit_id))

    async def throttle(self, username: str) -> LoginThrottle:
        """The username's failure counter, created when missing, locked until commit."""
        await self.session.execute(insert(LoginThrottle).values(username=username, failures=0).on_conflict_do_nothing())
        return (await self.session.scalars(select(LoginThrottle).where(LoginThrottle.username == username).with_for_update())).one()

    async def clear_throttle(self, username: str) -> datetime | None:
        """Lift a username's lock and forget its failed logins (an administrator's unlock or
        password reset); the lock's end when it was locked, else None."""
        locked_until = await self.session.scalar(
            select(LoginThrottle.locked_until)
            .where(LoginThrottle.username == username, LoginThrottle.locked_until > func.now())
            .with_for_update()
        )
        await self.session.execute(
            update(LoginThrottle).where(LoginThrottle.username == username).values(failures=0, locked_until=None)
        )
        return locked_until

    async def refresh_token(self, token_hash: str, *, for_update: bool = False) -> RefreshToken | None:
        stmt = select(RefreshToken).where(RefreshToken.token_hash == token_hash)
        return (await self.session.scalars(stmt.with_for_update() if for_update else stmt)).one_or_none()

    async def revoke_tokens(self, now: datetime, *, family_id: uuid.UUID | None = None, user_id: int | None = None) -> int:
        """Revoke the live refresh tokens of a login (family) or of every login of a user."""
        condition = RefreshToken.family_id == family_id if family_id is not None else RefreshToken.user_id == user_id
        result = await self.session.execute(
            update(RefreshToken).where(condition, RefreshToken.revoked_at.is_(None)).values(revoked_at=now)
        )
        return result.rowcount or 0

    async def client(self, client_id: str) -> OAuthClient | None:
        return await self.session.get(OAuthClient, client_id) if client_id else None

    async def client_and_customer(self, client_id: str, bank_id: int, customer_id: uuid.UUID) -> Row[Any] | None:
        """A mobile bank's client with what a customer's principal needs of its archive, in one
        statement: (client, bank id, archive id, org path, status), the archive's four None when
        there is no such archive; None when there is no such client."""
        stmt = (
            select(OAuthClient, Customer.bank_id, Customer.id, Customer.org_path, Customer.status)
            .outerjoin(Customer, (Customer.bank_id == bank_id) & (Customer.id == customer_id))
            .where(OAuthClient.client_id == client_id)
        )
        return (await self.session.execute(stmt)).one_or_none()

    async def customer_by_bidx(self, bank_id: int, id_number_bidx: bytes) -> Customer | None:
        stmt = select(Customer).where(Customer.bank_id == bank_id, Customer.id_number_bidx == id_number_bidx)
        return (await self.session.scalars(stmt)).one_or_none()

    async def bank_by_code(self, code: str) -> OrgUnit | None:
        return (await self.session.scalars(select(OrgUnit).where(OrgUnit.code == code[:64]))).one_or_none()
