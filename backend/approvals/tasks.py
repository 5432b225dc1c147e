"""Jobs the approvals domain schedules (implemented in ``workers/approvals.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class QuotaRef:
    bank_id: int
    quota_id: uuid.UUID


# A quota was granted: the event the next links of the chain consume (SMS, lending platform,
# mobile banking). Today's job marks the quota announced.
QUOTA_APPROVED = Task("approvals.quota_approved", QuotaRef)
