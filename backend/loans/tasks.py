"""Jobs the loans domain schedules (implemented in ``workers/loans.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class LoanRef:
    bank_id: int
    loan_id: uuid.UUID


# Hand a drawdown over to the lending platform (idempotent there by the loan's id), in batches.
HAND_OFF = Task("loans.hand_off", LoanRef, batch_size=100)
