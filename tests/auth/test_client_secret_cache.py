"""Machine clients' verified secrets are remembered briefly (backend.auth.service.VerifiedClientSecrets):
one argon2 verification per client and minute, not per request; a wrong, rotated or deactivated
secret is refused at once."""

from __future__ import annotations

import asyncio
import base64
from typing import Any

from argon2 import PasswordHasher
from sqlalchemy import text

from backend.auth import service as auth_service
from backend.auth.passwords import hash_password, verify_password_off_loop
from backend.demo import demo_clients

SECRET = next(c["client_secret"] for c in demo_clients() if c["client_id"] == "lending-platform")


def _count_verifications(monkeypatch) -> list[int]:  # noqa: ANN001
    calls: list[int] = []
    real = auth_service.verify_password_off_loop

    async def counted(password_hash: str | None, password: str) -> bool:
        calls.append(1)
        return await real(password_hash, password)

    monkeypatch.setattr(auth_service, "verify_password_off_loop", counted)
    return calls


async def token(client, secret: str):
    basic = base64.b64encode(f"lending-platform:{secret}".encode()).decode()
    return await client.post("/auth/token", data={"grant_type": "client_credentials"}, headers={"Authorization": f"Basic {basic}"})


async def test_a_verified_client_secret_is_not_verified_again_but_a_wrong_or_rotated_one_is_refused(client, services, monkeypatch):
    auth_service._CLIENT_SECRETS.forget()
    calls = _count_verifications(monkeypatch)

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


async def test_a_burst_of_token_requests_with_one_secret_waits_on_one_verification(client, services, monkeypatch):
    """The mobile bank's first burst after a restart: every request finds nothing remembered, and
    the first one's verification answers them all (not one argon2 run each)."""
    auth_service._CLIENT_SECRETS.forget()
    calls = _count_verifications(monkeypatch)
    answers = await asyncio.gather(*(token(client, SECRET) for _ in range(8)))
    assert [a.status_code for a in answers] == [200] * 8
    assert len(calls) == 1


async def _turns_during(work: Any) -> tuple[Any, int]:
    """``work``'s result and how often the event loop turned while it ran."""
    turns, done = 0, asyncio.Event()

    async def other_requests() -> None:
        nonlocal turns
        while not done.is_set():
            turns += 1
            await asyncio.sleep(0)

    serving = asyncio.create_task(other_requests())
    try:
        return await work, turns
    finally:
        done.set()
        await serving


async def test_a_password_verification_leaves_the_event_loop_serving_other_requests():
    """argon2 at production cost (~150 ms of CPU) runs on a worker thread: the loop turns all the
    while (on the loop itself it would not turn once until the verification ended)."""
    strong = PasswordHasher().hash("a-staff-password")  # the hash carries its own cost
    right, turns = await _turns_during(verify_password_off_loop(strong, "a-staff-password"))
    assert right and turns > 100
    assert not await verify_password_off_loop(strong, "a-wrong-password")


async def test_a_new_password_is_hashed_off_the_event_loop(monkeypatch):
    """A new staff password or client secret is hashed on the argon2 threads too: at production
    cost the loop keeps turning meanwhile."""
    from backend.auth import passwords

    monkeypatch.setattr(passwords, "hasher", lambda: PasswordHasher())  # production cost, not the tests' setting
    hashed, turns = await _turns_during(passwords.hash_password_off_loop("a-new-staff-password"))
    assert PasswordHasher().verify(hashed, "a-new-staff-password")
    assert turns > 100
