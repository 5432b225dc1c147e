"""Jobs of the auth domain (implemented in ``workers/auth.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from backend.outbox.tasks import Task


@dataclass(frozen=True)
class StaffRef:
    user_id: int


# A disabled account's refresh tokens are revoked.
END_SESSIONS = Task("auth.end_sessions", StaffRef)
