"""Marketing: the nightly evaluation of segment models over an already seeded database.

Over a database with archives and business data (`cic seed customers --count N --bank FZ`,
`bench/business_import.py`; see docs/benchmarks.md), defines `--models` models (a fifth of them
the province's, the rest the bank's; conditions over archive fields, business aggregates and the
rating, one to four tests each, a third of them with a reminder text), then times:

* **first night**: `nightly()` with no members yet (every model's members written, reminders
  raised for the models that have them, the built-in reminders raised);
* **second night**: the same again as the next day (the members unchanged: the path every later
  night takes, and nothing raised twice). It runs as tomorrow, as a real second night does: run
  the same day, every member would still count as joined today, and the models' reminders would
  look at all of them again, which no real night does.

Each night prints where its time went (``stages``: the pass with the counts, the models'
reminders, the built-in ones) and ``archives_read``: every archive of each bank a model runs in,
so the province's models make the pass read every bank, not only ``--bank``.

Every model is evaluated in one pass over the bank's archives (``SegmentRepository.evaluate``);
membership is kept per archive (``segment_memberships``), so ``members`` counts an archive once
per model it is in and ``membership_rows`` once.

Prints one JSON object. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench \\
      uv run python bench/segment_models.py [--bank FJ-FZ] [--models 50]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import time
from datetime import UTC, datetime, timedelta
from typing import Any

os.environ.setdefault("CIC_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/cic_bench")
os.environ.setdefault("CIC_LOG_LEVEL", "WARNING")

TESTS = [
    {"field": "customer.education", "op": "IN", "value": ["PRIMARY", "NONE", "JUNIOR"]},
    {"field": "customer.maritalStatus", "op": "EQ", "value": "MARRIED"},
    {"field": "customer.age", "op": "GE", "value": 45},
    {"field": "customer.age", "op": "LT", "value": 35},
    {"field": "customer.mobile", "op": "PRESENT"},
    {"field": "customer.gender", "op": "EQ", "value": "FEMALE"},
    {"field": "income.total", "op": "GE", "value": 80000},
    {"field": "assets.totalValue", "op": "GE", "value": 200000},
    {"field": "land.contractedMu", "op": "GE", "value": 5},
    {"field": "biz.depositBalance", "op": "GE", "value": 50000},
    {"field": "biz.depositAvg90d", "op": "LT", "value": 10000},
    {"field": "biz.loanCount", "op": "EQ", "value": 0},
    {"field": "biz.loanBalance", "op": "GT", "value": 0},
    {"field": "biz.activeServices", "op": "EQ", "value": 0},
    {"field": "biz.monthsAsCustomer", "op": "GE", "value": 60},
    {"field": "biz.worstClass", "op": "IN", "value": ["NORMAL"]},
    {"field": "rating.grade", "op": "IN", "value": ["AAA", "AA", "A"]},
]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    from sqlalchemy import delete, func, select, text

    from backend.auth.principal import Principal
    from backend.config import get_settings
    from backend.db.base import import_all_models
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.marketing.models import ModelStatus, Reminder, SegmentCount, SegmentMembership, SegmentModel
    from backend.marketing.segments import compile_model
    from backend.marketing.service import local_today, nightly
    from backend.orgs.models import OrgUnit

    import_all_models()
    db = create_database(get_settings())
    rng = random.Random(7)
    out: dict[str, Any] = {"benchmark": "segment_models", "taken": datetime.now(UTC).date().isoformat(), "bank": args.bank, "models": args.models}
    try:
        async with transaction(db.sessions) as session:
            for table in (SegmentMembership, SegmentCount, Reminder, SegmentModel):
                await session.execute(delete(table))
            bank = (await session.scalars(select(OrgUnit).where(OrgUnit.code == args.bank))).one()
            province = (await session.scalars(select(OrgUnit).where(OrgUnit.id == bank.parent_id))).one()
            out["bank_archives"] = await session.scalar(text("SELECT count(*) FROM customers WHERE org_path LIKE :p || '%'"), {"p": bank.path})
            for n in range(args.models):
                owner = province if n % 5 == 0 else bank
                condition = {"all": rng.sample(TESTS, rng.randint(1, 4))}
                principal = Principal(kind="staff", scope_path=owner.path, bank_id=owner.bank_id, org_id=owner.id)
                compiled = compile_model(principal, condition, {})
                session.add(SegmentModel(
                    bank_id=owner.bank_id, org_unit_id=owner.id, org_path=owner.path, name=f"bench {n}", condition=condition,
                    fields=compiled.fields, status=ModelStatus.ACTIVE, version=1, created_by=0, members=0,
                    reminder="bench reminder" if n % 3 == 0 else None,
                ))  # fmt: skip
        async with db.primary.connect() as connection:
            await (await connection.execution_options(isolation_level="AUTOCOMMIT")).execute(text("CHECKPOINT"))
        for night, day in (("first_night", local_today()), ("second_night", local_today() + timedelta(days=1))):
            started = time.perf_counter()
            async with transaction(db.sessions) as session:
                done = await nightly(session, day)
            seconds = time.perf_counter() - started
            out[night] = {
                "seconds": round(seconds, 2), "stages": done.seconds, "members": done.members, "reminders": done.reminders,
                # Every archive of each bank a model runs in: a province's model runs in every bank.
                "archives_read": done.archives, "us_per_archive": round(seconds / max(done.archives, 1) * 1e6, 1),
            }  # fmt: skip
        async with db.sessions() as session:
            # Members (an archive in a model) and the rows keeping them (one per archive in any model).
            out["members"] = await session.scalar(select(func.coalesce(func.sum(func.cardinality(SegmentMembership.model_ids)), 0)))
            out["membership_rows"] = await session.scalar(select(func.count()).select_from(SegmentMembership))
        out["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
        return out
    finally:
        await db.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--bank", default="FJ-FZ")
    parser.add_argument("--models", type=int, default=50)
    print(json.dumps(asyncio.run(run(parser.parse_args()))))


if __name__ == "__main__":
    main()
