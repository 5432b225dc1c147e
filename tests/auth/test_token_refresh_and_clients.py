"""Refresh rotation with reuse detection, revocation, and client credentials."""

from __future__ import annotations

import base64

from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.auth.models import RefreshToken
from backend.demo import demo_clients
from tests.helpers import gql, token_response


async def refresh(client, token: str):
    return await client.post("/auth/token", data={"grant_type": "refresh_token", "refresh_token": token})


async def test_refresh_rotates_and_the_new_pair_works(client):
    first = (await token_response(client, "fz1.cm1")).json()
    rotated = await refresh(client, first["refresh_token"])
    assert rotated.status_code == 200
    body = rotated.json()
    assert body["refresh_token"] != first["refresh_token"]
    assert body["refresh_expires_in"] == 604800  # a rotated token gets the full lifetime again
    me = await gql(client, "{ me { user { username } } }", token=body["access_token"])
    assert me["data"]["me"]["user"]["username"] == "fz1.cm1"
    assert (await refresh(client, body["refresh_token"])).status_code == 200


async def test_reusing_a_rotated_refresh_token_ends_the_whole_family(client, services):
    first = (await token_response(client, "fz1.cm1")).json()
    second = (await refresh(client, first["refresh_token"])).json()
    # An attacker replays the first (already rotated) token.
    replay = await refresh(client, first["refresh_token"])
    assert replay.status_code == 400
    assert replay.json()["code"] == "REFRESH_TOKEN_REUSED"
    # The legitimate holder's current token is dead too: the family is revoked.
    after = await refresh(client, second["refresh_token"])
    assert after.json()["code"] == "INVALID_REFRESH_TOKEN"
    async with services.db.sessions() as session:
        live = await session.scalar(select(func.count()).select_from(RefreshToken).where(RefreshToken.revoked_at.is_(None)))
        reuse = await session.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "auth.refresh_reuse"))
    assert live == 0
    assert reuse == 1


async def test_other_logins_survive_a_reuse_in_one_family(client):
    pad = (await token_response(client, "fz1.cm1", client_id="cic-pad")).json()
    pc = (await token_response(client, "fz1.cm1")).json()
    await refresh(client, pad["refresh_token"])
    await refresh(client, pad["refresh_token"])  # reuse in the PAD family
    assert (await refresh(client, pc["refresh_token"])).status_code == 200


async def test_unknown_and_missing_refresh_tokens(client):
    assert (await refresh(client, "not-a-token")).json()["code"] == "INVALID_REFRESH_TOKEN"
    missing = await client.post("/auth/token", data={"grant_type": "refresh_token"})
    assert missing.json()["code"] == "MISSING_REFRESH_TOKEN"


async def test_revoke_ends_the_session_and_always_answers_200(client):
    tokens = (await token_response(client, "fz1.cm1")).json()
    revoked = await client.post("/auth/revoke", data={"token": tokens["refresh_token"]})
    assert revoked.status_code == 200
    assert (await refresh(client, tokens["refresh_token"])).json()["code"] == "INVALID_REFRESH_TOKEN"
    assert (await client.post("/auth/revoke", data={"token": "unknown"})).status_code == 200
    assert (await client.post("/auth/revoke", data={"token_type_hint": "refresh_token"})).json()["code"] == "MISSING_TOKEN"


def _basic(client_id: str, secret: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


async def test_client_credentials_with_basic_auth_and_scopes(client):
    mobile = next(c for c in demo_clients() if c["client_id"] == "mobile-banking")
    response = await client.post(
        "/auth/token",
        data={"grant_type": "client_credentials", "scope": "quota:read"},
        headers=_basic("mobile-banking", str(mobile["client_secret"])),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["scope"] == "quota:read"
    assert "refresh_token" not in body  # RFC 6749 4.4.3
    me = await gql(client, "{ me { kind clientId scopes user { id } } }", token=body["access_token"])
    assert me["data"]["me"] == {"kind": "client", "clientId": "mobile-banking", "scopes": ["quota:read"], "user": None}
    # A machine client is not staff: staff queries are refused.
    staff = await gql(client, "{ staffUsers { edges { node { id } } } }", token=body["access_token"])
    assert staff["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_client_credentials_refusals(client):
    mobile = next(c for c in demo_clients() if c["client_id"] == "mobile-banking")
    wrong = await client.post(
        "/auth/token", data={"grant_type": "client_credentials"}, headers=_basic("mobile-banking", "wrong")
    )
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"].startswith("Basic")
    assert wrong.json()["error"] == "invalid_client"
    too_much = await client.post(
        "/auth/token",
        data={"grant_type": "client_credentials", "client_id": "mobile-banking", "client_secret": mobile["client_secret"], "scope": "lending:callback"},
    )
    assert too_much.status_code == 400
    assert too_much.json()["error"] == "invalid_scope"
    malformed = await client.post(
        "/auth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": "Basic %%%"}
    )
    assert malformed.status_code == 401 and malformed.json()["code"] == "MALFORMED_CLIENT_AUTH"


async def test_password_grant_needs_a_known_web_client(client):
    response = await token_response(client, "fz1.cm1", client_id="evil-app")
    assert response.status_code == 401
    assert response.json()["code"] == "UNKNOWN_CLIENT"
