"""Machine clients' verified secrets are remembered briefly (backend.auth.service.VerifiedClientSecrets):
one argon2 verification per client and minute, not per request; a wrong, rotated or deactivated
secret is refused at once."""

from __future__ import annotations

import base64

from sqlalchemy import text

from backend.auth import service as auth_service
from backend.auth.passwords import hash_password
from backend.demo import demo_clients

SECRET = next(c["client_secret"] for c in demo_clients() if c["client_id"] == "lending-platform")


async def token(client, secret: str):
    basic = base64.b64encode(f"lending-platform:{secret}".encode()).decode()
    return await client.post("/auth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})


async def test_a_verified_client_secret_is_not_verified_again_but_a_wrong_or_rotated_one_is_refused(client, services, monkeypatch):
    auth_service._CLIENT_SECRETS._until.clear()
    calls = []
    real = auth_service.verify_password
    monkeypatch.setattr(auth_service, "verify_password", lambda h, p: calls.append(1) or real(h, p))

    assert (await token(client, SECRET)).status_code == 200
    assert (await token(client, SECRET)).status_code == 200
    assert len(calls) == 1  # the second request was not another argon2 verification
    assert (await token(client, "wrong-secret")).status_code == 401
    assert len(calls) == 2  # a wrong secret always pays the full verification

    async with services.db.sessions() as session, session.begin():  # the operator rotates the secret
        await session.execute(text("UPDATE oauth_clients SET secret_hash = :h WHERE client_id = 'lending-platform'"),
                              {"h": hash_password("a-new-secret-2027")})
    assert (await token(client, SECRET)).status_code == 401
    assert (await token(client, "a-new-secret-2027")).status_code == 200
    async with services.db.sessions() as session, session.begin():  # and then switches the client off
        await session.execute(text("UPDATE oauth_clients SET active = false WHERE client_id = 'lending-platform'"))
    assert (await token(client, "a-new-secret-2027")).status_code == 401
