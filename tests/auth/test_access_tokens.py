"""Access-token verification: forged, expired, alg=none, wrong audience, wrong type."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from joserfc import jwt
from joserfc.jwk import OKPKey

from backend.auth.tokens import TokenSigner
from backend.config import Settings
from tests.helpers import gql, login


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def claims(settings, **override) -> dict:
    now = int(time.time())
    base = {"iss": settings.jwt_issuer, "aud": settings.jwt_audience, "sub": "user:1", "iat": now, "nbf": now, "exp": now + 300, "scope": "staff"}
    base.update(override)
    return base


async def auth_code(client, token: str) -> str:
    result = await gql(client, "{ me { kind } }", token=token)
    assert result["data"] is None
    return result["errors"][0]["extensions"]["code"], result["errors"][0]["message"]


async def test_a_valid_token_is_accepted(client):
    token = await login(client, "prov.admin")
    assert (await gql(client, "{ me { kind } }", token=token))["data"]["me"]["kind"] == "staff"


async def test_token_signed_by_another_key_is_refused(client, settings):
    other = OKPKey.import_key(
        Ed25519PrivateKey.generate().private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    )
    forged = jwt.encode({"alg": "Ed25519", "typ": "at+jwt"}, claims(settings), other, algorithms=["Ed25519"])
    code, message = await auth_code(client, forged)
    assert code == "UNAUTHENTICATED"
    assert "bad_signature" in message


async def test_alg_none_is_refused(client, settings):
    token = b64(json.dumps({"alg": "none", "typ": "at+jwt"}).encode()) + "." + b64(json.dumps(claims(settings)).encode()) + "."
    code, _ = await auth_code(client, token)
    assert code == "UNAUTHENTICATED"


async def test_hs256_with_the_public_key_as_secret_is_refused(client, settings, services):
    public = json.dumps(services.signer.public_jwks()).encode()
    header = b64(json.dumps({"alg": "HS256", "typ": "at+jwt"}).encode())
    body = b64(json.dumps(claims(settings)).encode())
    signature = b64(hmac.new(public, f"{header}.{body}".encode(), hashlib.sha256).digest())
    code, _ = await auth_code(client, f"{header}.{body}.{signature}")
    assert code == "UNAUTHENTICATED"


async def test_expired_wrong_audience_and_wrong_issuer_are_refused(client, settings, services):
    signer: TokenSigner = services.signer
    key = signer.key
    header = {"alg": "Ed25519", "typ": "at+jwt"}
    expired = jwt.encode(header, claims(settings, exp=int(time.time()) - 120), key, algorithms=["Ed25519"])
    assert "expired" in (await auth_code(client, expired))[1]
    audience = jwt.encode(header, claims(settings, aud="someone-else"), key, algorithms=["Ed25519"])
    assert "aud" in (await auth_code(client, audience))[1]
    issuer = jwt.encode(header, claims(settings, iss="https://evil"), key, algorithms=["Ed25519"])
    assert "iss" in (await auth_code(client, issuer))[1]
    not_access = jwt.encode({"alg": "Ed25519", "typ": "JWT"}, claims(settings), key, algorithms=["Ed25519"])
    assert "not an access token" in (await auth_code(client, not_access))[1]


async def test_garbage_and_wrong_scheme(client):
    assert (await auth_code(client, "garbage"))[0] == "UNAUTHENTICATED"
    response = await client.post("/graphql", json={"query": "{ me { kind } }"}, headers={"Authorization": "Basic abc"})
    assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"
    anonymous = await client.post("/graphql", json={"query": "{ me { kind } }"})
    assert anonymous.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


def test_jwks_publishes_only_the_public_key(tmp_path):
    signer = TokenSigner(Settings(var_dir=tmp_path))
    jwks = signer.public_jwks()
    (key,) = jwks["keys"]
    assert key["kty"] == "OKP" and key["crv"] == "Ed25519" and key["alg"] == "Ed25519"
    assert "d" not in key


async def test_a_verified_token_is_remembered_until_it_expires(client, settings, services, monkeypatch):
    """The signature of a token that verified is not checked again (the same bytes, the same key),
    but its expiry is, at every use; a token one byte away is verified on its own."""
    import backend.auth.tokens as tokens

    signer: TokenSigner = services.signer
    token = jwt.encode({"alg": "Ed25519", "typ": "at+jwt"}, claims(settings, exp=int(time.time()) + 300, jti="remembered"), signer.key, algorithms=["Ed25519"])
    first = signer.verify(token)
    decoded = []
    real_decode = tokens.jwt.decode
    monkeypatch.setattr(tokens.jwt, "decode", lambda *a, **k: decoded.append(1) or real_decode(*a, **k))
    assert signer.verify(token) == first and decoded == []  # remembered
    head, body, signature = token.split(".")
    tampered = f"{head}.{body}.{signature[:-2]}{'AA' if signature[-2:] != 'AA' else 'BA'}"
    assert "bad_signature" in (await auth_code(client, tampered))[1] and decoded == [1]
    later = time.time() + 300 + tokens.LEEWAY_SECONDS + 1
    monkeypatch.setattr(tokens.time, "time", lambda: later)
    assert "expired" in (await auth_code(client, token))[1]  # checked again once past its expiry
