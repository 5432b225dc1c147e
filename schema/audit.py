"""GraphQL types for the audit log."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from backend.audit.models import AuditRecord as AuditRecordModel
from schema.common import from_attributes


@strawberry.type(description="One audit record: a write or a reveal of personal data.")
class AuditRecord:
    id: strawberry.ID
    occurred_at: datetime
    action: str
    actor_user_id: strawberry.ID | None
    actor_username: str | None
    actor_client_id: str | None
    target_type: str | None
    target_id: str | None
    target_field: str | None
    detail: JSON
    request_id: str | None

    @classmethod
    def from_model(cls, m: AuditRecordModel) -> AuditRecord:
        return from_attributes(
            cls, m, id=strawberry.ID(str(m.id)), actor_user_id=strawberry.ID(str(m.actor_user_id)) if m.actor_user_id else None
        )
