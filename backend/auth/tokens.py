"""Access tokens: short-lived JWTs signed with Ed25519 (joserfc), one pinned algorithm.

``iss``, ``aud``, ``exp`` and ``nbf`` are checked on every request; a token whose header names
any other algorithm (``none``, ``HS256`` with the public key as secret, ...) is refused before
its signature is looked at.

A token that verified is remembered by the process until it expires (``VERIFIED_TOKENS`` of
them, the oldest forgotten first): the signature of the same bytes under the same key gives the
same answer, and checking it was a fifth of a search request's fixed cost. Its expiry is still
checked at every use; whether its account or client is still active is the principal cache's
question (``principal_cache`` in ``backend/services.py``), asked as before.
"""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass
from functools import cached_property

from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OKPKey
from joserfc.jwt import JWTClaimsRegistry

from backend.config import Settings

ALGORITHM = "Ed25519"
LEEWAY_SECONDS = 30
VERIFIED_TOKENS = 10_000


class InvalidToken(Exception):
    """The bearer token is missing a part, forged, expired or meant for someone else."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class AccessClaims:
    subject: str  # "user:<id>", "client:<client_id>" or "customer:<bank id>:<customer id>"
    scope: str
    expires_at: int
    token_id: str
    client_id: str | None = None  # the client the token was issued to (a customer token's mobile bank)


class TokenSigner:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._verified: dict[str, AccessClaims] = {}  # insertion-ordered: the oldest first

    @cached_property
    def key(self) -> OKPKey:
        return OKPKey.import_key(self.settings.jwt_private_key_pem())

    def public_jwks(self) -> dict:
        public = self.key.as_dict(private=False)
        public.update({"use": "sig", "alg": ALGORITHM, "kid": self.key.thumbprint()})
        return {"keys": [public]}

    def issue(self, subject: str, scope: str, extra: dict | None = None) -> tuple[str, int]:
        now = int(time.time())
        ttl = self.settings.access_token_ttl_seconds
        claims = {
            "iss": self.settings.jwt_issuer,
            "aud": self.settings.jwt_audience,
            "sub": subject,
            "iat": now,
            "nbf": now,
            "exp": now + ttl,
            "jti": uuid.uuid4().hex,
            "scope": scope,
            **(extra or {}),
        }
        header = {"alg": ALGORITHM, "typ": "at+jwt", "kid": self.key.thumbprint()}
        return jwt.encode(header, claims, self.key, algorithms=[ALGORITHM]), ttl

    def verify(self, token: str) -> AccessClaims:
        claims = self._verified.get(token)
        if claims is not None and time.time() <= claims.expires_at + LEEWAY_SECONDS:
            return claims
        self._verified.pop(token, None)
        claims = self._verify(token)
        if len(self._verified) >= VERIFIED_TOKENS:
            del self._verified[next(iter(self._verified))]
        self._verified[token] = claims
        return claims

    def _verify(self, token: str) -> AccessClaims:
        try:
            decoded = jwt.decode(token, self.key, algorithms=[ALGORITHM])
        except JoseError as exc:
            raise InvalidToken("invalid_token", f"token rejected: {exc.error}") from exc
        except ValueError as exc:
            raise InvalidToken("invalid_token", "token is malformed") from exc
        if decoded.header.get("typ") != "at+jwt":
            raise InvalidToken("invalid_token", "not an access token")
        registry = JWTClaimsRegistry(
            leeway=LEEWAY_SECONDS,
            iss={"essential": True, "value": self.settings.jwt_issuer},
            aud={"essential": True, "value": self.settings.jwt_audience},
            exp={"essential": True},
            sub={"essential": True},
        )
        try:
            registry.validate(decoded.claims)
        except JoseError as exc:
            code = "token_expired" if exc.error == "expired_token" else "invalid_token"
            raise InvalidToken(code, f"token rejected: {exc.error} {exc.description or ''}".strip()) from exc
        c = decoded.claims
        return AccessClaims(
            subject=c["sub"], scope=c.get("scope", ""), expires_at=c["exp"], token_id=c.get("jti", ""), client_id=c.get("client_id")
        )
