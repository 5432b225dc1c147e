"""GraphQL types of a bank's watermark logo (backend/images/logo.py)."""

from __future__ import annotations

import base64
import datetime as dt

import strawberry

from backend.images import models
from schema.images import ImageError


@strawberry.type(description="The bank's own logo, tiled on its new photos' watermark instead of the seal generated from its name.")
class BankLogo:
    width: int = strawberry.field(description="Of the stored logo (re-encoded PNG, at most 512 px on its long side).")
    height: int
    sha256: str
    uploaded_at: dt.datetime
    data_url: str = strawberry.field(description="The stored logo as a data: URL (PNG), for a preview.")

    @classmethod
    def from_model(cls, m: models.BankLogo, png: bytes | None) -> BankLogo:
        url = "data:image/png;base64," + base64.b64encode(png).decode() if png else ""
        return cls(width=m.width, height=m.height, sha256=m.sha256, uploaded_at=m.uploaded_at, data_url=url)


@strawberry.type(description="uploadBankLogo / removeBankLogo: the bank's logo now (null: the generated seal), or why not.")
class BankLogoPayload:
    logo: BankLogo | None = None
    errors: list[ImageError] = strawberry.field(default_factory=list)
