"""Seeding throughput: `cic seed customers --count N` into a fresh scratch database.

Creates the database, migrates, loads the demo org tree, seeds N archives with COPY, and prints
one JSON object (wall time, rows/s, peak RSS of the seeding process). Usage:

    CIC_BENCH_SERVER_URL=postgresql://postgres@127.0.0.1:5432/postgres \
    uv run python bench/seed_customers.py --count 1000000 [--keep cic_bench]

With --keep NAME the database stays (the API benchmark reads it); otherwise it is dropped.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
import uuid
from pathlib import Path

from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--keep", default=None, help="name of the database to create and keep")
    args = parser.parse_args()
    server = os.environ.get("CIC_BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = args.keep or f"cic_seed_bench_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "CIC_DATABASE_URL": make_url(server).set(database=name).render_as_string(hide_password=False)}
    env.setdefault("CIC_REDIS_URL", "redis://127.0.0.1:6379/0")
    _admin_sql(server, f'CREATE DATABASE "{name}"')
    try:
        cic = [sys.executable, "-m", "backend.cli"]
        subprocess.run([*cic, "seed", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        started = time.perf_counter()
        subprocess.run([*cic, "seed", "customers", "--count", str(args.count)], cwd=ROOT, env=env, check=True)
        elapsed = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(
            json.dumps(
                {
                    "benchmark": "seed_customers",
                    "archives": args.count,
                    "seconds": round(elapsed, 1),
                    "rows_per_second": round(args.count / elapsed),
                    "peak_rss_mib": round(peak_kib / 1024),
                    "database": name if args.keep else "(dropped)",
                },
                indent=2,
            )
        )
    finally:
        if not args.keep:
            _admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_sql(server: str, statement: str) -> None:
    import asyncio

    import asyncpg

    async def run() -> None:
        conn = await asyncpg.connect(server)
        try:
            await conn.execute(statement)
        finally:
            await conn.close()

    asyncio.run(run())


if __name__ == "__main__":
    main()
