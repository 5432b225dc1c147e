"""Four eyes on verification: a second person, the rules in force, an audited override, the inbox."""

from __future__ import annotations

from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.customers.models import Customer as CustomerRow
from tests.customers.archive_fixtures import (
    CONSENT,
    CREATE,
    SUBMIT,
    UPDATE,
    VERIFY,
    archive,
)
from tests.helpers import gql, login
from tests.images.photos import upload_required_photos

CHECK = """query($id: ID!) { customer(id: $id) { version status verification {
  canVerify needsOverride overrideAllowed batchAllowed blockers { code message } violations { code severity overridable message } } } }"""
INBOX = """query($first: Int, $after: String) { reviewInbox(first: $first, after: $after) {
  totalCount edges { cursor node { id name status submittedAt } } pageInfo { hasNextPage endCursor } } }"""
BATCH = """mutation($i: VerifyArchivesInput!) { verifyArchives(input: $i) {
  verified { id status } failed { id errors { code message } } errors { code } } }"""


async def submitted(client, cm: str, *, photos: bool = True, **overrides) -> str:
    consent = {**CONSENT, "formImageRef": "IMG-1"}  # the signed form is on file: no warning left
    created = await gql(client, CREATE, {"i": {"archive": archive(**overrides), "consent": consent}}, token=cm)
    assert created["data"]["createArchive"]["errors"] == [], created
    cid = created["data"]["createArchive"]["customer"]["id"]
    if photos:
        await upload_required_photos(client, cm, cid)
    result = await gql(client, SUBMIT, {"i": {"id": cid, "version": 1}}, token=cm)
    assert result["data"]["submitArchive"]["errors"] == [], result
    return cid


async def test_a_reviewer_who_changed_the_archive_after_submission_may_not_verify_it(client, services):
    # Given an archive submitted by fz1.cm1 that the branch manager rewrites while it is under review.
    cm, bm = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    cid = await submitted(client, cm)
    rewritten = await gql(client, UPDATE, {"i": {"id": cid, "version": 2, "archive": archive(name="张建业", mobile="13900009999")}}, token=bm)
    assert rewritten["data"]["updateArchive"]["errors"] == []
    # When the same branch manager verifies it, it is refused and nothing changes.
    check = (await gql(client, CHECK, {"id": cid}, token=bm))["data"]["customer"]
    assert check["verification"]["canVerify"] is False
    assert [b["code"] for b in check["verification"]["blockers"]] == ["EDITED_BY_REVIEWER"]
    refused = await gql(client, VERIFY, {"i": {"id": cid, "version": 3}}, token=bm)
    assert [e["code"] for e in refused["data"]["verifyArchive"]["errors"]] == ["EDITED_BY_REVIEWER"]
    async with services.db.sessions() as s:
        assert (await s.get(CustomerRow, (await _bank(services, cid), cid))).status.value == "SUBMITTED"
    # Then another reviewer (the bank's approver) may.
    approver = await login(client, "fz.approver")
    assert (await gql(client, CHECK, {"id": cid}, token=approver))["data"]["customer"]["verification"]["canVerify"] is True
    verified = await gql(client, VERIFY, {"i": {"id": cid, "version": 3}}, token=approver)
    assert verified["data"]["verifyArchive"]["errors"] == [] and verified["data"]["verifyArchive"]["customer"]["status"] == "VERIFIED"


async def test_open_errors_block_verification_and_only_overridable_ones_yield_to_a_reason(client, services):
    cm, bm = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    # No income at all (BASE_INCOME, overridable) and no photos (BASE_REQUIRED_IMAGES, not overridable).
    cid = await submitted(client, cm, photos=False, income={})
    check = (await gql(client, CHECK, {"id": cid}, token=bm))["data"]["customer"]["verification"]
    assert (check["canVerify"], check["needsOverride"], check["overrideAllowed"], check["batchAllowed"]) == (False, True, False, False)
    errors = {v["code"]: v["overridable"] for v in check["violations"] if v["severity"] == "ERROR"}
    assert errors == {"BASE_INCOME": True, "BASE_REQUIRED_IMAGES": False}
    plain = await gql(client, VERIFY, {"i": {"id": cid, "version": 2}}, token=bm)
    (error,) = plain["data"]["verifyArchive"]["errors"]
    assert error["code"] == "OPEN_VIOLATIONS" and "须上传身份证正反面及走访照片" in error["message"]
    forced = await gql(client, VERIFY, {"i": {"id": cid, "version": 2, "overrideReason": "客户为五保户，无任何收入来源，已核实"}}, token=bm)
    assert [e["code"] for e in forced["data"]["verifyArchive"]["errors"]] == ["NOT_OVERRIDABLE"]
    # With the photos only the overridable rule is open: a reason is required, then accepted.
    await upload_required_photos(client, cm, cid)
    short = await gql(client, VERIFY, {"i": {"id": cid, "version": 2, "overrideReason": "无"}}, token=bm)
    assert [e["code"] for e in short["data"]["verifyArchive"]["errors"]] == ["REASON_REQUIRED"]
    ok = await gql(client, VERIFY, {"i": {"id": cid, "version": 2, "overrideReason": "客户为五保户，无任何收入来源，已核实"}}, token=bm)
    assert ok["data"]["verifyArchive"]["errors"] == [] and ok["data"]["verifyArchive"]["customer"]["status"] == "VERIFIED"
    async with services.db.sessions() as s:
        (record,) = (await s.scalars(select(AuditRecord).where(AuditRecord.action == "customer.verify_override"))).all()
    assert record.actor_username == "fz1.manager" and record.target_id == cid
    assert record.detail["rules"] == ["BASE_INCOME"] and record.detail["reason"] == "客户为五保户，无任何收入来源，已核实"
    history = await gql(client, "query($id: ID!) { customer(id: $id) { history { action note } } }", {"id": cid}, token=bm)
    assert history["data"]["customer"]["history"][0] == {"action": "VERIFY", "note": "客户为五保户，无任何收入来源，已核实"}


async def test_the_review_inbox_lists_oldest_first_and_batch_verifies_the_clean_ones(client, services):
    cm, bm = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    clean_a = await submitted(client, cm, idNumber="350102199003071234")
    dirty = await submitted(client, cm, photos=False, idNumber="350521198511230015", name="陈志强", familyMembers=[], maritalStatus="SINGLE")
    clean_b = await submitted(client, cm, idNumber="350102199208150024", name="李秀英", familyMembers=[], maritalStatus="SINGLE")
    draft = (await gql(client, CREATE, {"i": {"archive": archive(idNumber="350121195603071239", name="王五")}}, token=cm))
    assert draft["data"]["createArchive"]["errors"] == []
    # Another branch's submission is not in this inbox.
    other = await login(client, "fz2.cm1")
    await submitted(client, other, photos=False, idNumber="350102198801011231", name="黄秀兰", familyMembers=[], maritalStatus="SINGLE")

    first = (await gql(client, INBOX, {"first": 2}, token=bm))["data"]["reviewInbox"]
    assert first["totalCount"] == 3
    assert [e["node"]["id"] for e in first["edges"]] == [clean_a, dirty] and first["pageInfo"]["hasNextPage"] is True
    second = (await gql(client, INBOX, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=bm))["data"]["reviewInbox"]
    assert [e["node"]["id"] for e in second["edges"]] == [clean_b] and second["pageInfo"]["hasNextPage"] is False
    # The cursor is sealed to its receiver: another reviewer cannot use it, and it holds no name.
    stolen = await gql(client, INBOX, {"first": 2, "after": first["pageInfo"]["endCursor"]}, token=await login(client, "fz.approver"))
    assert stolen["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await gql(client, INBOX, {}, token=await login(client, "fz.approver")))["data"]["reviewInbox"]["totalCount"] == 4
    assert (await gql(client, INBOX, {}, token=cm))["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    batch = (await gql(client, BATCH, {"i": {"items": [{"id": i, "version": 2} for i in (clean_a, dirty, clean_b)]}}, token=bm))
    payload = batch["data"]["verifyArchives"]
    assert sorted(v["id"] for v in payload["verified"]) == sorted([clean_a, clean_b])
    assert all(v["status"] == "VERIFIED" for v in payload["verified"])
    assert [(f["id"], [e["code"] for e in f["errors"]]) for f in payload["failed"]] == [(dirty, ["HAS_VIOLATIONS"])]
    after = (await gql(client, INBOX, {}, token=bm))["data"]["reviewInbox"]
    assert after["totalCount"] == 1 and [e["node"]["id"] for e in after["edges"]] == [dirty]


async def _bank(services, cid: str) -> int:
    async with services.db.sessions() as s:
        return await s.scalar(select(CustomerRow.bank_id).where(CustomerRow.id == cid))


async def test_the_inbox_with_its_verify_checks_runs_a_fixed_number_of_statements(client, services, count_queries):
    cm, bm = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    ids = ["350102199003071234", "350102199208150024", "350102198801011231", "350102198505052346", "350102198606063458"]
    for n, number in enumerate(ids):
        await submitted(client, cm, photos=False, idNumber=number, name=f"王{'一二三四五'[n]}", familyMembers=[], maritalStatus="SINGLE")
    page = """query($first: Int) { reviewInbox(first: $first) { totalCount edges { node { id branch { name } manager { name }
      evaluation { completeness violations { code } } verification { canVerify needsOverride overrideAllowed batchAllowed
      blockers { code } violations { code overridable } } } } } }"""
    counts = []
    for first in (1, 5):
        count_queries.count = 0
        result = await gql(client, page, {"first": first}, token=bm)
        assert "errors" not in result and len(result["data"]["reviewInbox"]["edges"]) == first, result
        counts.append(count_queries.count)
    assert counts[0] == counts[1], counts  # the verify checks of a page are loaded in batches
