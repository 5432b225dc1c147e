"""Reminders (docs/marketing.md): each built-in reminder and a model's reminders firing on a
fixture, nothing raised twice across nightly runs, the inbox (done, snooze, dismiss) and the
supervisor's view by manager."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, text

from backend.business.service import import_delivery
from backend.business.simulator import simulate_warehouse
from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK, load_demo_customers
from backend.marketing.models import Reminder
from backend.marketing.reminders import wake_snoozed
from backend.marketing.service import local_today, nightly
from backend.orgs.models import StaffUser
from tests.approvals.conftest import eligible_archive
from tests.approvals.test_applications import product, submit
from tests.helpers import as_user, twice_at_once
from tests.marketing.test_segments import LOW_EDUCATION, SAVE
from workers.marketing import run_nightly

INBOX = """query($s: ReminderStatus!) { myReminders(status: $s) { id kind title dueOn status snoozedUntil overdue customer { id } } }"""
WORK = """mutation($i: WorkReminderInput!) { workReminder(input: $i) { reminder { status snoozedUntil note } errors { field code } } }"""
LOAD = "{ reminderLoad { manager { username } open overdue } }"


async def _scalar(services, sql: str, **params):
    async with transaction(services.db.sessions) as session:
        return await session.scalar(text(sql), params)


async def test_every_reminder_fires_once_and_is_worked_from_the_inbox(client, services, tmp_path: Path):
    today = local_today()
    async with transaction(services.db.sessions) as session:
        assert await load_demo_customers(session, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
    async with services.db.sessions() as session:
        await simulate_warehouse(session, services.cipher, tmp_path, today - timedelta(days=1))
    await import_delivery(services.db.sessions, services.cipher, tmp_path, today - timedelta(days=1), started_by="test", rate=False)

    # Fixtures, one per kind: a quota (straight through) ending in ten days, an approval task past
    # its SLA, an ID card expiring, a time deposit maturing, a grade migration warning; returned and
    # no-longer-precise archives are in the demo data.
    archive = await eligible_archive(services, seed=81)
    approved = await submit(client, archive, await product(client, "TEST_REM_A", "STRAIGHT_THROUGH"), "20000.00")
    assert approved["errors"] == [] and approved["application"]["status"] == "APPROVED"
    quota_customer = await _scalar(services, "UPDATE quotas SET valid_to = CAST(:d AS date) WHERE status = 'ACTIVE' RETURNING customer_id::text",
                                   d=today + timedelta(days=10))  # fmt: skip
    queued = await submit(client, await eligible_archive(services, seed=82), await product(client, "TEST_REM_C", "CENTRALIZED"), "20000.00")
    assert queued["errors"] == []
    task = await _scalar(services, "UPDATE approval_tasks SET due_at = now() - interval '1 day' WHERE status IN ('OPEN', 'CLAIMED') RETURNING id")
    id_customer, manager_id = (await _execute(services, """UPDATE customers SET id_expiry = CAST(:d AS date), id_long_term = false
        WHERE id = (SELECT id FROM customers WHERE manager_id IS NOT NULL AND status <> 'ARCHIVED' ORDER BY id LIMIT 1)
        RETURNING id::text, manager_id""", d=today + timedelta(days=30)))  # fmt: skip
    deposit_customer = await _scalar(
        services, """UPDATE deposit_accounts SET matures_on = CAST(:d AS date) WHERE account_no = (SELECT account_no FROM deposit_accounts
                     WHERE customer_id IS NOT NULL ORDER BY account_no LIMIT 1) RETURNING customer_id::text""", d=today + timedelta(days=5),
    )  # fmt: skip
    await _scalar(services, """INSERT INTO rating_warnings (bank_id, customer_id, quarter, kind, from_grade, to_grade, new_vetoes, manager_id, org_path)
        SELECT bank_id, id, '2026Q4', 'DOWNGRADE', 'A', 'BB', '{}', manager_id, org_path FROM customers WHERE id = CAST(:id AS uuid)
        RETURNING customer_id""", id=id_customer)  # fmt: skip
    returned = await _scalar(services, "SELECT count(*) FROM customers WHERE status = 'RETURNED'")
    not_precise = await _scalar(services, """SELECT count(*) FROM customers c JOIN archive_evaluations e ON e.bank_id = c.bank_id
        AND e.customer_id = c.id WHERE c.status = 'VERIFIED' AND NOT e.precise""")  # fmt: skip
    saved = await as_user(client, "fz.admin", SAVE, {"i": {"name": "低学历", "condition": LOW_EDUCATION, "reminder": "推荐农e贷"}})
    members = await _scalar(services, "SELECT members FROM segment_models WHERE id = :id", id=int(saved["data"]["saveSegmentModel"]["model"]["id"]))
    assert returned > 0 and not_precise > 0 and members > 0

    # The nightly job, twice at once: one runs.
    ctx = {"services": services}
    assert (await twice_at_once(run_nightly, ctx)).startswith("1 models evaluated")
    async with services.db.sessions() as session:
        raised = dict((await session.execute(text("SELECT kind, count(*) FROM reminders GROUP BY kind"))).all())
        by_kind = {r.kind: r for r in await session.scalars(select(Reminder).order_by(Reminder.kind))}
    assert raised == {"MODEL": members, "GRADE_MIGRATION": 1, "QUOTA_EXPIRING": 1, "ID_EXPIRING": 1, "ARCHIVE_RETURNED": returned,
                      "NOT_PRECISE": not_precise, "DEPOSIT_MATURING": 1, "APPROVAL_OVERDUE": 1}  # fmt: skip
    assert str(by_kind["QUOTA_EXPIRING"].customer_id) == quota_customer and by_kind["QUOTA_EXPIRING"].due_on == today + timedelta(days=10)
    assert str(by_kind["DEPOSIT_MATURING"].customer_id) == deposit_customer
    assert by_kind["APPROVAL_OVERDUE"].dedupe_key == f"TASK:{task}"
    assert by_kind["ID_EXPIRING"].title == f"身份证将于{today + timedelta(days=30):%Y-%m-%d}到期，请提醒客户换领并更新档案"
    # Another night (the job's work again, past the day's claim): nothing is raised twice.
    async with transaction(services.db.sessions) as session:
        again = await nightly(session, today)
    assert set(again.reminders.values()) == {0}

    # The inbox of the manager of the ID card's archive.
    async with services.db.sessions() as session:
        username = await session.scalar(select(StaffUser.username).where(StaffUser.id == manager_id))
    mine = (await as_user(client, username, INBOX, {"s": "OPEN"}))["data"]["myReminders"]
    expected = await _scalar(services, "SELECT count(*) FROM reminders WHERE manager_id = :m AND status = 'OPEN'", m=manager_id)
    assert len(mine) == expected and [r["dueOn"] for r in mine] == sorted(r["dueOn"] for r in mine)
    card = next(r for r in mine if r["kind"] == "ID_EXPIRING")
    assert card["customer"]["id"] == id_customer and not card["overdue"]

    until = (today + timedelta(days=3)).isoformat()
    snoozed = (await as_user(client, username, WORK, {"i": {"id": card["id"], "action": "SNOOZE", "until": until}}))["data"]["workReminder"]
    assert snoozed == {"reminder": {"status": "SNOOZED", "snoozedUntil": until, "note": None}, "errors": []}
    assert card["id"] not in {r["id"] for r in (await as_user(client, username, INBOX, {"s": "OPEN"}))["data"]["myReminders"]}
    async with transaction(services.db.sessions) as session:
        assert await wake_snoozed(session, today + timedelta(days=3)) == 1
    assert card["id"] in {r["id"] for r in (await as_user(client, username, INBOX, {"s": "OPEN"}))["data"]["myReminders"]}

    too_far = {"i": {"id": card["id"], "action": "SNOOZE", "until": (today + timedelta(days=91)).isoformat()}}
    assert (await as_user(client, username, WORK, too_far))["data"]["workReminder"]["errors"] == [{"field": "until", "code": "SNOOZE_DATE"}]
    no_reason = {"i": {"id": card["id"], "action": "DISMISS"}}
    assert (await as_user(client, username, WORK, no_reason))["data"]["workReminder"]["errors"] == [{"field": "note", "code": "REASON_REQUIRED"}]
    other = await _other_customer_manager(services, manager_id)
    refused = await as_user(client, other, WORK, {"i": {"id": card["id"], "action": "DONE"}})  # a colleague at the same branch
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    done = (await as_user(client, username, WORK, {"i": {"id": card["id"], "action": "DONE", "note": "已电话告知客户"}}))["data"]["workReminder"]
    assert done == {"reminder": {"status": "DONE", "snoozedUntil": None, "note": "已电话告知客户"}, "errors": []}
    closed = (await as_user(client, username, WORK, {"i": {"id": card["id"], "action": "SNOOZE", "until": until}}))["data"]["workReminder"]
    assert closed["errors"] == [{"field": "id", "code": "REMINDER_CLOSED"}]

    # The branch manager sees the open and overdue reminders of the branch by manager.
    branch_manager, path = await _branch_manager_of(services, manager_id)
    async with services.db.sessions() as session:
        # a snoozed reminder past its due day: not yet done, but not overdue until it wakes
        await session.execute(text("UPDATE reminders SET status = 'SNOOZED', snoozed_until = :u, due_on = :d WHERE id = "
                                   "(SELECT id FROM reminders WHERE org_path LIKE :p || '%' AND status = 'OPEN' LIMIT 1)"),
                              {"u": today + timedelta(days=2), "d": today - timedelta(days=5), "p": path})  # fmt: skip
        await session.commit()
    load = (await as_user(client, branch_manager, LOAD))["data"]["reminderLoad"]
    async with services.db.sessions() as session:
        direct = {u: (n, late) for u, n, late in (await session.execute(
            text("""SELECT COALESCE(s.username, '-'), count(*), count(*) FILTER (WHERE r.status = 'OPEN' AND r.due_on < :today)
                    FROM reminders r LEFT JOIN staff_users s ON s.id = r.manager_id
                    WHERE r.org_path LIKE :p || '%' AND r.status IN ('OPEN', 'SNOOZED') GROUP BY 1"""), {"p": path, "today": today})).all()}  # fmt: skip
    assert {(r["manager"] or {"username": "-"})["username"]: (r["open"], r["overdue"]) for r in load} == direct
    cm = await as_user(client, username, LOAD)
    assert cm["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def _execute(services, sql: str, **params):
    async with transaction(services.db.sessions) as session:
        return (await session.execute(text(sql), params)).one()


async def _other_customer_manager(services, manager_id: int) -> str:
    async with services.db.sessions() as session:
        unit = await session.scalar(select(StaffUser.org_unit_id).where(StaffUser.id == manager_id))
        return await session.scalar(
            select(StaffUser.username).where(StaffUser.id != manager_id, StaffUser.org_unit_id == unit, StaffUser.username.like("%.cm%"))
            .order_by(StaffUser.username).limit(1)
        )  # fmt: skip


async def _branch_manager_of(services, manager_id: int) -> tuple[str, str]:
    async with services.db.sessions() as session:
        row = (await session.execute(text("""SELECT m.username, u.path FROM staff_users s JOIN org_units u ON u.id = s.org_unit_id
            JOIN staff_users m ON m.org_unit_id = u.id AND 'BRANCH_MANAGER' = ANY(m.roles) WHERE s.id = :id"""), {"id": manager_id})).one()  # fmt: skip
    return row[0], row[1]


async def test_a_broad_model_reminds_each_manager_of_a_few_members_a_night_not_all(client, services, monkeypatch):
    import backend.marketing.reminders as reminders

    monkeypatch.setattr(reminders, "MODEL_REMINDERS_PER_DAY", 2)
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    everyone = {"all": [{"field": "customer.age", "op": "GE", "value": 0}]}
    saved = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "全部客户", "condition": everyone, "reminder": "例行走访"}}))["data"]["saveSegmentModel"]
    model_id = int(saved["model"]["id"])

    async def per_manager() -> dict[int | None, tuple[int, int]]:
        """(members, MODEL reminders) per manager."""
        async with services.db.sessions() as session:
            rows = (await session.execute(text(
                """SELECT m.manager_id, count(*), (SELECT count(*) FROM reminders r WHERE r.model_id = :id
                   AND r.manager_id IS NOT DISTINCT FROM m.manager_id) FROM segment_memberships m
                   WHERE m.model_ids @> ARRAY[CAST(:id AS bigint)] GROUP BY m.manager_id"""), {"id": model_id})).all()  # fmt: skip
        return {m: (n, r) for m, n, r in rows}

    first = await per_manager()
    assert first and max(n for n, _ in first.values()) > 2  # a manager has more members than the night's allowance
    assert all(r == min(n, 2) for n, r in first.values()), first
    # The same day's night, and an evaluation on demand: the day's allowance is spent.
    async with transaction(services.db.sessions) as session:
        done = await nightly(session, local_today())
    assert done.reminders.get("MODEL", 0) == 0
    evaluate = "mutation($id: ID!) { evaluateSegmentModel(id: $id) { errors { code } } }"
    assert (await as_user(client, "fz.admin", evaluate, {"id": str(model_id)}))["data"]["evaluateSegmentModel"]["errors"] == []
    assert await per_manager() == first
    # The next day, an evaluation reminds of the next few of those not yet reminded.
    async with transaction(services.db.sessions) as session:
        await reminders.raise_for_model(session, model_id, "例行走访", local_today() + timedelta(days=1))
    assert all(r == min(n, 4) for n, r in (await per_manager()).values())


async def test_a_night_finds_the_days_new_members_through_the_newest_day_index(client, services):
    """The night's model reminders go to the members who joined today, found through the index on
    each membership row's newest day (migration 0029), not by unnesting every row."""
    import backend.marketing.reminders as reminders

    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    everyone = {"all": [{"field": "customer.age", "op": "GE", "value": 0}]}
    saved = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "全部客户", "condition": everyone, "reminder": "例行走访"}}))["data"]["saveSegmentModel"]
    model_id = int(saved["model"]["id"])
    today = local_today()
    async with transaction(services.db.sessions) as session:
        # Everyone joined long ago and was reminded then, except one archive, which joined today.
        await session.execute(text("UPDATE segment_memberships SET since = array_fill(DATE '2026-01-01', ARRAY[cardinality(model_ids)])"))
        joined = await session.scalar(
            text("UPDATE segment_memberships SET since = array_fill(CAST(:d AS date), ARRAY[cardinality(model_ids)]) "
                 "WHERE customer_id = (SELECT customer_id FROM segment_memberships ORDER BY customer_id LIMIT 1) RETURNING customer_id"), {"d": today})  # fmt: skip
        await session.execute(text("DELETE FROM reminders"))
        members = await session.scalar(text("SELECT count(*) FROM segment_memberships"))
    assert members > 1

    async with transaction(services.db.sessions) as session:
        # The tables are small, so ask whether the index can serve at all: no sequential scan, and
        # no bitmap scan, which is the only way the GIN index on model_ids is read.
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        await session.execute(text("SET LOCAL enable_bitmapscan = off"))
        plan = "\n".join((await session.execute(
            text(f"EXPLAIN {reminders.models_statement(joined_today=True).text}"), reminders.models_parameters({model_id: "例行走访"}, today)
        )).scalars())  # fmt: skip
    assert "ix_segment_memberships_latest_since" in plan, plan

    async with transaction(services.db.sessions) as session:
        raised = await reminders.raise_for_models(session, {model_id: "例行走访"}, today, joined_today=True)
    async with services.db.sessions() as session:
        reminded = (await session.scalars(select(Reminder.customer_id).where(Reminder.model_id == model_id))).all()
    assert (raised, reminded) == (1, [joined])
