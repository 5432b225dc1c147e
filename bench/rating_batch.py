"""Credit rating: the quarterly batch over one bank against a bare SQL pass computing the same
verdicts, and the real-time rating of single archives.

Over an already seeded database (`cic seed customers --count N --bank FZ`, with business data
imported: see docs/benchmarks.md), in the same run:

* **bare pass**: the card's compiled SELECT (every item's bin, the points, the grade, the
  vetoes, the quota) over all of the bank's archives, every column summed (so that none is
  skipped), nothing written;
* **batch**: `rate_quarter` for a quarter no run has touched (chunks of `--chunk` archives rated
  by `--workers` connections at once, each chunk written to the quarter's history in its own
  transaction);
* **real time**: `RatingService.rate` of 500 random archives, each in its own transaction as
  `rateCustomer` runs it (p50, p99).

Prints one JSON object. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench \\
      uv run python bench/rating_batch.py [--bank FJ-FZ] [--samples 500] [--workers 2] [--chunk 50000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import time
from datetime import UTC, datetime
from typing import Any

os.environ.setdefault("CIC_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cic_bench")
os.environ.setdefault("CIC_LOG_LEVEL", "WARNING")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import select, text

    from backend.config import get_settings
    from backend.customers.models import Customer
    from backend.db.base import import_all_models
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.orgs.models import OrgUnit
    from backend.rating.card import scoped
    from backend.rating.repository import NO_JIT
    from backend.rating.service import RatingService, rate_quarter

    import_all_models()
    db = create_database(get_settings())
    out: dict[str, Any] = {
        "benchmark": "rating_batch", "taken": datetime.now(UTC).date().isoformat(), "bank": args.bank,
        "workers": args.workers, "chunk": args.chunk,
    }  # fmt: skip
    quarter = "2099Q4"  # a quarter of its own: the run starts from nothing
    try:
        async with transaction(db.sessions) as session:
            bank_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == args.bank))
            await session.execute(text("DELETE FROM rating_runs WHERE quarter = :q"), {"q": quarter})
            await session.execute(text("DELETE FROM rating_run_chunks WHERE quarter = :q"), {"q": quarter})
            await session.execute(text("DELETE FROM rating_history WHERE quarter = :q"), {"q": quarter})
        # A quarter's history is written once in production: no dead rows of an earlier run.
        async with db.primary.connect() as connection:
            await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("VACUUM ANALYZE rating_history"))
        async with db.sessions() as session:
            _, compiled = await RatingService(session).compiled(bank_id)
            await session.execute(text("CHECKPOINT"))
            await session.execute(NO_JIT)  # as the batch runs it
            started = time.perf_counter()
            every = scoped(compiled, "c.bank_id = :bank AND c.status <> 'ARCHIVED'", "k.bank_id = :bank")
            # Every column of the verdict is used, so that the planner cannot skip computing one.
            used = "count(*), sum(v.score + v.quota + cardinality(v.vetoes) + length(v.bins::text || v.item_values::text))"
            archives = (await session.execute(text(f"SELECT {used} FROM ({every}) v"), {"bank": bank_id})).one()[0]
            bare = time.perf_counter() - started
            await session.execute(text("CHECKPOINT"))
        started = time.perf_counter()
        outcome = (await rate_quarter(db.sessions, quarter, banks=[args.bank], workers=args.workers, chunk=args.chunk))[0]
        batch = time.perf_counter() - started
        async with db.sessions() as session:
            ids = (await session.scalars(select(Customer.id).where(Customer.bank_id == bank_id).limit(200_000))).all()
        times = []
        for customer_id in random.Random(7).sample(list(ids), min(args.samples, len(ids))):
            started = time.perf_counter()
            async with transaction(db.sessions) as session:
                await RatingService(session).rate(bank_id, customer_id)
            times.append((time.perf_counter() - started) * 1000)
        times.sort()
        out.update(
            archives=archives, rated=outcome.rated, bare_pass_seconds=round(bare, 2), batch_seconds=round(batch, 2),
            batch_vs_bare=round(batch / bare, 2), batch_rows_per_second=round(outcome.rated / batch),
            real_time_ms={"p50": round(times[len(times) // 2], 2), "p99": round(times[int(len(times) * 0.99) - 1], 2),
                          "samples": len(times)},
            peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        )  # fmt: skip
    finally:
        await db.dispose()
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bank", default="FJ-FZ")
    parser.add_argument("--samples", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2, help="connections rating chunks at once (CIC_RATING_BATCH_WORKERS)")
    parser.add_argument("--chunk", type=int, default=50_000, help="archives per chunk")
    print(json.dumps(asyncio.run(run(parser.parse_args())), ensure_ascii=False))


if __name__ == "__main__":
    main()
