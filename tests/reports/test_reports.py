"""The report centre (docs/reports.md): every figure equal to a direct count over the source
tables on a fixture, at every level; periods as differences of two days; scope and levels."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from backend.db.session import transaction
from backend.demo import load_demo_customers
from backend.marketing.service import local_today, nightly
from backend.rating.service import previous_quarter, quarter_of
from backend.reports.facts import day_end
from backend.reports.service import build
from tests.approvals.conftest import eligible_archive
from tests.approvals.test_applications import open_task, product, submit
from tests.helpers import as_user

ROW = """orgUnit { id code name level } manager { username } unassigned archives verified evaluated precise preciseRate rated
  quotasActive quotaAmount quotaUsed created applications decided approved rejected meanDecisionHours approvedAmount
  quotasGranted grantedAmount reminders remindersDone contacts contactedReminders convertedApplications convertedQuotas
  grades { grade count } gradeMoves { fromGrade toGrade count }"""
REPORT = f"""query($s: Date!, $u: Date!, $o: ID, $l: ReportLevel) {{ report(since: $s, until: $u, orgUnitId: $o, level: $l) {{
  asOf startsAfter level orgUnit {{ code }} total {{ {ROW} }} rows {{ {ROW} }} }} }}"""
TREND = "query($s: Date!, $u: Date!) { reportTrend(since: $s, until: $u) { day archives precise created applications } }"
APPROVE = "mutation($i: ApproveTaskInput!) { approveTask(input: $i) { errors { code } } }"
REJECT = "mutation($i: RejectTaskInput!) { rejectTask(input: $i) { errors { code } } }"
LOG = "mutation($i: LogContactInput!) { logContact(input: $i) { errors { field code } } }"

# Direct counts over the source tables for the archives (and rows) under a path, one manager or all.
DIRECT = {
    "archives": "SELECT count(*) FROM customers c WHERE {c} AND c.status <> 'ARCHIVED'",
    "verified": "SELECT count(*) FROM customers c WHERE {c} AND c.status = 'VERIFIED'",
    "precise": "SELECT count(*) FROM customers c JOIN archive_evaluations e ON e.bank_id = c.bank_id AND e.customer_id = c.id "
               "WHERE {c} AND c.status <> 'ARCHIVED' AND e.precise",
    "rated": "SELECT count(*) FROM customers c JOIN customer_ratings r ON r.bank_id = c.bank_id AND r.customer_id = c.id "
             "WHERE {c} AND c.status <> 'ARCHIVED'",
    "created": "SELECT count(*) FROM customers c WHERE {c} AND c.created_at >= :start AND c.created_at < :end",
    "applications": "SELECT count(*) FROM applications a JOIN customers c ON c.id = a.customer_id WHERE {c}",
    "approved": "SELECT count(*) FROM applications a JOIN customers c ON c.id = a.customer_id WHERE {c} AND a.status = 'APPROVED'",
    "rejected": "SELECT count(*) FROM applications a JOIN customers c ON c.id = a.customer_id WHERE {c} AND a.status = 'REJECTED'",
    "quotasGranted": "SELECT count(*) FROM quotas q JOIN customers c ON c.id = q.customer_id WHERE {c}",
    "reminders": "SELECT count(*) FROM reminders m JOIN customers c ON c.id = m.customer_id WHERE {c}",
    "remindersDone": "SELECT count(*) FROM reminders m JOIN customers c ON c.id = m.customer_id WHERE {c} AND m.status = 'DONE'",
}


async def direct(services, path: str, manager: str | None = None) -> dict[str, int]:
    """Everything but archives created happened today; the period is today."""
    bounds = {"start": day_end(local_today() - timedelta(days=1)), "end": day_end(local_today())}
    where = "c.org_path LIKE :path || '%'" + (" AND c.manager_id = (SELECT id FROM staff_users WHERE username = :m)" if manager else "")
    async with services.db.sessions() as session:
        return {k: await session.scalar(text(sql.format(c=where)), {"path": path, "m": manager, **bounds}) for k, sql in DIRECT.items()}


def picked(row: dict) -> dict[str, int]:
    return {k: row[k] for k in DIRECT}


async def fixture(client, services) -> dict[str, str]:
    """Demo archives with their reminders; two eligible archives at FJ-FZ, one contacted about a
    reminder, applied for and approved (a conversion), the other applied for and rejected."""
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
        await nightly(session, local_today())
    won, lost = await eligible_archive(services, seed=41), await eligible_archive(services, seed=42)
    async with transaction(services.db.sessions) as session:
        manager = await session.scalar(text("SELECT manager_id FROM customers WHERE id = :id"), {"id": won.id})
        reminder = uuid.uuid4()
        await session.execute(
            text("INSERT INTO reminders (bank_id, id, customer_id, org_path, manager_id, kind, dedupe_key, title, due_on, status) "
                 "SELECT bank_id, :r, id, org_path, manager_id, 'MODEL', 'report-test', '推荐农e贷', current_date, 'OPEN' FROM customers WHERE id = :id"),
            {"r": reminder, "id": won.id},
        )  # fmt: skip
        username = await session.scalar(text("SELECT username FROM staff_users WHERE id = :id"), {"id": manager})
        # the quarterly batches rated the customer A last quarter, BB this one: a move in the migration matrix
        moved = await session.execute(
            text("INSERT INTO rating_history (bank_id, customer_id, card_id, score, grade, bins, item_values, vetoes, quota, quarter) "
                 "SELECT bank_id, customer_id, card_id, score, grade, bins, item_values, vetoes, quota, :quarter FROM customer_ratings "
                 "WHERE customer_id = :id UNION ALL "
                 "SELECT bank_id, customer_id, card_id, score + 60, 'A', bins, item_values, vetoes, quota, :previous FROM customer_ratings "
                 "WHERE customer_id = :id"),
            {"id": won.id, "quarter": quarter_of(local_today()), "previous": previous_quarter(quarter_of(local_today()))},
        )  # fmt: skip
        assert moved.rowcount == 2
    contact = {"id": str(uuid.uuid4()), "customerId": won.id, "channel": "VISIT", "outcome": "INTERESTED", "reminderId": str(reminder),
               "contactedAt": (datetime.now(UTC) - timedelta(minutes=5)).replace(microsecond=0).isoformat()}  # fmt: skip
    assert (await as_user(client, username, LOG, {"i": contact}))["data"]["logContact"]["errors"] == []
    product_id = await product(client, "TEST_RPT", "ONE_STEP")
    for archive, decide in ((won, "approve"), (lost, "reject")):
        app = (await submit(client, archive, product_id, "30000.00"))["application"]
        task = open_task(app)["id"]
        if decide == "approve":
            done = await as_user(client, f"{archive.staff}.manager", APPROVE, {"i": {"id": task, "amount": "25000.00"}})
            assert done["data"]["approveTask"]["errors"] == []
        else:
            done = await as_user(client, f"{archive.staff}.manager", REJECT, {"i": {"id": task, "reason": "经营风险较高"}})
            assert done["data"]["rejectTask"]["errors"] == []
    return {"manager": username, "branch": won.branch_code}


async def test_every_figure_equals_a_direct_count_at_every_level(client, services):
    facts = await fixture(client, services)
    today = local_today()
    async with transaction(services.db.sessions) as session:
        await build(session, [today - timedelta(days=1), today])
        await build(session, [today])  # a rebuild replaces the day
    period = {"s": today.isoformat(), "u": today.isoformat()}

    province = (await as_user(client, "prov.analyst", REPORT, period))["data"]["report"]
    assert province["asOf"] == today.isoformat() and province["startsAfter"] == (today - timedelta(days=1)).isoformat()
    assert province["level"] == "BANK" and province["orgUnit"]["code"] == "FJ"
    assert picked(province["total"]) == await direct(services, "/")
    assert province["total"]["archives"] > 100 and province["total"]["reminders"] > 0
    for row in province["rows"]:
        async with services.db.sessions() as session:
            path = await session.scalar(text("SELECT path FROM org_units WHERE id = :id"), {"id": int(row["orgUnit"]["id"])})
        assert picked(row) == await direct(services, path), row["orgUnit"]["code"]
    for key in DIRECT:
        assert sum(r[key] for r in province["rows"]) == province["total"][key], key
    fz = next(r for r in province["rows"] if r["orgUnit"]["code"] == "FJ-FZ")
    assert (fz["applications"], fz["approved"], fz["rejected"], fz["decided"], fz["quotasGranted"]) == (2, 1, 1, 2, 1)
    assert (fz["approvedAmount"], fz["grantedAmount"], fz["quotaAmount"], fz["quotasActive"]) == ("2500000", "2500000", "2500000", 1)
    assert (fz["contacts"], fz["contactedReminders"], fz["convertedApplications"], fz["convertedQuotas"]) == (1, 1, 1, 1)
    assert fz["meanDecisionHours"] is not None and fz["meanDecisionHours"] < 1
    assert {g["grade"]: g["count"] for g in fz["grades"]}.get("BB") == 2
    assert fz["gradeMoves"] == [{"fromGrade": "A", "toGrade": "BB", "count": 1}]
    assert province["total"]["gradeMoves"] == fz["gradeMoves"]

    # drill down: the bank's branches, then the branch's managers
    branches = (await as_user(client, "prov.analyst", REPORT, {**period, "o": fz["orgUnit"]["id"]}))["data"]["report"]
    assert branches["level"] == "BRANCH" and {r["orgUnit"]["level"] for r in branches["rows"]} == {"BRANCH"}
    for key in DIRECT:
        assert sum(r[key] for r in branches["rows"]) == fz[key], key
    branch = next(r for r in branches["rows"] if r["orgUnit"]["code"] == facts["branch"])
    managers = (await as_user(client, "prov.analyst", REPORT, {**period, "o": branch["orgUnit"]["id"]}))["data"]["report"]
    assert managers["level"] == "MANAGER"
    mine = next(r for r in managers["rows"] if r["manager"] and r["manager"]["username"] == facts["manager"])
    async with services.db.sessions() as session:
        path = await session.scalar(text("SELECT path FROM org_units WHERE code = :c"), {"c": facts["branch"]})
    assert picked(mine) == await direct(services, path, facts["manager"])
    assert mine["contacts"] == 1 and mine["convertedQuotas"] == 1
    for key in DIRECT:
        assert sum(r[key] for r in managers["rows"]) == branch[key], key

    # a period before any of it: stocks as of its end, no flows
    earlier = (await as_user(client, "prov.analyst", REPORT, {"s": (today - timedelta(days=9)).isoformat(),
                                                                   "u": (today - timedelta(days=1)).isoformat()}))["data"]["report"]  # fmt: skip
    assert earlier["asOf"] == (today - timedelta(days=1)).isoformat() and earlier["startsAfter"] is None
    assert earlier["total"]["applications"] == earlier["total"]["quotasGranted"] == 0
    assert earlier["total"]["created"] == earlier["total"]["archives"] == province["total"]["archives"] - province["total"]["created"]

    trend = (await as_user(client, "prov.analyst", TREND, {"s": (today - timedelta(days=1)).isoformat(), "u": today.isoformat()}))
    points = trend["data"]["reportTrend"]
    assert [p["day"] for p in points] == [(today - timedelta(days=1)).isoformat(), today.isoformat()]
    assert points[0]["created"] is None and points[1]["created"] == province["total"]["created"]
    assert points[1]["applications"] == province["total"]["applications"] == 2


def test_every_ranking_order_is_a_figure_the_statement_computes():
    from backend.reports.repository import ORDERS
    from schema.reports import ReportOrder

    assert sorted(o.value for o in ReportOrder) == sorted(ORDERS)


async def test_scope_levels_and_periods_are_checked(client, services):
    today = local_today()
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
        # evaluated, about a third precise: the branches' precise rates differ, so a ranking has an order to get right
        await session.execute(text(
            "INSERT INTO archive_evaluations (bank_id, customer_id, branch_id, violations, error_count, completeness, precise, rule_versions) "
            "SELECT bank_id, id, branch_id, '[]', 0, 100, abs(hashtext(id::text)) % 3 = 0, '{}' FROM customers "
            "ON CONFLICT (bank_id, customer_id) DO UPDATE SET precise = excluded.precise"))  # fmt: skip
        await build(session, [today])
    period = {"s": today.isoformat(), "u": today.isoformat()}
    own = (await as_user(client, "fz.admin", REPORT, period))["data"]["report"]
    assert own["orgUnit"]["code"] == "FJ-FZ" and own["level"] == "BRANCH"
    assert all(r["orgUnit"]["code"].startswith("FJ-FZ-") for r in own["rows"]) and own["rows"]
    async with services.db.sessions() as session:
        province_id, qz_id = (await session.execute(
            text("SELECT (SELECT id FROM org_units WHERE code = 'FJ'), (SELECT id FROM org_units WHERE code = 'FJ-QZ')")
        )).one()  # fmt: skip
    for unit in (province_id, qz_id):
        refused = await as_user(client, "fz.admin", REPORT, {**period, "o": str(unit)})
        assert refused["data"] is None and refused["errors"][0]["extensions"]["reason"] == "NOT_FOUND"
    wide = await as_user(client, "prov.analyst", REPORT, {**period, "l": "MANAGER"})
    assert wide["errors"][0]["extensions"].items() >= {"field": "level", "reason": "REPORT_LEVEL"}.items()
    backwards = await as_user(client, "prov.analyst", REPORT, {"s": today.isoformat(), "u": (today - timedelta(days=1)).isoformat()})
    assert backwards["errors"][0]["extensions"]["reason"] == "REPORT_PERIOD"
    every_branch = (await as_user(client, "prov.analyst", REPORT, {**period, "l": "BRANCH"}))["data"]["report"]
    assert len(every_branch["rows"]) == len(own["rows"]) + len([r for r in every_branch["rows"] if not r["orgUnit"]["code"].startswith("FJ-FZ-")])
    assert {r["orgUnit"]["level"] for r in every_branch["rows"]} == {"BRANCH"}

    # the ranking is ordered and paged in the statement: a page is the slice of the whole ranking
    ranked = """query($s: Date!, $u: Date!, $o: ReportOrder!, $f: Int, $x: Int!, $n: String) {
      report(since: $s, until: $u, level: BRANCH, orderBy: $o, descending: true, first: $f, offset: $x, nameContains: $n) {
        rowCount offset rows { orgUnit { id name } archives precise preciseRate } } }"""
    whole = (await as_user(client, "prov.analyst", ranked, {**period, "o": "PRECISE_RATE", "x": 0}))["data"]["report"]
    # the order the statement must give: the rate from the row's own figures, ties by unit id
    expected = sorted(whole["rows"], key=lambda r: (-(r["precise"] / r["archives"] if r["archives"] else -1), int(r["orgUnit"]["id"])))
    assert [r["orgUnit"]["id"] for r in whole["rows"]] == [r["orgUnit"]["id"] for r in expected]
    assert len({r["preciseRate"] for r in whole["rows"]}) > 1  # the fixture has rates to order
    assert whole["rowCount"] == len(whole["rows"]) == len(every_branch["rows"])
    page = (await as_user(client, "prov.analyst", ranked, {**period, "o": "PRECISE_RATE", "f": 3, "x": 2}))["data"]["report"]
    assert page["rows"] == whole["rows"][2:5] and page["rowCount"] == whole["rowCount"] and page["offset"] == 2
    named = (await as_user(client, "prov.analyst", ranked, {**period, "o": "ARCHIVES", "x": 0, "n": "仓山"}))["data"]["report"]
    assert named["rows"] and all("仓山" in r["orgUnit"]["name"] for r in named["rows"]) and named["rowCount"] == len(named["rows"])
    too_many = await as_user(client, "prov.analyst", ranked, {**period, "o": "ARCHIVES", "f": 2001, "x": 0})
    assert too_many["errors"][0]["extensions"]["field"] == "first"

    forbidden = await as_user(client, "fz1.cm1", REPORT, period)
    assert forbidden["data"] is None and forbidden["errors"][0]["extensions"]["code"] == "FORBIDDEN"
