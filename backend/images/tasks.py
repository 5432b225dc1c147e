"""Jobs the images domain schedules (implemented in ``workers/images.py``)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class ImageRef:
    bank_id: int
    image_id: uuid.UUID


# An uploaded original is watermarked, signed and thumbnailed.
PROCESS_IMAGE = Task("images.process", ImageRef)
