"""Jobs the notifications domain schedules (implemented in ``workers/notifications.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class SmsRef:
    message_id: uuid.UUID


# Send one text message (the worker decrypts the number; idempotent by the message's id).
SEND_SMS = Task("notifications.send_sms", SmsRef, batch_size=100)
