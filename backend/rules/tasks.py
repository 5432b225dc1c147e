"""Jobs the rules domain schedules (implemented in ``workers/rules.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class RunRef:
    run_id: uuid.UUID


# A published rule set re-evaluates the archives it affects, resumably.
EVALUATE_RUN = Task("rules.evaluate_run", RunRef)
