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
    assert [h["action"] for h in final["history"]] == ["SUBMITTED", "APPROVED", "COMPLETED"]
    assert "branch_review" in final["process"]["completedElements"] and final["process"]["currentElements"] == []
    async with services.db.sessions() as session:
        events = (await session.scalars(select(OutboxMessage).where(OutboxMessage.task == "approvals.quota_approved"))).all()
    assert len(events) == 1


async def test_multi_level_routes_by_amount_band_and_keeps_four_eyes(client, services):
    bands = [{"maxAmount": "50000.00", "processKey": "ONE_STEP"}, {"maxAmount": None, "processKey": "MULTI_LEVEL"}]
    product_id = await product(client, "TEST_BANDS", bands)
    small = await eligible_archive(services, seed=51)
    large = await eligible_archive(services, seed=52)
    one = await submit(client, small, product_id, "40000.00")
    assert one["application"]["process"]["definition"]["key"] == "ONE_STEP"
    # Above the recommended 50,000 yuan a reason is required, on its field.
    refused = await submit(client, large, product_id, "600000.00")
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [("overReason", "OVER_REASON_REQUIRED")]
    submitted = await submit(client, large, product_id, "600000.00", overReason="扩大养殖规模，需要购置设备")
    assert submitted["errors"] == []
    app = submitted["application"]
    assert app["process"]["definition"]["key"] == "MULTI_LEVEL" and app["process"]["currentElements"] == ["branch_review"]

    manager = await login(client, f"{large.staff}.manager")
    branch = open_task(await read(client, f"{large.staff}.manager", app["id"]))
    assert (await gql(client, APPROVE, {"i": {"id": branch["id"]}}, token=manager))["data"]["approveTask"]["errors"] == []
    bank = open_task(await read(client, "fz.approver", app["id"]))
    assert bank["elementId"] == "bank_review"
    # the branch manager is not in the bank's queue
    assert [e["code"] for e in (await gql(client, APPROVE, {"i": {"id": bank["id"]}}, token=manager))["data"]["approveTask"]["errors"]] == ["NOT_CANDIDATE"]
    approver = await login(client, "fz.approver")
    assert (await gql(client, APPROVE, {"i": {"id": bank["id"], "amount": "550000.00"}}, token=approver))["data"]["approveTask"]["errors"] == []
    committee = open_task(await read(client, "fz.approver", app["id"]))
    assert committee["elementId"] == "committee_review"
    # one person never approves two levels of one application
    twice = (await gql(client, APPROVE, {"i": {"id": committee["id"]}}, token=approver))["data"]["approveTask"]
    assert [e["code"] for e in twice["errors"]] == ["SAME_APPROVER_TWICE"]
    # nor above what the level before approved
    second = await login(client, "fz.approver2")
    above = (await gql(client, APPROVE, {"i": {"id": committee["id"], "amount": "560000.00"}}, token=second))["data"]["approveTask"]
    assert [e["code"] for e in above["errors"]] == ["APPROVED_ABOVE_REQUEST"]
    done = (await gql(client, APPROVE, {"i": {"id": committee["id"], "term": 12}}, token=second))["data"]["approveTask"]
    assert done["application"] == {"status": "APPROVED", "approvedAmount": "550000.00"}
    final = await read(client, "fz.approver2", app["id"])
    assert [h["actor"]["username"] for h in final["history"] if h["action"] == "APPROVED"] == [f"{large.staff}.manager", "fz.approver", "fz.approver2"]
    assert set(final["process"]["completedElements"]) >= {"branch_review", "bank_review", "committee_review"}


async def test_the_applicant_never_approves_their_own_application(client, services, archive):
    product_id = await product(client, "TEST_SELF", "ONE_STEP")
    app = (await submit(client, archive, product_id, "20000.00", user=f"{archive.staff}.manager"))["application"]
    task = open_task(app)
    refused = (await as_user(client, f"{archive.staff}.manager", APPROVE, {"i": {"id": task["id"]}}))["data"]["approveTask"]
    assert [e["code"] for e in refused["errors"]] == ["SELF_APPROVAL"]
    assert (await read(client, f"{archive.staff}.manager", app["id"]))["status"] == "IN_APPROVAL"


async def test_the_centre_queue_is_claimed_released_and_delegated(client, services, archive):
    product_id = await product(client, "TEST_CENTRE", "CENTRALIZED")
    app = (await submit(client, archive, product_id, "20000.00"))["application"]
    task = open_task(app)
    first, second = await login(client, "fz.approver"), await login(client, "fz.approver2")
    queue = (await gql(client, INBOX, {"box": "QUEUE"}, token=second))["data"]
    assert [e["node"]["id"] for e in queue["approvalTasks"]["edges"]] == [task["id"]]
    claimed = (await gql(client, CLAIM, {"id": task["id"]}, token=first))["data"]["claimTask"]
    assert claimed["task"]["claimedBy"]["username"] == "fz.approver"
    # claimed: gone from the queue, in fz.approver's own box, refused to the other approver
    assert (await gql(client, INBOX, {"box": "QUEUE"}, token=second))["data"]["approvalTasks"]["edges"] == []
    mine = (await gql(client, INBOX, {"box": "MINE"}, token=first))["data"]
    assert mine["approvalInboxCounts"] == {"queue": 0, "mine": 1, "overdue": 0}
    stolen = (await gql(client, APPROVE, {"i": {"id": task["id"]}}, token=second))["data"]["approveTask"]
    assert [e["code"] for e in stolen["errors"]] == ["TASK_CLAIMED_BY_OTHER"]
    assert (await gql(client, RELEASE, {"id": task["id"]}, token=first))["data"]["releaseTask"]["task"]["status"] == "OPEN"
    # delegated: only to another holder of the role at the unit
    staff = (await gql(client, STAFF, {"u": "fz.approver2"}, token=first))["data"]["staffUsers"]["edges"]
    to_id = next(e["node"]["id"] for e in staff if e["node"]["username"] == "fz.approver2")
    manager_id = (await gql(client, STAFF, {"u": f"{archive.staff}.manager"}, token=first))["data"]["staffUsers"]["edges"][0]["node"]["id"]
    wrong = (await gql(client, DELEGATE, {"i": {"id": task["id"], "toUserId": manager_id}}, token=first))["data"]["delegateTask"]
    assert [(e["field"], e["code"]) for e in wrong["errors"]] == [("toUserId", "DELEGATE_NOT_CANDIDATE")]
    handed = (await gql(client, DELEGATE, {"i": {"id": task["id"], "toUserId": to_id, "comment": "请代为审批"}}, token=first))["data"]["delegateTask"]
    assert handed["task"] == {"status": "CLAIMED", "claimedBy": {"username": "fz.approver2"}}
    assert (await gql(client, APPROVE, {"i": {"id": task["id"]}}, token=second))["data"]["approveTask"]["application"]["status"] == "APPROVED"


async def test_straight_through_within_the_recommendation_and_sampling_for_review(client, services, archive):
    product_id = await product(client, "TEST_AUTO", "STRAIGHT_THROUGH")
    app = (await submit(client, archive, product_id, "50000.00"))["application"]
    assert app["status"] == "APPROVED" and app["tasks"] == []
    final = await read(client, f"{archive.staff}.cm1", app["id"])
    assert [h["action"] for h in final["history"]] == ["SUBMITTED", "AUTO_APPROVED", "COMPLETED"]
    assert all(h["system"] for h in final["history"][1:]) and final["quota"]["amount"] == "50000.00"
    # above the recommendation: a person reviews it
    other = await eligible_archive(services, seed=53)
    manual = (await submit(client, other, product_id, "50000.01", overReason="种植面积扩大一倍"))["application"]
    assert manual["status"] == "IN_APPROVAL" and open_task(manual)["elementId"] == "manual_review"
    # a product sampling every application: even within the recommendation
    sampled_id = await product(client, "TEST_SAMPLE", "STRAIGHT_THROUGH", sampleRate=100)
    third = await eligible_archive(services, seed=54)
    drawn = (await submit(client, third, sampled_id, "10000.00"))["application"]
    assert drawn["status"] == "IN_APPROVAL" and open_task(drawn)["elementId"] == "manual_review"
    assert (await read(client, f"{third.staff}.cm1", drawn["id"]))["sampled"] is True


async def test_return_for_information_and_resubmission_back_to_the_same_approver(client, services, archive):
    product_id = await product(client, "TEST_RETURN", "CENTRALIZED")
    app = (await submit(client, archive, product_id, "20000.00"))["application"]
    task = open_task(app)
    approver = await login(client, "fz.approver")
    short = (await gql(client, RETURN, {"i": {"id": task["id"], "comment": "x"}}, token=approver))["data"]["returnTask"]
    assert [(e["field"], e["code"]) for e in short["errors"]] == [("comment", "REASON_REQUIRED")]
    returned = (await gql(client, RETURN, {"i": {"id": task["id"], "comment": "请补充土地流转合同"}}, token=approver))["data"]["returnTask"]
    assert returned["application"]["status"] == "RETURNED" and returned["task"]["status"] == "SUSPENDED"
    assert (await gql(client, INBOX, {"box": "MINE"}, token=approver))["data"]["approvalTasks"]["edges"] == []
    # while returned nobody approves it
    assert [e["code"] for e in (await gql(client, APPROVE, {"i": {"id": task["id"]}}, token=approver))["data"]["approveTask"]["errors"]] == ["TASK_CLOSED"]
    cm = f"{archive.staff}.cm1"
    assert (await read(client, cm, app["id"]))["viewerCan"] == {"resubmit": True, "withdraw": True}
    again = (await as_user(client, cm, RESUBMIT, {"i": {"id": app["id"], "amount": "18000.00", "comment": "已补充合同"}}))["data"]["resubmitApplication"]
    assert again == {"application": {"status": "IN_APPROVAL", "amount": "18000.00"}, "errors": []}
    mine = (await gql(client, INBOX, {"box": "MINE"}, token=approver))["data"]["approvalTasks"]["edges"]
    assert [e["node"]["id"] for e in mine] == [task["id"]]
    done = (await gql(client, APPROVE, {"i": {"id": task["id"]}}, token=approver))["data"]["approveTask"]
    assert done["application"] == {"status": "APPROVED", "approvedAmount": "18000.00"}
    history = [h["action"] for h in (await read(client, cm, app["id"]))["history"]]
    # (deciding an unclaimed task claims it on the way: no separate CLAIMED step)
    assert history == ["SUBMITTED", "RETURNED", "RESUBMITTED", "APPROVED", "COMPLETED"]


async def test_rejection_ends_the_process_with_its_reason(client, services, archive):
    product_id = await product(client, "TEST_REJECT", "ONE_STEP")
    app = (await submit(client, archive, product_id, "20000.00"))["application"]
    task = open_task(app)
    manager = await login(client, f"{archive.staff}.manager")
    no_reason = (await gql(client, REJECT, {"i": {"id": task["id"], "reason": " "}}, token=manager))["data"]["rejectTask"]
    assert [(e["field"], e["code"]) for e in no_reason["errors"]] == [("reason", "REASON_REQUIRED")]
    rejected = (await gql(client, REJECT, {"i": {"id": task["id"], "reason": "经营收入无法核实"}}, token=manager))["data"]["rejectTask"]
    assert rejected["application"]["status"] == "REJECTED" and rejected["task"] == {"status": "DONE", "outcome": "REJECTED"}
    final = await read(client, f"{archive.staff}.cm1", app["id"])
    assert final["quota"] is None and final["process"]["currentElements"] == []
    assert final["history"][-1]["comment"] == "经营收入无法核实"
    # the customer may apply again once it ended
    assert (await submit(client, archive, product_id, "10000.00"))["errors"] == []


async def test_eligibility_reasons_and_one_open_application_per_product(client, services, archive):
    product_id = await product(client, "TEST_ELIG", "ONE_STEP")
    strict_id = await product(client, "TEST_STRICT", "ONE_STEP", eligibility={
        "preciseArchive": True, "minGrade": "A", "noVeto": True, "ageMin": 45, "ageMax": 65, "regions": ["11"]})
    check = (await as_user(client, f"{archive.staff}.cm1", CHECK, {"c": archive.id, "p": strict_id}))["data"]["applicationCheck"]
    assert check["eligible"] is False
    assert [r["code"] for r in check["reasons"]] == ["GRADE_TOO_LOW", "AGE_OUT_OF_RANGE", "REGION_NOT_COVERED"]
    refused = await submit(client, archive, strict_id, "10000.00")
    assert [e["code"] for e in refused["errors"]] == ["GRADE_TOO_LOW", "AGE_OUT_OF_RANGE", "REGION_NOT_COVERED"]
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE archive_evaluations SET precise = false WHERE customer_id = :id"), {"id": archive.id})
    not_precise = await submit(client, archive, product_id, "10000.00")
    assert [e["code"] for e in not_precise["errors"]] == ["NOT_PRECISE"]
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE archive_evaluations SET precise = true WHERE customer_id = :id"), {"id": archive.id})
    assert (await submit(client, archive, product_id, "10000.00"))["errors"] == []
    twice = await submit(client, archive, product_id, "10000.00")
    assert [(e["field"], e["code"]) for e in twice["errors"]] == [("productId", "APPLICATION_OPEN_EXISTS")]
    # bad input: a typed error naming the field, nothing stored
    bad = await submit(client, archive, strict_id, "12.345")
    assert [(e["field"], e["code"]) for e in bad["errors"]] == [("amount", "INVALID_MONEY")]
    other = await eligible_archive(services, seed=55)
    term = await submit(client, other, product_id, "10000.00", term=7)
    assert [(e["field"], e["code"]) for e in term["errors"]] == [("term", "TERM_NOT_OFFERED")]


async def test_a_retried_submission_with_the_same_id_is_the_same_application(client, services, archive):
    import uuid

    product_id = await product(client, "TEST_RETRY", "ONE_STEP")
    app_id = str(uuid.uuid4())
    first = await submit(client, archive, product_id, "10000.00", id=app_id, channel="PAD")
    again = await submit(client, archive, product_id, "10000.00", id=app_id, channel="PAD")
    assert first["errors"] == again["errors"] == [] and first["application"]["number"] == again["application"]["number"]
    async with services.db.sessions() as session:
        assert (await session.execute(text("SELECT count(*) FROM applications WHERE customer_id = :c"), {"c": archive.id})).scalar_one() == 1


async def test_another_bank_sees_nothing_of_an_application(client, services, archive):
    product_id = await product(client, "TEST_SCOPE", "ONE_STEP")
    app = (await submit(client, archive, product_id, "10000.00"))["application"]
    assert (await as_user(client, "qz.admin", APPLICATION, {"id": app["id"]}))["data"]["application"] is None
    assert (await as_user(client, "prov.admin", APPLICATION, {"id": app["id"]}))["data"]["application"]["status"] == "IN_APPROVAL"
    async with services.db.sessions() as session:
        quota = (await session.scalars(select(Quota))).all()
    assert quota == []


async def test_the_rate_is_priced_by_grade_and_an_approver_may_set_another_within_the_range(client, services, archive):
    product_id = await product(client, "TEST_RATE", "ONE_STEP")  # 4.35 %-7.80 %, grades AAA..C
    app = (await submit(client, archive, product_id, "20000.00"))["application"]
    rate = (await as_user(client, f"{archive.staff}.cm1", "query($id: ID!) { application(id: $id) { rate } }", {"id": app["id"]}))
    # BB is the fifth of seven grades: 4.35 + 4/6 x 3.45 = 6.65 %
    assert rate["data"]["application"]["rate"] == "6.65"
    manager = await login(client, f"{archive.staff}.manager")
    task = open_task(app)
    outside = (await gql(client, APPROVE, {"i": {"id": task["id"], "rate": "8.00"}}, token=manager))["data"]["approveTask"]
    assert [(e["field"], e["code"]) for e in outside["errors"]] == [("rate", "RATE_OUT_OF_RANGE")]
    assert (await gql(client, APPROVE, {"i": {"id": task["id"], "rate": "6.00"}}, token=manager))["data"]["approveTask"]["errors"] == []
    quota = await as_user(client, f"{archive.staff}.cm1", "query($id: ID!) { application(id: $id) { quota { rate repaymentMethod } history { action rate } } }", {"id": app["id"]})
    assert quota["data"]["application"]["quota"] == {"rate": "6.00", "repaymentMethod": "EQUAL_INSTALLMENT"}
    assert [h["rate"] for h in quota["data"]["application"]["history"] if h["action"] == "APPROVED"] == ["6.00"]
