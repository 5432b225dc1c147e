"""The report centre: building a day's facts over a seeded database, and report latency at province
scale through the real HTTP endpoint.

Over a database with archives, business data and ratings (docs/benchmarks.md "Credit rating";
any reminders, contacts, applications and quotas in it count too):

1. **build**: the facts of one day (``backend.reports.facts``, one set-based statement over every
   archive, application, quota, reminder and contact), timed; ``--days`` more days before it.
2. **province scale**: the demo has 4 banks and 11 branches, the federation 67 and 1,900 with
   20,000 customer managers. ``--synthetic`` adds 67 banks and 1,900 branches (org units coded
   ``BENCH-...``) with a year of daily facts (unit rows) and 31 days of manager rows (10 per
   branch): about 1.3 million fact rows, as a year of nightly runs leaves them. They are deleted
   at the end (``--keep`` leaves them).
3. **latency**: ``cic serve`` started against the database; as the province analyst (and a
   synthetic bank's view as the province), sequential requests of each report the PC asks for:
   banks ranking, the 1,900-branch ranking, a bank's managers, a branch's managers, the 365-day
   trend, the real bank with its million archives; p50/p99 per query.

Prints one JSON object. Usage:

    CIC_DATABASE_URL=postgresql://postgres@127.0.0.1:5432/cic_bench CIC_REDIS_URL=redis://127.0.0.1:6379/7 \\
      uv run python bench/reports.py [--synthetic] [--requests 200]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from customers_api import free_port, summary, wait_ready  # noqa: E402  (the same server start and percentiles)

ROOT = Path(__file__).resolve().parent.parent
os.environ.setdefault("CIC_LOG_LEVEL", "WARNING")

ROW = """orgUnit { id name level } manager { name } unassigned archives precise preciseRate created applications approved
  meanDecisionHours quotasGranted grantedAmount quotaAmount quotaUsed reminders contacts convertedQuotas grades { grade count }"""
REPORT = f"""query($s: Date!, $u: Date!, $o: ID, $l: ReportLevel, $f: Int, $by: ReportOrder! = ARCHIVES) {{
  report(since: $s, until: $u, orgUnitId: $o, level: $l, first: $f, orderBy: $by) {{ asOf rowCount total {{ {ROW} gradeMoves {{ fromGrade toGrade count }} }} rows {{ {ROW} }} }} }}"""
TREND = "query($s: Date!, $u: Date!, $o: ID) { reportTrend(since: $s, until: $u, orgUnitId: $o) { day archives precise preciseRate created applications } }"

from backend.reports.facts import COLUMNS as FACT_COLUMNS  # noqa: E402  (every figure a fact row holds)


async def build_facts(days: list[date]) -> list[dict]:
    from backend.config import get_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction
    from backend.reports.service import build

    db = create_database(get_settings())
    timings = []
    try:
        for day in days:
            started = time.perf_counter()
            async with transaction(db.sessions) as session:
                rows = await build(session, [day])
            timings.append({"day": day.isoformat(), "rows": rows, "seconds": round(time.perf_counter() - started, 2)})
    finally:
        await db.dispose()
    return timings


async def vacuum(db) -> None:
    from sqlalchemy import text

    async with db.primary.connect() as connection:
        connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
        await connection.execute(text("VACUUM ANALYZE report_facts"))
        await connection.execute(text("VACUUM ANALYZE org_units"))


async def synthetic(today: date, *, remove: bool = False) -> dict:
    """67 banks and 1,900 branches under the province, a year of unit facts, 31 days of manager facts."""
    from sqlalchemy import text

    from backend.config import get_settings
    from backend.db.engine import create_database
    from backend.db.session import transaction

    db = create_database(get_settings())
    try:
        async with transaction(db.sessions) as session:
            # Nothing references the synthetic units: skip the foreign-key checks, which would scan
            # the archives (no index on branch_id) once per unit deleted.
            await session.execute(text("SET LOCAL session_replication_role = replica"))
            await session.execute(text("DELETE FROM report_facts WHERE unit_id IN (SELECT id FROM org_units WHERE code LIKE 'BENCH-%')"))
            await session.execute(text("DELETE FROM org_units WHERE code LIKE 'BENCH-%' AND level = 'BRANCH'"))
            await session.execute(text("DELETE FROM org_units WHERE code LIKE 'BENCH-%'"))
            if remove:
                pass
        if remove:
            await vacuum(db)
            return {}
        async with transaction(db.sessions) as session:
            province = (await session.execute(text("SELECT id, path FROM org_units WHERE level = 'PROVINCE'"))).one()
            started = time.perf_counter()
            await session.execute(text("""
                INSERT INTO org_units (code, name, level, parent_id, path, status)
                SELECT 'BENCH-' || b, '基准农商银行' || b, 'BANK', :p, 'tmp-bank-' || b, 'ACTIVE' FROM generate_series(1, 67) b"""),
                {"p": province.id})  # fmt: skip
            await session.execute(text("UPDATE org_units SET path = :pp || id || '/', bank_id = id WHERE path LIKE 'tmp-bank-%'"), {"pp": province.path})
            await session.execute(text("""
                INSERT INTO org_units (code, name, level, parent_id, bank_id, path, status)
                SELECT u.code || '-' || g, u.name || '第' || g || '支行', 'BRANCH', u.id, u.id, 'tmp-branch-' || g, 'ACTIVE'
                FROM generate_series(1, 1900) g
                JOIN (SELECT id, code, name, row_number() OVER (ORDER BY id) AS rn FROM org_units WHERE code LIKE 'BENCH-%') u
                  ON u.rn = (g - 1) % 67 + 1"""))  # fmt: skip
            await session.execute(text("""UPDATE org_units b SET path = u.path || b.id || '/' FROM org_units u
                                          WHERE b.path LIKE 'tmp-branch-%' AND u.id = b.parent_id"""))
            branches = await session.scalar(text("SELECT count(*) FROM org_units WHERE code LIKE 'BENCH-%' AND level = 'BRANCH'"))
            # Each branch ~500 archives growing 1 a day; cumulative totals growing with the day.
            values = ", ".join(
                f"(1000 + (u.id % 97)) * {'d.n' if c.endswith('_total') else '1'} / {'10' if c.endswith('_total') else '1'}" for c in FACT_COLUMNS
            )
            await session.execute(text(f"""
                INSERT INTO report_facts (day, unit_id, manager_id, level, parent_id, org_path, {", ".join(FACT_COLUMNS)}, grades, grade_moves)
                SELECT CAST(:today AS date) - d.n, u.id, 0, u.level, u.parent_id, u.path, {values},
                       '{{"AAA": 40, "AA": 120, "A": 200, "BBB": 90, "BB": 30, "B": 10}}', '{{"A>AA": 12, "AA>A": 9, "BBB>A": 20}}'
                FROM org_units u CROSS JOIN generate_series(0, 364) AS d(n)
                WHERE u.code LIKE 'BENCH-%'"""), {"today": today})  # fmt: skip
            await session.execute(text(f"""
                INSERT INTO report_facts (day, unit_id, manager_id, level, parent_id, org_path, {", ".join(FACT_COLUMNS)}, grades, grade_moves)
                SELECT CAST(:today AS date) - d.n, u.id, 1000000 + u.id * 10 + m, 'MANAGER', u.id, u.path, {values.replace("1000 +", "100 +")},
                       '{{"AAA": 4, "AA": 12, "A": 20}}', '{{}}'
                FROM org_units u CROSS JOIN generate_series(0, 30) AS d(n) CROSS JOIN generate_series(1, 10) AS m
                WHERE u.code LIKE 'BENCH-%' AND u.level = 'BRANCH'"""), {"today": today})  # fmt: skip
            rows = await session.scalar(text("SELECT count(*) FROM report_facts"))
            seconds = round(time.perf_counter() - started, 1)
        await vacuum(db)
        return {"banks": 67, "branches": branches, "managers": branches * 10, "fact_rows": rows, "seconds_to_insert": seconds}
    finally:
        await db.dispose()


def measure(args: argparse.Namespace, today: date) -> dict:
    port = free_port()
    env = {**os.environ, "CIC_PORT": str(port), "CIC_ENV": "development"}
    server = subprocess.Popen([sys.executable, "-m", "backend.cli", "serve"], cwd=ROOT, env=env)
    results: dict = {}
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=60) as http:
            wait_ready(http)
            token = http.post("/auth/token", data={"grant_type": "password", "username": "prov.analyst", "password": "Cic@2026demo"}).json()["access_token"]
            headers = {"Authorization": f"Bearer {token}"}

            def ask(query: str, variables: dict) -> dict:
                body = http.post("/graphql", json={"query": query, "variables": variables}, headers=headers).json()
                if body.get("errors"):
                    raise SystemExit(f"query failed: {body['errors'][:1]}")
                return body["data"]

            month = {"s": (today - timedelta(days=29)).isoformat(), "u": today.isoformat()}
            fz = ask("query($s: Date!, $u: Date!) { report(since: $s, until: $u) { rows { orgUnit { id code } } } }", month)
            bank_ids = {r["orgUnit"]["code"]: r["orgUnit"]["id"] for r in fz["report"]["rows"]}
            cases = {"province_by_bank_30d": (REPORT, month)}
            if args.synthetic:
                # The PC's ranking of 1,900 branches asks for the page it shows, ranked by the server.
                cases["province_by_branch_1900_30d_page50"] = (REPORT, {**month, "l": "BRANCH", "f": 50, "by": "PRECISE_RATE"})
                cases["province_by_branch_1900_30d_all_rows"] = (REPORT, {**month, "l": "BRANCH"})
                bench_bank = next(v for k, v in bank_ids.items() if k.startswith("BENCH-"))
                cases["bank_by_manager_30d"] = (REPORT, {**month, "o": bench_bank, "l": "MANAGER"})
            real = next((v for k, v in bank_ids.items() if not k.startswith("BENCH-") and k == args.bank), None)
            if real:
                cases["real_bank_by_branch_30d"] = (REPORT, {**month, "o": real})
            year = {"s": (today - timedelta(days=364)).isoformat(), "u": today.isoformat()}
            if args.synthetic:
                cases["bank_trend_365d"] = (TREND, {**year, "o": bench_bank})
            cases["province_trend_365d"] = (TREND, year)
            for name, (query, variables) in cases.items():
                for _ in range(args.warmup):
                    ask(query, variables)
                latencies, started = [], time.perf_counter()
                for _ in range(args.requests):
                    t0 = time.perf_counter()
                    data = ask(query, variables)
                    latencies.append(time.perf_counter() - t0)
                rows = len(data["report"]["rows"]) if "report" in data else len(data["reportTrend"])
                results[name] = {**summary(latencies, time.perf_counter() - started), "rows": rows}
    finally:
        server.terminate()
        server.wait(10)
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--days", type=int, default=1, help="Days of real facts to build, ending today.")
    parser.add_argument("--bank", default="FJ-FZ", help="The bank with the seeded archives.")
    parser.add_argument("--synthetic", action="store_true", help="Add 67 banks, 1,900 branches and a year of facts.")
    parser.add_argument("--keep", action="store_true", help="Keep the synthetic units and facts.")
    args = parser.parse_args()
    if not os.environ.get("CIC_DATABASE_URL") or not os.environ.get("CIC_REDIS_URL"):
        sys.exit("set CIC_DATABASE_URL (a seeded database) and CIC_REDIS_URL")
    today = date.today()
    out: dict = {"benchmark": "reports"}
    out["build"] = asyncio.run(build_facts([today - timedelta(days=n) for n in range(args.days - 1, -1, -1)]))
    if args.synthetic:
        out["synthetic"] = asyncio.run(synthetic(today))
    try:
        out["latency"] = measure(args, today)
        out["client"] = "sequential, one connection, httpx over loopback, as prov.analyst"
    finally:
        if args.synthetic and not args.keep:
            asyncio.run(synthetic(today, remove=True))
    print(json.dumps(out, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
