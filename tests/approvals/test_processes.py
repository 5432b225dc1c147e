"""Processes and time (docs/approvals.md): SLA timers with a fake clock, a restart in the middle
of a process, uploads (refused with reasons; a new version leaves running applications alone),
concurrent decisions, quotas (expiry, freeze, revoke, the quota.approved job), list query counts."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.orm import undefer
from SpiffWorkflow.util.task import TaskState

from backend.approvals import bpmn
from backend.approvals.models import Application, Quota, QuotaStatus
from backend.approvals.service import ApprovalService
from backend.audit.models import AuditRecord
from backend.db.session import transaction
from backend.services import Services
from tests.approvals.conftest import eligible_archive
from tests.approvals.test_applications import APPROVE, INBOX, open_task, product, read, submit
from tests.helpers import as_user, gql, login, run_burst_worker, twice_at_once
from workers.approvals import expire_quotas, fire_timers, sla_timers

TEMPLATES = Path(__file__).resolve().parents[2] / "backend" / "approvals" / "templates"
UPLOAD = """mutation($x: String!) { uploadProcess(input: {bpmnXml: $x}) { process { id key version template lanes { name role level } }
  errors { field code message } } }"""
CHANGE_QUOTA = """mutation($i: ChangeQuotaInput!) { changeQuota(input: $i) { quota { status availableAmount } errors { field code } } }"""


async def test_sla_timers_remind_and_escalate_on_a_fake_clock_once_across_workers(client, services, archive):
    product_id = await product(client, "TEST_SLA", "MULTI_LEVEL")
    app = (await submit(client, archive, product_id, "200000.00", overReason="扩建大棚需要更多资金"))["application"]
    manager = await login(client, f"{archive.staff}.manager")
    branch = open_task(await read(client, f"{archive.staff}.manager", app["id"]))
    # nothing is due now
    assert await fire_timers(services, datetime.now(UTC)) == 0
    # 49 hours later the branch step escalates to the bank (interrupting timer, PT48H) ...
    later = datetime.now(UTC) + timedelta(hours=49)
    assert await fire_timers(services, later) == 1
    escalated = await read(client, "fz.approver", app["id"])
    assert [t["elementId"] for t in escalated["tasks"] if t["status"] == "OPEN"] == ["bank_review"]
    assert [(t["elementId"], t["outcome"]) for t in escalated["tasks"] if t["status"] == "CANCELLED"] == [("branch_review", "ESCALATED")]
    assert [e["code"] for e in (await gql(client, APPROVE, {"i": {"id": branch["id"]}}, token=manager))["data"]["approveTask"]["errors"]] == ["TASK_CLOSED"]
    # ... and a day after that the bank step is reminded (non-interrupting, PT24H): still open, overdue
    assert await fire_timers(services, later + timedelta(hours=25)) == 1
    assert await fire_timers(services, later + timedelta(hours=26)) == 0  # fired once
    reminded = await read(client, "fz.approver", app["id"])
    assert [h["action"] for h in reminded["history"]][-2:] == ["ESCALATED", "REMINDED"]
    assert all(h["system"] for h in reminded["history"][-2:])
    counts = (await as_user(client, "fz.approver", INBOX, {"box": "QUEUE"}))["data"]["approvalInboxCounts"]
    assert counts == {"queue": 1, "mine": 0, "overdue": 1}
    # the cron job: one tick held once, whichever of two workers gets it; the other finds it done,
    # or still running (then arq tries it again when the holder's lease ends, and it is done)
    ctx = {"services": services}
    assert (await twice_at_once(sla_timers, ctx)).endswith("timers fired")
    assert await sla_timers(ctx) == "already ran this tick"


async def test_a_returned_step_gets_its_full_sla_again_when_resubmitted(client, services, archive):
    from tests.approvals.test_applications import RESUBMIT, RETURN

    product_id = await product(client, "TEST_SLA_RETURN", "MULTI_LEVEL")
    app = (await submit(client, archive, product_id, "200000.00", overReason="扩建大棚需要更多资金"))["application"]
    branch = open_task(app)
    manager = await login(client, f"{archive.staff}.manager")
    assert (await gql(client, RETURN, {"i": {"id": branch["id"], "comment": "请补充大棚设计图"}}, token=manager))["data"]["returnTask"]["errors"] == []
    # the applicant took three days: the step's timer (48 hours) lies in the past
    async with transaction(services.db.sessions) as session:
        row = (await session.scalars(select(Application).where(Application.id == app["id"]).options(undefer(Application.workflow)))).one()
        instance = bpmn.Instance.load(row.workflow)
        for t in instance.workflow.get_tasks(state=TaskState.WAITING):
            if isinstance(value := t._get_internal_data("event_value"), str):
                t._set_internal_data(event_value=(datetime.fromisoformat(value) - timedelta(days=3)).isoformat())
        row.workflow = instance.state()
        await session.execute(text("UPDATE approval_tasks SET due_at = due_at - interval '3 days' WHERE application_id = :a"), {"a": app["id"]})
    assert await fire_timers(services, datetime.now(UTC)) == 0  # returned: no timer runs
    again = (await as_user(client, f"{archive.staff}.cm1", RESUBMIT, {"i": {"id": app["id"]}}))["data"]["resubmitApplication"]
    assert again["errors"] == []
    assert await fire_timers(services, datetime.now(UTC) + timedelta(hours=47)) == 0
    assert await fire_timers(services, datetime.now(UTC) + timedelta(hours=49)) == 1


async def test_a_restart_in_the_middle_of_a_process_loses_nothing(client, services, settings, archive):
    product_id = await product(client, "TEST_RESTART", "MULTI_LEVEL")
    app = (await submit(client, archive, product_id, "200000.00", overReason="扩建大棚需要更多资金"))["application"]
    branch = open_task(await read(client, f"{archive.staff}.manager", app["id"]))
    assert (await as_user(client, f"{archive.staff}.manager", APPROVE, {"i": {"id": branch["id"]}}))["data"]["approveTask"]["errors"] == []
    # a new process: no parsed specs in memory, new engines; the state is only in PostgreSQL
    bpmn._SPECS.clear()
    from backend.db.engine import create_database

    fresh = Services(settings=settings, db=create_database(settings), redis=None)
    try:
        async with transaction(fresh.db.sessions) as session:
            row = (await session.execute(text(
                "SELECT t.id FROM approval_tasks t WHERE t.application_id = :a AND t.status = 'OPEN'"), {"a": app["id"]})).scalar_one()
            from backend.seeding.applications import _principal
            from backend.approvals.service import Decision

            await ApprovalService(session).approve(await _principal(session, "fz.approver"), row, Decision(comment="重启后继续"))
    finally:
        await fresh.db.dispose()
    final = await read(client, "fz.approver", app["id"])
    assert final["status"] == "APPROVED" and set(final["process"]["completedElements"]) >= {"branch_review", "bank_review"}


async def test_an_invalid_upload_is_refused_with_reasons_and_a_new_version_leaves_running_applications_alone(client, services, archive):
    xml = (TEMPLATES / "one-step.bpmn").read_text(encoding="utf-8")
    script = xml.replace("bpmn:userTask", "bpmn:scriptTask")
    refused = (await as_user(client, "fz.admin", UPLOAD, {"x": script}))["data"]["uploadProcess"]
    assert refused["process"] is None and "BPMN_UNSUPPORTED_ELEMENT" in {e["code"] for e in refused["errors"]}
    assert all(e["field"] == "bpmnXml" for e in refused["errors"])
    assert any("scriptTask" in e["message"] for e in refused["errors"])
    unmapped = (await as_user(client, "fz.admin", UPLOAD, {"x": xml.replace(' cic:role="BRANCH_MANAGER"', "")}))["data"]["uploadProcess"]
    assert [e["code"] for e in unmapped["errors"]] == ["BPMN_LANE_ROLE"]
    code = (await as_user(client, "fz.admin", UPLOAD, {"x": xml.replace("PT24H", "PT24H").replace(
        'isExecutable="true">', 'isExecutable="true">', 1).replace("<bpmn:incoming>Flow_submit</bpmn:incoming>",
        "<bpmn:incoming>Flow_submit</bpmn:incoming>", 1).replace('sourceRef="start"', 'sourceRef="start"', 1)
        .replace('<bpmn:sequenceFlow id="Flow_approve" sourceRef="branch_review" targetRef="end_approved" />',
                 '<bpmn:sequenceFlow id="Flow_approve" sourceRef="branch_review" targetRef="end_approved">'
                 '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">__import__("os").getcwd()</bpmn:conditionExpression>'
                 '</bpmn:sequenceFlow>')}))["data"]["uploadProcess"]  # fmt: skip
    assert [e["code"] for e in code["errors"]] == ["BPMN_CONDITION"]
    # nor by a branch manager
    forbidden = await as_user(client, f"{archive.staff}.manager", UPLOAD, {"x": xml})
    assert forbidden["data"]["uploadProcess"] is None and forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"

    product_id = await product(client, "TEST_VERSION", "ONE_STEP")
    running = (await submit(client, archive, product_id, "20000.00"))["application"]
    assert running["process"]["definition"] == {"key": "ONE_STEP", "version": 1}
    # the bank's own version: two steps (the branch, then the bank)
    two_steps = (TEMPLATES / "multi-level.bpmn").read_text(encoding="utf-8").replace('id="MULTI_LEVEL"', 'id="ONE_STEP"').replace(
        'processRef="MULTI_LEVEL"', 'processRef="ONE_STEP"').replace("amount &lt;= 100000", "amount &lt;= 10000")
    uploaded = (await as_user(client, "fz.admin", UPLOAD, {"x": two_steps}))["data"]["uploadProcess"]
    assert uploaded["errors"] == [] and uploaded["process"]["key"] == "ONE_STEP" and uploaded["process"]["template"] is False
    other = await eligible_archive(services, seed=61)
    newer = (await submit(client, other, product_id, "20000.00"))["application"]
    assert newer["process"]["definition"] == {"key": "ONE_STEP", "version": 1}  # the bank's own first version
    # the running application still ends after its one step; the new one goes on to the bank
    manager_of = lambda a: f"{a.staff}.manager"  # noqa: E731
    assert (await as_user(client, manager_of(archive), APPROVE, {"i": {"id": open_task(running)["id"]}}))["data"]["approveTask"]["application"]["status"] == "APPROVED"
    step = (await as_user(client, manager_of(other), APPROVE, {"i": {"id": open_task(newer)["id"]}}))["data"]["approveTask"]
    assert step["application"]["status"] == "IN_APPROVAL"
    async with services.db.sessions() as session:
        ids = (await session.execute(text("SELECT number, process_id FROM applications ORDER BY created_at"))).all()
    assert ids[0][1] != ids[1][1]


async def test_two_approvers_acting_on_one_task_at_once_get_one_success(client, services, archive):
    product_id = await product(client, "TEST_RACE", "CENTRALIZED")
    app = (await submit(client, archive, product_id, "20000.00"))["application"]
    task = open_task(app)
    tokens = [await login(client, "fz.approver"), await login(client, "fz.approver2")]
    results = await asyncio.gather(*(gql(client, APPROVE, {"i": {"id": task["id"]}}, token=t) for t in tokens))
    payloads = [r["data"]["approveTask"] for r in results]
    assert sorted(bool(p["errors"]) for p in payloads) == [False, True]
    assert [e["code"] for p in payloads for e in p["errors"]][0] in {"TASK_CLOSED", "TASK_CLAIMED_BY_OTHER"}
    final = await read(client, "fz.approver", app["id"])
    assert final["status"] == "APPROVED" and [h["action"] for h in final["history"]].count("APPROVED") == 1


async def test_quotas_are_announced_once_frozen_revoked_with_audit_and_expire_daily(client, services, settings, archive):
    product_id = await product(client, "TEST_QUOTA", "STRAIGHT_THROUGH")
    app = (await submit(client, archive, product_id, "30000.00"))["application"]
    assert app["status"] == "APPROVED"
    await run_burst_worker(settings)
    async with services.db.sessions() as session:
        quota = (await session.scalars(select(Quota))).one()
    assert quota.announced_at is not None and quota.valid_to == date.fromisoformat((await read(client, "fz.admin", app["id"]))["quota"]["validTo"])
    async with transaction(services.db.sessions) as session:  # the job again (a retry): nothing changes
        assert await ApprovalService(session).announce(quota.bank_id, quota.id) is False

    no_reason = (await as_user(client, "fz.admin", CHANGE_QUOTA, {"i": {"id": str(quota.id), "change": "FREEZE", "reason": ""}}))["data"]["changeQuota"]
    assert [(e["field"], e["code"]) for e in no_reason["errors"]] == [("reason", "REASON_REQUIRED")]
    frozen = (await as_user(client, "fz.admin", CHANGE_QUOTA, {"i": {"id": str(quota.id), "change": "FREEZE", "reason": "客户涉诉"}}))["data"]["changeQuota"]
    assert frozen == {"quota": {"status": "FROZEN", "availableAmount": "0.00"}, "errors": []}
    again = (await as_user(client, "fz.admin", CHANGE_QUOTA, {"i": {"id": str(quota.id), "change": "FREEZE", "reason": "重复冻结"}}))["data"]["changeQuota"]
    assert [e["code"] for e in again["errors"]] == ["QUOTA_STATUS"]
    cm = await as_user(client, f"{archive.staff}.cm1", CHANGE_QUOTA, {"i": {"id": str(quota.id), "change": "REVOKE", "reason": "测试"}})
    assert cm["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    async with services.db.sessions() as session:
        audits = (await session.scalars(select(AuditRecord.action).where(AuditRecord.target_id == str(quota.id)).order_by(AuditRecord.id))).all()
    assert audits == ["quota.granted", "quota.status"]

    # the daily expiry: past its validity, in one statement, once per day across workers
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE quotas SET valid_to = current_date - 1 WHERE id = :id"), {"id": quota.id})
    ctx = {"services": services}
    assert await twice_at_once(expire_quotas, ctx) == "1 quotas expired"
    async with services.db.sessions() as session:
        assert (await session.get(Quota, (quota.bank_id, quota.id), populate_existing=True)).status == QuotaStatus.EXPIRED


async def test_the_inbox_and_the_application_list_run_the_same_statements_for_1_and_5_rows(client, services, count_queries):
    product_id = await product(client, "TEST_COUNT", "CENTRALIZED")
    for seed in range(71, 76):
        archive = await eligible_archive(services, seed=seed)
        assert (await submit(client, archive, product_id, "20000.00"))["errors"] == []
    token = await login(client, "fz.approver")
    inbox = """query($n: Int!) { approvalTasks(box: QUEUE, first: $n) { edges { node { id name overdue claimedBy { name }
      application { number amount customer { name } product { name } applicant { name } branch { name } } } } } }"""
    listing = """query($n: Int!) { applications(first: $n) { edges { node { number status customer { name } product { name }
      applicant { name } tasks { name status } quota { status } } } } }"""
    for query, root in ((inbox, "approvalTasks"), (listing, "applications")):
        counts = []
        for n in (1, 5):
            before = count_queries.count
            result = await gql(client, query, {"n": n}, token=token)
            assert "errors" not in result and len(result["data"][root]["edges"]) == n
            counts.append(count_queries.count - before)
        assert counts[0] == counts[1], (root, counts)
