"""Integrity-rule evaluation: a batch re-evaluation of every archive, and single archives on save.

Runs ``evaluate_all`` (what the worker runs after a rule set is published) over an already
seeded database (see docs/benchmarks.md; migrate it first: `cic migrate` also loads the rule
baseline), then ``evaluate_one`` (what a save or submit runs) on random archives. Prints one
JSON object: archives, seconds, archives/s, peak RSS, and the single-archive p50/p99. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench CIC_REDIS_URL=redis://127.0.0.1:6379/0 \
      uv run python bench/rules_evaluate.py [--bank FJ-FZ] [--chunk N] [--samples 500] [--skip-batch]

The first run over a database inserts the evaluations; later runs update them (the case of a
rule set published again). Both are timed the same way.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("CIC_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cic_bench")
os.environ.setdefault("CIC_REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CIC_LOG_LEVEL", "WARNING")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select, text

    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.config import get_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.orgs.models import OrgUnit
    from backend.rules import engine

    settings = get_settings()
    db = create_database(settings)
    cipher = cipher_from_settings(settings)
    out: dict[str, Any] = {"benchmark": "rules_evaluate", "taken": datetime.now(UTC).date().isoformat()}
    try:
        bank_id = None
        if args.bank:
            code = args.bank if args.bank.startswith("FJ-") else f"FJ-{args.bank}"
            async with db.sessions() as session:
                bank_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))
            out["bank"] = code
        async with db.sessions() as session:
            existing = await session.scalar(text("SELECT count(*) FROM archive_evaluations"))
        out["stored_before"] = existing
        if not args.no_vacuum:
            # The dead rows of the previous run go first (this server may run without
            # autovacuum), so that runs compare; and a checkpoint, so that none starts mid-run.
            async with db.primary.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                await conn.execute(text("VACUUM (ANALYZE) archive_evaluations"))
                await conn.execute(text("CHECKPOINT"))
        if not args.skip_batch:
            kwargs: dict[str, Any] = {"bank_id": bank_id}
            if args.chunk:
                kwargs["chunk"] = args.chunk
            started = time.perf_counter()
            done = await engine.evaluate_all(db.sessions, cipher, **kwargs)
            seconds = time.perf_counter() - started
            out.update(
                archives=done,
                seconds=round(seconds, 1),
                archives_per_second=round(done / seconds),
                mode="update" if existing else "insert",
            )
        # Single archives, as on save: a random sample, each in its own transaction (the commit
        # is not timed: the save commits anyway).
        async with db.sessions() as session:
            keys = (
                await session.execute(
                    text(
                        "SELECT bank_id, id FROM customers TABLESAMPLE SYSTEM (1) "
                        + ("WHERE bank_id = :bank " if bank_id else "")
                        + "ORDER BY random() LIMIT :n"
                    ),
                    {"n": args.samples + 20, **({"bank": bank_id} if bank_id else {})},
                )
            ).all()
        timings = []
        for i, (bank, cid) in enumerate(keys):
            async with transaction(db.sessions) as session:
                await session.execute(text("SELECT 1"))  # as on save: inside the save's open transaction
                started = time.perf_counter()
                await engine.evaluate_one(session, cipher, bank, cid)
                elapsed = time.perf_counter() - started
            if i >= 20:  # the first ones warm the pool and the rule-book cache
                timings.append(elapsed * 1000)
        out["single"] = {
            "archives": len(timings),
            "p50_ms": round(percentile(timings, 50), 2),
            "p99_ms": round(percentile(timings, 99), 2),
            "max_ms": round(max(timings), 2),
            "mean_ms": round(statistics.fmean(timings), 2),
        }
    finally:
        await db.dispose()
    out["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bank", default=None, help="one bank (FZ or FJ-FZ); default every bank")
    parser.add_argument("--chunk", type=int, default=None, help="archives per chunk (default: the engine's)")
    parser.add_argument("--samples", type=int, default=500, help="single archives to evaluate")
    parser.add_argument("--skip-batch", action="store_true", help="only the single-archive part")
    parser.add_argument("--no-vacuum", action="store_true", help="do not VACUUM archive_evaluations first")
    args = parser.parse_args()
    print(json.dumps(asyncio.run(run(args)), indent=2))


if __name__ == "__main__":
    main()
