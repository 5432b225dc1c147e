"""Customer search and detail latency through the real HTTP endpoint.

Starts `cic serve` against an already seeded database (see docs/benchmarks.md), logs in as a
demo branch manager (scope = one branch, field policy applied), and measures sequential
requests:

* search: `customers(filter: {namePrefix}, first: 20)` with a different common surname prefix
  each time (the branch scope comes from the caller);
* detail: `customer(id)` with family members, assets, income, liabilities, extra fields,
  history and assignments.

Prints one JSON object with p50/p90/p99 and throughput. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench \
    CIC_REDIS_URL=redis://127.0.0.1:6379/0 uv run python bench/customers_api.py [--requests 1000]
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
SURNAMES = "陈林黄张李王吴刘蔡杨郑许谢郭洪曾邱廖赖周徐苏叶庄吕江何"
SEARCH = """query($p: String!) { customers(filter: {namePrefix: $p}, first: 20) {
  edges { node { id name idNumber mobile status birthDate manager { name } branch { name } } }
  pageInfo { hasNextPage endCursor } } }"""
DETAIL = """query($id: ID!) { customer(id: $id) {
  id version status name idNumber mobile gender birthDate ethnicity education maritalStatus
  address { regionName line } household { size }
  familyMembers { relation name idNumber annualIncome labourCapacity }
  land { contractedMu rentedMu crops } livestock { kind count value } assets { kind value }
  income { farming business wages other total } liabilities { lender amount overdue }
  business { name creditCode annualTurnover } social { villageCreditRating }
  consent { wordingVersion consentedAt } manager { name } branch { name }
  extraFields { code } history { version action changedAt diff } assignments { assignedAt } } }"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(http: httpx.Client, attempts: int = 150) -> None:
    """Until the started server answers /ready (a benchmark's setup, not a measurement)."""
    for _ in range(attempts):
        try:
            if http.get("/ready").status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def summary(latencies: list[float], elapsed: float) -> dict[str, float]:
    ms = [v * 1000 for v in latencies]
    return {
        "requests": len(ms),
        "p50_ms": round(percentile(ms, 50), 2),
        "p90_ms": round(percentile(ms, 90), 2),
        "p99_ms": round(percentile(ms, 99), 2),
        "max_ms": round(max(ms), 2),
        "mean_ms": round(statistics.fmean(ms), 2),
        "throughput_rps": round(len(ms) / elapsed, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--user", default="fz1.manager")
    parser.add_argument("--warmup", type=int, default=100)
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a seeded database) and CIC_REDIS_URL")
    port = free_port()
    env = {**os.environ, "CIC_PORT": str(port), "CIC_LOG_LEVEL": "WARNING", "CIC_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve"], cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as http:
            wait_ready(http, 100)
            token = http.post(
                "/auth/token", data={"grant_type": "password", "username": args.user, "password": "Cic@2026demo"}
            ).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}

            def run(query: str, variables) -> tuple[list[float], float, list[dict]]:
                latencies, bodies = [], []
                started = time.perf_counter()
                for i in range(args.requests):
                    t0 = time.perf_counter()
                    response = http.post("/graphql", json={"query": query, "variables": variables(i)}, headers=headers)
                    latencies.append(time.perf_counter() - t0)
                    body = response.json()
                    if "errors" in body:
                        raise SystemExit(f"query failed: {body['errors'][:1]}")
                    if i < 50:
                        bodies.append(body)
                return latencies, time.perf_counter() - started, bodies

            def search_vars(i: int) -> dict:
                return {"p": SURNAMES[i % len(SURNAMES)]}

            for i in range(args.warmup):
                http.post("/graphql", json={"query": SEARCH, "variables": search_vars(i)}, headers=headers)
            search_lat, search_elapsed, bodies = run(SEARCH, search_vars)
            ids = [e["node"]["id"] for b in bodies for e in b["data"]["customers"]["edges"]]
            rows_per_page = statistics.fmean(len(b["data"]["customers"]["edges"]) for b in bodies)
            detail_lat, detail_elapsed, _ = run(DETAIL, lambda i: {"id": ids[i % len(ids)]})
            estimate = http.post(
                "/graphql", json={"query": "{ customers(first: 1) { estimatedTotal } }"}, headers=headers
            ).json()["data"]["customers"]["estimatedTotal"]
    finally:
        server.terminate()
        server.wait(10)
    print(
        json.dumps(
            {
                "benchmark": "customers_api",
                "archives_estimated": estimate,
                "caller": args.user,
                "search_branch_name_prefix_first20": {**summary(search_lat, search_elapsed), "rows_per_page": rows_per_page},
                "detail_with_family_assets_history": summary(detail_lat, detail_elapsed),
                "client": "sequential, one connection, httpx over loopback",
            },
            ensure_ascii=False,
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
