"""Jobs the imports domain schedules (implemented in ``workers/imports.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class BatchRef:
    bank_id: int
    batch_id: uuid.UUID


# A workbook too large to import inside the request is imported by the worker.
RUN_BATCH = Task("imports.run_batch", BatchRef)
