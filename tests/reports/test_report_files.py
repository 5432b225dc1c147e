"""Report workbooks (docs/reports.md): the export equals the screen and is audited; the nightly job
runs once across workers and, on the first of a month, files last month's reports, each readable
only within its unit's scope."""

from __future__ import annotations

import io
from datetime import datetime, timedelta

from openpyxl import load_workbook
from sqlalchemy import text

from backend.db.session import transaction
from backend.demo import BANKS, load_demo_customers
from backend.marketing.service import local_today
from backend.reports.facts import LOCAL
from backend.reports.service import build
from tests.helpers import as_user, login, twice_at_once
from workers.reports import run_nightly

REPORT = """query($s: Date!, $u: Date!, $l: ReportLevel) { report(since: $s, until: $u, level: $l) {
  total { archives precise created } rows { orgUnit { name } archives precise } } }"""
MONTHLY = "{ monthlyReports { id month orgUnit { code } downloadPath } }"


def sheets(content: bytes) -> dict[str, list[tuple]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {name: [tuple(r) for r in book[name].iter_rows(values_only=True)] for name in book.sheetnames}


def figures(rows: list[tuple]) -> dict:
    return {row[0]: row[1] for row in rows if len(row) > 1 and row[0]}


async def test_the_export_is_the_report_on_the_screen_and_is_audited(client, services):
    today = local_today()
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
        await build(session, [today])
    period = {"since": today.isoformat(), "until": today.isoformat()}
    screen = (await as_user(client, "fz.admin", REPORT, {"s": period["since"], "u": period["until"]}))["data"]["report"]
    token = await login(client, "fz.admin")
    response = await client.get("/exports/report.xlsx", params=period, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200 and "filename*=UTF-8''" in response.headers["content-disposition"]
    book = sheets(response.content)
    assert list(book) == ["汇总", "按网点"]
    summary = figures(book["汇总"])
    assert summary["档案数"] == screen["total"]["archives"] and summary["精准建档"] == screen["total"]["precise"]
    ranking = book["按网点"]
    assert ranking[0][:4] == ("排名", "名称", "档案数", "已审核")
    on_screen = sorted(((r["orgUnit"]["name"], r["archives"]) for r in screen["rows"]), key=lambda x: (-x[1], x[0]))
    assert [(row[1], row[2]) for row in ranking[1:]] == on_screen and [row[0] for row in ranking[1:]] == list(range(1, len(on_screen) + 1))
    english = await client.get("/exports/report.xlsx", params={**period, "locale": "en"}, headers={"Authorization": f"Bearer {token}"})
    assert list(sheets(english.content)) == ["Summary", "By branch"]
    async with services.db.sessions() as session:
        audited = await session.scalar(text("SELECT count(*) FROM audit_log WHERE action = 'report.export'"))
    assert audited == 2

    bad = await client.get("/exports/report.xlsx", params={"since": period["until"], "until": (today - timedelta(days=3)).isoformat()},
                           headers={"Authorization": f"Bearer {token}"})  # fmt: skip
    assert bad.status_code == 400 and bad.json()["reason"] == "REPORT_PERIOD"
    manager = await login(client, "fz1.cm1")
    assert (await client.get("/exports/report.xlsx", params=period, headers={"Authorization": f"Bearer {manager}"})).status_code == 403
    assert (await client.get("/exports/report.xlsx", params=period)).status_code == 401


async def test_the_nightly_job_runs_once_and_files_the_monthly_reports_on_the_first(client, services):
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    first = datetime(2026, 11, 1, 0, 30, tzinfo=LOCAL)
    ctx = {"services": services}
    ran = await twice_at_once(run_nightly, ctx, first)
    assert ran.startswith("facts of 2026-10-31: ") and ran.endswith(f"; {len(BANKS) + 1} monthly reports")
    second = await run_nightly(ctx, first + timedelta(days=1))  # another night: facts, no monthly report
    assert second.startswith("facts of 2026-11-01: ") and second.endswith("; 0 monthly reports")
    async with services.db.sessions() as session:
        days = (await session.scalars(text("SELECT DISTINCT day::text FROM report_facts ORDER BY 1"))).all()
    assert days == ["2026-10-31", "2026-11-01"]

    everything = (await as_user(client, "prov.analyst", MONTHLY))["data"]["monthlyReports"]
    assert {r["month"] for r in everything} == {"2026-10"} and len(everything) == len(BANKS) + 1
    own = (await as_user(client, "fz.admin", MONTHLY))["data"]["monthlyReports"]
    assert [r["orgUnit"]["code"] for r in own] == ["FJ-FZ"]
    token = await login(client, "fz.admin")
    mine = await client.get(own[0]["downloadPath"], headers={"Authorization": f"Bearer {token}"})
    assert mine.status_code == 200 and list(sheets(mine.content)) == ["汇总", "按网点", "按客户经理"]
    province = next(r for r in everything if r["orgUnit"]["code"] == "FJ")
    assert (await client.get(province["downloadPath"], headers={"Authorization": f"Bearer {token}"})).status_code == 404
    analyst = await login(client, "prov.analyst")
    whole = await client.get(province["downloadPath"], headers={"Authorization": f"Bearer {analyst}"})
    assert list(sheets(whole.content)) == ["汇总", "按法人行社", "按网点"]
    summary = figures(sheets(whole.content)["汇总"])
    async with services.db.sessions() as session:
        archives = await session.scalar(text("SELECT count(*) FROM customers WHERE status <> 'ARCHIVED' AND created_at < '2026-11-01'"))
    assert summary["数据截至"] == "2026-10-31" and summary["档案数"] == archives
