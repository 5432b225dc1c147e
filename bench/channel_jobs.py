"""Handoff and text-message jobs per second, one worker against the simulators (docs/channels.md).

Set-up through the real API with no worker running: `--customers` eligible archives of FJ-FZ
(as bench/credit_chain.py makes them), each with a straight-through quota, and `--loans` drawdowns
of 100 yuan spread over them, so the outbox holds that many `loans.hand_off` jobs (and the
quota-approved texts). Then one `cic worker` starts and the clock runs until every loan has been
handed off and reported disbursed by the lending simulator, and every text message of the run has
left the queue (sent or suppressed). Prints jobs per second for the handoffs, for the texts and
overall. Target: >= 200 jobs/s per worker. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench_jobs \
    CIC_REDIS_URL=redis://127.0.0.1:6379/7 uv run python bench/channel_jobs.py [--customers 20] [--loans 1000]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.credit_chain import APPLY, DRAW, MY, PRODUCT, SAVE_PRODUCT, card, prepare, wait_listening  # noqa: E402
from bench.customers_api import free_port  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


async def counts(since: float) -> tuple[int, int, int]:
    """(loans handed off, loans disbursed, texts no longer queued) of this run."""
    from sqlalchemy import text

    from backend.config import get_settings
    from backend.db.engine import create_database

    db = create_database(get_settings())
    try:
        async with db.sessions() as session:
            row = (await session.execute(text(
                "SELECT count(*) FILTER (WHERE status <> 'REQUESTED'), count(*) FILTER (WHERE status = 'DISBURSED'), "
                "(SELECT count(*) FROM sms_messages WHERE status <> 'QUEUED' AND created_at >= to_timestamp(:t)) "
                "FROM loans WHERE created_at >= to_timestamp(:t)"), {"t": since})).one()  # fmt: skip
            return int(row[0]), int(row[1]), int(row[2])
    finally:
        await db.dispose()


async def texts_of_run(since: float) -> int:
    from sqlalchemy import text

    from backend.config import get_settings
    from backend.db.engine import create_database

    db = create_database(get_settings())
    try:
        async with db.sessions() as session:
            return int((await session.execute(text("SELECT count(*) FROM sms_messages WHERE created_at >= to_timestamp(:t)"),
                                              {"t": since})).scalar_one())
    finally:
        await db.dispose()


async def make_loans(base: str, settings, id_numbers: list[str], product_id: str, loans: int) -> None:
    from backend.demo import demo_clients
    from backend.integrations.mobile_banking import ASSERTION_GRANT, CUSTOMER_SCOPES, assertion, demo_key

    secret = next(c for c in demo_clients() if c["client_id"] == "mobile-banking")["client_secret"]
    basic = "Basic " + base64.b64encode(f"mobile-banking:{secret}".encode()).decode()
    per_customer = -(-loans // len(id_numbers))

    async def one(id_number: str, count: int) -> None:
        async with httpx.AsyncClient(base_url=base, timeout=60) as http:
            signed = assertion(demo_key(), client_id="mobile-banking", audience=settings.jwt_issuer, id_number=id_number, bank="FJ-FZ")
            token = (await http.post("/auth/token", data={"grant_type": ASSERTION_GRANT, "assertion": signed, "scope": CUSTOMER_SCOPES},
                                     headers={"Authorization": basic})).json()["access_token"]
            auth = {"Authorization": f"Bearer {token}"}

            async def gql(query: str, variables: dict | None = None) -> dict:
                body = (await http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=auth)).json()
                if body.get("errors"):
                    raise RuntimeError(body["errors"][:1])
                return body["data"]

            applied = (await gql(APPLY, {"i": {"productId": product_id, "amount": "50000.00", "term": 12,
                                               "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "购买化肥"}}))["applyForQuota"]
            if applied["errors"] or applied["application"]["status"] != "APPROVED":
                raise RuntimeError(f"not approved straight through: {applied}")
            quota = (await gql(MY))["myBanking"]["quotas"][0]["id"]
            for _ in range(count):
                drawn = (await gql(DRAW, {"i": {"quotaId": quota, "amount": "100.00", "term": 12, "account": card()}}))["drawDown"]
                if drawn["errors"]:
                    raise RuntimeError(f"drawdown refused: {drawn}")

    await asyncio.gather(*(one(n, min(per_customer, loans - i * per_customer)) for i, n in enumerate(id_numbers) if loans - i * per_customer > 0))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20)  # <= 99 texts a number: the daily limit is 100
    parser.add_argument("--loans", type=int, default=1000)
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a database of its own) and CIC_REDIS_URL")
    from backend.cli import _migrate
    from backend.config import get_settings

    _migrate(get_settings())
    since = time.time() - 1
    id_numbers = asyncio.run(prepare(args.customers))
    port, lending_port, sms_port = free_port(), free_port(), free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CIC_PORT": str(port), "CIC_LOG_LEVEL": "WARNING", "CIC_ENV": "development", "CIC_PUBLIC_URL": base,
           "CIC_LENDING_URL": f"http://127.0.0.1:{lending_port}", "CIC_SMS_URL": f"http://127.0.0.1:{sms_port}",
           "CIC_SMS_QUIET_START_HOUR": "0", "CIC_SMS_QUIET_END_HOUR": "0", "CIC_SMS_PER_NUMBER_PER_DAY": "100",
           "CIC_OUTBOX_RELAY_INTERVAL_SECONDS": "1", "CIC_OUTBOX_RELAY_GRACE_SECONDS": "0"}
    cic = [sys.executable, "-m", "backend.cli"]
    children = [
        subprocess.Popen([*cic, "simulate", "lending", "--port", str(lending_port)], cwd=ROOT, env=env, stderr=subprocess.DEVNULL),
        subprocess.Popen([*cic, "simulate", "sms", "--port", str(sms_port)], cwd=ROOT, env=env, stderr=subprocess.DEVNULL),
        subprocess.Popen([*cic, "serve"], cwd=ROOT, env=env),
    ]
    try:
        wait_listening(children[0], env["CIC_LENDING_URL"], "/_sim/loans")
        wait_listening(children[1], env["CIC_SMS_URL"], "/_sim/messages")
        wait_listening(children[2], base, "/ready")
        settings = get_settings()
        with httpx.Client(base_url=base, timeout=30) as http:
            admin = http.post("/auth/token", data={"grant_type": "password", "username": "fz.admin", "password": "Cic@2026demo"}).json()
            saved = http.post("/graphql", headers={"Authorization": f"Bearer {admin['access_token']}"}, json={"query": SAVE_PRODUCT, "variables": {"i": {
                "code": f"{PRODUCT}J{int(time.time()) % 10000}", "name": "基准测试快贷", "amountMin": "1000.00", "amountMax": "100000.00",
                "terms": [12], "rateMin": "4.35", "rateMax": "7.80", "repaymentMethods": ["EQUAL_INSTALLMENT"], "channels": ["MOBILE_BANKING"],
                "eligibility": {"preciseArchive": True, "minGrade": "B", "noVeto": True, "ageMin": 18, "ageMax": 65, "regions": []},
                "processes": [{"maxAmount": None, "processKey": "STRAIGHT_THROUGH"}], "validFrom": "2026-01-01", "sampleRate": 0}}}).json()
        product_id = saved["data"]["saveProduct"]["product"]["id"]
        asyncio.run(make_loans(base, settings, id_numbers, product_id, args.loans))

        started = time.perf_counter()
        children.append(subprocess.Popen([*cic, "worker"], cwd=ROOT, env=env))
        handed = disbursed = texts_done = 0
        handed_at = None
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            handed, disbursed, texts_done = asyncio.run(counts(since))
            if handed >= args.loans and handed_at is None:
                handed_at = time.perf_counter() - started
            if disbursed >= args.loans and texts_done >= asyncio.run(texts_of_run(since)):
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        texts = asyncio.run(texts_of_run(since))
        platform = httpx.get(env["CIC_LENDING_URL"] + "/_sim/loans").json()
        print(json.dumps({
            "benchmark": "channel_jobs", "customers": args.customers, "loans": args.loans, "worker_processes": 1,
            "handed_off": handed, "handoff_seconds": round(handed_at or elapsed, 2),
            "handoffs_per_s": round(handed / (handed_at or elapsed), 1),
            "disbursed": disbursed, "texts": texts, "texts_done": texts_done, "all_done_seconds": round(elapsed, 2),
            "jobs_per_s_overall": round((handed + texts_done) / elapsed, 1),
            "loans_at_platform": len(platform["loans"]), "target_jobs_per_s": 200,
        }, ensure_ascii=False, indent=2))
    finally:
        for child in children:
            child.terminate()
        for child in children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    main()
