"""Jobs of the auth domain."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.auth.tasks import END_SESSIONS, StaffRef
from backend.services import Services
from workers.base import outbox_job


@outbox_job(END_SESSIONS)
async def end_sessions(services: Services, session: AsyncSession, ref: StaffRef) -> None:
    """A disabled staff user's refresh tokens are revoked (access tokens already stop working
    because every request re-checks the account's status)."""
    await services.auth(session).end_sessions(ref.user_id)
