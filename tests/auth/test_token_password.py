"""Password grant: success, every kind of refusal, lockout, and what a failure leaves behind."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.auth.models import LoginThrottle, RefreshToken
from tests.helpers import gql, login, token_response


async def count(services, model, *where) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


async def test_password_grant_issues_bearer_tokens_and_me_works(client):
    response = await token_response(client, "fz1.manager")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["refresh_token"]
    assert body["refresh_expires_in"] == 604800  # the PAD keeps an offline session this long
    result = await gql(client, "{ me { kind roles user { username } orgUnit { code level } } }", token=body["access_token"])
    assert result["data"]["me"] == {
        "kind": "staff",
        "roles": ["BRANCH_MANAGER"],
        "user": {"username": "fz1.manager"},
        "orgUnit": {"code": "FJ-FZ-01", "level": "BRANCH"},
    }


async def test_wrong_password_and_unknown_user_get_the_same_error(client, services):
    wrong = await token_response(client, "fz1.manager", "not-the-password1")
    unknown = await token_response(client, "no.such.user", "not-the-password1")
    assert wrong.status_code == unknown.status_code == 400
    assert wrong.json() == unknown.json() == {
        "error": "invalid_grant",
        "error_description": "username or password is incorrect",
        "code": "INVALID_CREDENTIALS",
        "message": "用户名或密码错误",
    }
    # Nothing but the counter and the audit record is written.
    assert await count(services, RefreshToken) == 0
    assert await count(services, AuditRecord, AuditRecord.action == "auth.login_failed") == 2


async def test_repeated_failures_lock_known_and_unknown_usernames_alike(client, services):
    for _ in range(services.settings.login_max_failures):
        await token_response(client, "fz1.cm1", "wrong-password1")
        await token_response(client, "ghost.user", "wrong-password1")
    known = await token_response(client, "fz1.cm1")  # the right password, but locked
    unknown = await token_response(client, "ghost.user")
    assert known.json()["code"] == unknown.json()["code"] == "ACCOUNT_LOCKED"
    assert known.json() == unknown.json()
    assert await count(services, LoginThrottle, LoginThrottle.locked_until.is_not(None)) == 2
    assert await count(services, RefreshToken) == 0


async def test_a_successful_login_resets_the_failure_counter(client, services):
    for _ in range(services.settings.login_max_failures - 1):
        await token_response(client, "fz1.cm1", "wrong-password1")
    assert (await token_response(client, "fz1.cm1")).status_code == 200
    await token_response(client, "fz1.cm1", "wrong-password1")
    assert (await token_response(client, "fz1.cm1")).status_code == 200


async def test_disabled_user_cannot_log_in_and_existing_token_stops_working(client, services):
    token = await login(client, "fz1.cm2")
    admin = await login(client, "fz.admin")
    user_id = (await gql(client, '{ staffUsers(search: "fz1.cm2") { edges { node { id } } } }', token=admin))["data"][
        "staffUsers"
    ]["edges"][0]["node"]["id"]
    disabled = await gql(
        client,
        "mutation($i: SetStaffUserStatusInput!) { setStaffUserStatus(input: $i) { user { status } errors { code } } }",
        {"i": {"userId": user_id, "status": "DISABLED", "reason": "left the bank"}},
        token=admin,
    )
    assert disabled["data"]["setStaffUserStatus"] == {"user": {"status": "DISABLED"}, "errors": []}
    refused = await token_response(client, "fz1.cm2")
    assert refused.status_code == 400 and refused.json()["code"] == "ACCOUNT_DISABLED"
    me = await gql(client, "{ me { kind } }", token=token)
    assert me["data"] is None
    assert me["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_malformed_requests_get_invalid_request(client):
    as_json = await client.post("/auth/token", json={"grant_type": "password"})
    assert as_json.status_code == 400 and as_json.json()["code"] == "UNSUPPORTED_CONTENT_TYPE"
    missing = await client.post("/auth/token", data={"username": "fz1.cm1"})
    assert missing.json()["code"] == "MISSING_GRANT_TYPE"
    repeated = await client.post(
        "/auth/token",
        content="grant_type=password&username=a&username=b&password=x",
        headers={"content-type": "application/x-www-form-urlencoded"},
    )
    assert repeated.json() == {
        "error": "invalid_request",
        "error_description": "parameter username must be sent once",
        "code": "REPEATED_PARAMETER",
        "message": "请求参数重复",
    }
    unsupported = await client.post("/auth/token", data={"grant_type": "implicit"})
    assert unsupported.status_code == 400 and unsupported.json()["error"] == "unsupported_grant_type"
    garbage = await client.post(
        "/auth/token", content=b"\xff\xfe%%%", headers={"content-type": "application/x-www-form-urlencoded"}
    )
    assert garbage.status_code == 400


async def test_successful_login_is_audited_without_secrets(client, services):
    await login(client, "prov.analyst")
    async with services.db.sessions() as session:
        record = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "auth.login"))).one()
    assert record.actor_username == "prov.analyst"
    assert record.org_path == "/1/"
    assert "password" not in str(record.detail)
    assert record.detail == {"client_id": "cic-pc", "method": "PASSWORD"}  # what was used, never the secret
