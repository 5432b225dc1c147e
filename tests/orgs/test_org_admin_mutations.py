"""Admin mutations on the org tree and staff: scope, validation, audit, and refusals."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.auth.contexts import PHONE_CONTEXT
from backend.auth.models import LocalCredential
from backend.orgs.models import OrgUnit, StaffUser
from tests.helpers import gql, login, token_response

CREATE_UNIT = """
mutation($i: CreateOrgUnitInput!) {
  createOrgUnit(input: $i) {
    orgUnit { id code name level depth parentId bankId status }
    errors { field code message messageEn }
  }
}
"""
UPDATE_UNIT = """
mutation($i: UpdateOrgUnitInput!) { updateOrgUnit(input: $i) { orgUnit { name } errors { field code } } }
"""
CREATE_USER = """
mutation($i: CreateStaffUserInput!) {
  createStaffUser(input: $i) {
    user { id username employeeNo name roles status phone orgUnit { code } }
    errors { field code message messageEn }
    pendingChange { id kind status roles }
  }
}
"""
SET_ROLES = """
mutation($i: SetStaffUserRolesInput!) {
  setStaffUserRoles(input: $i) { user { id username roles } errors { field code } pendingChange { id kind roles previousRoles } }
}
"""
APPROVE = "mutation($id: ID!) { approvePendingChange(id: $id) { change { status } errors { field code } } }"
REJECT = "mutation($i: RejectPendingChangeInput!) { rejectPendingChange(input: $i) { change { status decisionNote } errors { field code } } }"
SET_STATUS = """
mutation($i: SetStaffUserStatusInput!) { setStaffUserStatus(input: $i) { user { status } errors { field code } } }
"""
ORG_UNITS = "{ orgUnits { id code name level depth parentId bankId } }"


async def unit_id(services, code: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


async def user_id(services, username: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(StaffUser.id).where(StaffUser.username == username))


async def snapshot(services) -> dict:
    """Everything an admin mutation could touch, to prove that a refused call changed nothing."""
    async with services.db.sessions() as session:
        counts = {
            model.__tablename__: await session.scalar(select(func.count()).select_from(model))
            for model in (StaffUser, OrgUnit, AuditRecord, LocalCredential)
        }
        users = (
            await session.execute(
                select(StaffUser.id, StaffUser.username, StaffUser.roles, StaffUser.status, StaffUser.version).order_by(
                    StaffUser.id
                )
            )
        ).all()
        units = (
            await session.execute(select(OrgUnit.id, OrgUnit.code, OrgUnit.name, OrgUnit.status).order_by(OrgUnit.id))
        ).all()
        last_audit = await session.scalar(select(func.max(AuditRecord.id)))
    return {"counts": counts, "users": [tuple(u) for u in users], "units": [tuple(u) for u in units], "last_audit": last_audit}


def errors_of(payload: dict) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in payload["errors"]]


def user_input(services_ids: dict, **overrides) -> dict:
    base = {
        "username": "fz1.cm3",
        "employeeNo": "E90001",
        "name": "林新员",
        "orgUnitId": str(services_ids["FJ-FZ-01"]),
        "roles": ["CUSTOMER_MANAGER"],
        "initialPassword": "Welcome2026x",
        "phone": "13800138000",
    }
    return {"i": {**base, **overrides}}


# -- org units --------------------------------------------------------------------------------


async def test_bank_admin_creates_a_branch_under_own_bank(client, services):
    # given fz.admin and the FZ bank unit
    token = await login(client, "fz.admin")
    fz = await unit_id(services, "FJ-FZ")
    fz_path = f"/{await unit_id(services, 'FJ')}/{fz}/"
    # when they create a branch under FZ (code is normalised to upper case)
    result = await gql(client, CREATE_UNIT, {"i": {"parentId": str(fz), "code": " fj-fz-04 ", "name": " 闽侯支行 "}}, token=token)
    payload = result["data"]["createOrgUnit"]
    # then it is a BRANCH at depth 2 in FZ
    assert payload["errors"] == []
    unit = payload["orgUnit"]
    new_id = int(unit["id"])
    assert unit == {
        "id": str(new_id), "code": "FJ-FZ-04", "name": "闽侯支行", "level": "BRANCH", "depth": 2,
        "parentId": str(fz), "bankId": str(fz), "status": "ACTIVE",
    }
    # and it shows up in the bank admin's org tree
    units = (await gql(client, ORG_UNITS, token=token))["data"]["orgUnits"]
    assert len(units) == 5
    assert [u for u in units if u["code"] == "FJ-FZ-04"] == [
        {"id": str(new_id), "code": "FJ-FZ-04", "name": "闽侯支行", "level": "BRANCH", "depth": 2, "parentId": str(fz), "bankId": str(fz)}
    ]
    # and the row and its audit record are stored
    async with services.db.sessions() as session:
        row = await session.get(OrgUnit, new_id)
        record = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "org_unit.create"))).one()
    assert (row.path, row.bank_id, row.parent_id) == (f"{fz_path}{new_id}/", fz, fz)
    assert (record.actor_username, record.target_id, record.org_path) == ("fz.admin", str(new_id), row.path)
    assert record.detail == {"code": "FJ-FZ-04", "name": "闽侯支行", "level": "BRANCH"}
    # and a QZ user does not see it
    qz_units = (await gql(client, ORG_UNITS, token=await login(client, "qz.admin")))["data"]["orgUnits"]
    assert "FJ-FZ-04" not in {u["code"] for u in qz_units}


async def test_bank_admin_cannot_create_under_another_bank(client, services):
    token = await login(client, "fz.admin")
    before = await snapshot(services)
    result = await gql(
        client, CREATE_UNIT, {"i": {"parentId": str(await unit_id(services, "FJ-QZ")), "code": "FJ-QZ-04", "name": "石狮支行"}}, token=token
    )
    payload = result["data"]["createOrgUnit"]
    assert payload["orgUnit"] is None
    assert errors_of(payload) == [("parentId", "NOT_FOUND")]
    assert await snapshot(services) == before


async def test_bank_admin_cannot_create_a_bank_under_the_province(client, services):
    # given fz.admin, who knows the province id as their bank's parentId
    token = await login(client, "fz.admin")
    province = str(await unit_id(services, "FJ"))
    me = await gql(client, "{ me { orgUnit { parentId } } }", token=token)
    assert me["data"]["me"]["orgUnit"]["parentId"] == province
    before = await snapshot(services)
    # when they try to create a bank under it
    result = await gql(client, CREATE_UNIT, {"i": {"parentId": province, "code": "FJ-XM", "name": "厦门农商银行"}}, token=token)
    # then the call is refused outright and nothing is written
    assert result["data"] == {"createOrgUnit": None}
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert result["errors"][0]["path"] == ["createOrgUnit"]
    assert await snapshot(services) == before


async def test_province_admin_creates_a_bank(client, services):
    token = await login(client, "prov.admin")
    province = await unit_id(services, "FJ")
    result = await gql(client, CREATE_UNIT, {"i": {"parentId": str(province), "code": "FJ-XM", "name": "厦门农商银行"}}, token=token)
    unit = result["data"]["createOrgUnit"]["orgUnit"]
    assert result["data"]["createOrgUnit"]["errors"] == []
    assert (unit["level"], unit["depth"], unit["parentId"], unit["bankId"]) == ("BANK", 1, str(province), unit["id"])


async def test_duplicate_and_malformed_org_unit_codes_are_payload_errors(client, services):
    token = await login(client, "fz.admin")
    fz = str(await unit_id(services, "FJ-FZ"))
    before = await snapshot(services)
    cases = {
        "FJ-FZ-01": [("code", "DUPLICATE")],
        "fj-fz-01": [("code", "DUPLICATE")],  # the same code after normalisation
        "FJ-QZ-01": [("code", "DUPLICATE")],  # codes are unique across banks
        "FZ 04!": [("code", "INVALID_FORMAT")],
        "X": [("code", "INVALID_FORMAT")],
        "-FZ04": [("code", "INVALID_FORMAT")],
    }
    for code, expected in cases.items():
        result = await gql(client, CREATE_UNIT, {"i": {"parentId": fz, "code": code, "name": "测试支行"}}, token=token)
        payload = result["data"]["createOrgUnit"]
        assert payload["orgUnit"] is None, code
        assert errors_of(payload) == expected, code
        assert all(e["message"] and e["messageEn"] for e in payload["errors"])
    assert await snapshot(services) == before


# -- staff users ------------------------------------------------------------------------------


async def test_create_staff_user_reports_every_bad_field_and_writes_nothing(client, services):
    token = await login(client, "fz.admin")
    ids = {"FJ-FZ-01": await unit_id(services, "FJ-FZ-01")}
    before = await snapshot(services)
    result = await gql(
        client,
        CREATE_USER,
        user_input(ids, username="9 Bad User", phone="12345", roles=["PROVINCE_ADMIN"], initialPassword="short"),
        token=token,
    )
    payload = result["data"]["createStaffUser"]
    assert payload["user"] is None
    assert errors_of(payload) == [
        ("username", "INVALID_FORMAT"),
        ("phone", "INVALID_MOBILE"),
        ("roles", "ROLE_NOT_ALLOWED_AT_LEVEL"),
        ("password", "WEAK_PASSWORD"),
    ]
    assert "PROVINCE_ADMIN" in payload["errors"][2]["messageEn"]
    assert await snapshot(services) == before
    assert (await token_response(client, "9 bad user", "short")).status_code == 400


async def test_a_new_account_that_reads_personal_data_logs_in_only_after_a_second_admin_approves(client, services):
    # given fz.admin
    token = await login(client, "fz.admin")
    fz, fz1 = await unit_id(services, "FJ-FZ"), await unit_id(services, "FJ-FZ-01")
    # when they create a customer manager in FJ-FZ-01 (a role that sees customers' phones)
    result = await gql(client, CREATE_USER, user_input({"FJ-FZ-01": fz1}, username=" FZ1.CM3 ", employeeNo="e90001"), token=token)
    payload = result["data"]["createStaffUser"]
    assert payload["errors"] == []
    new_id = int(payload["user"]["id"])
    # then the account exists but waits for a second administrator
    assert payload["user"] == {
        "id": str(new_id), "username": "fz1.cm3", "employeeNo": "E90001", "name": "林新员",
        "roles": ["CUSTOMER_MANAGER"], "status": "PENDING", "phone": "13800138000", "orgUnit": {"code": "FJ-FZ-01"},
    }
    change = payload["pendingChange"]
    assert (change["kind"], change["status"], change["roles"]) == ("STAFF_USER_CREATE", "PENDING", ["CUSTOMER_MANAGER"])
    async with services.db.sessions() as session:
        row = await session.get(StaffUser, new_id)
        record = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "staff_user.create"))).one()
    assert (row.org_unit_id, row.bank_id, row.roles) == (fz1, fz, ["CUSTOMER_MANAGER"])
    assert b"13800138000" not in row.phone_encrypted
    assert services.cipher.decrypt(row.phone_encrypted, context=PHONE_CONTEXT) == "13800138000"
    assert (record.actor_username, record.target_id) == ("fz.admin", str(new_id))
    assert "Welcome2026x" not in str(record.detail)
    pending = await token_response(client, "fz1.cm3", "Welcome2026x")
    assert pending.status_code == 400 and pending.json()["code"] == "ACCOUNT_PENDING_APPROVAL"
    # The maker cannot approve, nor enable the account around the approval.
    own = (await gql(client, APPROVE, {"id": change["id"]}, token=token))["data"]["approvePendingChange"]
    assert own["errors"] == [{"field": "id", "code": "SAME_PERSON"}]
    bypass = await gql(client, SET_STATUS, {"i": {"userId": str(new_id), "status": "ACTIVE"}}, token=token)
    assert bypass["data"]["setStaffUserStatus"]["errors"] == [{"field": "status", "code": "INVALID_STATUS_CHANGE"}]
    # when a second bank admin approves
    approved = (await gql(client, APPROVE, {"id": change["id"]}, token=await login(client, "fz.admin2")))["data"]["approvePendingChange"]
    assert approved == {"change": {"status": "APPROVED"}, "errors": []}
    # then the new user logs in with the initial password and is who the admin said
    assert (await token_response(client, "fz1.cm3", "Welcome2026x-wrong1")).status_code == 400
    new_token = await login(client, "fz1.cm3", "Welcome2026x")
    me = await gql(client, "{ me { kind roles user { username phone } orgUnit { code } } }", token=new_token)
    assert me["data"]["me"] == {
        "kind": "staff", "roles": ["CUSTOMER_MANAGER"],
        "user": {"username": "fz1.cm3", "phone": "13800138000"}, "orgUnit": {"code": "FJ-FZ-01"},
    }
    async with services.db.sessions() as session:
        actions = (await session.scalars(select(AuditRecord.action).where(AuditRecord.target_type.in_(["StaffUser", "PendingChange"])).order_by(AuditRecord.id))).all()
    assert actions == ["staff_user.create", "dual_control.request", "staff_user.activate", "dual_control.approve"]


async def test_a_rejected_account_never_logs_in(client, services):
    fz1 = await unit_id(services, "FJ-FZ-01")
    created = (await gql(client, CREATE_USER, user_input({"FJ-FZ-01": fz1}), token=await login(client, "fz.admin")))["data"]["createStaffUser"]
    checker = await login(client, "fz.admin2")
    no_reason = (await gql(client, REJECT, {"i": {"id": created["pendingChange"]["id"], "reason": ""}}, token=checker))["data"]
    assert no_reason["rejectPendingChange"]["errors"] == [{"field": "reason", "code": "REASON_REQUIRED"}]
    rejected = (await gql(client, REJECT, {"i": {"id": created["pendingChange"]["id"], "reason": "非本行员工"}}, token=checker))["data"]
    assert rejected["rejectPendingChange"] == {"change": {"status": "REJECTED", "decisionNote": "非本行员工"}, "errors": []}
    async with services.db.sessions() as session:
        assert (await session.get(StaffUser, int(created["user"]["id"]))).status.value == "REJECTED"
    assert (await token_response(client, created["user"]["username"], "Welcome2026x")).status_code == 400
    enable = await gql(client, SET_STATUS, {"i": {"userId": created["user"]["id"], "status": "ACTIVE"}}, token=checker)
    assert enable["data"]["setStaffUserStatus"]["errors"][0]["code"] == "INVALID_STATUS_CHANGE"


async def test_an_analyst_account_needs_no_second_admin(client, services):
    province = await unit_id(services, "FJ")
    result = await gql(
        client, CREATE_USER, user_input({"FJ-FZ-01": province}, username="prov.analyst2", roles=["PROVINCE_ANALYST"]),
        token=await login(client, "prov.admin"),
    )
    payload = result["data"]["createStaffUser"]
    assert payload["errors"] == [] and payload["user"]["status"] == "ACTIVE" and payload["pendingChange"] is None


async def test_duplicate_username_or_employee_number_is_refused(client, services):
    token = await login(client, "fz.admin")
    ids = {"FJ-FZ-01": await unit_id(services, "FJ-FZ-01")}
    before = await snapshot(services)
    dup_user = (await gql(client, CREATE_USER, user_input(ids, username="qz1.cm1"), token=token))["data"]["createStaffUser"]
    assert dup_user["user"] is None
    assert errors_of(dup_user) == [("username", "DUPLICATE")]
    dup_emp = (await gql(client, CREATE_USER, user_input(ids, employeeNo="E00001"), token=token))["data"]["createStaffUser"]
    assert errors_of(dup_emp) == [("employeeNo", "DUPLICATE")]
    both = (await gql(client, CREATE_USER, user_input(ids, username="fz1.cm1", employeeNo="E00002"), token=token))["data"][
        "createStaffUser"
    ]
    assert errors_of(both) == [("username", "DUPLICATE"), ("employeeNo", "DUPLICATE")]
    assert await snapshot(services) == before


async def test_bank_admin_cannot_create_staff_in_another_bank(client, services):
    token = await login(client, "fz.admin")
    before = await snapshot(services)
    result = await gql(client, CREATE_USER, user_input({"FJ-FZ-01": await unit_id(services, "FJ-QZ-01")}), token=token)
    assert errors_of(result["data"]["createStaffUser"]) == [("orgUnitId", "NOT_FOUND")]
    assert await snapshot(services) == before


async def test_a_role_grant_that_reads_personal_data_takes_effect_when_a_second_admin_approves(client, services):
    # given fz.admin and customer manager fz1.cm1
    token = await login(client, "fz.admin")
    target = await user_id(services, "fz1.cm1")
    # when the admin makes them branch manager as well
    result = await gql(client, SET_ROLES, {"i": {"userId": str(target), "roles": ["CUSTOMER_MANAGER", "BRANCH_MANAGER"]}}, token=token)
    # then the roles stay as they are and a request waits
    payload = result["data"]["setStaffUserRoles"]
    assert payload["user"] == {"id": str(target), "username": "fz1.cm1", "roles": ["CUSTOMER_MANAGER"]}
    assert {k: v for k, v in payload["pendingChange"].items() if k != "id"} == {
        "kind": "STAFF_ROLES_GRANT", "roles": ["BRANCH_MANAGER", "CUSTOMER_MANAGER"], "previousRoles": ["CUSTOMER_MANAGER"],
    }
    assert (await gql(client, "{ me { roles } }", token=await login(client, "fz1.cm1")))["data"]["me"]["roles"] == ["CUSTOMER_MANAGER"]
    again = (await gql(client, SET_ROLES, {"i": {"userId": str(target), "roles": ["CUSTOMER_MANAGER", "BRANCH_MANAGER"]}}, token=token))
    assert again["data"]["setStaffUserRoles"]["errors"] == [{"field": "id", "code": "PENDING_CHANGE_EXISTS"}]
    # when a second bank admin approves
    approved = await gql(client, APPROVE, {"id": payload["pendingChange"]["id"]}, token=await login(client, "fz.admin2"))
    assert approved["data"]["approvePendingChange"] == {"change": {"status": "APPROVED"}, "errors": []}
    # then the row carries the new, sorted roles, audited as the approver's change
    async with services.db.sessions() as session:
        row = await session.get(StaffUser, target)
        (record,) = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "staff_user.roles"))).all()
    assert row.roles == ["BRANCH_MANAGER", "CUSTOMER_MANAGER"]
    assert record.detail == {"from": ["CUSTOMER_MANAGER"], "to": ["BRANCH_MANAGER", "CUSTOMER_MANAGER"]}
    assert (record.actor_username, record.target_type, record.target_id) == ("fz.admin2", "StaffUser", str(target))
    # and the user's next request runs with the new roles
    me = await gql(client, "{ me { roles } }", token=await login(client, "fz1.cm1"))
    assert me["data"]["me"]["roles"] == ["BRANCH_MANAGER", "CUSTOMER_MANAGER"]
    # Removing a role needs nobody else.
    removed = await gql(client, SET_ROLES, {"i": {"userId": str(target), "roles": ["CUSTOMER_MANAGER"]}}, token=token)
    assert removed["data"]["setStaffUserRoles"]["user"]["roles"] == ["CUSTOMER_MANAGER"]
    assert removed["data"]["setStaffUserRoles"]["pendingChange"] is None


async def test_set_roles_validates_the_level_and_the_scope(client, services):
    token = await login(client, "fz.admin")
    before = await snapshot(services)
    at_branch = await gql(client, SET_ROLES, {"i": {"userId": str(await user_id(services, "fz1.cm1")), "roles": ["BANK_ADMIN"]}}, token=token)
    assert errors_of(at_branch["data"]["setStaffUserRoles"]) == [("roles", "ROLE_NOT_ALLOWED_AT_LEVEL")]
    none = await gql(client, SET_ROLES, {"i": {"userId": str(await user_id(services, "fz1.cm1")), "roles": []}}, token=token)
    assert errors_of(none["data"]["setStaffUserRoles"]) == [("roles", "ROLES_REQUIRED")]
    other_bank = await gql(
        client, SET_ROLES, {"i": {"userId": str(await user_id(services, "qz1.cm1")), "roles": ["BRANCH_MANAGER"]}}, token=token
    )
    assert errors_of(other_bank["data"]["setStaffUserRoles"]) == [("userId", "NOT_FOUND")]
    assert await snapshot(services) == before


async def test_admin_cannot_change_own_roles(client, services):
    token = await login(client, "fz.admin")
    me = await user_id(services, "fz.admin")
    before = await snapshot(services)
    result = await gql(client, SET_ROLES, {"i": {"userId": str(me), "roles": ["BANK_ADMIN", "AUDITOR"]}}, token=token)
    payload = result["data"]["setStaffUserRoles"]
    assert payload["user"] is None
    assert errors_of(payload) == [("userId", "CANNOT_CHANGE_SELF")]
    assert await snapshot(services) == before


async def test_customer_manager_gets_forbidden_on_every_admin_mutation_and_nothing_is_written(client, services):
    # given a customer manager and inputs that an admin of their bank could run successfully
    token = await login(client, "fz1.cm1")
    fz, fz1 = await unit_id(services, "FJ-FZ"), await unit_id(services, "FJ-FZ-01")
    colleague = str(await user_id(services, "fz1.cm2"))
    calls = {
        "createOrgUnit": (CREATE_UNIT, {"i": {"parentId": str(fz), "code": "FJ-FZ-04", "name": "闽侯支行"}}),
        "updateOrgUnit": (UPDATE_UNIT, {"i": {"id": str(fz1), "name": "新名称"}}),
        "createStaffUser": (CREATE_USER, user_input({"FJ-FZ-01": fz1})),
        "setStaffUserRoles": (SET_ROLES, {"i": {"userId": colleague, "roles": ["BRANCH_MANAGER"]}}),
        "setStaffUserStatus": (SET_STATUS, {"i": {"userId": colleague, "status": "DISABLED", "reason": "x"}}),
    }
    before = await snapshot(services)
    for field, (query, variables) in calls.items():
        # when they call it
        result = await gql(client, query, variables, token=token)
        # then it is refused at the top level
        assert result["data"] == {field: None}, field
        assert [(e["path"], e["extensions"]["code"]) for e in result["errors"]] == [([field], "FORBIDDEN")], field
    # and nothing was written
    after = await snapshot(services)
    assert after["counts"] == before["counts"]
    assert after == before
    # control: the very same createOrgUnit input works for the bank admin
    admin = await login(client, "fz.admin")
    ok = await gql(client, CREATE_UNIT, calls["createOrgUnit"][1], token=admin)
    assert ok["data"]["createOrgUnit"]["errors"] == []
