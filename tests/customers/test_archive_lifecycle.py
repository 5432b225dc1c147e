"""The archive's life through GraphQL: collect, edit with a conflict, submit, return, verify."""

from __future__ import annotations

from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.customers.models import Customer as CustomerRow
from backend.customers.models import CustomerChange
from tests.customers.archive_fixtures import (
    CONSENT,
    CREATE,
    RETURN,
    SEARCH,
    SPOUSE_ID,
    SUBMIT,
    UPDATE,
    VERIFY,
    ZHANG_ID,
    archive,
)
from tests.helpers import gql, login
from tests.images.photos import upload_required_photos


async def create(client, token, **extra):
    result = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PAD", **extra}}, token=token)
    assert "errors" not in result, result
    return result["data"]["createArchive"]


async def test_manager_collects_edits_submits_gets_returned_and_verified(client, services):
    cm = await login(client, "fz1.cm1")
    created = await create(client, cm)
    assert created["errors"] == []
    c = created["customer"]
    assert c["status"] == "DRAFT" and c["version"] == 1 and c["channel"] == "PAD"
    # Gender shows (the 6+4 mask shows its digit); the birth date is what the mask hides: none.
    assert c["gender"] == "MALE" and c["birthDate"] is None
    assert c["idNumber"] == "350102********1234"  # customer managers reveal on demand
    assert c["mobile"] == "13812345678"
    assert c["address"] == {"regionCode": "350102", "regionName": "鼓楼区", "line": "鼓楼区东街1号"}
    assert c["familyMembers"][0] == {"relation": "SPOUSE", "name": "李秀英", "idNumber": "350102********0024", "annualIncome": "36000.00"}
    assert c["income"] == {"farming": "80000.00", "wages": "12000.50", "total": "92000.50"}
    assert c["land"] == {"contractedMu": "12.50", "rentedMu": "3.00", "crops": ["水稻", "茶叶"]}
    assert c["manager"] == {"username": "fz1.cm1"} and c["branch"] == {"code": "FJ-FZ-01"}
    cid = c["id"]

    # The tablet edited version 1 offline while the PC saved version 2: the tablet gets a conflict.
    pc = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": archive(mobile="13900001111"), "channel": "PC"}}, token=cm)
    assert pc["data"]["updateArchive"]["customer"]["version"] == 2
    stale = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": archive(name="张建军")}}, token=cm)
    payload = stale["data"]["updateArchive"]
    assert payload["customer"] is None
    assert payload["errors"][0]["code"] == "VERSION_CONFLICT"
    assert payload["conflict"] == {"serverVersion": 2, "current": {"version": 2, "name": "张建国"}}
    # Resolved by re-applying on top of the server copy.
    resolved = await gql(client, UPDATE, {"i": {"id": cid, "version": 2, "archive": archive(name="张建军", mobile="13900001111")}}, token=cm)
    assert resolved["data"]["updateArchive"]["customer"]["version"] == 3

    # Submitting needs the customer's consent.
    no_consent = await gql(client, SUBMIT, {"i": {"id": cid, "version": 3}}, token=cm)
    assert no_consent["data"]["submitArchive"]["errors"][0]["code"] == "CONSENT_REQUIRED"
    with_consent = await gql(client, UPDATE, {"i": {"id": cid, "version": 3, "archive": archive(name="张建军", mobile="13900001111"), "consent": CONSENT}}, token=cm)
    assert with_consent["data"]["updateArchive"]["customer"]["consent"] == {"wordingVersion": "v2024.1", "channel": "PAD"}
    submitted = await gql(client, SUBMIT, {"i": {"id": cid, "version": 4}}, token=cm)
    assert submitted["data"]["submitArchive"]["customer"]["status"] == "SUBMITTED"

    bm = await login(client, "fz1.manager")
    returned = await gql(client, RETURN, {"i": {"id": cid, "version": 5, "reasons": ["缺少户口簿照片", "收入来源需补充"]}}, token=bm)
    r = returned["data"]["returnArchive"]["customer"]
    assert r["status"] == "RETURNED" and r["returnReasons"] == ["缺少户口簿照片", "收入来源需补充"]
    resubmitted = await gql(client, SUBMIT, {"i": {"id": cid, "version": 6}}, token=cm)
    assert resubmitted["data"]["submitArchive"]["customer"]["status"] == "SUBMITTED"
    missing = await gql(client, VERIFY, {"i": {"id": cid, "version": 7}}, token=bm)
    assert [e["code"] for e in missing["data"]["verifyArchive"]["errors"]] == ["OPEN_VIOLATIONS"]  # no ID card photos yet
    await upload_required_photos(client, cm, cid)
    verified = await gql(client, VERIFY, {"i": {"id": cid, "version": 7}}, token=bm)
    assert verified["data"]["verifyArchive"]["customer"]["status"] == "VERIFIED"

    history = await gql(client, "query($id: ID!) { customer(id: $id) { history { version action diff changedBy { username } } } }", {"id": cid}, token=bm)
    actions = [(h["version"], h["action"]) for h in history["data"]["customer"]["history"]]
    assert actions == [(8, "VERIFY"), (7, "SUBMIT"), (6, "RETURN"), (5, "SUBMIT"), (4, "UPDATE"), (3, "UPDATE"), (2, "UPDATE"), (1, "CREATE")]
    v3 = next(h for h in history["data"]["customer"]["history"] if h["version"] == 3)
    assert v3["diff"] == {"name": ["张建国", "张建军"]}
    v2 = next(h for h in history["data"]["customer"]["history"] if h["version"] == 2)
    assert v2["diff"] == {"mobile": ["138****5678", "139****1111"]}  # personal values masked in history
    assert v2["changedBy"] == {"username": "fz1.cm1"}
    async with services.db.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(CustomerChange)) == 8


async def test_a_save_sent_again_after_its_answer_was_lost_is_answered_as_saved(client, services):
    """A tablet's save reaches the server, the answer is lost, the tablet sends it again on the
    version it still holds: the archive already holds exactly that, so the answer is the saved
    archive (no conflict screen, no second version). Anything else on a stale version is still a
    conflict: other values, or the same values after someone changed the archive since."""
    cm = await login(client, "fz1.cm1")
    cid = (await create(client, cm))["customer"]["id"]
    edit = {"id": cid, "version": 1, "archive": archive(mobile="13900001111"), "channel": "PAD", "consent": CONSENT}
    first = (await gql(client, UPDATE, {"i": edit}, token=cm))["data"]["updateArchive"]
    assert first["errors"] == [] and first["customer"]["version"] == 2

    again = (await gql(client, UPDATE, {"i": edit}, token=cm))["data"]["updateArchive"]
    assert again["errors"] == [] and again["conflict"] is None
    assert again["customer"]["version"] == 2 and again["customer"]["mobile"] == "13900001111"
    async with services.db.sessions() as s:
        versions = (await s.scalars(select(CustomerChange.version).where(CustomerChange.customer_id == cid).order_by(CustomerChange.version))).all()
    assert versions == [1, 2]  # nothing written by the replay

    other = (await gql(client, UPDATE, {"i": {**edit, "archive": archive(mobile="13700002222")}}, token=cm))["data"]["updateArchive"]
    assert other["customer"] is None and other["errors"][0]["code"] == "VERSION_CONFLICT"
    assert other["conflict"]["serverVersion"] == 2

    # The PC changed the archive since: the tablet's replay no longer matches what it holds.
    pc = {"id": cid, "version": 2, "archive": archive(mobile="13900001111", name="张建军"), "channel": "PC", "consent": CONSENT}
    assert (await gql(client, UPDATE, {"i": pc}, token=cm))["data"]["updateArchive"]["customer"]["version"] == 3
    late = (await gql(client, UPDATE, {"i": edit}, token=cm))["data"]["updateArchive"]
    assert late["customer"] is None and late["errors"][0]["code"] == "VERSION_CONFLICT"
    assert late["conflict"] == {"serverVersion": 3, "current": {"version": 3, "name": "张建军"}}
    # A replay that is no longer valid input is a conflict too, not a validation error.
    invalid = (await gql(client, UPDATE, {"i": {**edit, "archive": archive(mobile="12345")}}, token=cm))["data"]["updateArchive"]
    assert [e["code"] for e in invalid["errors"]] == ["VERSION_CONFLICT"]

    # So is a submission: sent again on the version it named, it is answered with the archive it
    # submitted; once the archive has moved on (returned), the same replay is a conflict.
    submitted = (await gql(client, SUBMIT, {"i": {"id": cid, "version": 3}}, token=cm))["data"]["submitArchive"]
    assert submitted["customer"]["status"] == "SUBMITTED" and submitted["customer"]["version"] == 4
    replayed = (await gql(client, SUBMIT, {"i": {"id": cid, "version": 3}}, token=cm))["data"]["submitArchive"]
    assert replayed["errors"] == [] and replayed["customer"]["status"] == "SUBMITTED" and replayed["customer"]["version"] == 4
    bm = await login(client, "fz1.manager")
    # Someone else's replay of that version: the submission was not theirs, so it is a conflict.
    not_theirs = (await gql(client, SUBMIT, {"i": {"id": cid, "version": 3}}, token=bm))["data"]["submitArchive"]
    assert not_theirs["customer"] is None and not_theirs["errors"][0]["code"] == "VERSION_CONFLICT"
    assert (await gql(client, RETURN, {"i": {"id": cid, "version": 4, "reasons": ["补充照片"]}}, token=bm))["data"]["returnArchive"]["customer"]["version"] == 5
    after_return = (await gql(client, SUBMIT, {"i": {"id": cid, "version": 3}}, token=cm))["data"]["submitArchive"]
    assert after_return["customer"] is None and after_return["errors"][0]["code"] == "VERSION_CONFLICT"
    async with services.db.sessions() as s:
        actions = (await s.scalars(select(CustomerChange.action).where(CustomerChange.customer_id == cid).order_by(CustomerChange.version))).all()
    assert actions == ["CREATE", "UPDATE", "UPDATE", "SUBMIT", "RETURN"]


async def test_nothing_is_half_saved_and_errors_name_the_field(client, services):
    cm = await login(client, "fz1.cm1")
    bad = archive(
        mobile="12345",
        familyMembers=[{"relation": "SPOUSE", "name": "李秀英", "idNumber": "350102199208150025"}, {"relation": "CHILD", "name": "张小", "annualIncome": "1.234"}],
        business={"name": "建国茶叶合作社", "creditCode": "91350100MA2XXXXXXX"},
    )
    result = await gql(client, CREATE, {"i": {"archive": bad}}, token=cm)
    errors = {(e["field"], e["code"]) for e in result["data"]["createArchive"]["errors"]}
    assert errors == {
        ("mobile", "INVALID_MOBILE"),
        ("familyMembers[0].idNumber", "ID_INVALID_CHECKSUM"),
        ("familyMembers[1].annualIncome", "INVALID_MONEY"),
        ("business.creditCode", "INVALID_CREDIT_CODE"),
    }
    assert all(e["message"] for e in result["data"]["createArchive"]["errors"])
    async with services.db.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(CustomerRow)) == 0
        assert await s.scalar(select(func.count()).select_from(CustomerChange)) == 0


async def test_legacy_15_digit_id_is_converted(client):
    cm = await login(client, "fz1.cm1")
    result = await gql(client, CREATE, {"i": {"archive": archive(idNumber="350102900307123")}}, token=cm)
    c = result["data"]["createArchive"]["customer"]
    assert c["idNumber"] == "350102********1234"
    revealed = await gql(client, 'mutation($id: ID!) { reveal(input: {type: "Customer", id: $id, field: "idNumber"}) { value } }', {"id": c["id"]}, token=cm)
    assert revealed["data"]["reveal"]["value"] == "350102199003071234"


async def test_one_archive_per_person_per_bank(client):
    cm = await login(client, "fz1.cm1")
    first = await create(client, cm)
    again = await gql(client, CREATE, {"i": {"archive": archive(name="张建国")}}, token=cm)
    payload = again["data"]["createArchive"]
    assert payload["errors"][0]["code"] == "DUPLICATE_ARCHIVE"
    assert payload["duplicateOf"] == first["customer"]["id"]
    # Another branch of the same bank cannot see the existing archive: no pointer is given.
    other = await gql(client, CREATE, {"i": {"archive": archive()}}, token=await login(client, "fz2.cm1"))
    assert other["data"]["createArchive"]["errors"][0]["code"] == "DUPLICATE_ARCHIVE"
    assert other["data"]["createArchive"]["duplicateOf"] is None
    # Another bank may hold its own archive of the same person.
    qz = await gql(client, CREATE, {"i": {"archive": archive()}}, token=await login(client, "qz1.cm1"))
    assert qz["data"]["createArchive"]["errors"] == []


async def test_similar_archives_are_warnings(client):
    cm = await login(client, "fz1.cm1")
    first = await create(client, cm)
    # Same mobile, different person.
    second = await gql(client, CREATE, {"i": {"archive": archive(name="王五", idNumber=SPOUSE_ID, familyMembers=[], maritalStatus="SINGLE")}}, token=cm)
    payload = second["data"]["createArchive"]
    assert payload["errors"] == []
    assert payload["warnings"] == [{"code": "SAME_MOBILE", "relatedIds": [first["customer"]["id"]]}]


async def test_other_bank_cannot_find_it_analyst_sees_it_masked_reveal_is_audited(client, services):
    cm = await login(client, "fz1.cm1")
    cid = (await create(client, cm))["customer"]["id"]
    qz = await login(client, "qz1.manager")
    assert (await gql(client, "query($id: ID!) { customer(id: $id) { id } }", {"id": cid}, token=qz))["data"]["customer"] is None
    for f in ({"namePrefix": "张"}, {"idNumber": ZHANG_ID}, {"mobile": "13812345678"}, {"regionCode": "350102"}):
        found = await gql(client, SEARCH, {"f": f}, token=qz)
        assert found["data"]["customers"]["edges"] == [], f

    analyst = await login(client, "prov.analyst")
    # The analyst sees ID numbers, mobiles and names masked: searching by them would confirm guesses.
    for f in ({"idNumber": ZHANG_ID}, {"mobile": "13812345678"}, {"namePrefix": "张"}):
        refused = await gql(client, SEARCH, {"f": f}, token=analyst)
        assert refused["data"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN", f
    seen = await gql(client, SEARCH, {"f": {"regionCode": "350102"}}, token=analyst)
    node = seen["data"]["customers"]["edges"][0]["node"]
    assert node["name"] == "张**" and node["idNumber"] == "350102********1234" and node["mobile"] == "138****5678"
    denied = await gql(client, 'mutation($id: ID!) { reveal(input: {type: "Customer", id: $id, field: "idNumber"}) { value } }', {"id": cid}, token=analyst)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    revealed = await gql(client, 'mutation($id: ID!) { reveal(input: {type: "Customer", id: $id, field: "idNumber"}) { value errors { code } } }', {"id": cid}, token=cm)
    assert revealed["data"]["reveal"] == {"value": ZHANG_ID, "errors": []}
    async with services.db.sessions() as s:
        records = (await s.scalars(select(AuditRecord).where(AuditRecord.action == "reveal"))).all()
    assert [(r.actor_username, r.target_type, r.target_id, r.target_field) for r in records] == [("fz1.cm1", "Customer", cid, "idNumber")]


async def test_search_pages_by_name_without_repeats(client):
    cm = await login(client, "fz1.cm1")
    ids = ["350102199003071234", "350102199208150024", "350521198511230015"]
    names = ["张三", "张四", "李五"]
    for name, idn in zip(names, ids, strict=True):
        r = await gql(client, CREATE, {"i": {"archive": archive(name=name, idNumber=idn, mobile=None, familyMembers=[], maritalStatus="SINGLE")}}, token=cm)
        assert r["data"]["createArchive"]["errors"] == [], r
    total = await gql(client, "{ customers(first: 1) { estimatedTotal } }", token=cm)
    assert total["data"]["customers"]["estimatedTotal"] == 3  # small tables are counted exactly
    page1 = (await gql(client, SEARCH, {"f": {"namePrefix": "张"}, "first": 1}, token=cm))["data"]["customers"]
    assert [e["node"]["name"] for e in page1["edges"]] == ["张三"] and page1["pageInfo"]["hasNextPage"]
    page2 = (await gql(client, SEARCH, {"f": {"namePrefix": "张"}, "first": 1, "after": page1["pageInfo"]["endCursor"]}, token=cm))["data"]["customers"]
    assert [e["node"]["name"] for e in page2["edges"]] == ["张四"] and not page2["pageInfo"]["hasNextPage"]


async def test_an_auditor_reveals_the_address_line_others_see_it_masked(client, services):
    cm = await login(client, "fz1.cm1")
    cid = (await create(client, cm))["customer"]["id"]
    reveal = 'mutation($id: ID!) { reveal(input: {type: "Address", id: $id, field: "line"}) { value errors { code } } }'
    line = 'query($id: ID!) { customer(id: $id) { address { line } } }'
    auditor = await login(client, "fz.auditor")
    masked = (await gql(client, line, {"id": cid}, token=auditor))["data"]["customer"]["address"]["line"]
    assert masked != "鼓楼区东街1号" and "*" in masked
    assert (await gql(client, reveal, {"id": cid}, token=auditor))["data"]["reveal"] == {"value": "鼓楼区东街1号", "errors": []}
    for username in ("fz.admin", "prov.analyst"):  # MASKED in the policy: no reveal
        denied = await gql(client, reveal, {"id": cid}, token=await login(client, username))
        assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with services.db.sessions() as session:
        records = (await session.scalars(select(AuditRecord).where(AuditRecord.action == "reveal"))).all()
    assert [(r.actor_username, r.target_type, r.target_id, r.target_field) for r in records] == [("fz.auditor", "Address", cid, "line")]


async def test_an_unchanged_update_answers_with_the_archive_and_stores_nothing(client, services):
    # Given an archive at version 1 (the PAD re-sends a draft whose content did not change).
    cm = await login(client, "fz1.cm1")
    c = (await create(client, cm))["customer"]
    # When the same content is sent again, without a consent record and with one.
    same = await gql(client, UPDATE, {"i": {"id": c["id"], "version": 1, "archive": archive(), "channel": "PAD"}}, token=cm)
    # Then the answer is the archive as it is, no error, no new version, no history row.
    assert "errors" not in same, same
    payload = same["data"]["updateArchive"]
    assert payload["errors"] == [] and payload["customer"]["version"] == 1 and payload["customer"]["name"] == "张建国"
    with_consent = await gql(client, UPDATE, {"i": {"id": c["id"], "version": 1, "archive": archive(), "consent": CONSENT}}, token=cm)
    assert with_consent["data"]["updateArchive"]["customer"]["version"] == 2
    again = await gql(client, UPDATE, {"i": {"id": c["id"], "version": 2, "archive": archive(), "consent": CONSENT}}, token=cm)
    assert "errors" not in again and again["data"]["updateArchive"]["customer"]["version"] == 2
    async with services.db.sessions() as s:
        actions = (await s.scalars(select(CustomerChange.action).order_by(CustomerChange.id))).all()
    assert actions == ["CREATE", "UPDATE"]


async def test_a_list_counts_the_archives_of_its_scope_and_filter(client, services):
    from sqlalchemy import text

    from backend.db.session import transaction
    from backend.demo import load_demo_customers

    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    count = "query($f: CustomerFilter) { customers(filter: $f, first: 1) { totalCount } }"

    async def direct(where: str, **params) -> int:
        async with services.db.sessions() as session:
            return await session.scalar(text(f"SELECT count(*) FROM customers c WHERE {where}"), params)

    branch = (await gql(client, count, token=await login(client, "fz1.manager")))["data"]["customers"]["totalCount"]
    path = "(SELECT path FROM org_units WHERE code = 'FJ-FZ-01')"
    assert branch == await direct(f"c.org_path = {path}") > 0  # the branch's own, not the table's estimate
    surname = (await gql(client, count, {"f": {"namePrefix": "张"}}, token=await login(client, "fz1.manager")))["data"]["customers"]["totalCount"]
    assert surname == await direct(f"c.org_path = {path} AND c.name LIKE '张%'")
    province = (await gql(client, count, token=await login(client, "prov.admin")))["data"]["customers"]["totalCount"]
    assert province == await direct("true")
    # Counting stops past the cap: a province's list never counts its millions.
    from backend.auth.principal import Principal
    from backend.customers.repository import CustomerFilter, CustomerRepository

    everyone = Principal(kind="staff", scope_path="/", user_id=None, roles=frozenset())
    async with services.db.sessions() as session:
        assert await CustomerRepository(session).count(everyone, CustomerFilter(), cap=5) == 6
