"""Jobs of the notifications domain: sending text messages.

``notifications.send_sms`` is batched (``workers.base.outbox_batch_job``): a drain takes up to 100
due messages, decrypts their numbers (only the worker does), sends through the SMS platform with
each message's id as idempotency key, the calls side by side, and records the outcomes in the
same transaction as the rows'. The platform down (``SmsUnavailable``) leaves a message to a later
try with backoff; a try after a lost answer sends the same id, which the platform does not send
twice. Quiet hours and the per-number daily limit defer a message to when it may send.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from backend.integrations.sms import SmsNotConfigured, SmsUnavailable
from backend.notifications.service import NotificationService, SendRules
from backend.notifications.tasks import SEND_SMS, SmsRef
from backend.outbox.service import Outcome
from backend.services import Services
from workers.base import Item, outbox_batch_job

RECEIPTS_PATH = "/callbacks/sms/receipts"


def rules_of(services: Services) -> SendRules:
    s = services.settings
    return SendRules(quiet_start=s.sms_quiet_start_hour, quiet_end=s.sms_quiet_end_hour, per_number_per_day=s.sms_per_number_per_day)


@outbox_batch_job(SEND_SMS, max_tries=40, retry_on=(SmsUnavailable,), fail_on=(SmsNotConfigured,))
async def send_sms(services: Services, session: AsyncSession, items: list[Item[SmsRef]]) -> dict[int, Outcome]:
    service = NotificationService(session, services.outbox, services.cipher)
    outcomes = await service.send(
        [item.payload.message_id for item in items], services.sms, now=datetime.now(UTC), rules=rules_of(services),
        callback_url=services.settings.public_url.rstrip("/") + RECEIPTS_PATH,
    )
    return {item.outbox_id: outcomes[item.payload.message_id] for item in items}
