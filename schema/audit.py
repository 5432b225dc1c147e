"""GraphQL types for the audit log."""

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.scalars import JSON

from backend.audit.models import AuditRecord as AuditRecordModel


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
        return cls(
            id=strawberry.ID(str(m.id)),
            occurred_at=m.occurred_at,
            action=m.action,
            actor_user_id=strawberry.ID(str(m.actor_user_id)) if m.actor_user_id else None,
            actor_username=m.actor_username,
            actor_client_id=m.actor_client_id,
            target_type=m.target_type,
            target_id=m.target_id,
            target_field=m.target_field,
            detail=m.detail,
            request_id=m.request_id,
        )
