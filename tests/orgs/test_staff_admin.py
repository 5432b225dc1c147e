"""Administration of staff accounts: reset a password, unlock a locked account, correct a name or
mobile number, move someone to another unit. Each is scoped to the caller's subtree, refused with
typed errors, and audited (never with the password or a full mobile number)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.auth.contexts import PHONE_CONTEXT
from backend.auth.models import LoginThrottle, RefreshToken
from backend.orgs.models import Role, StaffUser
from tests.helpers import gql, login, token_response
from tests.orgs.test_org_admin_mutations import errors_of, snapshot, unit_id, user_id

RESET = """
mutation($i: ResetStaffUserPasswordInput!) {
  resetStaffUserPassword(input: $i) { user { id lockedUntil } errors { field code message messageEn } }
}
"""
UNLOCK = "mutation($i: UnlockStaffUserInput!) { unlockStaffUser(input: $i) { user { id lockedUntil } errors { field code } } }"
UPDATE = """
mutation($i: UpdateStaffUserInput!) { updateStaffUser(input: $i) { user { id name phone } errors { field code } } }
"""
MOVE = """
mutation($i: MoveStaffUserInput!) { moveStaffUser(input: $i) { user { id orgUnit { code } } errors { field code } } }
"""
STAFF = "query($u: ID) { staffUsers(first: 100, orgUnitId: $u) { edges { node { username lockedUntil } } } }"
NEW_PASSWORD = "Temp2026reset"


async def audit_rows(services, action: str) -> list[AuditRecord]:
    async with services.db.sessions() as session:
        return list(await session.scalars(select(AuditRecord).where(AuditRecord.action == action).order_by(AuditRecord.id)))


async def lock_out(client, services, username: str) -> None:
    """Fail logins until the username is locked."""
    for _ in range(services.settings.login_max_failures):
        response = await token_response(client, username, "wrong-password-1")
        assert response.json()["code"] == "INVALID_CREDENTIALS"
    assert (await token_response(client, username)).json()["code"] == "ACCOUNT_LOCKED"


# -- reset a password ------------------------------------------------------------------------


async def test_bank_admin_resets_a_password_the_old_one_stops_and_sessions_end(client, services):
    # given a customer manager with a live session
    await login(client, "fz1.cm1")
    target = await user_id(services, "fz1.cm1")
    admin = await login(client, "fz.admin")
    # when the bank admin sets a temporary password
    result = await gql(client, RESET, {"i": {"userId": str(target), "newPassword": NEW_PASSWORD}}, token=admin)
    # then it is accepted
    assert result["data"]["resetStaffUserPassword"] == {"user": {"id": str(target), "lockedUntil": None}, "errors": []}
    # and the old password no longer works, the new one does
    assert (await token_response(client, "fz1.cm1")).json()["code"] == "INVALID_CREDENTIALS"
    assert (await token_response(client, "fz1.cm1", NEW_PASSWORD)).status_code == 200
    # and the sessions from before the reset were revoked in the same transaction
    async with services.db.sessions() as session:
        tokens = (await session.execute(select(RefreshToken.revoked_at).where(RefreshToken.user_id == target).order_by(RefreshToken.issued_at))).all()
    assert [t.revoked_at is not None for t in tokens] == [True, False]
    # and the reset is audited, without the password
    (record,) = await audit_rows(services, "staff_user.reset_password")
    assert (record.actor_username, record.target_type, record.target_id) == ("fz.admin", "StaffUser", str(target))
    assert record.detail == {"unlocked": False, "sessionsEnded": 1}
    assert NEW_PASSWORD not in str(record.detail)


async def test_a_weak_temporary_password_is_refused_on_its_field_and_nothing_changes(client, services):
    admin = await login(client, "fz.admin")
    target = await user_id(services, "fz1.cm1")
    before = await snapshot(services)
    result = await gql(client, RESET, {"i": {"userId": str(target), "newPassword": "short1"}}, token=admin)
    payload = result["data"]["resetStaffUserPassword"]
    assert payload["user"] is None
    assert payload["errors"] == [
        {"field": "newPassword", "code": "WEAK_PASSWORD", "message": "密码至少8位，且须同时包含字母和数字",
         "messageEn": "password needs 8+ characters with letters and digits"}
    ]
    assert await snapshot(services) == before
    assert (await token_response(client, "fz1.cm1")).status_code == 200


async def test_a_reset_is_refused_outside_the_subtree_and_for_oneself(client, services):
    admin = await login(client, "fz.admin")
    before = await snapshot(services)
    other_bank = await gql(client, RESET, {"i": {"userId": str(await user_id(services, "qz1.cm1")), "newPassword": NEW_PASSWORD}}, token=admin)
    itself = await gql(client, RESET, {"i": {"userId": str(await user_id(services, "fz.admin")), "newPassword": NEW_PASSWORD}}, token=admin)
    assert errors_of(other_bank["data"]["resetStaffUserPassword"]) == [("userId", "NOT_FOUND")]
    assert errors_of(itself["data"]["resetStaffUserPassword"]) == [("userId", "CANNOT_CHANGE_SELF")]
    assert await snapshot(services) == before
    assert (await token_response(client, "qz1.cm1")).status_code == 200


# -- unlock ----------------------------------------------------------------------------------


async def test_a_locked_account_shows_as_locked_and_logs_in_once_unlocked(client, services):
    # given fz1.cm2 locked by failed logins
    await lock_out(client, services, "fz1.cm2")
    admin = await login(client, "fz.admin")
    branch = await unit_id(services, "FJ-FZ-01")
    # then the staff list says until when
    rows = {e["node"]["username"]: e["node"]["lockedUntil"] for e in (await gql(client, STAFF, {"u": str(branch)}, token=admin))["data"]["staffUsers"]["edges"]}
    assert rows["fz1.cm2"] is not None
    assert rows["fz1.cm1"] is None
    # when the bank admin unlocks it
    target = await user_id(services, "fz1.cm2")
    result = await gql(client, UNLOCK, {"i": {"userId": str(target)}}, token=admin)
    assert result["data"]["unlockStaffUser"] == {"user": {"id": str(target), "lockedUntil": None}, "errors": []}
    # then the counter is cleared and the user logs in with their password
    async with services.db.sessions() as session:
        throttle = await session.get(LoginThrottle, "fz1.cm2")
    assert (throttle.failures, throttle.locked_until) == (0, None)
    assert (await token_response(client, "fz1.cm2")).status_code == 200
    # and the unlock is audited with the lock's end
    (record,) = await audit_rows(services, "staff_user.unlock")
    assert (record.actor_username, record.target_id) == ("fz.admin", str(target))
    assert datetime.fromisoformat(record.detail["until"]) == datetime.fromisoformat(rows["fz1.cm2"])
    # and a second unlock says there is no lock
    again = await gql(client, UNLOCK, {"i": {"userId": str(target)}}, token=admin)
    assert errors_of(again["data"]["unlockStaffUser"]) == [("userId", "NOT_LOCKED")]


async def test_a_reset_also_lifts_the_lock(client, services):
    await lock_out(client, services, "fz2.cm1")
    admin = await login(client, "fz.admin")
    target = await user_id(services, "fz2.cm1")
    result = await gql(client, RESET, {"i": {"userId": str(target), "newPassword": NEW_PASSWORD}}, token=admin)
    assert result["data"]["resetStaffUserPassword"]["errors"] == []
    assert (await token_response(client, "fz2.cm1", NEW_PASSWORD)).status_code == 200
    (record,) = await audit_rows(services, "staff_user.reset_password")
    assert record.detail == {"unlocked": True, "sessionsEnded": 0}


async def test_another_bank_cannot_unlock_or_see_the_lock(client, services):
    await lock_out(client, services, "fz1.cm2")
    qz = await login(client, "qz.admin")
    before = await snapshot(services)
    result = await gql(client, UNLOCK, {"i": {"userId": str(await user_id(services, "fz1.cm2"))}}, token=qz)
    assert errors_of(result["data"]["unlockStaffUser"]) == [("userId", "NOT_FOUND")]
    assert await snapshot(services) == before
    assert (await token_response(client, "fz1.cm2")).json()["code"] == "ACCOUNT_LOCKED"


# -- name and mobile -------------------------------------------------------------------------


async def test_name_and_phone_are_corrected_the_phone_stays_encrypted_and_the_audit_masks_it(client, services):
    admin = await login(client, "fz.admin")
    target = await user_id(services, "fz1.cm1")
    async with services.db.sessions() as session:
        old = await session.get(StaffUser, target)
        old_name, old_phone = old.name, services.cipher.decrypt(old.phone_encrypted, context=PHONE_CONTEXT)
    # when the admin corrects both (full-width digits, as an IME types them)
    result = await gql(client, UPDATE, {"i": {"userId": str(target), "name": " 林更正 ", "phone": "１３９００１３９０００"}}, token=admin)
    # then the bank admin sees the new values (a bank admin sees staff phones in full)
    assert result["data"]["updateStaffUser"] == {"user": {"id": str(target), "name": "林更正", "phone": "13900139000"}, "errors": []}
    # and the number is stored encrypted with its blind index, not in plain
    async with services.db.sessions() as session:
        row = await session.get(StaffUser, target)
    assert b"13900139000" not in row.phone_encrypted
    assert services.cipher.decrypt(row.phone_encrypted, context=PHONE_CONTEXT) == "13900139000"
    assert row.phone_bidx == services.cipher.blind_index("13900139000", context=PHONE_CONTEXT)
    # and a customer manager still sees it masked
    cm = await login(client, "fz1.cm2")
    seen = await gql(client, "query($id: ID!) { staffUser(id: $id) { name phone } }", {"id": str(target)}, token=cm)
    assert seen["data"]["staffUser"] == {"name": "林更正", "phone": "139****9000"}
    # and the audit has the name and the masked numbers only
    (record,) = await audit_rows(services, "staff_user.profile")
    assert record.detail == {
        "from": {"name": old_name, "mobile": old_phone[:3] + "****" + old_phone[-4:]},
        "to": {"name": "林更正", "mobile": "139****9000"},
    }


async def test_bad_name_and_phone_are_field_errors_and_an_empty_phone_removes_it(client, services):
    admin = await login(client, "fz.admin")
    target = str(await user_id(services, "fz1.cm1"))
    before = await snapshot(services)
    bad = await gql(client, UPDATE, {"i": {"userId": target, "name": " ", "phone": "12345"}}, token=admin)
    assert errors_of(bad["data"]["updateStaffUser"]) == [("name", "INVALID_LENGTH"), ("phone", "INVALID_MOBILE")]
    assert await snapshot(services) == before
    removed = await gql(client, UPDATE, {"i": {"userId": target, "phone": ""}}, token=admin)
    assert removed["data"]["updateStaffUser"]["user"]["phone"] is None
    async with services.db.sessions() as session:
        row = await session.get(StaffUser, int(target))
    assert (row.phone_encrypted, row.phone_bidx) == (None, None)
    (record,) = await audit_rows(services, "staff_user.profile")
    assert record.detail["to"] == {"mobile": None}


async def test_nothing_changed_writes_no_audit(client, services):
    admin = await login(client, "fz.admin")
    target = await user_id(services, "fz1.cm1")
    async with services.db.sessions() as session:
        name = (await session.get(StaffUser, target)).name
    before = await snapshot(services)
    result = await gql(client, UPDATE, {"i": {"userId": str(target), "name": name}}, token=admin)
    assert result["data"]["updateStaffUser"]["errors"] == []
    assert await snapshot(services) == before


# -- move between units ----------------------------------------------------------------------


async def test_a_customer_manager_moves_to_another_branch_and_their_scope_follows(client, services):
    # given fz1.cm1 at FJ-FZ-01, logged in
    cm_token = await login(client, "fz1.cm1")
    target = await user_id(services, "fz1.cm1")
    admin = await login(client, "fz.admin")
    # when the bank admin moves them to FJ-FZ-02
    to = await unit_id(services, "FJ-FZ-02")
    result = await gql(client, MOVE, {"i": {"userId": str(target), "orgUnitId": str(to)}}, token=admin)
    assert result["data"]["moveStaffUser"] == {"user": {"id": str(target), "orgUnit": {"code": "FJ-FZ-02"}}, "errors": []}
    # then their very next request (same token) is scoped to the new branch
    me = await gql(client, "{ me { orgUnit { code } } }", token=cm_token)
    assert me["data"]["me"]["orgUnit"]["code"] == "FJ-FZ-02"
    units = await gql(client, "{ orgUnits { code } }", token=cm_token)
    assert [u["code"] for u in units["data"]["orgUnits"]] == ["FJ-FZ-02"]
    # and the move is audited at the new unit
    (record,) = await audit_rows(services, "staff_user.move")
    assert (record.actor_username, record.target_id, record.detail["code"]) == ("fz.admin", str(target), "FJ-FZ-02")
    assert record.org_path.endswith(f"/{to}/")


async def test_a_move_outside_the_subtree_to_a_closed_unit_or_a_wrong_level_is_refused(client, services):
    admin = await login(client, "fz.admin")
    cm = str(await user_id(services, "fz1.cm1"))
    approver = str(await user_id(services, "fz.approver"))
    close = await gql(
        client, "mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { errors { code } } }",
        {"i": {"id": str(await unit_id(services, "FJ-FZ-03")), "status": "CLOSED"}}, token=admin,
    )
    assert close["data"]["updateOrgUnit"]["errors"] == []
    before = await snapshot(services)
    cases = {
        "another bank's branch": ({"userId": cm, "orgUnitId": str(await unit_id(services, "FJ-QZ-01"))}, [("orgUnitId", "OUT_OF_SCOPE")]),
        "the province": ({"userId": cm, "orgUnitId": str(await unit_id(services, "FJ"))}, [("orgUnitId", "OUT_OF_SCOPE")]),
        "no such unit": ({"userId": cm, "orgUnitId": "999999"}, [("orgUnitId", "OUT_OF_SCOPE")]),
        "a closed branch": ({"userId": cm, "orgUnitId": str(await unit_id(services, "FJ-FZ-03"))}, [("orgUnitId", "UNIT_CLOSED")]),
        "a bank role to a branch": ({"userId": approver, "orgUnitId": str(await unit_id(services, "FJ-FZ-02"))}, [("orgUnitId", "ROLE_NOT_ALLOWED_AT_LEVEL")]),
        "a branch role to the bank": ({"userId": cm, "orgUnitId": str(await unit_id(services, "FJ-FZ"))}, [("orgUnitId", "ROLE_NOT_ALLOWED_AT_LEVEL")]),
        "oneself": ({"userId": str(await user_id(services, "fz.admin")), "orgUnitId": str(await unit_id(services, "FJ-FZ"))}, [("userId", "CANNOT_CHANGE_SELF")]),
        "another bank's user": ({"userId": str(await user_id(services, "qz1.cm1")), "orgUnitId": str(await unit_id(services, "FJ-FZ-02"))}, [("userId", "NOT_FOUND")]),
    }
    for case, (variables, expected) in cases.items():
        result = await gql(client, MOVE, {"i": variables}, token=admin)
        assert result["data"]["moveStaffUser"]["user"] is None, case
        assert errors_of(result["data"]["moveStaffUser"]) == expected, case
    assert await snapshot(services) == before


async def test_province_admin_moves_staff_between_banks(client, services):
    admin = await login(client, "prov.admin")
    target = await user_id(services, "fz1.cm1")
    qz1 = await unit_id(services, "FJ-QZ-01")
    result = await gql(client, MOVE, {"i": {"userId": str(target), "orgUnitId": str(qz1)}}, token=admin)
    assert result["data"]["moveStaffUser"]["errors"] == []
    async with services.db.sessions() as session:
        row = await session.get(StaffUser, target)
    assert (row.org_unit_id, row.bank_id) == (qz1, await unit_id(services, "FJ-QZ"))
    # the FZ admin no longer sees them; the QZ admin does
    fz = await gql(client, "query($id: ID!) { staffUser(id: $id) { id } }", {"id": str(target)}, token=await login(client, "fz.admin"))
    qz = await gql(client, "query($id: ID!) { staffUser(id: $id) { id } }", {"id": str(target)}, token=await login(client, "qz.admin"))
    assert (fz["data"]["staffUser"], qz["data"]["staffUser"]) == (None, {"id": str(target)})


async def test_a_customer_manager_is_forbidden_every_staff_admin_mutation(client, services):
    token = await login(client, "fz1.cm1")
    colleague = str(await user_id(services, "fz1.cm2"))
    calls = {
        "resetStaffUserPassword": (RESET, {"i": {"userId": colleague, "newPassword": NEW_PASSWORD}}),
        "unlockStaffUser": (UNLOCK, {"i": {"userId": colleague}}),
        "updateStaffUser": (UPDATE, {"i": {"userId": colleague, "name": "改名"}}),
        "moveStaffUser": (MOVE, {"i": {"userId": colleague, "orgUnitId": str(await unit_id(services, "FJ-FZ-02"))}}),
    }
    before = await snapshot(services)
    for field, (query, variables) in calls.items():
        result = await gql(client, query, variables, token=token)
        assert result["data"] == {field: None}, field
        assert [e["extensions"]["code"] for e in result["errors"]] == ["FORBIDDEN"], field
    assert await snapshot(services) == before


def test_every_role_has_a_chinese_name_for_messages():
    from backend.orgs.service import ROLE_NAMES_ZH

    assert set(ROLE_NAMES_ZH) == set(Role)


async def test_a_role_refused_at_a_level_is_named_in_words(client, services):
    admin = await login(client, "fz.admin")
    variables = {"i": {"userId": str(await user_id(services, "fz1.cm1")), "orgUnitId": str(await unit_id(services, "FJ-FZ"))}}
    result = await gql(client, MOVE.replace("errors { field code }", "errors { field code message }"), variables, token=admin)
    assert result["data"]["moveStaffUser"]["errors"] == [
        {"field": "orgUnitId", "code": "ROLE_NOT_ALLOWED_AT_LEVEL", "message": "角色客户经理不能设置在法人行社层级"}
    ]
