"""Jobs of the notifications domain: sending a text message.

``notifications.send_sms`` decrypts the number (only the worker does), sends through the SMS
platform with the message's id as idempotency key and records the outcome in the same
transaction as the job's claim. The platform down (``SmsUnavailable``) rolls back and retries
with backoff; a retry after a lost answer sends the same id, which the platform does not send
twice. Quiet hours and the per-number daily limit defer the job to when it may send.
"""

from __future__ import annotations

from datetime import UTC, datetime

from arq.worker import Retry
from sqlalchemy.ext.asyncio import AsyncSession

from backend.integrations.sms import SmsUnavailable
from backend.logging import log
from backend.notifications.service import Deferred, NotificationService, SendRules
from backend.notifications.tasks import SEND_SMS, SmsRef
from backend.services import Services
from workers.base import outbox_job

RECEIPTS_PATH = "/callbacks/sms/receipts"


def rules_of(services: Services) -> SendRules:
    s = services.settings
    return SendRules(quiet_start=s.sms_quiet_start_hour, quiet_end=s.sms_quiet_end_hour, per_number_per_day=s.sms_per_number_per_day)


@outbox_job(SEND_SMS, max_tries=40, retry_on=(SmsUnavailable,))
async def send_sms(services: Services, session: AsyncSession, ref: SmsRef) -> str:
    service = NotificationService(session, services.outbox, services.cipher)
    now = datetime.now(UTC)
    try:
        return await service.send(
            ref.message_id, services.sms, now=now, rules=rules_of(services),
            callback_url=services.settings.public_url.rstrip("/") + RECEIPTS_PATH,
        )
    except Deferred as deferred:
        seconds = max(1.0, (deferred.until - now).total_seconds())
        log.info("sms_deferred", reason=deferred.why, defer_seconds=round(seconds))
        raise Retry(defer=seconds) from None
