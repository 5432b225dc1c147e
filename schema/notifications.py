"""GraphQL types of the text messages CIC sends customers (docs/channels.md, SMS platform)."""

from __future__ import annotations

import datetime as dt

import strawberry

from backend.notifications import models
from schema.common import from_attributes

TextMessageEvent = strawberry.enum(models.SmsEvent, name="TextMessageEvent", description="What a text message tells the customer.")
TextMessageStatus = strawberry.enum(models.SmsStatus, name="TextMessageStatus", description="Where a text message stands.")


@strawberry.type(description="A text message (短信) CIC sent, or will send, to an archive's customer; the number masked.")
class TextMessage:
    id: strawberry.ID
    event: TextMessageEvent  # type: ignore[valid-type]
    status: TextMessageStatus  # type: ignore[valid-type]
    reason: str | None = strawberry.field(description="Why not sent or not delivered: OPTED_OUT, NO_MOBILE, or the platform's code.")
    to: str | None = strawberry.field(description="The number it went to, masked (138****0201); null before the worker sent it.")
    text: str
    attempts: int
    created_at: dt.datetime
    sent_at: dt.datetime | None
    receipt_at: dt.datetime | None = strawberry.field(description="When the platform's delivery receipt arrived.")

    @classmethod
    def from_model(cls, m: models.SmsMessage) -> TextMessage:
        return from_attributes(cls, m, id=strawberry.ID(str(m.id)), to=m.to_masked)
