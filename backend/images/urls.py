"""Short-lived signed view URLs: ``/images/view/<token>``, usable in an ``<img src>``.

The GraphQL fields ``CustomerImage.url`` / ``thumbnailUrl`` issue a token only to callers whose
scope includes the archive. The token names the image, the variant and the viewer, expires after
``CIC_IMAGE_URL_TTL_SECONDS`` and is signed with HMAC-SHA256 (``CIC_URL_SIGNING_KEY``); the
endpoint serves the bytes from the object store and audits every full-image view. The same URL
works for both object stores, so views are audited at delivery, not at issue.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from enum import StrEnum

from backend.config import Settings


class Variant(StrEnum):
    FULL = "full"
    THUMBNAIL = "thumb"


@dataclass(frozen=True)
class ViewGrant:
    bank_id: int
    image_id: uuid.UUID
    variant: Variant
    user_id: int | None
    username: str | None
    expires_at: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def sign_view(settings: Settings, *, bank_id: int, image_id: uuid.UUID, variant: Variant, user_id: int | None, username: str | None, now: float | None = None) -> str:
    expires = int((now or time.time()) + settings.image_url_ttl_seconds)
    body = _b64(json.dumps({"b": bank_id, "i": str(image_id), "v": variant.value, "u": user_id, "n": username, "e": expires}, separators=(",", ":")).encode())
    mac = hmac.new(settings.url_signing_key_bytes(), body.encode(), hashlib.sha256).digest()
    return f"/images/view/{body}.{_b64(mac)}"


def open_view(settings: Settings, token: str, now: float | None = None) -> ViewGrant | None:
    """The grant in a token, or None if it is malformed, forged or expired."""
    body, _, mac = token.partition(".")
    try:
        expected = hmac.new(settings.url_signing_key_bytes(), body.encode(), hashlib.sha256).digest()
        if not hmac.compare_digest(expected, _unb64(mac)):
            return None
        claims = json.loads(_unb64(body))
        grant = ViewGrant(
            bank_id=int(claims["b"]), image_id=uuid.UUID(claims["i"]), variant=Variant(claims["v"]),
            user_id=claims.get("u"), username=claims.get("n"), expires_at=int(claims["e"]),
        )
    except (ValueError, KeyError, TypeError):
        return None
    return grant if grant.expires_at >= (now or time.time()) else None
