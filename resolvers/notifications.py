"""Staff's view of the text messages sent to an archive's customer."""

from __future__ import annotations

import strawberry
from strawberry import Info

from backend.inputs import parse_uuid
from schema.notifications import TextMessage


async def text_messages(info: Info, customer_id: strawberry.ID) -> list[TextMessage]:
    """The archive's text messages in your scope, newest first (at most 100)."""
    async with info.context.reader() as session:
        rows = await info.context.services.notifications(session).messages(info.context.viewer, parse_uuid(customer_id, "customerId"))
    return [TextMessage.from_model(m) for m in rows]
