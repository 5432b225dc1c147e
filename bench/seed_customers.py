"""Seeding throughput: `cic seed customers --count N` into a fresh scratch database, against the
floor of a binary COPY of the same rows in the same run.

Creates the database, migrates, loads the demo org tree and seeds N archives with COPY (wall time
of the command as a user runs it, rows/s, peak RSS of the seeding process). Then the floor: every
row the seeding added (the archives and their creation entries) is copied out in PostgreSQL's
binary format and COPY'd into a second database made the same way (migrated, the demo org tree,
the same indexes and keys), in one transaction as the seeding does, then ANALYZE'd as the
seeding does, each timed part from a CHECKPOINT. Prints one JSON object with both and the seeding's rate against the floor's. Usage:

    CIC_BENCH_SERVER_URL=postgresql://postgres@127.0.0.1:5432/postgres \
    uv run python bench/seed_customers.py --count 1000000 [--keep cic_bench]

With --keep NAME the database stays (the API benchmark reads it); otherwise it is dropped.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
CIC = [sys.executable, "-m", "backend.cli"]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--keep", default=None, help="name of the database to create and keep")
    args = parser.parse_args()
    server = os.environ.get("CIC_BENCH_SERVER_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
    name = args.keep or f"cic_seed_bench_{uuid.uuid4().hex[:8]}"
    url = _database(server, name)
    env = {**os.environ, "CIC_DATABASE_URL": url}
    env.setdefault("CIC_REDIS_URL", "redis://127.0.0.1:6379/0")
    asyncio.run(_sql(server, f'CREATE DATABASE "{name}"'))
    try:
        subprocess.run([*CIC, "seed", "demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        demo = asyncio.run(_demo_rows(url))
        asyncio.run(_sql(url, "CHECKPOINT"))
        started = time.perf_counter()
        subprocess.run([*CIC, "seed", "customers", "--count", str(args.count)], cwd=ROOT, env=env, check=True)
        elapsed = time.perf_counter() - started
        peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        floor = _floor(server, url, env, demo)
        floor_total = sum(floor.values())
        print(
            json.dumps(
                {
                    "benchmark": "seed_customers",
                    "archives": args.count,
                    "seconds": round(elapsed, 1),
                    "rows_per_second": round(args.count / elapsed),
                    "peak_rss_mib": round(peak_kib / 1024),
                    "floor_binary_copy_seconds": {k: round(v, 1) for k, v in floor.items()},
                    "floor_seconds": round(floor_total, 1),
                    "rate_vs_floor": round(floor_total / elapsed, 2),
                    "rate_vs_customers_copy_alone": round(floor["customers"] / elapsed, 2),
                    "database": name if args.keep else "(dropped)",
                },
                indent=2,
            )
        )
    finally:
        if not args.keep:
            asyncio.run(_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


def _database(server: str, name: str) -> str:
    return make_url(server).set(database=name).render_as_string(hide_password=False)


async def _demo_rows(url: str) -> tuple[list[uuid.UUID], int]:
    """The demo's archives and its last change id: the rows the seeding did not add."""
    conn = await asyncpg.connect(url)
    try:
        ids = [r[0] for r in await conn.fetch("SELECT id FROM customers")]
        last = await conn.fetchval("SELECT COALESCE(max(id), 0) FROM customer_changes")
        return ids, last
    finally:
        await conn.close()


def _floor(server: str, seeded: str, env: dict[str, str], demo: tuple[list[uuid.UUID], int]) -> dict[str, float]:
    """Seconds to binary-COPY the seeded rows, table by table, into a fresh database like it."""
    name = f"cic_seed_floor_{uuid.uuid4().hex[:8]}"
    floor_url = _database(server, name)
    asyncio.run(_sql(server, f'CREATE DATABASE "{name}"'))
    try:
        subprocess.run([*CIC, "seed", "demo"], cwd=ROOT, env={**env, "CIC_DATABASE_URL": floor_url}, check=True, capture_output=True)
        return asyncio.run(_copy_across(seeded, floor_url, demo))
    finally:
        asyncio.run(_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _copy_across(seeded: str, floor_url: str, demo: tuple[list[uuid.UUID], int]) -> dict[str, float]:
    demo_ids, last_change = demo
    queries = {  # the seeding's rows in the order it wrote them
        "customers": ("SELECT * FROM customers WHERE NOT (id = ANY($1::uuid[])) ORDER BY ctid", demo_ids),
        "customer_changes": ("SELECT * FROM customer_changes WHERE id > $1 ORDER BY ctid", last_change),
    }
    with tempfile.TemporaryDirectory(prefix="cic-seed-floor-") as tmp:
        src = await asyncpg.connect(seeded)
        try:
            for table, (query, arg) in queries.items():
                await src.copy_from_query(query, arg, output=f"{tmp}/{table}.bin", format="binary")
        finally:
            await src.close()
        dst = await asyncpg.connect(floor_url)
        try:
            await dst.execute("CHECKPOINT")
            seconds: dict[str, float] = {}
            tr = dst.transaction()
            await tr.start()
            for table in queries:
                started = time.perf_counter()
                await dst.copy_to_table(table, source=f"{tmp}/{table}.bin", format="binary")
                seconds[table] = time.perf_counter() - started
            started = time.perf_counter()
            await tr.commit()
            seconds["commit"] = time.perf_counter() - started
            started = time.perf_counter()  # the seeding ends with the planner's statistics too
            await dst.execute(f"ANALYZE {', '.join(queries)}")
            seconds["analyze"] = time.perf_counter() - started
            return seconds
        finally:
            await dst.close()


async def _sql(url: str, statement: str) -> None:
    conn = await asyncpg.connect(url)
    try:
        await conn.execute(statement)
    finally:
        await conn.close()


if __name__ == "__main__":
    main()
