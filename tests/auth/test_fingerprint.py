"""Fingerprint login (docs/channels.md): the fingerprint grant at the token endpoint, verified by
the fingerprint platform over HTTP (its simulator), with the password's lock-out and audit."""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.auth.service import FINGERPRINT_GRANT
from backend.demo import demo_accounts
from backend.integrations.fingerprint import READER_CAPTURE_PATH, demo_sample, reader_simulator_app, simulator_app
from tests.helpers import gql
from tests.waiting import serving

EMPLOYEE = {a.username: a.employee_no for a in demo_accounts()}


@pytest.fixture
async def platform(services, monkeypatch) -> AsyncIterator[str]:
    """The fingerprint platform's simulator with fz1.cm1's demo finger enrolled; CIC pointed at it."""
    async with serving(simulator_app(api_key="cic-dev-fingerprint-key", enrolled={EMPLOYEE["fz1.cm1"]: demo_sample("fz1.cm1")})) as url:
        monkeypatch.setattr(services, "settings", services.settings.model_copy(update={"fingerprint_url": url}))
        services.__dict__.pop("fingerprint", None)
        try:
            yield url
        finally:
            adapter = services.__dict__.pop("fingerprint", None)
            if adapter is not None:
                await adapter.aclose()


async def finger(client, username: str, sample: str, client_id: str = "cic-pad") -> httpx.Response:
    return await client.post("/auth/token", data={"grant_type": FINGERPRINT_GRANT, "username": username, "fingerprint": sample,
                                                  "device_id": "PAD-0001", "client_id": client_id})


async def audit_details(services, action: str) -> list[dict]:
    async with services.db.sessions() as session:
        return list(await session.scalars(select(AuditRecord.detail).where(AuditRecord.action == action).order_by(AuditRecord.id)))


async def test_a_staff_member_logs_in_with_the_enrolled_finger(client, services, platform):
    answer = await finger(client, "fz1.cm1", demo_sample("fz1.cm1"))
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["access_token"] and body["refresh_token"]
    me = await gql(client, "{ me { user { username } } }", token=body["access_token"])
    assert me["data"]["me"]["user"]["username"] == "fz1.cm1"
    assert await audit_details(services, "auth.login") == [{"client_id": "cic-pad", "method": "FINGERPRINT"}]
    async with httpx.AsyncClient() as c:
        seen = (await c.get(f"{platform}/_sim/verifications")).json()["verifications"]
    assert seen == [{"userId": EMPLOYEE["fz1.cm1"], "status": 200, "match": True}]  # the employee number, never the sample


async def test_a_wrong_or_unenrolled_finger_counts_toward_the_lock_out(client, services, platform):
    wrong = await finger(client, "fz1.cm1", demo_sample("fz1.cm2"))
    assert wrong.status_code == 400 and wrong.json()["code"] == "INVALID_CREDENTIALS" and wrong.json()["message"] == "用户名或指纹不匹配"
    # Not enrolled answers exactly like a wrong finger (no account enumeration), audited apart.
    unenrolled = await finger(client, "fz1.cm2", demo_sample("fz1.cm2"))
    nobody = await finger(client, "no.such.user", demo_sample("fz1.cm2"))
    assert unenrolled.json() == nobody.json() == wrong.json()
    reasons = [d["reason"] for d in await audit_details(services, "auth.login_failed")]
    assert reasons == ["fingerprint_mismatch", "fingerprint_not_enrolled", "bad_credentials"]

    for _ in range(services.settings.login_max_failures - 1):
        await finger(client, "fz1.cm1", "not-the-finger")
    locked = await finger(client, "fz1.cm1", demo_sample("fz1.cm1"))  # the right finger, too late
    assert locked.json()["code"] == "ACCOUNT_LOCKED" and "锁定" in locked.json()["message"]
    # The lock-out is the account's, whichever factor: the password is locked out as well.
    password = await client.post("/auth/token", data={"grant_type": "password", "username": "fz1.cm1", "password": "Cic@2026demo"})
    assert password.json()["code"] == "ACCOUNT_LOCKED"


async def test_the_platform_down_is_a_503_and_no_failure(client, services, platform):
    async with httpx.AsyncClient() as c:
        await c.post(f"{platform}/_sim/faults", json={"status": 503, "count": services.settings.login_max_failures + 1})
    for _ in range(services.settings.login_max_failures + 1):
        down = await finger(client, "fz1.cm1", demo_sample("fz1.cm1"))
        assert down.status_code == 503 and down.json()["code"] == "FINGERPRINT_UNAVAILABLE" and "密码登录" in down.json()["message"]
    assert (await finger(client, "fz1.cm1", demo_sample("fz1.cm1"))).status_code == 200  # not locked out by the outage


async def test_without_a_platform_fingerprint_login_is_off_and_input_is_checked(client, services, platform, monkeypatch):
    empty = await finger(client, "fz1.cm1", "")
    assert empty.status_code == 400 and empty.json()["code"] == "MISSING_CREDENTIALS"
    stranger = await finger(client, "fz1.cm1", demo_sample("fz1.cm1"), client_id="some-app")
    assert stranger.status_code == 401 and stranger.json()["code"] == "UNKNOWN_CLIENT"
    monkeypatch.setattr(services, "settings", services.settings.model_copy(update={"fingerprint_url": None}))
    services.__dict__.pop("fingerprint", None)
    off = await finger(client, "fz1.cm1", demo_sample("fz1.cm1"))
    assert off.status_code == 400 and off.json()["code"] == "FINGERPRINT_NOT_ENABLED"


async def test_the_login_screens_learn_the_methods_and_the_readers_address(client, services, platform, monkeypatch):
    reader = "http://127.0.0.1:9527"
    monkeypatch.setattr(services, "settings", services.settings.model_copy(update={"fingerprint_reader_url": reader}))
    on = (await client.get("/auth/methods")).json()
    assert on == {"password": True, "fingerprint": {"enabled": True, "readerUrl": reader}}
    monkeypatch.setattr(services, "settings", services.settings.model_copy(update={"fingerprint_url": None}))
    assert (await client.get("/auth/methods")).json()["fingerprint"] == {"enabled": False, "readerUrl": None}


async def test_a_sample_from_the_simulated_reader_logs_in_and_its_faults_are_typed(client, services, platform):
    async with serving(reader_simulator_app()) as reader, httpx.AsyncClient(base_url=reader) as device:
        # the page is another origin: the reader answers its CORS and private-network preflight
        preflight = await device.options(READER_CAPTURE_PATH, headers={
            "Origin": "http://127.0.0.1:8000", "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type", "Access-Control-Request-Private-Network": "true"})
        assert preflight.status_code == 200 and preflight.headers["access-control-allow-private-network"] == "true"
        assert preflight.headers["access-control-allow-origin"] in ("*", "http://127.0.0.1:8000")

        captured = (await device.post(READER_CAPTURE_PATH, json={"timeoutMs": 5000, "username": "fz1.cm1"})).json()
        assert captured["deviceId"] == "SIM-READER-01" and captured["sample"] == demo_sample("fz1.cm1")
        assert (await finger(client, "fz1.cm1", captured["sample"])).status_code == 200

        await device.post("/_sim/finger", json={"mode": "other"})  # a finger nobody enrolled
        other = (await device.post(READER_CAPTURE_PATH, json={"username": "fz1.cm1"})).json()
        assert (await finger(client, "fz1.cm1", other["sample"])).json()["code"] == "INVALID_CREDENTIALS"
        await device.post("/_sim/finger", json={"mode": "none"})
        assert (await device.post(READER_CAPTURE_PATH, json={})).json() == {"code": "CAPTURE_TIMEOUT"}
        await device.post("/_sim/finger", json={"mode": "unplugged"})
        unplugged = await device.post(READER_CAPTURE_PATH, json={})
        assert unplugged.status_code == 503 and unplugged.json()["code"] == "READER_NOT_READY"
        assert (await device.get("/reader/v1/status")).json()["ready"] is False
        assert (await device.post("/_sim/finger", json={"mode": "sideways"})).status_code == 400
