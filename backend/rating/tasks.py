"""Jobs the rating domain schedules (implemented in ``workers/rating.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class CardRef:
    card_id: int


# A published card re-rates the current ratings of the banks it is in force for.
RERATE = Task("rating.rerate", CardRef)
