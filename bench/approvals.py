"""Approval latency with many open applications, through the real HTTP endpoint and worker.

Against a database seeded as docs/benchmarks.md says (`cic seed demo`, then `cic seed customers
--count 100000 --bank FZ`), this script first tops the open applications up to `--open`
(default 100,000), set-based: one `INSERT ... SELECT` over the bank's archives (beyond the demo
ones) with the process state of a multi-level application waiting at its branch, and its task
rows, so every branch queue of FJ-FZ holds thousands of tasks. Then, with `cic serve` and `cic
worker` started as child processes, sequential requests over loopback measure:

* inbox: `approvalTasks(box: QUEUE, first: 20)` of fz1.manager, pages one to five (cursor);
* claim: `claimTask` of a branch task by fz1.manager;
* approve: `approveTask` of that task, moving the process to the bank's step (load the
  serialized process, complete the user task, store it, sync the task rows, history);
* straight through: `submitApplication` of 农e贷 within the recommended quota for a precisely
  filed demo archive, until the quota row exists and the worker has announced it
  (`quotas.announced_at`), i.e. submission to active quota including the worker.

Prints one JSON object (p50/p90/p99 per operation, the open applications at the start). Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench \
    CIC_REDIS_URL=redis://127.0.0.1:6379/0 uv run python bench/approvals.py [--open 100000] [--requests 300]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.customers_api import free_port, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Cic@2026demo"
INBOX = """query($after: String) { approvalTasks(box: QUEUE, first: 20, after: $after) {
  edges { node { id name overdue application { number amount customer { name } } } } pageInfo { endCursor } } }"""
CLAIM = """mutation($id: ID!) { claimTask(id: $id) { task { status } errors { code } } }"""
APPROVE = """mutation($id: ID!) { approveTask(input: {id: $id, comment: "同意"}) { task { status } errors { code } } }"""
SUBMIT = """mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { application { id status } errors { code message } } }"""


async def top_up(url: str, wanted: int) -> tuple[int, int]:
    """Open applications up to ``wanted`` (set-based); returns (before, after)."""
    from sqlalchemy import text

    from backend.approvals.bpmn import Instance
    from backend.db.engine import create_database
    from backend.config import get_settings

    db = create_database(get_settings())
    try:
        async with db.sessions() as session:
            before = (await session.execute(text("SELECT count(*) FROM applications WHERE status = 'IN_APPROVAL'"))).scalar_one()
            if before >= wanted:
                return before, before
            definition = (await session.execute(text(
                "SELECT id, bpmn_xml, key FROM process_definitions WHERE key = 'MULTI_LEVEL' AND bank_id IS NULL AND status = 'ACTIVE'"
            ))).one()  # fmt: skip
            product = (await session.execute(text(
                "SELECT p.id, p.bank_id FROM products p JOIN org_units o ON o.id = p.bank_id "
                "WHERE o.code = 'FJ-FZ' AND p.code = 'FU_E_DAI' AND p.status = 'ACTIVE'"))).one()  # fmt: skip
            instance = Instance.start(definition.id, definition.bpmn_xml, definition.key, {
                "amount": 200000.0, "term": 12, "score": 880, "grade": "A", "grade_rank": 3, "product": "FU_E_DAI",
                "channel": "BRANCH", "recommended": 200000.0, "within_recommendation": True, "straight_through": True, "sampled": False,
            })  # fmt: skip
            [ready] = instance.ready()
            state = json.dumps(instance.state())
            await session.execute(text("""
                WITH picked AS (
                  SELECT c.bank_id, c.id, c.branch_id, c.org_path, c.created_by
                  FROM customers c
                  WHERE c.bank_id = :bank AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.bank_id = c.bank_id AND a.customer_id = c.id)
                  LIMIT :n
                ), apps AS (
                  INSERT INTO applications (bank_id, id, number, customer_id, branch_id, org_path, product_id, product_code, process_id,
                    status, channel, amount, term, repayment_method, purpose, attachment_ids, score, grade, recommended_quota, sampled, rate_bp,
                    applicant_id, workflow, revision, created_at, updated_at)
                  SELECT p.bank_id, gen_random_uuid(), 'SB' || lpad(nextval('application_number_seq')::text, 18, '0'), p.id, p.branch_id,
                    p.org_path, :product, 'FU_E_DAI', :process, 'IN_APPROVAL', 'BRANCH', 20000000, 12, 'EQUAL_INSTALLMENT', '基准测试',
                    '{}', 880, 'A', 20000000, false, 500, NULL, CAST(:state AS jsonb), 1,
                    now() - random() * interval '30 days', now()
                  FROM picked p
                  RETURNING bank_id, id, org_path, created_at
                )
                INSERT INTO approval_tasks (bank_id, application_id, spiff_task_id, element_id, name, lane, role, queue_path, status, created_at)
                SELECT bank_id, id, :spiff, :element, :name, :lane, 'BRANCH_MANAGER', org_path, 'OPEN', created_at FROM apps
            """), {"bank": product.bank_id, "n": wanted - before, "product": product.id, "process": definition.id, "state": state,
                   "spiff": ready.spiff_id, "element": ready.element_id, "name": ready.name, "lane": ready.lane})  # fmt: skip
            await session.commit()
            await session.execute(text("ANALYZE applications"))
            await session.execute(text("ANALYZE approval_tasks"))
            after = (await session.execute(text("SELECT count(*) FROM applications WHERE status = 'IN_APPROVAL'"))).scalar_one()
            return before, after
    finally:
        await db.dispose()


async def wait_announced(application_id: str, deadline: float) -> bool:
    from sqlalchemy import text

    from backend.config import get_settings
    from backend.db.engine import create_database

    db = create_database(get_settings())
    try:
        while time.perf_counter() < deadline:
            async with db.sessions() as session:
                done = (await session.execute(text(
                    "SELECT announced_at IS NOT NULL FROM quotas WHERE application_id = :a"), {"a": application_id})).scalar_one_or_none()
            if done:
                return True
            await asyncio.sleep(0.01)
        return False
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--straight", type=int, default=20)
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a seeded database) and CIC_REDIS_URL")
    t0 = time.perf_counter()
    before, open_now = asyncio.run(top_up(os.environ["CIC_DATABASE_URL"], args.open))
    seeded_s = time.perf_counter() - t0
    port = free_port()
    env = {**os.environ, "CIC_PORT": str(port), "CIC_LOG_LEVEL": "WARNING", "CIC_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve"], cwd=ROOT, env=env)
    worker = subprocess.Popen([sys.executable, "-m", "backend.cli", "worker"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            for _ in range(150):
                try:
                    if http.get("/ready").status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)

            def token(user: str) -> dict[str, str]:
                response = http.post("/auth/token", data={"grant_type": "password", "username": user, "password": PASSWORD})
                return {"Authorization": f"Bearer {response.json()['access_token']}"}

            def call(query: str, variables: dict, headers: dict) -> tuple[float, dict]:
                t = time.perf_counter()
                body = http.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()
                elapsed = time.perf_counter() - t
                if body.get("errors"):
                    raise SystemExit(f"request failed: {body['errors'][:1]}")
                return elapsed, body

            manager = token("fz1.manager")
            inbox, claims, approvals = [], [], []
            started = time.perf_counter()
            for i in range(args.requests):
                after = None
                for _page in range(i % 5 + 1):
                    elapsed, body = call(INBOX, {"after": after}, manager)
                    after = body["data"]["approvalTasks"]["pageInfo"]["endCursor"]
                inbox.append(elapsed)
            inbox_elapsed = time.perf_counter() - started
            first = call(INBOX, {"after": None}, manager)[1]
            queue = [e["node"]["id"] for e in first["data"]["approvalTasks"]["edges"]]
            started = time.perf_counter()
            done = 0
            while done < args.requests:
                if not queue:
                    queue = [e["node"]["id"] for e in call(INBOX, {"after": None}, manager)[1]["data"]["approvalTasks"]["edges"]]
                task = queue.pop(0)
                elapsed, body = call(CLAIM, {"id": task}, manager)
                assert not body["data"]["claimTask"]["errors"], body
                claims.append(elapsed)
                elapsed, body = call(APPROVE, {"id": task}, manager)
                assert not body["data"]["approveTask"]["errors"], body
                approvals.append(elapsed)
                done += 1
            actions_elapsed = time.perf_counter() - started

            from backend.approvals.service import sampled

            cm = token("fz1.cm1")
            check = asyncio.run(_eligible_demo_archive())
            straight = []
            for _ in range(args.straight):
                app_id = next(i for i in iter(uuid.uuid4, None) if not sampled(i, 5))  # not drawn by 农e贷's 5 % sample
                t = time.perf_counter()
                _, body = call(SUBMIT, {"i": {"id": str(app_id), "customerId": check[0], "productId": check[1], "amount": "10000.00", "term": 12,
                                              "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "基准测试"}}, cm)
                payload = body["data"]["submitApplication"]
                assert not payload["errors"] and payload["application"]["status"] == "APPROVED", payload
                assert asyncio.run(wait_announced(payload["application"]["id"], t + 30)), "the worker never announced the quota"
                straight.append(time.perf_counter() - t)
    finally:
        for child in (server, worker):
            child.terminate()
            child.wait(15)
    print(json.dumps({
        "benchmark": "approvals",
        "open_applications": open_now, "seeded_now": open_now - before, "seed_seconds": round(seeded_s, 1),
        "inbox_page_first20_pages_1_to_5": summary(inbox, inbox_elapsed),
        "claim_task": summary(claims, actions_elapsed),
        "approve_task_to_next_step": summary(approvals, actions_elapsed),
        "straight_through_submit_to_announced_quota": summary(straight, sum(straight)),
        "client": "sequential, one connection, httpx over loopback; the worker polls Redis (arq)",
    }, ensure_ascii=False, indent=2))


async def _eligible_demo_archive() -> tuple[str, str]:
    """A precisely filed demo archive of fz1.cm1 and 农e贷: straight through within its recommendation."""
    from sqlalchemy import text

    from backend.config import get_settings
    from backend.db.engine import create_database

    db = create_database(get_settings())
    try:
        async with db.sessions() as session:
            row = (await session.execute(text("""
                SELECT c.id, p.id FROM customers c
                JOIN archive_evaluations e ON e.bank_id = c.bank_id AND e.customer_id = c.id AND e.precise
                JOIN customer_ratings r ON r.bank_id = c.bank_id AND r.customer_id = c.id AND r.quota >= 1000000 AND r.grade <> 'D'
                JOIN products p ON p.bank_id = c.bank_id AND p.code = 'NONG_E_DAI' AND p.status = 'ACTIVE'
                JOIN staff_users u ON u.id = c.manager_id AND u.username = 'fz1.cm1'
                WHERE NOT EXISTS (SELECT 1 FROM applications a WHERE a.customer_id = c.id AND a.status IN ('IN_APPROVAL', 'RETURNED'))
                LIMIT 1"""))).one()  # fmt: skip
        return str(row[0]), str(row[1])
    finally:
        await db.dispose()


if __name__ == "__main__":
    main()
