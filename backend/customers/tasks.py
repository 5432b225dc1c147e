"""Jobs the customers domain schedules (implemented in ``workers/customers.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class ArchiveRef:
    bank_id: int
    customer_id: uuid.UUID


# An archive that arrived without a customer manager gets its manager of record from the
# information management system (backend/customers/manager_of_record.py).
ASSIGN_MANAGER = Task("customers.assign_manager", ArchiveRef)

# A verified archive is registered with ECIF, which answers its unified customer number.
PUSH_TO_ECIF = Task("customers.push_to_ecif", ArchiveRef)
