"""Self-service archives from mobile banking, transfers between managers, and list query counts."""

from __future__ import annotations

import base64

from backend.demo import demo_accounts, demo_clients
from tests.customers.archive_fixtures import (
    CONSENT,
    CREATE,
    SEARCH,
    SPOUSE_ID,
    VERIFY,
    archive,
)
from tests.helpers import gql, login
from tests.images.photos import upload_required_photos


async def client_token(client, scope: str) -> str:
    mobile = next(c for c in demo_clients() if c["client_id"] == "mobile-banking")
    auth = base64.b64encode(f"mobile-banking:{mobile['client_secret']}".encode()).decode()
    response = await client.post("/auth/token", data={"grant_type": "client_credentials", "scope": scope}, headers={"Authorization": f"Basic {auth}"})
    return response.json()["access_token"]


async def branch_id(client, token, code: str) -> str:
    units = (await gql(client, "{ orgUnits { id code } }", token=token))["data"]["orgUnits"]
    return next(u["id"] for u in units if u["code"] == code)


async def user_id(client, token, username: str) -> str:
    found = await gql(client, "query($s: String) { staffUsers(search: $s) { edges { node { id username } } } }", {"s": username}, token=token)
    return next(e["node"]["id"] for e in found["data"]["staffUsers"]["edges"] if e["node"]["username"] == username)


async def test_self_service_archive_starts_submitted_and_a_branch_manager_verifies_it(client):
    bm = await login(client, "fz1.manager")
    branch = await branch_id(client, bm, "FJ-FZ-01")
    mobile = await client_token(client, "self_service")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "branchId": branch, "consent": {**CONSENT, "channel": "SELF_SERVICE"}}}, token=mobile)
    payload = created["data"]["createArchive"]
    assert payload["errors"] == []
    c = payload["customer"]
    assert (c["status"], c["channel"], c["manager"]) == ("SUBMITTED", "SELF_SERVICE", None)
    assert c["idNumber"] is None and c["mobile"] is None  # a machine client sees no personal data back

    # A customer manager visits and photographs the ID card and the visit (required to verify);
    # the branch manager verifies and names the responsible customer manager.
    await upload_required_photos(client, await login(client, "fz1.cm2"), c["id"])
    cm_id = await user_id(client, bm, "fz1.cm2")
    verified = await gql(client, VERIFY, {"i": {"id": c["id"], "version": 1, "managerId": cm_id}}, token=bm)
    v = verified["data"]["verifyArchive"]
    assert v["errors"] == [] and v["customer"]["status"] == "VERIFIED"
    assert v["customer"]["manager"] == {"username": "fz1.cm2"}


async def test_self_service_needs_the_scope_and_consent(client):
    bm = await login(client, "fz1.manager")
    branch = await branch_id(client, bm, "FJ-FZ-01")
    quota_only = await client_token(client, "quota:read")
    denied = await gql(client, CREATE, {"i": {"archive": archive(), "branchId": branch}}, token=quota_only)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    mobile = await client_token(client, "self_service")
    no_consent = await gql(client, CREATE, {"i": {"archive": archive(), "branchId": branch}}, token=mobile)
    assert no_consent["data"]["createArchive"]["errors"][0]["code"] == "CONSENT_REQUIRED"


async def test_transfer_between_managers_keeps_history_and_bulk_transfer_when_a_manager_leaves(client):
    cm1 = await login(client, "fz1.cm1")
    a = (await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm1))["data"]["createArchive"]["customer"]["id"]
    b = (await gql(client, CREATE, {"i": {"archive": archive(name="李秀英", idNumber=SPOUSE_ID, familyMembers=[])}}, token=cm1))["data"]["createArchive"]["customer"]["id"]
    bm = await login(client, "fz1.manager")
    cm2 = await user_id(client, bm, "fz1.cm2")
    moved = await gql(
        client,
        "mutation($i: TransferArchivesInput!) { transferArchives(input: $i) { moved errors { code } } }",
        {"i": {"customerIds": [a], "toManagerId": cm2, "reason": "片区调整"}},
        token=bm,
    )
    assert moved["data"]["transferArchives"] == {"moved": 1, "errors": []}
    detail = await gql(client, "query($id: ID!) { customer(id: $id) { version manager { username } assignments { reason toManagerId } history { action diff } } }", {"id": a}, token=bm)
    d = detail["data"]["customer"]
    assert d["manager"] == {"username": "fz1.cm2"} and d["version"] == 2
    assert d["assignments"] == [{"reason": "片区调整", "toManagerId": cm2}]
    assert d["history"][0]["action"] == "TRANSFER"

    # fz1.cm1 leaves: everything they still hold moves at once.
    bulk = await gql(
        client,
        "mutation($i: TransferManagerArchivesInput!) { transferManagerArchives(input: $i) { moved errors { code } } }",
        {"i": {"fromManagerId": await user_id(client, bm, "fz1.cm1"), "toManagerId": cm2, "reason": "离职"}},
        token=bm,
    )
    assert bulk["data"]["transferManagerArchives"] == {"moved": 1, "errors": []}
    mine = await gql(client, SEARCH, {"f": {"managerId": cm2}}, token=bm)
    assert sorted(e["node"]["id"] for e in mine["data"]["customers"]["edges"]) == sorted([a, b])
    # A customer manager may not transfer; a manager of another bank is not a valid receiver.
    denied = await gql(client, "mutation($i: TransferArchivesInput!) { transferArchives(input: $i) { moved } }", {"i": {"customerIds": [a], "toManagerId": cm2}}, token=cm1)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    qz_cm = next(acc for acc in demo_accounts() if acc.username == "qz1.cm1")
    qz_id = await user_id(client, await login(client, "prov.admin"), qz_cm.username)
    wrong = await gql(client, "mutation($i: TransferArchivesInput!) { transferArchives(input: $i) { moved errors { field code } } }", {"i": {"customerIds": [a], "toManagerId": qz_id}}, token=bm)
    assert wrong["data"]["transferArchives"]["errors"] == [{"field": "toManagerId", "code": "INVALID_MANAGER"}]


async def test_customer_search_query_count_does_not_grow_with_page_size(client, services, count_queries, lasting_caches):
    cm = await login(client, "fz1.cm1")
    ids = ["350102199003071234", "350102199208150024", "350521198511230015", "11010519491231002X"]
    for i, idn in enumerate(ids):
        r = await gql(client, CREATE, {"i": {"archive": archive(name="张" + "甲乙丙丁"[i], idNumber=idn, mobile=None, familyMembers=[], maritalStatus="SINGLE")}}, token=cm)
        assert r["data"]["createArchive"]["errors"] == [], r
    query = """query($first: Int) { customers(first: $first) { edges { node {
        id name idNumber mobile branch { name } manager { name } extraFields { code } history { action } } } } }"""
    await gql(client, query, {"first": 1}, token=cm)  # what the process keeps (the rule book's key, the definitions) read once
    counts = []
    for first in (1, 4):
        before = count_queries.count
        result = await gql(client, query, {"first": first}, token=cm)
        assert len(result["data"]["customers"]["edges"]) == first
        counts.append(count_queries.count - before)
    assert counts[0] == counts[1], counts


async def test_a_leaving_managers_archives_move_in_a_fixed_number_of_statements(client, services, count_queries):
    bm = await login(client, "fz1.manager")
    cm1 = await login(client, "fz1.cm1")
    cm1_id, cm2_id = await user_id(client, bm, "fz1.cm1"), await user_id(client, bm, "fz1.cm2")
    from tests.imports.workbooks import resident_id

    transfer = "mutation($i: TransferManagerArchivesInput!) { transferManagerArchives(input: $i) { moved errors { code } } }"
    counts = []
    for n, (giver, taker) in ((3, (cm1_id, cm2_id)), (12, (cm2_id, cm1_id))):
        for k in range(n if not counts else n - 3):  # the second round moves the first round's 3 back too
            r = await gql(client, CREATE, {"i": {"archive": archive(idNumber=resident_id(500 + len(counts) * 100 + k), mobile=None, familyMembers=[], maritalStatus="SINGLE")}},
                          token=cm1 if giver == cm1_id else await login(client, "fz1.cm2"))
            assert r["data"]["createArchive"]["errors"] == [], r
        count_queries.count = 0
        moved = await gql(client, transfer, {"i": {"fromManagerId": giver, "toManagerId": taker, "reason": "调岗"}}, token=bm)
        assert moved["data"]["transferManagerArchives"] == {"moved": n, "errors": []}
        counts.append(count_queries.count)
    assert counts[0] == counts[1], counts  # set-based: 3 or 12 archives, the same statements
    history = await gql(client, "query($f: CustomerFilter) { customers(filter: $f, first: 100) { edges { node { manager { username } history { action } } } } }",
                        {"f": {"managerId": cm1_id}}, token=bm)
    nodes = [e["node"] for e in history["data"]["customers"]["edges"]]
    assert len(nodes) == 12 and all(n["history"][0]["action"] == "TRANSFER" for n in nodes)
