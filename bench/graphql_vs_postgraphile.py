"""GraphQL throughput against the best alternative: the branch-scoped name-prefix search through
CIC and through PostGraphile serving the same table and query, in the same run.

* **CIC**: `cic serve` (one process), logged in as a branch's manager (`fz1.manager`: the token is
  verified, the scope applied, the field policy masks ID numbers and mobiles, which are
  decrypted for it), `customers(filter: {namePrefix}, first: 20)` with 8 fields a row, the
  manager's and the branch's names.
* **PostGraphile** 4.14 (`bench/postgraphile/server.js`, its library behind Node's HTTP server, with
  partitioned tables served by their parent; `npm ci` there; one Node process), over the same
  database as its owner: a SQL function with the same predicate and order (the branch's bank
  and path, the name's pinyin-key prefix and its characters' prefix, the latter as a filter only,
  inside a CASE as CIC tests it (docs/benchmarks.md): as an index range it made some surnames read
  and sort a branch's whole surname, 70 ms, and as `(name || '') LIKE`, estimated to keep 0.5 %,
  a common surname's whole range at 200,000 archives, 20 ms (found 2026-12-08);
  `ORDER BY name_sort, id`)
  exposed as a connection, `first: 20`, the same 8 columns (the ciphertexts as stored: nothing
  to decrypt or mask) and the same two names through the foreign keys.

Both answer the same 20 archives for each surname (checked before timing). Rounds are
interleaved (CIC then PostGraphile, then the other way round), at concurrency 1 and 8 (8
clients, each one request at a time, over keep-alive connections); the figure per server and
concurrency is the median round. Each round also adds up, from ``/proc``, the CPU time of the
server's process and of every PostgreSQL process (``bench/cpu_ab.py``'s counters) per request:
where each server's time goes (``server_cpu_ms``, ``database_cpu_ms``, medians over the rounds).
Prints one JSON object with both servers' figures and CIC's ratio. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench CIC_REDIS_URL=redis://127.0.0.1:6379/0 \\
    uv run python bench/graphql_vs_postgraphile.py [--requests 1000] [--rounds 3]

The function lives in a schema of its own (`bench_postgraphile`), dropped at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cpu_ab import cpu_seconds, database_cpu, database_cpu_used  # noqa: E402
from customers_api import SURNAMES, free_port, percentile, wait_ready  # noqa: E402

from backend.customers.sorting import pinyin_key  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
POSTGRAPHILE = Path(__file__).resolve().parent / "postgraphile"
PASSWORD = "Cic@2026demo"
CIC_SEARCH = """query($p: String!) { customers(filter: {namePrefix: $p}, first: 20) {
  edges { node { id name idNumber mobile status birthDate manager { name } branch { name } } } } }"""
PG_SEARCH = """query($bank: BigInt!, $path: String!, $sort: String!, $name: String!) {
  branchSearch(bank: $bank, path: $path, sortPrefix: $sort, namePrefix: $name, first: 20) {
    nodes { id name idNumberEncrypted mobileEncrypted status birthDate staffUserByManagerId { name } orgUnitByBranchId { name } } } }"""
FUNCTION = """
CREATE SCHEMA bench_postgraphile;
CREATE FUNCTION bench_postgraphile.branch_search(bank bigint, path text, sort_prefix text, name_prefix text)
RETURNS SETOF public.customers LANGUAGE sql STABLE AS $$
  SELECT * FROM public.customers
  WHERE bank_id = bank AND org_path = path AND name_sort LIKE sort_prefix
    AND CASE WHEN name LIKE name_prefix THEN true ELSE false END
  ORDER BY name_sort, id
$$;
"""


def _like(value: str) -> str:
    return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def _load(url: str, body_of, headers: dict, concurrency: int, requests: int) -> dict:
    """``requests`` requests from ``concurrency`` clients, each one at a time."""
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60, limits=limits) as http:
        counter = iter(range(requests))

        async def client() -> None:
            for i in counter:
                t0 = time.perf_counter()
                response = await http.post("/graphql", json=body_of(i))
                latencies.append(time.perf_counter() - t0)
                if response.status_code != 200 or "errors" in response.json():
                    raise SystemExit(f"{url}: {response.text[:300]}")

        started = time.perf_counter()
        await asyncio.gather(*(client() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    ms = [v * 1000 for v in latencies]
    return {"rps": round(len(ms) / elapsed, 1), "p50_ms": round(percentile(ms, 50), 2), "p99_ms": round(percentile(ms, 99), 2)}


def main() -> None:  # noqa: PLR0915
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000, help="per server, concurrency and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--user", default="fz1.manager")
    args = parser.parse_args()
    database = os.environ.get("CIC_DATABASE_URL")
    if not database or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a seeded database) and CIC_REDIS_URL")
    if not (POSTGRAPHILE / "node_modules").exists():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=POSTGRAPHILE, check=True)
    dsn = database.replace("postgresql+asyncpg://", "postgresql://")

    async def setup() -> tuple[int, str]:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("DROP SCHEMA IF EXISTS bench_postgraphile CASCADE")
            await conn.execute(FUNCTION)
            row = await conn.fetchrow("SELECT u.bank_id, o.path FROM staff_users u JOIN org_units o ON o.id = u.org_unit_id WHERE u.username = $1", args.user)
            return row["bank_id"], row["path"]
        finally:
            await conn.close()

    async def teardown() -> None:
        conn = await asyncpg.connect(dsn)
        try:
            await conn.execute("DROP SCHEMA IF EXISTS bench_postgraphile CASCADE")
        finally:
            await conn.close()

    bank, path = asyncio.run(setup())
    cic_port, pg_port = free_port(), free_port()
    env = {**os.environ, "CIC_PORT": str(cic_port), "CIC_LOG_LEVEL": "WARNING", "CIC_ENV": "development"}
    cic = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve"], cwd=ROOT, env=env)
    pg = subprocess.Popen(["node", "server.js", dsn, str(pg_port)], cwd=POSTGRAPHILE, start_new_session=True)
    cic_url, pg_url = f"http://127.0.0.1:{cic_port}", f"http://127.0.0.1:{pg_port}"
    try:
        with httpx.Client(base_url=cic_url, timeout=30) as http:
            wait_ready(http, 150)
            token = http.post("/auth/token", data={"grant_type": "password", "username": args.user, "password": PASSWORD}).json()["access_token"]
        with httpx.Client(base_url=pg_url, timeout=30) as http:
            for _ in range(150):
                try:
                    if http.post("/graphql", json={"query": "{ __typename }"}).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                time.sleep(0.2)
        cic_headers = {"Authorization": f"Bearer {token}"}

        def cic_body(i: int) -> dict:
            return {"query": CIC_SEARCH, "variables": {"p": SURNAMES[i % len(SURNAMES)]}}

        def pg_body(i: int) -> dict:
            name = SURNAMES[i % len(SURNAMES)]
            return {"query": PG_SEARCH, "variables": {"bank": str(bank), "path": path, "sort": _like(pinyin_key(name)), "name": _like(name)}}

        # The same archives from both, for every surname.
        with httpx.Client(timeout=30) as http:
            for i in range(len(SURNAMES)):
                ours = http.post(f"{cic_url}/graphql", json=cic_body(i), headers=cic_headers).json()["data"]["customers"]["edges"]
                answer = http.post(f"{pg_url}/graphql", json=pg_body(i)).json()
                assert "data" in answer, answer
                theirs = answer["data"]["branchSearch"]["nodes"]
                assert [e["node"]["name"] for e in ours] == [n["name"] for n in theirs], (SURNAMES[i], ours[:2], theirs[:2])
                assert [e["node"]["id"] for e in ours] == [n["id"] for n in theirs]
        servers = {"cic": (cic_url, cic_body, cic_headers), "postgraphile": (pg_url, pg_body, {})}
        for name, (url, body, headers) in servers.items():  # warm-up: caches, JIT, prepared statements
            asyncio.run(_load(url, body, headers, 8, 200))
        rounds: dict[str, dict[int, list[dict]]] = {name: {1: [], 8: []} for name in servers}
        pids = {"cic": cic.pid, "postgraphile": pg.pid}
        for r in range(args.rounds):
            order = list(servers) if r % 2 == 0 else list(reversed(servers))
            for concurrency in (1, 8):
                for name in order:
                    url, body, headers = servers[name]
                    # Each server's own CPU and PostgreSQL's (every postgres process: nothing else
                    # runs meanwhile) over the round, per request.
                    server_before, database_before = cpu_seconds(pids[name]), database_cpu()
                    result = asyncio.run(_load(url, body, headers, concurrency, args.requests))
                    result["server_cpu_ms"] = round((cpu_seconds(pids[name]) - server_before) * 1000 / args.requests, 2)
                    result["database_cpu_ms"] = round(database_cpu_used(database_before) * 1000 / args.requests, 2)
                    rounds[name][concurrency].append(result)
    finally:
        cic.terminate()
        os.killpg(pg.pid, signal.SIGTERM)
        for process in (cic, pg):
            process.wait(10)
        asyncio.run(teardown())

    def median_round(results: list[dict]) -> dict:
        return sorted(results, key=lambda x: x["rps"])[len(results) // 2]

    def median_of(results: list[dict], key: str) -> float:
        return sorted(x[key] for x in results)[len(results) // 2]

    figures = {
        name: {
            f"concurrency_{c}": {
                **median_round(rs), "rounds_rps": [x["rps"] for x in rs],
                # the medians over the rounds: CPU per request of the server's process and of PostgreSQL
                "server_cpu_ms": median_of(rs, "server_cpu_ms"), "database_cpu_ms": median_of(rs, "database_cpu_ms"),
            }
            for c, rs in by_c.items()
        }
        for name, by_c in rounds.items()
    }
    print(
        json.dumps(
            {
                "benchmark": "graphql_vs_postgraphile",
                "query": "branch-scoped name-prefix search, first 20, 8 fields, manager and branch names",
                "caller": args.user,
                "requests_per_round": args.requests,
                "rounds": args.rounds,
                **figures,
                "cic_vs_postgraphile_rps": {
                    f"concurrency_{c}": round(figures["cic"][f"concurrency_{c}"]["rps"] / figures["postgraphile"][f"concurrency_{c}"]["rps"], 2)
                    for c in (1, 8)
                },
                "client": "httpx.AsyncClient over loopback, keep-alive, on the same 2 cores; each figure the median round",
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
