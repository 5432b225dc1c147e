"""Jobs of the auth domain."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from backend.audit import service as audit
from backend.services import Services
from workers.base import outbox_job


@outbox_job("auth.end_sessions")
async def end_sessions(services: Services, session: AsyncSession, payload: dict[str, Any]) -> None:
    """A disabled staff user's refresh tokens are revoked (access tokens already stop working
    because every request re-checks the account's status)."""
    user_id = int(payload["user_id"])
    revoked = await services.auth(session).revoke_user_sessions(user_id)
    await audit.record(
        session,
        action="auth.sessions_ended",
        org_path=await services.auth(session)._user_org_path(user_id),
        target_type="StaffUser",
        target_id=user_id,
        detail={"revoked_refresh_tokens": revoked},
    )
