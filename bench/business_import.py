"""Business data: one business date of warehouse feeds imported, against a bare COPY of the
same files, and the rerun of an already imported date.

Over an already seeded database (`cic seed customers --count N --bank FZ`, see
docs/benchmarks.md), writes one day's delivery for the bank with the simulator (not timed),
then in the same run:

* **bare COPY**: the records of every file COPY'd as they are (CSV, one transaction) into tables
  shaped like the import's targets (their columns, types, key and indexes, logged), the least
  any import must do;
* **import**: `import_delivery` (validation, blind-index matching, the snapshot swapped in by
  binary COPY, quarantine, aggregates), timed for the same files, with
  `CIC_WAREHOUSE_PARALLEL_FILES` files at a time (without the re-rating that follows a
  delivery: `bench/rating_batch.py` measures rating);
* **rerun**: the same date again (a no-op per subject).

The bare COPY and the import run ``--rounds`` times, interleaved, each from a clean slate for the
bank: this machine's speed drifts by a third between minutes, and a drift meets both parts of a
round alike. Prints one JSON object (rows per subject, each round, the medians' seconds and
rows/s, the median of the rounds' ratios import/COPY, rerun share, peak RSS). Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench \\
      uv run python bench/business_import.py [--bank FJ-FZ] [--date 2026-11-30] [--feeds DIR] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import statistics
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

os.environ.setdefault("CIC_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cic_bench")
os.environ.setdefault("CIC_REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CIC_LOG_LEVEL", "WARNING")


async def run(args: argparse.Namespace) -> dict[str, Any]:
    import polars as pl
    from sqlalchemy import func, select, text

    from backend.auth.fieldcrypt import cipher_from_settings
    from backend.business.feed import file_name, flag_name, read_feed
    from backend.business.models import Subject
    from backend.business.records import check
    from backend.business.service import import_delivery
    from backend.business.simulator import simulate_warehouse
    from backend.config import get_settings
    from backend.customers.models import Customer
    from backend.db.base import import_all_models
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.orgs.models import OrgUnit

    import_all_models()
    settings = get_settings()
    db = create_database(settings)
    cipher = cipher_from_settings(settings)
    day = date.fromisoformat(args.date)
    out: dict[str, Any] = {"benchmark": "business_import", "taken": datetime.now(UTC).date().isoformat(), "bank": args.bank}
    folder = Path(args.feeds) if args.feeds else Path(tempfile.mkdtemp(prefix="cic-bench-warehouse-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        async with db.sessions() as session:
            bank_id = await session.scalar(select(OrgUnit.id).where(OrgUnit.code == args.bank))
            out["customers"] = await session.scalar(select(func.count()).select_from(Customer).where(Customer.bank_id == bank_id))
        await _clean(db, bank_id)
        if args.feeds and (folder / flag_name(args.bank, day)).exists():
            written = {args.bank: {s.value: read_feed(folder / file_name(args.bank, s, day)).record_count for s in Subject}}
        else:
            started = time.perf_counter()
            async with db.sessions() as session:
                written = await simulate_warehouse(session, cipher, folder, day, bank_codes=[args.bank])
            out["simulate_seconds"] = round(time.perf_counter() - started, 1)
        out["rows"] = written[args.bank]
        total = sum(written[args.bank].values())

        # Bare COPY of the same records into tables shaped like the import's (same columns and
        # types but for the file's own: the ID number as text, amounts as numeric yuan; the same
        # primary key and indexes; logged), of only the rows the import takes: COPY refuses a file
        # with one bad value. Built before the clock starts.
        bodies = {}
        for subject in Subject:
            feed = read_feed(folder / file_name(args.bank, subject, day))
            valid = check(feed).valid
            valid = valid.select(pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in valid.columns)
            bodies[subject] = (valid.columns, valid.write_csv(include_header=False, separator="|", null_value="").encode())
        rounds = []
        for _ in range(args.rounds):  # interleaved: a drift of the machine meets both parts alike
            await _clean(db, bank_id)
            await _bare_tables(db, bank_id, day)
            await _checkpoint(db)
            started, cpu = time.perf_counter(), _cpu()
            async with transaction(db.sessions) as session:
                raw = (await (await session.connection()).get_raw_connection()).driver_connection
                for subject in Subject:
                    columns, body = bodies[subject]
                    await raw.copy_to_table(f"bench_copy_{subject.value.lower()}", source=_chunks(body), columns=columns,
                                            format="csv", delimiter="|")  # fmt: skip
            copy_seconds, copy_cpu = time.perf_counter() - started, _cpu_since(cpu)
            async with transaction(db.sessions) as session:
                for subject in Subject:
                    await session.execute(text(f"DROP TABLE bench_copy_{subject.value.lower()}"))

            await _checkpoint(db)
            started, cpu = time.perf_counter(), _cpu()
            outcomes = await import_delivery(db.sessions, cipher, folder, day, started_by="bench",
                                            parallel_files=settings.warehouse_parallel_files, rate=False)
            import_seconds, import_cpu = time.perf_counter() - started, _cpu_since(cpu)
            rounds.append({
                "copy_seconds": round(copy_seconds, 2), "import_seconds": round(import_seconds, 2),
                "import_rate_vs_copy": round(copy_seconds / import_seconds, 2),
                # CPU seconds of this process (the bare COPY only streams bytes) and of PostgreSQL
                # (every server process): what each part costs the machine, apart from waiting.
                "copy_cpu_seconds": copy_cpu, "import_cpu_seconds": import_cpu,
            })  # fmt: skip
        started = time.perf_counter()
        await import_delivery(db.sessions, cipher, folder, day, started_by="bench")
        rerun_seconds = time.perf_counter() - started
        copy_seconds = statistics.median(r["copy_seconds"] for r in rounds)
        import_seconds = statistics.median(r["import_seconds"] for r in rounds)
        out.update(
            imported=sum(o.imported for o in outcomes),
            rejected=sum(o.rejected for o in outcomes),
            parallel_files=settings.warehouse_parallel_files,
            # The medians of the rounds; the ratio is the median of each round's.
            copy_seconds=round(copy_seconds, 2),
            copy_rows_per_second=round(total / copy_seconds),
            import_seconds=round(import_seconds, 2),
            import_rows_per_second=round(total / import_seconds),
            import_rate_vs_copy=round(statistics.median(r["import_rate_vs_copy"] for r in rounds), 2),
            rounds=rounds,
            rerun_seconds=round(rerun_seconds, 3),
            rerun_share_of_first=round(rerun_seconds / import_seconds, 4),
            peak_rss_mb=round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
        )
    finally:
        await db.dispose()
        if not args.feeds:
            for p in folder.glob("*"):
                p.unlink()
            folder.rmdir()
    return out


async def _clean(db, bank_id: int) -> None:
    """A clean slate for the bank: no business data, no import recorded."""
    from sqlalchemy import text

    from backend.db.session import transaction

    async with transaction(db.sessions) as session:
        for table in ("deposit_accounts", "loan_accounts", "wealth_holdings", "service_signups", "blacklist_entries",
                      "business_aggregates", "business_monthly"):  # fmt: skip
            await session.execute(text(f"DELETE FROM {table} WHERE bank_id = :b"), {"b": bank_id})
        await session.execute(text("DELETE FROM warehouse_imports WHERE bank_id = :b"), {"b": bank_id})


async def _bare_tables(db, bank_id: int, day: date) -> None:
    """The bare COPY's tables, shaped like the import's (same columns and types but for the
    file's own: the ID number as text, amounts as numeric yuan; the same primary key and
    indexes; logged)."""
    from sqlalchemy import text

    from backend.business.feed import LAYOUTS
    from backend.business.models import Subject
    from backend.business.repository import TABLES
    from backend.db.base import Base
    from backend.db.session import transaction

    async with transaction(db.sessions) as session:
        for subject in Subject:
            table, target = f"bench_copy_{subject.value.lower()}", TABLES[subject]
            await session.execute(text(f"DROP TABLE IF EXISTS {table}"))
            await session.execute(text(f"CREATE TABLE {table} (LIKE {target} INCLUDING ALL)"))
            await session.execute(text(f"ALTER TABLE {table} ALTER bank_id SET DEFAULT {bank_id}, "
                                       f"ALTER business_date SET DEFAULT '{day}', ALTER id_bidx DROP NOT NULL, "
                                       "ADD id_number text"))  # fmt: skip
            existing = set(Base.metadata.tables[target].columns.keys()) | {"id_number"}
            for column in LAYOUTS[subject]:
                if column.kind == "AMOUNT":
                    await session.execute(text(f"ALTER TABLE {table} ALTER {column.name} TYPE numeric(15, 2)"))
                elif column.name not in existing:  # the blacklist's action
                    await session.execute(text(f"ALTER TABLE {table} ADD {column.name} text"))


def _cpu() -> tuple[float, float]:
    """(this process, PostgreSQL) CPU seconds so far: the server's is every live ``postgres``
    process's plus what its postmaster has reaped of exited ones (Linux /proc)."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    server = 0.0
    tick = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, rest = stat.read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, IndexError, ValueError):
            continue  # a process that just ended
        if name == "postgres":
            fields = rest.split()
            server += sum(int(v) for v in fields[11:15]) / tick  # utime stime cutime cstime
    return me.ru_utime + me.ru_stime, server


def _cpu_since(before: tuple[float, float]) -> dict[str, float]:
    now = _cpu()
    return {"bench_process": round(now[0] - before[0], 2), "postgresql": round(now[1] - before[1], 2)}


async def _checkpoint(db) -> None:
    """Each timed part starts from a checkpoint: neither pays for flushing the other's writes
    (with the stock 1 GB `max_wal_size`, the part that runs second would otherwise)."""
    from sqlalchemy import text

    async with db.sessions() as session:
        await session.execute(text("CHECKPOINT"))


async def _chunks(body: bytes):
    view = memoryview(body)
    for start in range(0, len(view), 1 << 20):
        yield bytes(view[start : start + (1 << 20)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--bank", default="FJ-FZ")
    parser.add_argument("--date", default="2026-11-30")
    parser.add_argument("--feeds", help="a folder to keep the simulated delivery in and reuse on the next run")
    parser.add_argument("--rounds", type=int, default=3, help="bare COPY and import, interleaved, this many times (medians)")
    print(json.dumps(asyncio.run(run(parser.parse_args())), ensure_ascii=False))


if __name__ == "__main__":
    main()
