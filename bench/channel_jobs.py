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
import json
import os
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.credit_chain import Customer, Stack, client, prepare  # noqa: E402

async def counts(since: float) -> tuple[int, int, int, int]:
    """(loans handed off, loans disbursed, texts no longer queued, texts) of this run."""
    from sqlalchemy import text

    from backend.config import get_settings
    from backend.db.engine import create_database

    db = create_database(get_settings())
    try:
        async with db.sessions() as session:
            row = (await session.execute(text(
                "SELECT count(*) FILTER (WHERE status <> 'REQUESTED'), count(*) FILTER (WHERE status = 'DISBURSED'), "
                "(SELECT count(*) FILTER (WHERE status <> 'QUEUED') FROM sms_messages WHERE created_at >= to_timestamp(:t)), "
                "(SELECT count(*) FROM sms_messages WHERE created_at >= to_timestamp(:t)) "
                "FROM loans WHERE created_at >= to_timestamp(:t)"), {"t": since})).one()  # fmt: skip
            return int(row[0]), int(row[1]), int(row[2]), int(row[3])
    finally:
        await db.dispose()


async def make_loans(base: str, settings, id_numbers: list[str], product_id: str, loans: int) -> None:
    """``loans`` drawdowns of 100 yuan, spread over the customers (one quota each)."""
    per_customer = -(-loans // len(id_numbers))

    async def one(id_number: str, count: int) -> None:
        async with client(base, 1) as http:
            me = Customer(http, settings, Stack.basic())
            await me.log_in(id_number)
            quota = await me.quota(product_id, "50000.00")
            for _ in range(count):
                await me.draw(quota, "100.00")

    counts_ = [min(per_customer, loans - i * per_customer) for i in range(len(id_numbers))]
    await asyncio.gather(*(one(n, c) for n, c in zip(id_numbers, counts_, strict=True) if c > 0))


async def write_texts(count: int, since: float) -> None:
    """``count`` reminder texts to the customers who drew this run (as the reminders job writes
    them: stored, and the send queued through the outbox), in one transaction per customer."""
    from sqlalchemy import text

    from arq import create_pool

    from backend.config import get_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.notifications.models import SmsEvent
    from backend.queue import redis_settings
    from backend.services import Services

    settings = get_settings()
    redis = await create_pool(redis_settings(settings), default_queue_name=settings.queue_name)
    services = Services(settings=settings, db=create_database(settings), redis=redis)
    try:
        async with services.db.sessions() as session:
            customers = (await session.execute(text(
                "SELECT DISTINCT bank_id, customer_id, org_path FROM loans WHERE created_at >= to_timestamp(:t)"), {"t": since})).all()
        per_customer = -(-count // len(customers))
        written = 0
        for bank_id, customer_id, org_path in customers:
            async with transaction(services.db.sessions) as session:
                notify = services.notifications(session)
                for n in range(min(per_customer, count - written)):
                    await notify.notify(SmsEvent.REMINDER, bank_id=bank_id, customer_id=customer_id, org_path=org_path,
                                        dedupe_key=f"bench:{customer_id}:{n}", variables={"bank": "福州农商银行", "text": f"第{n}条提醒。"})
                    written += 1
    finally:
        await services.db.dispose()
        await redis.aclose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=20)  # <= 99 texts a number: the daily limit is 100
    parser.add_argument("--loans", type=int, default=1000)
    parser.add_argument("--texts", type=int, default=1000, help="reminder texts written beside the loans (--without-callbacks)")
    parser.add_argument("--without-callbacks", action="store_true",
                        help="the platforms send no callbacks or receipts: the worker and the simulators alone, without the API")
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a database of its own) and CIC_REDIS_URL")
    from backend.cli import _migrate
    from backend.config import get_settings

    _migrate(get_settings())
    since = time.time() - 1
    id_numbers = asyncio.run(prepare(args.customers))
    stack = Stack({"CIC_SMS_PER_NUMBER_PER_DAY": "100"})
    try:
        stack.start(worker=False)  # the jobs pile up in the outbox first
        settings = get_settings()
        if args.without_callbacks:
            httpx.post(stack.lending_url + "/_sim/config", json={"duplicateCallbacks": 0}).raise_for_status()
            httpx.post(stack.sms_url + "/_sim/config", json={"receipt": "NONE"}).raise_for_status()
        asyncio.run(make_loans(stack.base, settings, id_numbers, stack.product(), args.loans))
        if args.without_callbacks:
            asyncio.run(write_texts(args.texts, since))

        started = time.perf_counter()
        worker = stack.start_worker()
        handed = disbursed = texts_done = texts = 0
        handed_at = first_at = None
        deadline = time.monotonic() + 900
        while time.monotonic() < deadline:
            handed, disbursed, texts_done, texts = asyncio.run(counts(since))
            if (handed or texts_done) and first_at is None:
                first_at = time.perf_counter() - started  # the worker has started and taken its first batch
            if handed >= args.loans and handed_at is None:
                handed_at = time.perf_counter() - started
            if (handed if args.without_callbacks else disbursed) >= args.loans and texts_done >= texts:
                break
            time.sleep(0.2)
        elapsed = time.perf_counter() - started
        worker_cpu = Stack.cpu_seconds(worker)  # start-up (imports) included
        start_up = stack.start_up_cpu_seconds()
        platform = httpx.get(stack.lending_url + "/_sim/loans").json()
        print(json.dumps({
            "benchmark": "channel_jobs", "without_callbacks": args.without_callbacks, "customers": args.customers, "loans": args.loans, "worker_processes": 1,
            "handed_off": handed, "handoff_seconds": round(handed_at or elapsed, 2),
            "handoffs_per_s": round(handed / (handed_at or elapsed), 1),
            "disbursed": disbursed, "texts": texts, "texts_done": texts_done, "all_done_seconds": round(elapsed, 2),
            "jobs_per_s_overall": round((handed + texts_done) / elapsed, 1),
            # the clock from the first job seen done (the worker's start-up left out; the first
            # batch's jobs too, so a slight flattery at this scale)
            "first_done_after_seconds": round(first_at or 0, 2),
            "jobs_per_s_after_first": round((handed + texts_done) / max(elapsed - (first_at or 0), 0.01), 1),
            # what one worker process can do per core, apart from the API and the simulators it
            # shares this machine's two cores with
            "worker_cpu_seconds": round(worker_cpu, 1), "jobs_per_worker_cpu_second": round((handed + texts_done) / worker_cpu, 1),
            # the same without the worker's start-up (an idle worker's CPU once started)
            "worker_start_up_cpu_seconds": round(start_up, 1),
            "jobs_per_worker_cpu_second_after_start_up": round((handed + texts_done) / max(worker_cpu - start_up, 0.1), 1),
            "worker_max_jobs": get_settings().worker_max_jobs,
            "loans_at_platform": len(platform["loans"]), "target_jobs_per_s": 200,
        }, ensure_ascii=False, indent=2))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
