"""Jobs of the loans domain: handing a drawdown over to the lending platform.

``loans.hand_off`` sends the loan elements, signed, with the loan's id as idempotency key, and
records the platform's loan id in the same transaction as the job's claim. The platform down or
slow (``LendingUnavailable``) rolls back and retries with backoff; every retry, and a duplicate
delivery of the job, sends the same key, so the platform makes one loan (docs/channels.md).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.integrations.lending import LendingUnavailable
from backend.loans.tasks import HAND_OFF, LoanRef
from backend.services import Services
from workers.base import outbox_job

EVENTS_PATH = "/callbacks/lending/events"


@outbox_job(HAND_OFF, max_tries=40, retry_on=(LendingUnavailable,))
async def hand_off(services: Services, session: AsyncSession, ref: LoanRef) -> str:
    callback_url = services.settings.public_url.rstrip("/") + EVENTS_PATH
    return await services.loans(session).hand_off(ref, services.lending, callback_url)
