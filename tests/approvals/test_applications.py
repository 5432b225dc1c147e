"""Quota applications through each shipped process (docs/approvals.md): one step, multi-level
with band routing, centralized with claims, straight through; four eyes; return for information."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from backend.approvals.models import Quota
from backend.db.session import transaction
from backend.outbox.models import OutboxMessage
from tests.approvals.conftest import Archive, eligible_archive
from tests.helpers import as_user, gql, login

SAVE_PRODUCT = """mutation($i: ProductInput!) { saveProduct(input: $i) { product { id code version status } errors { field code message } } }"""
PRODUCTS = """{ products { id code name status processes { maxAmount processKey } } }"""
CHECK = """query($c: ID!, $p: ID!) { applicationCheck(customerId: $c, productId: $p) {
  eligible reasons { code message } recommendedQuota rating { grade score } product { code } } }"""
SUBMIT = """mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) {
  application { id number status amount recommendedQuota grade process { definition { key version } currentElements completedElements }
                tasks { id elementId status role } }
  errors { field code message } } }"""
APPLICATION = """query($id: ID!) { application(id: $id) { id status amount approvedAmount approvedTerm sampled
  process { definition { key version } currentElements completedElements bpmnXml }
  tasks { id elementId name status outcome claimedBy { username } }
  history { action elementId amount comment system actor { username } }
  quota { status amount usedAmount availableAmount term validFrom validTo }
  customer { name } viewerCan { resubmit withdraw } } }"""
INBOX = """query($box: TaskBox!) { approvalTasks(box: $box) { edges { node { id elementId status
  application { number amount customer { name } } viewerCan { claim release decide } } } }
  approvalInboxCounts { queue mine overdue } }"""
APPROVE = """mutation($i: ApproveTaskInput!) { approveTask(input: $i) { task { id status outcome }
  application { status approvedAmount } errors { field code message } } }"""
CLAIM = """mutation($id: ID!) { claimTask(id: $id) { task { id status claimedBy { username } } errors { code } } }"""
RELEASE = """mutation($id: ID!) { releaseTask(id: $id) { task { id status } errors { code } } }"""
REJECT = """mutation($i: RejectTaskInput!) { rejectTask(input: $i) { task { status outcome } application { status } errors { field code } } }"""
RETURN = """mutation($i: ReturnTaskInput!) { returnTask(input: $i) { task { status } application { status } errors { field code } } }"""
RESUBMIT = """mutation($i: ResubmitApplicationInput!) { resubmitApplication(input: $i) { application { status amount } errors { field code } } }"""
DELEGATE = """mutation($i: DelegateTaskInput!) { delegateTask(input: $i) { task { status claimedBy { username } } errors { field code } } }"""
STAFF = """query($u: String!) { staffUsers(search: $u, first: 5) { edges { node { id username } } } }"""


def product_input(code: str, process: str | list[dict[str, Any]], **changes: Any) -> dict[str, Any]:
    bands = [{"maxAmount": None, "processKey": process}] if isinstance(process, str) else process
    return {
        "code": code, "name": f"测试产品{code[-3:]}", "amountMin": "1000.00", "amountMax": "1000000.00", "terms": [12, 24],
        "rateMin": "4.35", "rateMax": "7.80", "repaymentMethods": ["EQUAL_INSTALLMENT"], "channels": ["BRANCH", "PAD"],
        "eligibility": {"preciseArchive": True, "minGrade": "B", "noVeto": True, "ageMin": 18, "ageMax": 65, "regions": []},
        "processes": bands, "validFrom": "2026-01-01", "sampleRate": 0, **changes,
    }


async def product(client, code: str, process: str | list[dict[str, Any]], **changes: Any) -> str:
    saved = (await as_user(client, "fz.admin", SAVE_PRODUCT, {"i": product_input(code, process, **changes)}))["data"]["saveProduct"]
    assert saved["errors"] == [], saved
    return saved["product"]["id"]


async def submit(client, archive: Archive, product_id: str, amount: str, *, user: str | None = None, **extra: Any) -> dict[str, Any]:
    data = {"customerId": archive.id, "productId": product_id, "amount": amount, "term": 12, "repaymentMethod": "EQUAL_INSTALLMENT",
            "purpose": "购买化肥和种子", **extra}
    return (await as_user(client, user or f"{archive.staff}.cm1", SUBMIT, {"i": data}))["data"]["submitApplication"]


async def read(client, username: str, app_id: str) -> dict[str, Any]:
    return (await as_user(client, username, APPLICATION, {"id": app_id}))["data"]["application"]


def open_task(app: dict[str, Any]) -> dict[str, Any]:
    [task] = [t for t in app["tasks"] if t["status"] in ("OPEN", "CLAIMED")]
    return task


async def test_one_step_approval_grants_a_quota_and_announces_it(client, services, archive):
    product_id = await product(client, "TEST_ONE", "ONE_STEP")
    check = (await as_user(client, f"{archive.staff}.cm1", CHECK, {"c": archive.id, "p": product_id}))["data"]["applicationCheck"]
    assert check == {"eligible": True, "reasons": [], "recommendedQuota": "50000.00", "rating": {"grade": "BB", "score": 670},
                     "product": {"code": "TEST_ONE"}}
    submitted = await submit(client, archive, product_id, "30000.00")
    assert submitted["errors"] == []
    app = submitted["application"]
    assert app["status"] == "IN_APPROVAL" and app["number"].startswith("SQ")
    assert app["process"]["definition"]["key"] == "ONE_STEP" and app["process"]["currentElements"] == ["branch_review"]

    manager = await login(client, f"{archive.staff}.manager")
    inbox = (await gql(client, INBOX, {"box": "QUEUE"}, token=manager))["data"]
    [edge] = inbox["approvalTasks"]["edges"]
    assert edge["node"]["application"]["number"] == app["number"] and edge["node"]["viewerCan"]["decide"] is True
    assert inbox["approvalInboxCounts"] == {"queue": 1, "mine": 0, "overdue": 0}
    # another branch's manager sees nothing of it
    other = "fz2.manager" if archive.staff != "fz2" else "fz1.manager"
    assert (await as_user(client, other, INBOX, {"box": "QUEUE"}))["data"]["approvalTasks"]["edges"] == []

    above = (await gql(client, APPROVE, {"i": {"id": edge["node"]["id"], "amount": "30000.01"}}, token=manager))["data"]["approveTask"]
    assert [e["code"] for e in above["errors"]] == ["APPROVED_ABOVE_REQUEST"]
    done = (await gql(client, APPROVE, {"i": {"id": edge["node"]["id"], "amount": "25000.00", "comment": "同意"}}, token=manager))["data"]["approveTask"]
    assert done["errors"] == [] and done["application"] == {"status": "APPROVED", "approvedAmount": "25000.00"}

    final = await read(client, f"{archive.staff}.cm1", app["id"])
    assert final["quota"]["status"] == "ACTIVE" and final["quota"]["amount"] == "25000.00" and final["quota"]["availableAmount"] == "25000.00"
    assert [h["action"] for h in final["history"]] == ["SUBMITTED", "CLAIMED", "APPROVED", "COMPLETED"] or \
        [h["action"] for h in final["history"]] == ["SUBMITTED", "APPROVED", "COMPLETED"]
    assert "branch_review" in final["process"]["completedElements"] and final["process"]["currentElements"] == []
    async with services.db.sessions() as session:
        events = (await session.scalars(select(OutboxMessage).where(OutboxMessage.task == "approvals.quota_approved"))).all()
    assert len(events) == 1
