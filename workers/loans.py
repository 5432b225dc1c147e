"""Jobs of the loans domain: handing drawdowns over to the lending platform.

``loans.hand_off`` is batched (``workers.base.outbox_batch_job``): a drain takes up to 100 due
handoffs, sends each loan's elements, signed, with the loan's id as idempotency key, the calls
side by side, and records the platform's loan ids in the same transaction as the rows' outcomes.
The platform down or slow for a loan (``LendingUnavailable``) leaves that loan to a later try
with backoff; every try, and a row drained twice, sends the same key, so the platform makes one
loan (docs/channels.md).
"""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from backend.integrations.lending import LendingNotConfigured, LendingUnavailable
from backend.loans.tasks import HAND_OFF, LoanRef
from backend.outbox.service import Outcome
from backend.services import Services
from workers.base import Item, outbox_batch_job

EVENTS_PATH = "/callbacks/lending/events"


@outbox_batch_job(HAND_OFF, max_tries=40, retry_on=(LendingUnavailable,), fail_on=(LendingNotConfigured,))
async def hand_off(services: Services, session: AsyncSession, items: list[Item[LoanRef]]) -> dict[int, Outcome]:
    callback_url = services.settings.public_url.rstrip("/") + EVENTS_PATH
    outcomes = await services.loans(session).hand_off([item.payload for item in items], services.lending, callback_url)
    return {item.outbox_id: outcomes[item.payload.loan_id] for item in items}
