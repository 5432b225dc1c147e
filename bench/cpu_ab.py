"""The API's CPU per request, older code against newer, in alternating blocks on one database.

On a shared machine whose speed swings by a third within minutes, two runs of a benchmark an
hour apart compare the machine's hours more than the code. This script starts two `cic serve`
processes, one from a git worktree of ``--old`` (a commit) and one from this checkout, and sends
each kind of request to them in turn, in blocks of ``--block`` requests (old, new, new, old,
...), adding up each server's CPU time (``/proc/<pid>/stat``: user + system) over its blocks.
Both serve the same database with the same keys (``CIC_VAR_DIR``: this checkout's ``var``).

Kinds (``--kinds``), the PC's own documents (those of ``bench/load/locustfile.py``, read from it
without importing locust):

* ``search``: this repository's PostGraphile bench search (8 fields, the manager's and branch's
  names) as ``fz1.manager``;
* ``pc-list``: the PC workbench's archive list with its count, 20 rows, as ``fz1.manager``;
* ``detail``: the PC's archive detail, as ``fz1.manager``;
* ``save``: the PC's save with its version (the address line changed each time) as ``fz1.cm1``,
  each server on its own 20 archives (draft archives whose save passes validation);
* ``dry-run``: the rule dry run of the load's mix (``dryRunRuleSet``, a sample of 100) as
  ``fz.admin``, on the bank's draft rule set named as the load's (made if missing);
* ``approval``: the load's approval action, ``claimTask`` and ``releaseTask`` in turn (a request
  each) on an OPEN task of the first demo approver who has one;
* ``upload``: the load's image upload (GraphQL multipart, a 320x240 JPEG) as ``fz1.cm1`` to one
  of its archives (each upload stays: a new image record and object per request; the servers
  run no worker, so the script processes the images at the end with ``cic worker --burst``);
* ``typename``: ``{ __typename }`` (the fixed cost of a request).

Prints one JSON object: per kind, each server's CPU milliseconds per request and the change, and
the database's (every PostgreSQL process's CPU during that server's blocks: run it on a machine
where nothing else uses the database meanwhile). PostgreSQL plans a prepared statement for its
values for its first five runs on each connection, then keeps one plan when that plan is as
cheap; a server's pool holds 20 connections, used in turn, so the warm-up (``--warmup``, 200)
runs each statement ten times on each before the blocks are measured.
Usage (a seeded database, as for the other benchmarks):

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench CIC_REDIS_URL=redis://127.0.0.1:6379/5 \\
    uv run python bench/cpu_ab.py --old HEAD~1 [--kinds search,pc-list,detail,save] [--blocks 16] [--block 100]
"""

from __future__ import annotations

import argparse
import ast
import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from customers_api import SURNAMES, free_port  # noqa: E402
from load_draft import RULE_SETS, SAVE_RULES, draft_of, new_draft  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Cic@2026demo"
SEARCH = """query($p: String!) { customers(filter: {namePrefix: $p}, first: 20) {
  edges { node { id name idNumber mobile status birthDate manager { name } branch { name } } } } }"""
DRAFTS = """query($p: String!) { customers(filter: {namePrefix: $p, statuses: [DRAFT]}, first: 20) { edges { node { id } } } }"""
CLOCK = os.sysconf("SC_CLK_TCK")


def pc_documents() -> dict[str, Any]:
    """The locustfile's documents (``SEARCH``, ``DETAIL``, ``SAVE``) and its ``archive_input``,
    taken from its syntax tree: its module imports locust and gevent, which this needs not."""
    path = ROOT / "bench" / "load" / "locustfile.py"
    tree = ast.parse(path.read_text())
    wanted = {"LIST_FIELDS", "SEARCH", "DETAIL_FIELDS", "DETAIL", "SAVE", "DRY_RUN", "TASK_PAYLOAD", "CLAIM", "RELEASE", "UPLOAD"}
    body = [
        node for node in tree.body
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id in wanted for t in node.targets))
        or (isinstance(node, ast.FunctionDef) and node.name == "archive_input")
    ]  # fmt: skip
    namespace: dict[str, Any] = {"Any": Any}
    exec(compile(ast.Module(body=body, type_ignores=[]), str(path), "exec"), namespace)  # noqa: S102
    return namespace


def _stat_cpu(stat: str) -> float:
    """User + system seconds from a ``/proc/<pid>/stat`` line."""
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK


def cpu_seconds(pid: int) -> float:
    return _stat_cpu(Path(f"/proc/{pid}/stat").read_text())


def database_cpu() -> dict[int, float]:
    """The CPU time of each PostgreSQL process on this machine (the servers' backends and the
    database's own workers), by process id: ``database_cpu_used`` of a block of one server's
    requests is what it cost the database, as long as nothing else uses it meanwhile."""
    found: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:  # the process ended meanwhile
            continue
        if "(postgres)" in stat:
            found[int(entry.name)] = _stat_cpu(stat)
    return found


def database_cpu_used(before: dict[int, float]) -> float:
    """The CPU the PostgreSQL processes used since ``before`` (``database_cpu``): each process's
    growth, all of the time of one that started meanwhile. One that ended meanwhile (a parallel
    query's worker, an autovacuum worker) takes its time in the interval with it: it is missed, no
    longer subtracted whole (a sum over the processes went negative when one ended)."""
    used = 0.0
    for pid, seconds in database_cpu().items():
        earlier = before.get(pid, 0.0)
        used += seconds - earlier if seconds >= earlier else seconds  # (a process id used again: a new process)
    return used


class Server:
    """One `cic serve` from ``tree`` on a free port."""

    def __init__(self, name: str, tree: Path) -> None:
        self.name, self.tree, self.port = name, tree, free_port()
        env = {**os.environ, "CIC_PORT": str(self.port), "CIC_LOG_LEVEL": "WARNING", "CIC_ENV": "development",
               "CIC_VAR_DIR": os.environ.get("CIC_VAR_DIR", str(ROOT / "var"))}
        self.process = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve"], cwd=tree, env=env)
        self.http = httpx.AsyncClient(base_url=f"http://127.0.0.1:{self.port}", timeout=60)
        self.cpu: dict[str, float] = {}
        self.db_cpu: dict[str, float] = {}
        self.count: dict[str, int] = {}
        self.headers: dict[str, dict[str, str]] = {}
        self.archives: dict[str, dict[str, Any]] = {}  # for ``save``: id -> the archive as last answered

    async def ready(self) -> None:
        for _ in range(300):
            try:
                if (await self.http.get("/ready")).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"the {self.name} server exited ({self.process.returncode})")
            await asyncio.sleep(0.2)  # a benchmark's setup, not a measurement
        raise SystemExit(f"the {self.name} server did not get ready")

    async def login(self, user: str) -> dict[str, str]:
        if user not in self.headers:
            answer = await self.http.post("/auth/token", data={"grant_type": "password", "username": user, "password": PASSWORD})
            self.headers[user] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
        return self.headers[user]

    async def post(self, user: str, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = await self.http.post("/graphql", json={"query": query, "variables": variables}, headers=await self.login(user))
        body = answer.json()
        if answer.status_code != 200 or body.get("errors"):
            raise SystemExit(f"{self.name}: {answer.status_code} {json.dumps(body, ensure_ascii=False)[:400]}")
        return body["data"]

    async def close(self) -> None:
        await self.http.aclose()
        self.process.terminate()
        self.process.wait(20)


async def saved(server: Server, pc: dict[str, Any], archive_id: str, archive: dict[str, Any], n: int) -> dict[str, Any] | None:
    """The archive as the save answered, or None when the save was refused (validation)."""
    form = pc["archive_input"](archive)
    form["address"]["line"] = f"测试村{n % 7}号"
    variables = {"input": {"id": archive_id, "version": archive["version"], "archive": form}}
    answer = await server.http.post("/graphql", json={"query": pc["SAVE"], "variables": variables}, headers=await server.login("fz1.cm1"))
    return (((answer.json().get("data") or {}).get("updateArchive")) or {}).get("customer")


async def prepare_saves(servers: list[Server], pc: dict[str, Any]) -> None:
    """Draft archives of ``fz1.cm1`` whose save passes, 20 for each server (none shared, so no
    save meets another's version)."""
    first = servers[0]
    found: list[tuple[str, dict[str, Any]]] = []
    for surname in SURNAMES:
        ids = [e["node"]["id"] for e in (await first.post("fz1.cm1", DRAFTS, {"p": surname}))["customers"]["edges"]]
        for archive_id in ids:
            archive = (await first.post("fz1.cm1", pc["DETAIL"], {"id": archive_id}))["customer"]
            answer = await saved(first, pc, archive_id, archive, 0)
            if answer is not None:
                found.append((archive_id, answer))
            if len(found) >= 20 * len(servers):
                break
        if len(found) >= 20 * len(servers):
            break
    if len(found) < 2 * len(servers):
        raise SystemExit(f"only {len(found)} draft archives of fz1.cm1 save cleanly")
    for i, server in enumerate(servers):
        server.archives = dict(found[i :: len(servers)])


TASKS = """query { approvalTasks(box: QUEUE, first: 100) { edges { node { id status } } } }"""
APPROVERS = ("fz1.manager", "fz2.manager", "fz.approver", "fz.approver2", "np1.manager", "np.approver", "qz1.manager", "qz.approver")


async def prepare_others(server: Server, kinds: list[str]) -> dict[str, Any]:
    """What ``dry-run``, ``approval`` and ``upload`` act on: the FZ bank's draft rule set, an
    OPEN task with an approver who sees it, an archive of ``fz1.cm1`` and the JPEG."""
    found: dict[str, Any] = {}
    if "dry-run" in kinds:
        found["rule_set"] = draft_of((await server.post("fz.admin", RULE_SETS, {}))["ruleSets"])
        if found["rule_set"] is None:
            saved = (await server.post("fz.admin", SAVE_RULES, new_draft("FZ")))["saveRuleSet"]
            if saved["errors"]:
                raise SystemExit(f"saveRuleSet as fz.admin: {saved['errors']}")
            found["rule_set"] = saved["ruleSet"]["id"]
    if "approval" in kinds:
        for approver in APPROVERS:
            open_tasks = [e["node"]["id"] for e in (await server.post(approver, TASKS, {}))["approvalTasks"]["edges"] if e["node"]["status"] == "OPEN"]
            if open_tasks:
                found["task"], found["approver"] = open_tasks[0], approver
                break
        else:
            raise SystemExit(f"no OPEN approval task in the queues of {', '.join(APPROVERS)}")
    if "upload" in kinds:
        sys.path.insert(0, str(ROOT))
        from tests.images.photos import photo

        found["archive"] = (await server.post("fz1.cm1", DRAFTS, {"p": SURNAMES[0]}))["customers"]["edges"][0]["node"]["id"]
        found["jpeg"] = photo(320, 240, seed=19)
    return found


async def upload(server: Server, pc: dict[str, Any], archive_id: str, jpeg: bytes, n: int) -> None:
    variables = {
        "input": {"customerId": archive_id, "kind": "HOUSE", "clientUploadId": str(uuid.uuid4()), "takenAt": "2026-12-01T08:00:00+00:00",
                  "latitude": 26.074119, "longitude": 119.296470, "accuracyM": 12.0, "deviceId": "CPU-AB"},
        "file": None,
    }  # fmt: skip
    files = {
        "operations": (None, json.dumps({"query": pc["UPLOAD"], "variables": variables})),
        "map": (None, json.dumps({"0": ["variables.file"]})),
        "0": ("photo.jpg", jpeg, "image/jpeg"),
    }
    headers = {**await server.login("fz1.cm1"), "x-cic-csrf": "1"}
    answer = await server.http.post("/graphql", files=files, headers=headers)
    body = answer.json()
    if answer.status_code != 200 or body.get("errors") or body["data"]["uploadImage"]["errors"]:
        raise SystemExit(f"{server.name}: upload {n}: {answer.status_code} {json.dumps(body, ensure_ascii=False)[:400]}")


async def request(server: Server, kind: str, n: int, pc: dict[str, Any], ids: list[str]) -> None:
    surname = SURNAMES[n % len(SURNAMES)]
    if kind == "search":
        await server.post("fz1.manager", SEARCH, {"p": surname})
    elif kind == "pc-list":
        await server.post("fz1.manager", pc["SEARCH"], {"filter": {"namePrefix": surname}, "first": 20})
    elif kind == "detail":
        await server.post("fz1.manager", pc["DETAIL"], {"id": ids[n % len(ids)]})
    elif kind == "save":
        archive_id = list(server.archives)[n % len(server.archives)]
        answer = await saved(server, pc, archive_id, server.archives[archive_id], n)
        if answer is None:
            raise SystemExit(f"{server.name}: a save was refused")
        server.archives[archive_id] = answer
    elif kind == "dry-run":
        answer = await server.post("fz.admin", pc["DRY_RUN"], {"id": pc["rule_set"], "sample": 100})
        if answer["dryRunRuleSet"]["errors"]:
            raise SystemExit(f"{server.name}: a dry run was refused: {answer['dryRunRuleSet']['errors']}")
    elif kind == "approval":  # claimed on even requests, released on odd ones: a block (even) leaves it OPEN
        mutation, field = (pc["CLAIM"], "claimTask") if n % 2 == 0 else (pc["RELEASE"], "releaseTask")
        answer = await server.post(pc["approver"], mutation, {"id": pc["task"]})
        if answer[field]["errors"]:
            raise SystemExit(f"{server.name}: {field} was refused: {answer[field]['errors']}")
    elif kind == "upload":
        await upload(server, pc, pc["archive"], pc["jpeg"], n)
    else:
        await server.post("fz1.manager", "{ __typename }", {})


async def measure(servers: list[Server], kinds: list[str], blocks: int, block: int, warmup: int) -> None:
    pc = pc_documents()
    await asyncio.gather(*(s.ready() for s in servers))
    pages = [await servers[0].post("fz1.manager", SEARCH, {"p": s}) for s in SURNAMES[:6]]
    ids = [e["node"]["id"] for page in pages for e in page["customers"]["edges"]]
    if "save" in kinds:
        await prepare_saves(servers, pc)
    pc.update(await prepare_others(servers[0], kinds))
    for kind in kinds:
        for server in servers:
            for n in range(warmup):
                await request(server, kind, n, pc, ids)
        for b in range(blocks):
            for server in servers if b % 2 == 0 else servers[::-1]:
                before, db_before = cpu_seconds(server.process.pid), database_cpu()
                for n in range(b * block, (b + 1) * block):
                    await request(server, kind, n, pc, ids)
                server.cpu[kind] = server.cpu.get(kind, 0.0) + cpu_seconds(server.process.pid) - before
                server.db_cpu[kind] = server.db_cpu.get(kind, 0.0) + database_cpu_used(db_before)
                server.count[kind] = server.count.get(kind, 0) + block
        print(f"{kind}: done", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--old", required=True, help="the older code: a commit (checked out in a temporary git worktree)")
    parser.add_argument("--kinds", default="search,pc-list,detail,save")
    parser.add_argument("--blocks", type=int, default=16, help="blocks per server and kind (alternating)")
    parser.add_argument("--block", type=int, default=100, help="requests per block")
    parser.add_argument("--warmup", type=int, default=200,
                        help="requests per server and kind before measuring (PostgreSQL plans a prepared statement "
                             "for its values for its first five runs on a connection; a server has 20 in its pool)")
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a seeded database) and CIC_REDIS_URL")
    kinds = [k for k in args.kinds.split(",") if k]
    unknown = set(kinds) - {"search", "pc-list", "detail", "save", "dry-run", "approval", "upload", "typename"}
    if "approval" in kinds and (args.block % 2 or args.warmup % 2):
        sys.exit("approval claims and releases in turn: --block and --warmup must be even")
    if unknown:
        sys.exit(f"unknown kinds: {', '.join(sorted(unknown))}")
    old_commit = subprocess.check_output(["git", "rev-parse", args.old], cwd=ROOT, text=True).strip()
    new_commit = subprocess.check_output(["git", "rev-parse", "HEAD"], cwd=ROOT, text=True).strip()
    worktree = Path(tempfile.mkdtemp(prefix="cic-ab-"))
    subprocess.run(["git", "worktree", "add", "--detach", "--force", str(worktree), old_commit], cwd=ROOT, check=True, capture_output=True)
    servers = [Server("old", worktree), Server("new", ROOT)]

    async def run() -> None:
        try:
            await measure(servers, kinds, args.blocks, args.block, args.warmup)
        finally:
            for server in servers:
                await server.close()

    try:
        asyncio.run(run())
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(worktree)], cwd=ROOT, capture_output=True)
        shutil.rmtree(worktree, ignore_errors=True)
    if "upload" in kinds:
        # The servers ran no worker: process the uploads' images now (their jobs are queued), or
        # the image sweeper of the next `cic run` on this database queues them all again.
        print("upload: processing the uploaded images (cic worker --burst)", file=sys.stderr)
        subprocess.run([sys.executable, "-m", "backend.cli", "worker", "--burst"], cwd=ROOT, check=True,
                       env={**os.environ, "CIC_VAR_DIR": os.environ.get("CIC_VAR_DIR", str(ROOT / "var"))})
    old, new = servers
    result = {
        "benchmark": "cpu_ab",
        "old": old_commit[:12],
        "new": new_commit[:12] + (" (and uncommitted changes)" if subprocess.run(["git", "diff", "--quiet", "HEAD"], cwd=ROOT).returncode else ""),
        "block": args.block,
        "blocks_per_server": args.blocks,
        "cpu_ms_per_request": {
            kind: {
                "old": round(1000 * old.cpu[kind] / old.count[kind], 2),
                "new": round(1000 * new.cpu[kind] / new.count[kind], 2),
                "change_pct": round(100 * (new.cpu[kind] / new.count[kind]) / (old.cpu[kind] / old.count[kind]) - 100, 1),
                "requests_each": old.count[kind],
            }
            for kind in kinds
        },
        "database_cpu_ms_per_request": {
            kind: {
                "old": round(1000 * old.db_cpu[kind] / old.count[kind], 2),
                "new": round(1000 * new.db_cpu[kind] / new.count[kind], 2),
                "change_pct": round(100 * (new.db_cpu[kind] / new.count[kind]) / max(old.db_cpu[kind] / old.count[kind], 1e-9) - 100, 1),
            }
            for kind in kinds
        },
        "method": "two `cic serve` processes on one database, blocks alternating old/new/new/old; CPU from /proc (user + system): "
                  "the server's own, and every PostgreSQL process's during the server's blocks",
    }
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
