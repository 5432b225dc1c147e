"""The audited `reveal` mutation and who may read the audit log."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.demo import demo_accounts
from backend.orgs.models import OrgUnit, StaffUser
from tests.helpers import as_user, gql, login

PHONES = {a.username: a.phone for a in demo_accounts()}
REVEAL = """
mutation($i: RevealInput!) {
  reveal(input: $i) { value errors { field code message messageEn } }
}
"""
AUDIT = """
query($action: String) {
  auditRecords(action: $action) {
    edges { node { action actorUsername targetType targetId targetField } }
  }
}
"""


async def user_id(services, username: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(StaffUser.id).where(StaffUser.username == username))


async def user_org_path(services, username: str) -> str:
    async with services.db.sessions() as session:
        return await session.scalar(
            select(OrgUnit.path).join(StaffUser, StaffUser.org_unit_id == OrgUnit.id).where(StaffUser.username == username)
        )


async def audit_rows(services, *where) -> list[AuditRecord]:
    async with services.db.sessions() as session:
        return list(await session.scalars(select(AuditRecord).where(*where).order_by(AuditRecord.id)))


async def audit_count(services) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(AuditRecord))


def reveal_input(target_id: int | str, field: str = "phone", type_: str = "StaffUser") -> dict:
    return {"i": {"type": type_, "id": str(target_id), "field": field}}


async def test_province_admin_reveals_full_phone_and_it_is_audited(client, services):
    # given prov.admin (REVEAL on StaffUser.phone) and a customer manager of FZ
    token = await login(client, "prov.admin")
    target = await user_id(services, "fz1.cm1")
    assert await audit_rows(services, AuditRecord.action == "reveal") == []
    # when they reveal the phone
    result = await gql(client, REVEAL, reveal_input(target), token=token)
    # then they get the full number
    assert result == {"data": {"reveal": {"value": PHONES["fz1.cm1"], "errors": []}}}
    # and exactly one audit record says who revealed what, filed under the target's org unit
    (record,) = await audit_rows(services, AuditRecord.action == "reveal")
    assert record.target_type == "StaffUser"
    assert record.target_id == str(target)
    assert record.target_field == "phone"
    assert record.actor_username == "prov.admin"
    assert record.actor_user_id == await user_id(services, "prov.admin")
    assert record.org_path == await user_org_path(services, "fz1.cm1")
    assert PHONES["fz1.cm1"] not in str(record.detail)


async def test_masked_role_cannot_reveal_and_nothing_is_audited(client, services):
    token = await login(client, "prov.analyst")
    target = await user_id(services, "fz1.cm1")
    before = await audit_count(services)
    result = await gql(client, REVEAL, reveal_input(target), token=token)
    assert result["data"] == {"reveal": None}
    assert len(result["errors"]) == 1
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert result["errors"][0]["path"] == ["reveal"]
    assert PHONES["fz1.cm1"] not in str(result)
    assert await audit_rows(services, AuditRecord.action == "reveal") == []
    assert await audit_count(services) == before


async def test_customer_manager_cannot_reveal_a_colleague(client, services):
    token = await login(client, "fz1.cm1")
    before = await audit_count(services)
    result = await gql(client, REVEAL, reveal_input(await user_id(services, "fz1.cm2")), token=token)
    assert result["data"] == {"reveal": None}
    assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await audit_count(services) == before


async def test_reveal_of_another_banks_user_is_not_found(client, services):
    # given a bank auditor of FZ, who may reveal phones inside FZ
    token = await login(client, "fz.auditor")
    inside = await gql(client, REVEAL, reveal_input(await user_id(services, "fz2.cm1")), token=token)
    assert inside == {"data": {"reveal": {"value": PHONES["fz2.cm1"], "errors": []}}}
    before = await audit_count(services)
    # when they reveal a QZ user's phone
    result = await gql(client, REVEAL, reveal_input(await user_id(services, "qz1.cm1")), token=token)
    # then the payload says NOT_FOUND, with no value and nothing audited
    payload = result["data"]["reveal"]
    assert "errors" not in result
    assert payload["value"] is None
    assert [(e["field"], e["code"]) for e in payload["errors"]] == [("id", "NOT_FOUND")]
    assert await audit_count(services) == before
    # an id that does not exist at all looks the same
    missing = await gql(client, REVEAL, reveal_input(999999), token=token)
    assert [(e["field"], e["code"]) for e in missing["data"]["reveal"]["errors"]] == [("id", "NOT_FOUND")]


async def test_unknown_field_or_type_is_not_revealable(client, services):
    token = await login(client, "prov.admin")
    target = await user_id(services, "fz1.cm1")
    before = await audit_count(services)
    for variables in (reveal_input(target, field="employeeNo"), reveal_input(target, type_="Customer")):
        result = await gql(client, REVEAL, variables, token=token)
        payload = result["data"]["reveal"]
        assert payload["value"] is None
        assert [(e["field"], e["code"]) for e in payload["errors"]] == [("field", "NOT_REVEALABLE")]
    assert await audit_count(services) == before


async def test_province_auditor_reads_reveal_records_and_bank_auditor_only_their_bank(client, services):
    # given prov.admin revealed one FZ and one QZ phone
    admin = await login(client, "prov.admin")
    fz_target, qz_target = await user_id(services, "fz1.cm1"), await user_id(services, "qz1.cm1")
    for target in (fz_target, qz_target):
        assert (await gql(client, REVEAL, reveal_input(target), token=admin))["data"]["reveal"]["errors"] == []

    # when the province auditor lists reveal records, then both are there, newest first
    prov = await as_user(client, "prov.auditor", AUDIT, {"action": "reveal"})
    assert [e["node"] for e in prov["data"]["auditRecords"]["edges"]] == [
        {"action": "reveal", "actorUsername": "prov.admin", "targetType": "StaffUser", "targetId": str(t), "targetField": "phone"}
        for t in (qz_target, fz_target)
    ]

    # when FZ's bank auditor lists them, then only the FZ record is there
    fz = await as_user(client, "fz.auditor", AUDIT, {"action": "reveal"})
    assert [e["node"]["targetId"] for e in fz["data"]["auditRecords"]["edges"]] == [str(fz_target)]
    qz = await as_user(client, "qz.auditor", AUDIT, {"action": "reveal"})
    assert [e["node"]["targetId"] for e in qz["data"]["auditRecords"]["edges"]] == [str(qz_target)]

    # and without a filter, the FZ auditor sees nothing filed outside FZ (e.g. prov.admin's login)
    everything = await as_user(client, "fz.auditor", AUDIT)
    nodes = [e["node"] for e in everything["data"]["auditRecords"]["edges"]]
    assert str(qz_target) not in {n["targetId"] for n in nodes}
    assert not [n for n in nodes if n["action"] == "auth.login" and n["actorUsername"] != "fz.auditor"]
    assert [n for n in nodes if n["action"] == "auth.login"]  # their own login is in their bank


async def test_non_auditors_cannot_read_the_audit_log(client, services):
    admin = await login(client, "prov.admin")
    await gql(client, REVEAL, reveal_input(await user_id(services, "fz1.cm1")), token=admin)
    for username in ("prov.admin", "prov.analyst", "fz.admin", "fz1.manager", "fz1.cm1"):
        result = await as_user(client, username, AUDIT, {"action": "reveal"})
        assert result["data"] is None, username
        assert result["errors"][0]["extensions"]["code"] == "FORBIDDEN", username
        assert result["errors"][0]["path"] == ["auditRecords"]
