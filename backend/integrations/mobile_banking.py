"""Mobile banking (手机银行) as CIC sees it: a machine client that vouches for its customer.

The mobile bank logs its customer in (its own business), then asks CIC's token endpoint for a
token bound to that customer: ``grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer``
(RFC 7523) with its client credentials (HTTP Basic) and an ``assertion``: a JWT it signs with its
own key, whose public half CIC holds (``oauth_clients.jwks``):

    header  {"alg": "Ed25519" | "ES256" | "RS256", "kid": ..., "typ": "JWT"}
    claims  {"iss": <client_id>, "sub": <the mobile bank's own customer id>,
             "aud": <CIC's issuer or token URL>, "iat", "exp" (at most 5 minutes ahead),
             "jti" (used once), "id_number": <the customer's resident ID number>,
             "bank": <bank org code, when the client serves several banks>}

CIC finds the archive by the ID number's blind index (never decrypting), refuses a replayed
``jti``, and issues a short access token whose subject is that archive. The simulator of this
module (``cic simulate mobile-banking``) is such a mobile bank: an H5 page and its server, which
holds the demo key below; docs/channels.md.
"""

from __future__ import annotations

import hashlib
import time
import uuid
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jwt
from joserfc.jwk import OKPKey

ASSERTION_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
CUSTOMER_SCOPES = "products:read quota:read quota:apply loan:drawdown"


def demo_key() -> OKPKey:
    """The demo mobile bank's signing key: derived from a fixed seed, so the demo data can
    register its public half and the simulator sign with it. A real mobile bank registers its
    own JWKS (docs/channels.md); this key is for development and tests only."""
    seed = hashlib.sha256(b"cic demo mobile banking assertion key 2026").digest()
    pem = Ed25519PrivateKey.from_private_bytes(seed).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return OKPKey.import_key(pem)


def public_jwks(key: OKPKey) -> dict[str, Any]:
    public = key.as_dict(private=False)
    public.update({"use": "sig", "alg": "Ed25519", "kid": key.thumbprint()})
    return {"keys": [public]}


def assertion(
    key: OKPKey, *, client_id: str, audience: str, id_number: str, subject: str | None = None, bank: str | None = None,
    lifetime: int = 120, jti: str | None = None, extra: dict[str, Any] | None = None,
) -> str:
    now = int(time.time())
    claims = {
        "iss": client_id, "sub": subject or hashlib.sha256(id_number.encode()).hexdigest()[:24], "aud": audience,
        "iat": now, "exp": now + lifetime, "jti": jti or uuid.uuid4().hex, "id_number": id_number, **({"bank": bank} if bank else {}),
        **(extra or {}),
    }  # fmt: skip
    return jwt.encode({"alg": "Ed25519", "kid": key.thumbprint(), "typ": "JWT"}, claims, key, algorithms=["Ed25519"])
