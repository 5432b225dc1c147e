"""Sustained load on a CIC cluster on loopback (issue 19 part 6): a working day's mix for minutes.

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/<db> CIC_REDIS_URL=redis://127.0.0.1:6379/5 \
    CIC_QUEUE_NAME=cic-load uv run --with locust python bench/sustained_load.py --minutes 10 --users 60 \
        [--api-processes 2 --workers 2] [--rps 200] [--archives-per-user 4] [--dry-run-sample 100]

``--prepare-only`` stops after step 2: the cluster stays up with the plan for locust's own command
line (printed) until Ctrl-C. ``--help`` lists every option.

Locust is not a dependency of the project: it comes with ``uv run --with locust`` (psutil is one
already, through pgserver). The database must hold the demo (``cic seed demo``) and may hold
synthetic archives (``cic seed customers --count N``); the runner changes it as users would
(saved archives get new versions, uploaded photos become images; run it on a scratch database).

0. When the PostgreSQL server runs without autovacuum (this machine's does), VACUUMs and ANALYZEs
   the database first: what ``cic seed customers`` COPYs in otherwise has no statistics and no
   visibility map, so the search's count cannot read its index only (``--analyze``).
1. Starts the cluster as ``make run`` does, ``python -m backend.cli run --api-processes N
   --workers M`` (migrations; the demo only into an empty database; the API as N uvicorn
   processes on one port; M arq workers; the simulators of the connected systems), on a free
   port and a free block of simulator ports, and waits for ``/ready``. Its log is in the run
   directory. ``cic run`` builds no front end. Uploaded photos go to the configured object store
   (without ``CIC_S3_*``: ``$CIC_VAR_DIR/objects``, by default ``var/objects``).
2. Prepares through the API: logs in the accounts the users act as (tokens shared by the users;
   an expired one, UNAUTHENTICATED, logs in again), the scale (``archiveStatistics`` as ``prov.analyst``), per locust user a
   customer manager and archives only that user edits (one SQL statement, ``EDITABLE_SQL``: the
   manager's archives not under review whose address the form can send back), the OPEN approval tasks
   each demo approver sees (tasks an approver holds from an interrupted run are released first;
   tasks whose ESCALATE timer fires within the run are left out), a draft rule set per bank
   (``saveRuleSet`` as its administrator, reused by later runs) and a 320x240 JPEG. All of it
   goes into ``plan.json`` for ``bench/load/locustfile.py`` (which says what each request sends).
3. Runs locust in this process (``locust.env``): ``--users`` users spawned at ``--spawn-rate``,
   each at ``--rps / --users`` requests per second (``--rps 0``: as fast as answers come), for
   ``--minutes`` after the last user started. Locust's CSVs (``--csv`` with full history) go to
   the run directory.
4. Every ``--sample-seconds`` (5): locust's counters and response-time histograms (per interval,
   so a window's p99 is exact to locust's rounding), the RSS and CPU time of every process of the
   cluster's tree by role (api, worker, simulators, supervisor), the arq queue's length, the
   database's counters (``pg_stat_database``: transactions, statement time, connections open and
   opened, size) and the machine's CPU. With the API's own timing of each request (its log),
   the JSON's ``cpu_cores_by_role``, ``database``, ``machine_busy_pct`` and ``server_side_graphql``
   say what limits a run: the machine, the API, the database, or the load generator.
5. Prints one JSON object: scale, requests, failures by name (and their messages), requests/s,
   per-operation p50/p99/rps, the first and the last minute (or, for runs under two minutes,
   the first and last half) side by side: requests/s, p50, p99, failures, RSS, queue length.
   Before that it releases any approval task still held and stops the cluster (SIGTERM to ``cic
   run``, which stops its children; whatever is left after 40 s is killed and reported under
   ``leftovers``). The run directory (``run_dir``) keeps the plan (with bearer tokens and the demo
   password), the samples, the CSVs and the cluster's log.

The PostgreSQL and Redis servers are not part of the cluster's RSS (they are shared). Each API
process may open 40 connections (primary and read pools, 20 kept each, no overflow), and each
worker 80 (20 + 20 each): mind the server's ``max_connections`` (100 here;
``database.connections_max``). The run directory is under the system's temp directory
(``/tmp/cic-load-*``); delete it when done.
"""

from __future__ import annotations

import locust  # noqa: F401  (first: gevent patches the standard library before anything uses it)

import argparse
import importlib.util
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import gevent
import gevent.event
import gevent.pool
import psutil
import requests
from locust import events
from locust.env import Environment
from locust.stats import PERCENTILES_TO_REPORT, StatsCSVFileWriter, stats_history

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from customers_api import free_port  # noqa: E402  (bench/, the script's own folder)
from load_draft import RULE_SETS, SAVE_RULES, draft_of, new_draft  # noqa: E402

from tests.images.photos import photo  # noqa: E402
LOCUSTFILE = ROOT / "bench" / "load" / "locustfile.py"
OPERATIONS = ("search", "detail", "save with version", "rule dry run", "approval action", "image upload")
SHARE = {"search": 40, "detail": 30, "save with version": 12, "rule dry run": 8, "approval action": 6, "image upload": 4}
SIMULATOR_PORTS = 9  # CIC_SIMULATOR_PORT + 0..8 (backend/integrations/simulators.py)


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# -- ports, cluster ----------------------------------------------------------------------------
def free_port_block(size: int) -> int:
    for _ in range(200):
        base = random.randrange(20000, 60000 - size)
        try:
            sockets = []
            for port in range(base, base + size):
                s = socket.socket()
                sockets.append(s)
                s.bind(("127.0.0.1", port))
            return base
        except OSError:
            continue
        finally:
            for s in sockets:
                s.close()
    raise RuntimeError("no block of free ports for the simulators")


def project_python() -> str:
    """The project's interpreter (what ``make run`` uses), else this one."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def start_cluster(args: argparse.Namespace, run_dir: Path) -> tuple[subprocess.Popen, str, dict[str, str]]:
    port, sim_port = free_port(), free_port_block(SIMULATOR_PORTS)
    base = f"http://127.0.0.1:{port}"
    env = {**os.environ, "CIC_HOST": "127.0.0.1", "CIC_PORT": str(port), "CIC_PUBLIC_URL": base, "CIC_SIMULATOR_PORT": str(sim_port)}
    env.pop("CIC_LOAD_PLAN", None)
    command = [project_python(), "-m", "backend.cli", "run", "--api-processes", str(args.api_processes), "--workers", str(args.workers)]
    log(f"starting the cluster: {' '.join(command[1:])} on {base} (simulators from port {sim_port})")
    out = open(run_dir / "cluster.log", "wb")
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    return proc, base, env


def wait_ready(base: str, proc: subprocess.Popen, run_dir: Path, timeout: float = 300) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if proc.poll() is not None:
            tail = (run_dir / "cluster.log").read_text(errors="replace")[-3000:]
            raise RuntimeError(f"the cluster exited ({proc.returncode}) before it was ready:\n{tail}")
        try:
            if requests.get(f"{base}/ready", timeout=2).status_code == 200:
                return time.monotonic() - started
        except requests.RequestException:
            pass
        gevent.sleep(0.5)
    raise RuntimeError(f"{base}/ready did not answer 200 within {timeout:.0f} s")


def tree(proc: subprocess.Popen) -> dict[int, tuple[psutil.Process, str]]:
    """Every live process of the cluster with its role: the top process is the supervisor; a
    process under a ``serve`` child is api, under ``worker`` worker, under ``simulate`` simulators."""
    found: dict[int, tuple[psutil.Process, str]] = {}
    try:
        top = psutil.Process(proc.pid)
        found[top.pid] = (top, "supervisor")
        for child in top.children():
            try:
                cmd = child.cmdline()
            except psutil.Error:
                continue
            role = "api" if "serve" in cmd else "worker" if "worker" in cmd else "simulators" if "simulate" in cmd else "other"
            found[child.pid] = (child, role)
            for grandchild in child.children(recursive=True):
                found[grandchild.pid] = (grandchild, role)
    except psutil.Error:
        pass
    return found


def stop_cluster(proc: subprocess.Popen, known: dict[int, tuple[psutil.Process, str]]) -> list[str]:
    """SIGTERM to ``cic run`` (it stops its children, 20 s grace), then kill what is left."""
    known = {**known, **tree(proc)}
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    try:
        proc.wait(40)
    except subprocess.TimeoutExpired:
        pass
    left = []
    for pid, (p, role) in known.items():
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                left.append(f"{pid} {role} {' '.join(p.cmdline())[:120]}")
                p.kill()
        except psutil.Error:
            pass
    if proc.poll() is None:
        proc.kill()
        proc.wait(5)
    return left


# -- the API, for the preparation ---------------------------------------------------------------
class Api:
    def __init__(self, base: str, password: str) -> None:
        self.base, self.password = base, password
        self.http = requests.Session()
        self.tokens: dict[str, str] = {}

    def login(self, username: str) -> str:
        r = self.http.post(f"{self.base}/auth/token", data={"grant_type": "password", "username": username, "password": self.password}, timeout=60)
        if r.status_code != 200:
            raise RuntimeError(f"login {username}: HTTP {r.status_code} {r.text[:200]}")
        self.tokens[username] = r.json()["access_token"]
        return self.tokens[username]

    def gql(self, username: str, query: str, variables: dict[str, Any] | None = None, *, timeout: float = 120) -> dict[str, Any]:
        for attempt in (1, 2):
            r = self.http.post(f"{self.base}/graphql", json={"query": query, "variables": variables or {}},
                               headers={"Authorization": f"Bearer {self.tokens[username]}"}, timeout=timeout)
            if r.status_code != 200:
                raise RuntimeError(f"{username}: HTTP {r.status_code} {r.text[:300]}")
            body = r.json()
            expired = any((e.get("extensions") or {}).get("code") == "UNAUTHENTICATED" for e in body.get("errors") or [])
            if not (expired and attempt == 1):
                break
            self.login(username)  # the token expired during the run
        if body.get("errors"):
            raise RuntimeError(f"{username}: {body['errors'][0].get('message')} in {query[:80]!r}")
        return body["data"]


def demo_accounts() -> list[dict[str, Any]]:
    out = subprocess.run([project_python(), "-m", "backend.cli", "demo", "accounts", "--json"], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(out.stdout)["staff"]


def jpeg(run_dir: Path) -> Path:
    """A photo-like 320x240 JPEG with a phone's EXIF, as the image tests upload."""
    path = run_dir / "photo.jpg"
    path.write_bytes(photo(320, 240, seed=19))
    return path


TASKS = """query($box: TaskBox!) { approvalTasks(box: $box, first: 100) { edges { node {
  id status dueAt slaAction claimedBy { username } application { id number } } } } }"""
RELEASE = "mutation($id: ID!) { releaseTask(id: $id) { task { id status } errors { code message } } }"
STATS = "{ archiveStatistics { unit { archives } children { orgUnit { code } archives } } }"


# The archives each customer manager's locust users edit, in one statement: theirs, not under
# review (DRAFT and RETURNED first, then VERIFIED), and with an address the archive form can send
# back: a township (village) code must be in the bank's dictionary under the county (township),
# as the API checks on every save (CustomerService._check_address). Row security is opened for
# the read (cic.banks = '*'); run by the project's interpreter, outside this gevent process.
EDITABLE_SQL = """
SELECT s.username, x.id::text FROM staff_users s CROSS JOIN LATERAL (
  SELECT c.id FROM customers c
  WHERE c.manager_id = s.id AND c.status IN ('DRAFT', 'RETURNED', 'VERIFIED')
    AND (c.township_code IS NULL OR EXISTS (SELECT 1 FROM villages v WHERE v.bank_id = c.bank_id AND v.code = c.township_code
                                            AND v.level = 'TOWNSHIP' AND v.parent_code = c.region_code))
    AND (c.village_code IS NULL OR EXISTS (SELECT 1 FROM villages v WHERE v.bank_id = c.bank_id AND v.code = c.village_code
                                           AND v.level = 'VILLAGE' AND v.parent_code = c.township_code))
  ORDER BY c.status = 'VERIFIED', c.id LIMIT (($2::jsonb) ->> s.username)::int) x
WHERE s.username = ANY($1::text[])
"""
EDITABLE_SCRIPT = """
import asyncio, json, os, sys
import asyncpg
async def main():
    wanted = json.load(sys.stdin)
    conn = await asyncpg.connect(os.environ["CIC_DATABASE_URL"])
    try:
        await conn.execute("SET cic.banks = '*'")
        rows = await conn.fetch(os.environ["EDITABLE_SQL"], list(wanted), json.dumps(wanted))
    finally:
        await conn.close()
    out = {}
    for username, cid in rows:
        out.setdefault(username, []).append(cid)
    print(json.dumps(out))
asyncio.run(main())
"""


# A server without autovacuum (this machine's runs with ``autovacuum = off``) never analyzes what
# ``cic seed customers`` COPYs in: the partitions keep reltuples 0, every search then plans blind
# and counts 10,000 rows for its estimate (CustomerRepository.estimated_count). Nor does it set
# the visibility map, without which the search's count reads the table besides its index
# (docs/load-report.md, 2026-12-06: PostgreSQL 1.17 busy backends before VACUUM, 0.57 after).
# Vacuum and analyze first.
ANALYZE_SCRIPT = """
import asyncio, json, os, time
import asyncpg
async def main():
    conn = await asyncpg.connect(os.environ["CIC_DATABASE_URL"])
    try:
        autovacuum = await conn.fetchval("SELECT current_setting('autovacuum')")
        analyzed = None
        if autovacuum != "on" or os.environ.get("FORCE") == "1":
            started = time.monotonic()
            await conn.execute("VACUUM (ANALYZE)")
            analyzed = round(time.monotonic() - started, 1)
        print(json.dumps({"autovacuum": autovacuum, "analyzed_s": analyzed}))
    finally:
        await conn.close()
asyncio.run(main())
"""


def analyze_database(force: bool) -> dict[str, Any]:
    out = subprocess.run([project_python(), "-c", ANALYZE_SCRIPT], cwd=ROOT, capture_output=True, text=True,
                         env={**os.environ, "FORCE": "1" if force else "0"}, timeout=1800)
    if out.returncode:
        raise RuntimeError(f"VACUUM (ANALYZE) failed: {out.stderr[-2000:]}")
    return json.loads(out.stdout)


def editable_archives(wanted: dict[str, int]) -> dict[str, list[str]]:
    """``wanted``: customer manager -> how many archives; answers their ids (EDITABLE_SQL)."""
    out = subprocess.run(
        [project_python(), "-c", EDITABLE_SCRIPT], cwd=ROOT, input=json.dumps(wanted), capture_output=True, text=True,
        env={**os.environ, "EDITABLE_SQL": EDITABLE_SQL}, timeout=300,
    )
    if out.returncode:
        raise RuntimeError(f"selecting the archives to edit failed: {out.stderr[-2000:]}")
    found = json.loads(out.stdout)
    return {u: found.get(u, []) for u in wanted}


def release_held_tasks(api: Api, approvers: list[str]) -> int:
    """Release every task the demo approvers hold (a run stopped between a claim and its release)."""
    released = 0
    for username in approvers:
        for edge in api.gql(username, TASKS, {"box": "MINE"})["approvalTasks"]["edges"]:
            payload = api.gql(username, RELEASE, {"id": edge["node"]["id"]})["releaseTask"]
            if payload["errors"]:
                raise RuntimeError(f"release task {edge['node']['id']} as {username}: {payload['errors']}")
            released += 1
    return released


def prepare(api: Api, args: argparse.Namespace, run_dir: Path) -> dict[str, Any]:
    accounts = demo_accounts()
    password = accounts[0]["password"]
    api.password = password
    by_role = lambda role: [a for a in accounts if role in a["roles"]]  # noqa: E731
    cms = [a["username"] for a in by_role("CUSTOMER_MANAGER")]
    approvers = [a["username"] for a in by_role("BRANCH_MANAGER") + by_role("BANK_APPROVER")]
    admins: dict[str, str] = {}
    for a in by_role("BANK_ADMIN"):
        admins.setdefault(a["org_code"], a["username"])  # the bank's first administrator
    wanted = sorted({*cms, *approvers, *admins.values(), "prov.analyst"})
    started = time.monotonic()
    pool = gevent.pool.Pool(4)
    for username in wanted:
        pool.spawn(api.login, username)
    pool.join(raise_error=True)
    log(f"logged in {len(wanted)} accounts in {time.monotonic() - started:.1f} s")

    stats = api.gql("prov.analyst", STATS)["archiveStatistics"]
    scale = {"archives": stats["unit"]["archives"], "archives_by_bank": {c["orgUnit"]["code"]: c["archives"] for c in stats["children"]}}

    # Archives per locust user: the customer managers with archives to edit in turn, each locust
    # user its own --archives-per-user of them (saves by two users never meet).
    k = args.archives_per_user
    own = editable_archives({u: k * -(-args.users // len(cms)) for u in cms})
    slots = []
    for i in range(args.users):
        ready = [u for u in cms if len(own[u]) >= k]
        if not ready:
            raise RuntimeError(f"too few editable archives for {args.users} users x {k}: lower --users or --archives-per-user, or seed more")
        username = ready[i % len(ready)]
        slots.append({"username": username, "archives": own[username][:k]})
        own[username] = own[username][k:]
    users_of = {s["username"] for s in slots}

    # Approval tasks: OPEN ones in the approvers' queues, none that escalates during the run.
    released = release_held_tasks(api, approvers)
    horizon = datetime.now(UTC) + timedelta(minutes=args.minutes + 15)
    tasks: dict[str, dict[str, Any]] = {}
    for username in approvers:
        for edge in api.gql(username, TASKS, {"box": "QUEUE"})["approvalTasks"]["edges"]:
            t = edge["node"]
            if t["status"] != "OPEN":
                continue
            if t["slaAction"] == "ESCALATE" and t["dueAt"] and datetime.fromisoformat(t["dueAt"]) < horizon:
                continue
            tasks.setdefault(t["id"], {"id": t["id"], "application": t["application"]["number"], "usernames": []})["usernames"].append(username)
    if not tasks:
        raise RuntimeError("no OPEN approval task in any demo approver's queue (the demo's applications: backend/seeding/applications.py)")

    # A draft rule set per bank, made once and dry-run by every run.
    rule_sets = []
    for org_code, username in sorted(admins.items()):
        if (draft := draft_of(api.gql(username, RULE_SETS)["ruleSets"])) is not None:
            rule_sets.append({"username": username, "id": draft})
            continue
        saved = api.gql(username, SAVE_RULES, new_draft(org_code.split("-")[-1]))["saveRuleSet"]
        if saved["errors"]:
            raise RuntimeError(f"saveRuleSet as {username}: {saved['errors']}")
        rule_sets.append({"username": username, "id": saved["ruleSet"]["id"]})

    requests_per_task = sum(SHARE.values()) / (sum(SHARE.values()) - SHARE["approval action"] / 2)
    plan = {
        "password": password,
        "tokens": api.tokens,
        "users": slots,
        "approval_tasks": list(tasks.values()),
        "rule_sets": rule_sets,
        "dry_run_sample": args.dry_run_sample,
        "jpeg": str(jpeg(run_dir)),
        "task_rate": (args.rps / args.users / requests_per_task) if args.rps > 0 else None,
    }
    (run_dir / "plan.json").write_text(json.dumps(plan, ensure_ascii=False, indent=1))
    scale.update(
        customer_managers=len(users_of), archives_edited=sum(len(s["archives"]) for s in slots),
        approval_tasks=len(tasks), tasks_released_before=released, rule_sets=len(rule_sets),
        jpeg_bytes=Path(plan["jpeg"]).stat().st_size,
    )
    return {"plan": plan, "scale": scale, "approvers": approvers}


# -- statistics ------------------------------------------------------------------------------------
def percentile(histogram: dict[int, int], p: float) -> float | None:
    """Locust's response-time histogram (rounded ms -> count): the value at ``p`` (0-1)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank = int(total * p)
    seen = 0
    for value in sorted(histogram, reverse=True):
        seen += histogram[value]
        if total - seen <= rank:
            return float(value)
    return float(min(histogram))


def snapshot(env: Environment) -> dict[str, Any]:
    entries = {name: (e.num_requests, e.num_failures, dict(e.response_times)) for (name, _method), e in env.stats.entries.items()}
    return {"t": time.monotonic(), "users": env.runner.user_count if env.runner else 0, "entries": entries}


def diff(later: dict[str, Any], earlier: dict[str, Any] | None) -> dict[str, tuple[int, int, dict[int, int]]]:
    out = {}
    for name, (n, f, hist) in later["entries"].items():
        n0, f0, h0 = earlier["entries"].get(name, (0, 0, {})) if earlier else (0, 0, {})
        out[name] = (n - n0, f - f0, {k: v - h0.get(k, 0) for k, v in hist.items() if v - h0.get(k, 0)})
    return out


def merge(parts: list[dict[str, tuple[int, int, dict[int, int]]]]) -> dict[str, tuple[int, int, dict[int, int]]]:
    out: dict[str, tuple[int, int, dict[int, int]]] = {}
    for part in parts:
        for name, (n, f, hist) in part.items():
            n0, f0, h0 = out.get(name, (0, 0, {}))
            merged = dict(h0)
            for k, v in hist.items():
                merged[k] = merged.get(k, 0) + v
            out[name] = (n0 + n, f0 + f, merged)
    return out


def figures(part: dict[str, tuple[int, int, dict[int, int]]], seconds: float) -> dict[str, Any]:
    n = sum(v[0] for v in part.values())
    hist: dict[int, int] = {}
    for _n, _f, h in part.values():
        for k, v in h.items():
            hist[k] = hist.get(k, 0) + v
    return {
        "requests": n, "failures": sum(v[1] for v in part.values()), "rps": round(n / seconds, 1) if seconds else None,
        "p50_ms": percentile(hist, 0.5), "p99_ms": percentile(hist, 0.99),
    }


# The database's own counters (pg_stat_database, so they include connections that have ended), read
# by a helper on the project's interpreter (asyncpg) each time it is sent a line.
PROBE_SCRIPT = """
import asyncio, json, os, sys
import asyncpg
SQL = ("SELECT d.xact_commit + d.xact_rollback AS xacts, d.sessions, d.active_time AS active_ms, d.numbackends,"
       " d.deadlocks, pg_database_size(d.datname) AS bytes FROM pg_stat_database d WHERE d.datname = current_database()")
async def main():
    conn = await asyncpg.connect(os.environ["CIC_DATABASE_URL"])
    loop = asyncio.get_running_loop()
    while await loop.run_in_executor(None, sys.stdin.readline):
        row = await conn.fetchrow(SQL)
        print(json.dumps({k: float(v) for k, v in row.items()}), flush=True)
    await conn.close()
asyncio.run(main())
"""


class DatabaseProbe:
    def __init__(self) -> None:
        self.proc = subprocess.Popen([project_python(), "-c", PROBE_SCRIPT], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def sample(self) -> dict[str, float] | None:
        try:
            assert self.proc.stdin and self.proc.stdout
            self.proc.stdin.write("\n")
            self.proc.stdin.flush()
            return json.loads(self.proc.stdout.readline())
        except Exception:  # noqa: BLE001 (a sample without the database's counters)
            return None

    def close(self) -> None:
        if self.proc.stdin:
            self.proc.stdin.close()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def database_figures(first: dict[str, float] | None, end: dict[str, float] | None, seconds: float, max_backends: float) -> dict[str, Any] | None:
    """What the database did during the measured time: transactions/s, busy backends on average
    (statement time per second), connections opened, its size."""
    if not first or not end:
        return None
    return {
        "transactions_per_s": round((end["xacts"] - first["xacts"]) / seconds, 1),
        "busy_backends_avg": round((end["active_ms"] - first["active_ms"]) / 1000 / seconds, 2),
        "connections_opened": int(end["sessions"] - first["sessions"]),
        "connections_end": int(end["numbackends"]),
        "connections_max": int(max_backends),
        "deadlocks": int(end["deadlocks"] - first["deadlocks"]),
        "size_mb_start": round(first["bytes"] / 2**20, 1), "size_mb_end": round(end["bytes"] / 2**20, 1),
    }


def resources(procs: dict[int, tuple[psutil.Process, str]], redis_client: Any, queue: str, probe: DatabaseProbe) -> dict[str, Any]:
    rss: dict[str, float] = {}
    cpu: dict[str, float] = {}
    for p, role in procs.values():
        try:
            with p.oneshot():
                rss[role] = rss.get(role, 0) + p.memory_info().rss / 2**20
                t = p.cpu_times()
                cpu[role] = cpu.get(role, 0) + t.user + t.system
        except psutil.Error:
            continue
    try:
        depth = redis_client.zcard(queue)
    except Exception:  # noqa: BLE001 (a sample without the queue's length)
        depth = None
    me = psutil.Process().cpu_times()
    machine = psutil.cpu_times()
    return {
        "machine_busy_s": round(sum(machine) - machine.idle - getattr(machine, "iowait", 0), 2), "machine_all_s": round(sum(machine), 2),
        "database": probe.sample(), "load_avg_1m": round(os.getloadavg()[0], 2),
        "rss_mb": round(sum(rss.values()), 1), "rss_mb_by_role": {k: round(v, 1) for k, v in sorted(rss.items())},
        "cpu_s_by_role": {k: round(v, 2) for k, v in sorted(cpu.items())}, "load_cpu_s": round(me.user + me.system, 2),
        "processes": len(procs), "queue_depth": depth,
    }


def server_side_ms(log_file: Path, since: datetime, until: datetime) -> dict[str, Any]:
    """The API's own timing of POST /graphql (its ``request`` log lines) between two instants:
    close to locust's figures, the time is spent in the API (CPU, database, pool); far below them,
    requests wait before the API sees them."""
    ms = []
    for line in log_file.open(errors="replace"):
        if '"event": "request"' not in line or '"/graphql"' not in line:
            continue
        try:
            entry = json.loads(line)
            at = datetime.fromisoformat(entry["timestamp"].replace("Z", "+00:00"))
        except (ValueError, KeyError):
            continue
        if since <= at <= until:
            ms.append(entry["ms"])
    ms.sort()
    pick = lambda p: ms[min(len(ms) - 1, int(len(ms) * p))] if ms else None  # noqa: E731
    return {"requests": len(ms), "p50_ms": pick(0.5), "p99_ms": pick(0.99)}


# -- the run -----------------------------------------------------------------------------------
def run_locust(args: argparse.Namespace, base: str, proc: subprocess.Popen, run_dir: Path, known: dict) -> dict[str, Any]:
    import redis

    os.environ["CIC_LOAD_PLAN"] = str(run_dir / "plan.json")
    spec = importlib.util.spec_from_file_location("cic_locustfile", LOCUSTFILE)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)

    env = Environment(user_classes=[module.CicUser], host=base, events=events, stop_timeout=30, locustfile=str(LOCUSTFILE))
    runner = env.create_local_runner()
    csv_writer = StatsCSVFileWriter(env, PERCENTILES_TO_REPORT, str(run_dir / "locust"), full_history=True)
    greenlets = [gevent.spawn(stats_history, runner), gevent.spawn(csv_writer.stats_writer)]
    redis_client = redis.Redis.from_url(os.environ["CIC_REDIS_URL"])
    queue = os.environ.get("CIC_QUEUE_NAME", "cic:queue")
    probe = DatabaseProbe()

    spawn_started = time.monotonic()
    runner.start(args.users, spawn_rate=args.spawn_rate)
    while runner.user_count < args.users or runner.state != "running":
        if time.monotonic() - spawn_started > args.users / args.spawn_rate + 120:
            raise RuntimeError(f"only {runner.user_count} of {args.users} users started")
        gevent.sleep(0.2)
    ramp_s = time.monotonic() - spawn_started
    log(f"{args.users} users running after {ramp_s:.1f} s; measuring for {args.minutes * 60:.0f} s")

    duration = args.minutes * 60
    samples: list[dict[str, Any]] = []
    known.update(procs := tree(proc))
    first = {**snapshot(env), **resources(procs, redis_client, queue, probe)}
    samples.append(first)
    t0 = first["t"]
    t0_wall = datetime.now(UTC)
    while True:
        next_t = t0 + len(samples) * args.sample_seconds
        if next_t > t0 + duration + 1e-6:
            break
        gevent.sleep(max(0, next_t - time.monotonic()))
        known.update(procs := tree(proc))
        sample = {**snapshot(env), **resources(procs, redis_client, queue, probe)}
        samples.append(sample)
        if len(samples) % max(1, int(30 / args.sample_seconds)) == 0:
            interval = figures(diff(sample, samples[-2]), sample["t"] - samples[-2]["t"])
            log(f"t={sample['t'] - t0:5.0f}s rps={interval['rps']} p99={interval['p99_ms']} ms failures={interval['failures']} "
                f"rss={sample['rss_mb']:.0f} MB queue={sample['queue_depth']}")
    end = samples[-1]
    t_end_wall = datetime.now(UTC)

    runner.quit()  # stops the users (each finishes its task, stop_timeout), fires test_stop
    probe.close()
    for g in greenlets:
        g.kill(block=True)
    csv_writer.close_files()

    # Intervals between samples, then windows.
    intervals = [(samples[i]["t"] - t0, diff(samples[i], samples[i - 1]), samples[i]["t"] - samples[i - 1]["t"]) for i in range(1, len(samples))]
    window = 60.0 if duration >= 120 else duration / 2

    def window_figures(lo: float, hi: float) -> dict[str, Any]:
        chosen = [(part, secs) for (t_end, part, secs) in intervals if lo < t_end <= hi + 1e-6]
        part = merge([p for p, _s in chosen])
        out = figures(part, sum(s for _p, s in chosen))
        inside = [s for s in samples if lo <= s["t"] - t0 <= hi + 1e-6]
        out["rss_mb"] = round(sum(s["rss_mb"] for s in inside) / len(inside), 1) if inside else None
        out["rss_mb_by_role"] = inside[-1]["rss_mb_by_role"] if inside else None
        depths = [s["queue_depth"] for s in inside if s["queue_depth"] is not None]
        out["queue_depth_max"] = max(depths) if depths else None
        return out

    whole = diff(end, first)
    measured = end["t"] - t0
    operations = {}
    for name in [*OPERATIONS, *sorted(set(whole) - set(OPERATIONS))]:
        n, f, hist = whole.get(name, (0, 0, {}))
        operations[name] = {
            "requests": n, "failures": f, "rps": round(n / measured, 1), "share_pct": round(100 * n / max(1, sum(v[0] for v in whole.values())), 1),
            "p50_ms": percentile(hist, 0.5), "p99_ms": percentile(hist, 0.99), "max_ms": float(max(hist)) if hist else None,
        }
    ramp = figures(diff(first, None), ramp_s)
    failures_by_name = {name: e.num_failures for (name, _m), e in env.stats.entries.items() if e.num_failures}
    messages = sorted(
        ({"name": e.name, "error": str(e.error)[:300], "occurrences": e.occurrences} for e in env.stats.errors.values()),
        key=lambda x: -x["occurrences"],
    )[:20]
    cpu = {role: round((end["cpu_s_by_role"].get(role, 0) - first["cpu_s_by_role"].get(role, 0)) / measured, 2) for role in end["cpu_s_by_role"]}
    (run_dir / "samples.json").write_text(json.dumps(
        [{k: v for k, v in s.items() if k != "entries"} | {"t": round(s["t"] - t0, 1)} for s in samples], indent=1
    ))
    overall = figures(whole, measured)
    return {
        "measured_s": round(measured, 1),
        "ramp": {"seconds": round(ramp_s, 1), **ramp},
        "total_requests": env.stats.total.num_requests,  # the ramp's included
        "total_failures": env.stats.total.num_failures,
        "measured_requests": overall["requests"],
        "measured_failures": overall["failures"],
        "failures_by_name": failures_by_name,
        "failure_messages": messages,
        "requests_per_s": overall["rps"],
        "p50_ms": overall["p50_ms"],
        "p99_ms": overall["p99_ms"],
        "operations": operations,
        "server_side_graphql": server_side_ms(run_dir / "cluster.log", t0_wall, t_end_wall),
        "window_s": round(window, 1),
        "first_window": window_figures(0, window),
        "last_window": window_figures(duration - window, duration),
        "rss_mb": {"start": first["rss_mb"], "end": end["rss_mb"], "max": max(s["rss_mb"] for s in samples),
                   "by_role_start": first["rss_mb_by_role"], "by_role_end": end["rss_mb_by_role"]},
        "cpu_cores_by_role": cpu,
        "load_generator_cpu_cores": round((end["load_cpu_s"] - first["load_cpu_s"]) / measured, 2),
        "database": database_figures(first["database"], end["database"], measured,
                                     max((s["database"] or {}).get("numbackends", 0) for s in samples)),
        "machine_busy_pct": round(100 * (end["machine_busy_s"] - first["machine_busy_s"]) / max(1e-9, end["machine_all_s"] - first["machine_all_s"]), 1),
        "load_avg_1m": {"start": first["load_avg_1m"], "end": end["load_avg_1m"]},
        "queue_depth": {"start": first["queue_depth"], "end": end["queue_depth"], "max": max((s["queue_depth"] or 0) for s in samples)},
        "approval_lock_wait": {k: round(v, 3) for k, v in module.APPROVAL_LOCK_WAIT.items()},
        "locustfile_exceptions": [{"count": e["count"], "msg": e["msg"][:300]} for e in runner.exceptions.values()],
    }


def hold_for_locust(args: argparse.Namespace, base: str, proc: subprocess.Popen, run_dir: Path) -> None:
    """``--prepare-only``: the cluster and the plan stay until Ctrl-C (or SIGTERM), for locust's own
    command line or web UI; then the runner cleans up as after a run."""
    stop = gevent.event.Event()
    gevent.signal_handler(signal.SIGINT, stop.set)
    gevent.signal_handler(signal.SIGTERM, stop.set)
    command = (f"CIC_LOAD_PLAN={run_dir / 'plan.json'} uv run --with locust locust -f {LOCUSTFILE.relative_to(ROOT)} "
               f"--headless -u {args.users} -r {args.spawn_rate:g} --run-time {round(args.minutes * 60)}s --host {base} --csv {run_dir / 'cli'}")
    log(f"cluster at {base}; in another terminal (from {ROOT}):\n  {command}\nCtrl-C here stops the cluster")
    print(command, flush=True)
    while not stop.is_set() and proc.poll() is None:
        stop.wait(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=10, help="measured time, after the last user started")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--spawn-rate", type=float, default=None, help="users started per second (default: all within 10 s)")
    parser.add_argument("--rps", type=float, default=200, help="target requests/s over all users (0: as fast as answers come)")
    parser.add_argument("--api-processes", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--archives-per-user", type=int, default=4)
    parser.add_argument("--dry-run-sample", type=int, default=100, help="archives a dry run evaluates (the PC sends none: the whole bank)")
    parser.add_argument("--sample-seconds", type=float, default=5)
    parser.add_argument("--prepare-only", action="store_true",
                        help="start the cluster, write the plan, print a locust command line, and keep the cluster until Ctrl-C")
    parser.add_argument("--analyze", choices=("auto", "always", "never"), default="auto",
                        help="VACUUM (ANALYZE) the database before the run: auto = when the server runs without autovacuum")
    args = parser.parse_args()
    args.spawn_rate = args.spawn_rate or max(1.0, args.users / 10)
    for name in ("CIC_DATABASE_URL", "CIC_REDIS_URL"):
        if not os.environ.get(name):
            parser.error(f"{name} must point at the database and Redis to load (cic run would start embedded ones)")

    run_dir = Path(tempfile.mkdtemp(prefix="cic-load-"))
    result: dict[str, Any] = {"run_dir": str(run_dir), "csv": str(run_dir / "locust_stats.csv")}
    known: dict[int, tuple[psutil.Process, str]] = {}
    analyzed = analyze_database(args.analyze == "always") if args.analyze != "never" else {"autovacuum": None, "analyzed_s": None}
    if analyzed["analyzed_s"] is not None:
        log(f"vacuumed and analyzed the database in {analyzed['analyzed_s']} s (autovacuum: {analyzed['autovacuum']})")
    proc, base, _env = start_cluster(args, run_dir)
    api = None
    approvers: list[str] = []
    try:
        ready_s = wait_ready(base, proc, run_dir)
        known.update(tree(proc))
        log(f"ready after {ready_s:.1f} s ({len(known)} processes)")
        api = Api(base, "")
        prepared = prepare(api, args, run_dir)
        approvers = prepared["approvers"]
        result["scale"] = {
            **prepared["scale"], "locust_users": args.users, "api_processes": args.api_processes, "workers": args.workers,
            "cluster_processes": len(tree(proc)), "target_rps": args.rps, "dry_run_sample": args.dry_run_sample,
            "database": os.environ["CIC_DATABASE_URL"].rsplit("/", 1)[-1], "cpus": os.cpu_count(), **analyzed,
        }
        log(f"prepared: {json.dumps(result['scale'], ensure_ascii=False)}")
        if args.prepare_only:
            hold_for_locust(args, base, proc, run_dir)
        else:
            result.update(run_locust(args, base, proc, run_dir, known))
    finally:
        if api is not None and approvers:
            try:  # a task a stopped user held between its claim and its release
                result["tasks_released_after"] = release_held_tasks(api, approvers)
            except Exception as exc:  # noqa: BLE001 (reported, the cluster is stopped regardless)
                result["tasks_released_after"] = f"failed: {exc}"
        log("stopping the cluster")
        result["leftovers"] = stop_cluster(proc, known)
        result["cluster_exit_code"] = proc.returncode
    print(json.dumps(result, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
