"""The credit chain after approval, end to end through real processes (docs/channels.md): for N
customers at once, a mobile bank's assertion -> customer token -> `applyForQuota` (straight
through) -> `drawDown` -> the worker hands the loan to the lending platform -> its DISBURSED
callback -> `myBanking` shows the loan disbursed. Measured per customer from the token request
to the moment CIC took the platform's DISBURSED callback (the issue's target: "from the
mobile-banking application to the disbursed callback"), read from `loan_events` by one watcher;
each customer then checks once, untimed, that mobile banking shows the loan disbursed. (Until
2026-12-05 each customer polled `myBanking` every 50 ms until it did: 100 customers polling made
a large share of the API's load, more than a real app's refresh.)

`cic serve`, `cic worker`, `cic simulate lending` and `cic simulate sms` run as child processes
against the database of CIC_DATABASE_URL (migrated and loaded with the demo data here when
empty). Set-up, set-based: N new archives of FJ-FZ made eligible (verified, precise, a profile that
rates BB) and a mobile-banking product with straight-through approval and no sampling.

Runs ``--rounds`` (2) rounds of N customers at once, one after the other: the first meets an API
that has just started, the second one that has served a round, as in the day's run. A just-started
API has opened its pools and prepared the statements earlier processes ran most (the statement
warm-up, backend/db/warmup.py; the first run against a Redis finds none); with ``--cold`` it starts
without, and each pooled connection opens, prepares its statements and looks up its types on
first use. Prints one JSON
object: per round, p50/p90/p99 of the chain, each phase's p50 and the CPU each process used per
chain (`cpu_ms_per_chain`, from /proc); loans made at the platform
(exactly one per customer), text messages accepted by the SMS platform. Usage (target: p50 <= 5 s, p99 <= 15 s at
100 customers):

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench_chain \
    CIC_REDIS_URL=redis://127.0.0.1:6379/0 uv run python bench/credit_chain.py [--customers 100]
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

import aiohttp
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.customers_api import free_port, summary  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = "BENCH_MB"
PROFILE = {
    "income": {"farming": 3_000_000, "business": 2_000_000, "wages": 0, "other": 0},
    "assets": [{"kind": "HOUSE", "value": 15_000_000}],
    "land": {"contracted_mu": 5},
    "liabilities": [],
    "social": {"village_credit_rating": "A"},
}
MY = "{ myBanking { quotas { id } loans { status } } }"
APPLY = """mutation($i: ApplyForQuotaInput!) { applyForQuota(input: $i) { application { status } errors { code message } } }"""
DRAW = """mutation($i: DrawdownInput!) { drawDown(input: $i) { loan { id } errors { code message } } }"""
SAVE_PRODUCT = """mutation($i: ProductInput!) { saveProduct(input: $i) { product { id } errors { code message } } }"""


def card() -> str:
    from backend.loans.service import with_check_digit

    return with_check_digit("621799")


async def prepare(count: int) -> list[str]:
    """N new eligible archives of FJ-FZ; their ID numbers (what the mobile bank knows)."""
    from sqlalchemy import text

    from backend.auth.contexts import ID_CONTEXT
    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.cli import _seed_demo_if_empty
    from backend.config import get_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.seeding.synthetic import seed_customers

    settings = get_settings()
    await _seed_demo_if_empty(settings)
    cipher = cipher_from_settings(settings)
    db = create_database(settings)
    try:
        async with db.sessions() as session:
            before = set((await session.scalars(text("SELECT id FROM customers"))).all())
        async with transaction(db.sessions) as session:
            await seed_customers(session, cipher, count, bank_codes=["FJ-FZ"], seed=int(time.time()))
        async with transaction(db.sessions) as session:
            rows = [r for r in (await session.execute(text("SELECT id, id_number_encrypted FROM customers"))).all() if r[0] not in before]
            ids = [r[0] for r in rows]
            await session.execute(text(
                "UPDATE customers SET profile = profile || CAST(:p AS jsonb), education = 'JUNIOR', status = 'VERIFIED', "
                "birth_date = current_date - interval '40 years 3 days' WHERE id = ANY(:ids)"), {"p": json.dumps(PROFILE), "ids": ids})
            await session.execute(text("DELETE FROM archive_evaluations WHERE customer_id = ANY(:ids)"), {"ids": ids})
            await session.execute(text(
                "INSERT INTO archive_evaluations (bank_id, customer_id, branch_id, violations, error_count, completeness, precise, "
                "rule_versions) SELECT bank_id, id, branch_id, '[]', 0, 100, true, '{}' FROM customers WHERE id = ANY(:ids)"), {"ids": ids})
        return [cipher.decrypt(r[1], context=ID_CONTEXT) for r in rows]
    finally:
        await db.dispose()


def wait_listening(process: subprocess.Popen, url: str, path: str) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args} exited with {process.returncode}")
        try:
            httpx.get(url + path, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer in 120 s")


def client(base: str, connections: int = 100) -> aiohttp.ClientSession:
    """The customers' HTTP client: aiohttp, keep-alive, ``connections`` at once. (Until 2026-12-05
    httpx: with 100 requests in flight its pool spent 3.5-10 ms of CPU a request, aiohttp 0.26 ms,
    CPU the load generator took from CIC on the same two cores.)"""
    return aiohttp.ClientSession(base_url=base, connector=aiohttp.TCPConnector(limit=connections),
                                 timeout=aiohttp.ClientTimeout(total=60))


class Customer:
    """A customer of the demo mobile bank: a token from the JWT bearer grant, then GraphQL calls."""

    def __init__(self, http: aiohttp.ClientSession, settings, basic: str) -> None:
        self.http, self.settings, self.basic = http, settings, basic
        self.auth: dict[str, str] = {}

    async def log_in(self, id_number: str) -> None:
        from backend.integrations.mobile_banking import ASSERTION_GRANT, CUSTOMER_SCOPES, assertion, demo_key

        signed = assertion(demo_key(), client_id="mobile-banking", audience=self.settings.jwt_issuer, id_number=id_number, bank="FJ-FZ")
        async with self.http.post("/auth/token", data={"grant_type": ASSERTION_GRANT, "assertion": signed, "scope": CUSTOMER_SCOPES},
                                  headers={"Authorization": self.basic}) as answer:
            self.auth = {"Authorization": f"Bearer {(await answer.json())['access_token']}"}

    async def gql(self, query: str, variables: dict | None = None) -> dict:
        async with self.http.post("/graphql", json={"query": query, "variables": variables or {}}, headers=self.auth) as answer:
            body = await answer.json()
        if body.get("errors"):
            raise RuntimeError(body["errors"][:1])
        return body["data"]

    async def quota(self, product_id: str, amount: str) -> str:
        """Apply (straight through) and return the new quota's id."""
        applied = (await self.gql(APPLY, {"i": {"productId": product_id, "amount": amount, "term": 12,
                                                "repaymentMethod": "EQUAL_INSTALLMENT", "purpose": "购买化肥"}}))["applyForQuota"]
        if applied["errors"] or applied["application"]["status"] != "APPROVED":
            raise RuntimeError(f"not approved straight through: {applied}")
        return (await self.gql(MY))["myBanking"]["quotas"][0]["id"]

    async def draw(self, quota_id: str, amount: str) -> str:
        """Draw down; the loan's id."""
        drawn = (await self.gql(DRAW, {"i": {"quotaId": quota_id, "amount": amount, "term": 12, "account": card()}}))["drawDown"]
        if drawn["errors"]:
            raise RuntimeError(f"drawdown refused: {drawn}")
        return drawn["loan"]["id"]


class Stack:
    """CIC's API and the lending and SMS simulators as child processes (the worker on demand),
    on free ports, pointed at each other; ``extra`` adds CIC_* settings."""

    def __init__(self, extra: dict[str, str] | None = None, *, api_processes: int = 1) -> None:
        self.api_processes = api_processes
        port, lending, sms = free_port(), free_port(), free_port()
        self.base = f"http://127.0.0.1:{port}"
        self.lending_url, self.sms_url = f"http://127.0.0.1:{lending}", f"http://127.0.0.1:{sms}"
        self.env = {**os.environ, "CIC_PORT": str(port), "CIC_LOG_LEVEL": "WARNING", "CIC_ENV": "development", "CIC_PUBLIC_URL": self.base,
                    "CIC_LENDING_URL": self.lending_url, "CIC_SMS_URL": self.sms_url, "CIC_SMS_QUIET_START_HOUR": "0",
                    "CIC_SMS_QUIET_END_HOUR": "0", "CIC_OUTBOX_RELAY_INTERVAL_SECONDS": "1", "CIC_OUTBOX_RELAY_GRACE_SECONDS": "0",
                    **(extra or {})}
        self.children: list[subprocess.Popen] = []

    def _spawn(self, *args: str, quiet: bool = False) -> subprocess.Popen:
        child = subprocess.Popen([sys.executable, "-m", "backend.cli", *args], cwd=ROOT, env=self.env,
                                 stderr=subprocess.DEVNULL if quiet else None)
        self.children.append(child)
        return child

    def start(self, worker: bool = True) -> None:
        lending = self._spawn("simulate", "lending", "--port", self.lending_url.rsplit(":", 1)[1], quiet=True)
        sms = self._spawn("simulate", "sms", "--port", self.sms_url.rsplit(":", 1)[1], quiet=True)
        api = self._spawn("serve", *(["--workers", str(self.api_processes)] if self.api_processes > 1 else []))
        self.roles = {"api": api, "simulators": (lending, sms)}
        if worker:
            self.roles["worker"] = self.start_worker()
        wait_listening(lending, self.lending_url, "/_sim/loans")
        wait_listening(sms, self.sms_url, "/_sim/messages")
        wait_listening(api, self.base, "/ready")

    def start_worker(self) -> subprocess.Popen:
        return self._spawn("worker")

    def start_up_cpu_seconds(self) -> float:
        """The CPU a worker spends starting (imports, pools) before its first job: a worker on a
        queue of its own, read once its CPU stops growing (an idle worker only polls Redis)."""
        child = subprocess.Popen([sys.executable, "-m", "backend.cli", "worker"], cwd=ROOT,
                                 env={**self.env, "CIC_QUEUE_NAME": f"bench-idle-{os.getpid()}"})
        try:
            last = -1.0
            while True:
                time.sleep(0.5)
                now = self.cpu_seconds(child)
                if now - last < 0.02:
                    return now
                last = now
        finally:
            child.terminate()
            child.wait(timeout=30)

    @staticmethod
    def cpu_seconds(child: subprocess.Popen | int) -> float:
        """User + system CPU time a running process has used so far (Linux /proc)."""
        fields = Path(f"/proc/{getattr(child, 'pid', child)}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def cpu_by_role(self) -> dict[str, float]:
        """CPU seconds used so far by the API (with its uvicorn workers), the worker, the two
        simulators and the database server's backends, each read from /proc: per round, the
        difference says which process the chain's time goes to."""
        def tree(pid: int) -> float:
            total = self.cpu_seconds(pid)
            for task in Path(f"/proc/{pid}/task").iterdir():
                children = task / "children"
                for grandchild in (children.read_text().split() if children.exists() else []):
                    total += tree(int(grandchild))
            return total

        figures = {role: sum(tree(c.pid) for c in (proc if isinstance(proc, tuple) else (proc,)))
                   for role, proc in self.roles.items()}
        backends = 0.0
        for stat in Path("/proc").glob("[0-9]*/cmdline"):
            try:
                if stat.read_bytes().startswith(b"postgres: "):
                    backends += self.cpu_seconds(int(stat.parent.name))
            except (FileNotFoundError, ProcessLookupError):
                continue
        figures["postgresql"] = backends
        figures["load_generator"] = self.cpu_seconds(os.getpid())
        return figures

    def stop(self) -> None:
        for child in self.children:
            child.terminate()
        for child in self.children:
            try:
                child.wait(20)
            except subprocess.TimeoutExpired:
                child.kill()

    def product(self) -> str:
        """A FJ-FZ product sold through mobile banking, straight through, never sampled; its id."""
        with httpx.Client(base_url=self.base, timeout=30) as http:
            admin = http.post("/auth/token", data={"grant_type": "password", "username": "fz.admin", "password": "Cic@2026demo"}).json()
            saved = http.post("/graphql", headers={"Authorization": f"Bearer {admin['access_token']}"}, json={"query": SAVE_PRODUCT, "variables": {"i": {
                "code": f"{PRODUCT}{int(time.time()) % 100000}", "name": "基准测试快贷", "amountMin": "1000.00", "amountMax": "100000.00",
                "terms": [12], "rateMin": "4.35", "rateMax": "7.80", "repaymentMethods": ["EQUAL_INSTALLMENT"], "channels": ["MOBILE_BANKING"],
                "eligibility": {"preciseArchive": True, "minGrade": "B", "noVeto": True, "ageMin": 18, "ageMax": 65, "regions": []},
                "processes": [{"maxAmount": None, "processKey": "STRAIGHT_THROUGH"}], "validFrom": "2026-01-01", "sampleRate": 0}}}).json()
        return saved["data"]["saveProduct"]["product"]["id"]

    @staticmethod
    def basic() -> str:
        """HTTP Basic credentials of the demo mobile bank's client."""
        from backend.demo import demo_clients

        secret = next(c for c in demo_clients() if c["client_id"] == "mobile-banking")["client_secret"]
        return "Basic " + base64.b64encode(f"mobile-banking:{secret}".encode()).decode()


class Callbacks:
    """When each loan's DISBURSED callback was taken (the first one: a duplicate changes nothing),
    read from the database by one watcher every 0.1 s, so that waiting customers add no load."""

    def __init__(self) -> None:
        self.waiting: dict[str, asyncio.Future[float]] = {}
        self.stopped = False

    def when(self, loan_id: str) -> asyncio.Future[float]:
        return self.waiting.setdefault(loan_id, asyncio.get_running_loop().create_future())

    async def watch(self, since: float) -> None:
        from sqlalchemy import text

        from backend.config import get_settings
        from backend.db.engine import create_database

        db = create_database(get_settings())
        try:
            while not self.stopped:
                async with db.sessions() as session:
                    rows = (await session.execute(text(
                        "SELECT CAST(loan_id AS text), extract(epoch FROM min(received_at)) FROM loan_events "
                        "WHERE type = 'DISBURSED' AND received_at >= to_timestamp(:t) GROUP BY loan_id"), {"t": since})).all()
                for loan_id, at in rows:
                    future = self.when(loan_id)
                    if not future.done():
                        future.set_result(float(at))
                await asyncio.sleep(0.1)
        finally:
            await db.dispose()


async def chain(http: aiohttp.ClientSession, settings, id_number: str, product_id: str, basic: str, callbacks: Callbacks) -> dict[str, float]:
    """One customer's chain; the seconds of each phase (token, apply, drawdown, disbursed) and the
    total: from the customer's first request to CIC taking the platform's DISBURSED callback.
    Then (untimed) mobile banking must show the loan disbursed."""
    started_epoch, started = time.time(), time.perf_counter()
    marks: dict[str, float] = {}

    def mark(phase: str) -> None:
        marks[phase] = time.perf_counter() - started - sum(marks.values())

    me = Customer(http, settings, basic)
    await me.log_in(id_number)
    mark("token")
    quota = await me.quota(product_id, "20000.00")
    mark("apply")
    loan_id = await me.draw(quota, "5000.00")
    mark("drawdown")
    total = await callbacks.when(loan_id) - started_epoch
    marks["disbursed"] = total - sum(marks.values())
    loans = (await me.gql(MY))["myBanking"]["loans"]
    if not loans or loans[0]["status"] != "DISBURSED":
        raise RuntimeError(f"mobile banking does not show the loan disbursed: {loans}")
    return {**marks, "total": total}


async def statements_to_warm(settings) -> int:  # noqa: ANN001
    """How many statements the API's warm-up will find (what earlier runs' processes ran)."""
    from redis.asyncio import Redis

    from backend.db import warmup

    redis = Redis.from_url(settings.redis_url)
    try:
        return sum([await redis.zcard(warmup.key(settings.queue_name, role)) for role in ("primary", "replica", "identity")])
    finally:
        await redis.aclose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--customers", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=2,
                        help="rounds of --customers new customers at once, one after the other, against the same processes: "
                             "the first meets an API that has just started (no pooled connections, no prepared statements), "
                             "the later ones one that has served")
    parser.add_argument("--api-processes", type=int, default=1, help="uvicorn processes serving the API (cic run --api-processes)")
    parser.add_argument("--cold", action="store_true",
                        help="start the API without the statement warm-up (CIC_DATABASE_WARMUP_SECONDS=0; backend/db/warmup.py): "
                             "its first round then prepares every statement on every connection")
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a database of its own) and CIC_REDIS_URL")
    from backend.cli import _migrate
    from backend.config import get_settings

    _migrate(get_settings())
    everyone = asyncio.run(prepare(args.customers * args.rounds))
    settings = get_settings()
    to_warm = 0 if args.cold else asyncio.run(statements_to_warm(settings))
    stack = Stack({"CIC_DATABASE_WARMUP_SECONDS": "0"} if args.cold else None, api_processes=args.api_processes)
    try:
        stack.start()
        product_id, basic = stack.product(), Stack.basic()
        base = stack.base

        async def run_round(id_numbers: list[str]) -> tuple[list[dict[str, float]], float, list[str]]:
            callbacks = Callbacks()
            watcher = asyncio.create_task(callbacks.watch(time.time() - 1))
            # one client for all the customers, a connection each: the load generator shares the
            # machine's two cores with CIC
            async with client(base, len(id_numbers)) as http:
                started = time.perf_counter()
                results = await asyncio.gather(*(chain(http, settings, n, product_id, basic, callbacks) for n in id_numbers),
                                               return_exceptions=True)
                elapsed = time.perf_counter() - started
            callbacks.stopped = True
            await watcher
            return [r for r in results if isinstance(r, dict)], elapsed, [repr(r)[:200] for r in results if not isinstance(r, dict)]

        rounds = []
        for n in range(args.rounds):
            before = stack.cpu_by_role()
            done, elapsed, failures = asyncio.run(run_round(everyone[n * args.customers:(n + 1) * args.customers]))
            after = stack.cpu_by_role()
            rounds.append({
                "round": n + 1, "api": ("just started" + (f", {to_warm} statements warmed" if to_warm else ", cold")) if n == 0 else "has served",
                "chain": summary([d["total"] for d in done], elapsed) if done else None,
                # CPU per customer's chain, by process (a backend that ended within the round is
                # not counted under postgresql)
                "cpu_ms_per_chain": {role: round((after[role] - before.get(role, 0.0)) * 1000 / args.customers, 1) for role in after},
                "phases_p50_ms": {k: round(sorted(d[k] for d in done)[len(done) // 2] * 1000) for k in ("token", "apply", "drawdown", "disbursed")}
                if done else None,
                "failed": len(failures), "failures": failures[:3],
            })
        platform = httpx.get(stack.lending_url + "/_sim/loans").json()
        texts = httpx.get(stack.sms_url + "/_sim/messages").json()
        print(json.dumps({
            "benchmark": "credit_chain", "customers": args.customers, "api_processes": args.api_processes, "rounds": rounds,
            "loans_at_platform": len(platform["loans"]), "texts_accepted": len(texts.get("messages", [])),
            "targets": {"p50_ms": 5000, "p99_ms": 15000},
        }, ensure_ascii=False, indent=2))
    finally:
        stack.stop()


if __name__ == "__main__":
    main()
