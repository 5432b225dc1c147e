"""Jobs the customers domain schedules (implemented in ``workers/customers.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class ArchiveRef:
    bank_id: int
    customer_id: uuid.UUID


# A verified archive is registered with ECIF, which answers its unified customer number.
PUSH_TO_ECIF = Task("customers.push_to_ecif", ArchiveRef)
