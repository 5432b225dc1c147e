"""The 1,200-point rating: points and grade of a hand-computed archive, vetoes, the batch equal
to real time over every demo archive, resume and exactly once, the field policy (docs/rating.md)."""

from __future__ import annotations

import asyncio
import json
import os
from datetime import date
from pathlib import Path

from sqlalchemy import func, select, text

from backend.auth.contexts import ID_CONTEXT
from backend.business.feed import file_name, flag_name, write_feed
from backend.business.models import Subject
from backend.business.service import import_delivery
from backend.customers.models import Customer
from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK
from backend.orgs.models import OrgUnit
from backend.rating.models import CustomerRating, RatingHistory, RatingRun, RunStatus
from backend.rating.service import RatingService, rate_quarter
from backend.seeding.synthetic import seed_customers
from tests.helpers import as_user, cic

BANK = "FJ-FZ"
DAY = date(2026, 11, 30)


async def _archive(services, seed: int = 31) -> tuple[int, object, str]:
    """One synthetic archive at the bank: (bank id, archive id, ID number)."""
    async with transaction(services.db.sessions) as session:
        await seed_customers(session, services.cipher, 1, bank_codes=[BANK], seed=seed)
    async with services.db.sessions() as session:
        bank_id = (await session.execute(select(OrgUnit.id).where(OrgUnit.code == BANK))).scalar_one()
        row = (await session.execute(select(Customer.id, Customer.id_number_encrypted).where(Customer.bank_id == bank_id)
                                     .order_by(Customer.created_at.desc()).limit(1))).one()  # fmt: skip
    return bank_id, row[0], services.cipher.decrypt(row[1], context=ID_CONTEXT)


async def _rate(services, bank_id: int, customer_id) -> CustomerRating:
    async with transaction(services.db.sessions) as session:
        rating = await RatingService(session).rate(bank_id, customer_id)
    assert rating is not None
    return rating


async def test_points_grade_quota_and_reasons_of_a_hand_computed_archive(services):
    bank_id, customer_id, _ = await _archive(services)
    profile = {
        "income": {"farming": 3_000_000, "business": 2_000_000, "wages": 0, "other": 0},  # 50,000 yuan
        "assets": [{"kind": "HOUSE", "value": 15_000_000}],  # 150,000 yuan
        "land": {"contracted_mu": 5},
        "liabilities": [],
        "social": {"village_credit_rating": "A"},
    }
    async with transaction(services.db.sessions) as session:
        await session.execute(
            text("UPDATE customers SET profile = profile || CAST(:p AS jsonb), education = 'JUNIOR', "
                 "birth_date = current_date - interval '40 years 3 days' WHERE id = :id"),
            {"p": json.dumps(profile), "id": customer_id},
        )  # fmt: skip
        await session.execute(text("DELETE FROM archive_evaluations WHERE customer_id = :id"), {"id": customer_id})
    # base 200 + income [50k,100k) 100 + assets [50k,200k) 50 + age [35,55) 80 + land [2,10) 40
    # + junior school 35 + no business (deposits 0, overdue history missing 60, relationship 0,
    # services 0) + liabilities under 10k 60 + village rating A 45 = 670: BB.
    rating = await _rate(services, bank_id, customer_id)
    assert (rating.score, rating.vetoes, rating.grade, rating.quota) == (670, ["NOT_PRECISE"], "D", 0)

    async with transaction(services.db.sessions) as session:  # now precisely filed
        await session.execute(
            text("INSERT INTO archive_evaluations (bank_id, customer_id, branch_id, violations, error_count, completeness, "
                 "precise, rule_versions) SELECT bank_id, id, branch_id, '[]', 0, 100, true, '{}' FROM customers WHERE id = :id"),
            {"id": customer_id},
        )  # fmt: skip
    rating = await _rate(services, bank_id, customer_id)
    # BB: at most 50,000 yuan and at most twice the yearly income (100,000): 50,000 yuan.
    assert (rating.score, rating.vetoes, rating.grade, rating.quota) == (670, [], "BB", 5_000_000)
    async with services.db.sessions() as session:
        service = RatingService(session)
        card = (await service.cards([rating.card_id]))[rating.card_id]
    from backend.rating.service import card_of, explain

    why = explain(rating, card_of(card))
    assert [(i.code, i.value, i.points) for i in why.items][:5] == [
        ("INCOME", "50000", 100), ("ASSETS", "150000", 50), ("AGE", "40", 80), ("LAND", "5", 40), ("EDUCATION", "JUNIOR", 35)
    ]
    # The items that cost most points first: deposits (0 of 150), the relationship (0 of 100).
    assert why.reasons[0] == "近90日日均存款(元)为“缺失”，得0分（满分150分）"
    assert why.reasons[1].startswith("与本行往来月数为“缺失”")


async def test_a_real_time_rating_is_two_statements_its_card_with_the_kinds_and_the_rating(services, count_queries):
    """A save rates its archive: the card in force and the bank's extra fields' kinds (the key of
    the compiled statement) in one statement, then the rating's INSERT; the card stays held for
    the application that asks for it next."""
    bank_id, customer_id, _ = await _archive(services, seed=33)
    await _rate(services, bank_id, customer_id)  # compiled once by this process
    count_queries.statements.clear()
    async with transaction(services.db.sessions) as session:
        service = RatingService(session)
        rating = await service.rate(bank_id, customer_id)
        assert rating is not None
        assert [s.split()[0] for s in count_queries.statements] == ["SELECT", "INSERT"], count_queries.statements
        assert "customer_extra_fields" in count_queries.statements[0] and "FROM scorecards" in count_queries.statements[0]
        assert set(await service.cards([rating.card_id])) == {rating.card_id}
        assert len(count_queries.statements) == 2, "the card is held: no statement reads it again"


async def test_vetoes_force_the_ineligible_grade_when_business_data_arrives(services, tmp_path: Path):
    bank_id, customer_id, id_number = await _archive(services, seed=32)
    write_feed(tmp_path / file_name(BANK, Subject.LOAN, DAY), Subject.LOAN, BANK, DAY,
               [f"L1|{id_number}||农e贷|20250101||5000000.00|30000.00|120|LOSS"])  # fmt: skip
    write_feed(tmp_path / file_name(BANK, Subject.BLACKLIST, DAY), Subject.BLACKLIST, BANK, DAY,
               [f"B1|{id_number}||ADD|COURT|失信被执行人|20261101|"])  # fmt: skip
    (tmp_path / flag_name(BANK, DAY)).write_text("", encoding="ascii")
    # The import rates the bank's archives once their business data changed: no call here.
    await import_delivery(services.db.sessions, services.cipher, tmp_path, DAY, started_by="test")
    async with services.db.sessions() as session:
        rating = await session.get(CustomerRating, (bank_id, customer_id))
    assert rating is not None and rating.grade == "D" and rating.quota == 0
    assert set(rating.vetoes) == {"BLACKLISTED", "OVERDUE_90", "LOSS_CLASS", "NOT_PRECISE"}


async def _verdicts(services, model, **where) -> dict:
    async with services.db.sessions() as session:
        rows = (await session.scalars(select(model).filter_by(**where))).all()
    return {(r.bank_id, r.customer_id): (r.card_id, r.score, r.grade, r.bins, r.item_values, r.vetoes, r.quota) for r in rows}


async def test_the_batch_and_real_time_give_every_demo_archive_the_same_rating(services, demo_business):
    outcomes = await rate_quarter(services.db.sessions, "2026Q4", chunk=37)  # several chunks per bank
    batch = await _verdicts(services, RatingHistory, quarter="2026Q4")
    assert len(batch) == DEMO_CUSTOMERS_PER_BANK * len(BANKS) == sum(o.rated for o in outcomes)
    async with services.db.sessions() as session:
        keys = (await session.execute(select(Customer.bank_id, Customer.id))).all()
    for bank_id, customer_id in keys:  # real time, one by one
        await _rate(services, bank_id, customer_id)
    real_time = await _verdicts(services, CustomerRating)
    assert real_time == batch
    scores = {v[1] for v in batch.values()}
    assert len(scores) >= 20, scores  # the demo spreads over the scale (not one verdict for all)


async def test_a_killed_batch_resumes_after_its_last_chunk_and_two_workers_rate_once(services, demo_business):
    """`cic rating run` (two connections) is killed in its third chunk (held there by an
    uncommitted history row the test inserted for the chunk's first archive) once the first two
    are rated: the two chunks stay, the third is gone."""
    import signal
    import subprocess
    import sys

    from tests.waiting import ProcessOutput, until

    async with services.db.sessions() as session:
        bank_id = (await session.execute(select(OrgUnit.id).where(OrgUnit.code == BANK))).scalar_one()
        ids = (await session.scalars(select(Customer.id).where(Customer.bank_id == bank_id).order_by(Customer.id))).all()
    holder = await services.db.primary.connect()
    held = await holder.begin()
    await holder.execute(
        text("INSERT INTO rating_history (bank_id, customer_id, quarter, card_id, score, grade, bins, item_values, vetoes, quota) "
             "VALUES (:b, :c, '2026Q4', 0, 0, 'C', '{}', '{}', '{}', 0)"),
        {"b": bank_id, "c": ids[50]},
    )  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-c", "from backend.cli import main; main()", "rating", "run", "--quarter", "2026Q4", "--bank", BANK, "--chunk", "25"],
        env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = ProcessOutput(process)
    try:
        async def waiting_chunk() -> int | None:
            async with services.db.sessions() as s:
                pid = (await s.execute(text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    "AND query LIKE 'INSERT INTO rating_history%'"))).scalar()  # fmt: skip
                rated = await s.scalar(text("SELECT count(*) FROM rating_run_chunks WHERE quarter = '2026Q4' AND rated IS NOT NULL"))
            return pid if rated == 2 else None

        pid = await until(waiting_chunk, "the batch to reach its third chunk")
        process.send_signal(signal.SIGKILL)
        output.exit_code()
    finally:
        await held.rollback()
        await holder.close()

    async def gone() -> bool:
        async with services.db.sessions() as s:
            return not (await s.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :p"), {"p": pid})).scalar()

    await until(gone, "the killed batch's backend to end")
    async with services.db.sessions() as session:
        run = await session.get(RatingRun, (bank_id, "2026Q4"))
        history = await session.scalar(select(func.count()).select_from(RatingHistory).where(RatingHistory.bank_id == bank_id))
    assert (run.status, run.rated, history) == (RunStatus.RUNNING, 50, 50)  # two chunks committed, the third rolled back

    # Two workers pick the quarter up at once: the run resumes after the 50 rated, and between
    # them every archive is rated once.
    first, second = await asyncio.gather(
        rate_quarter(services.db.sessions, "2026Q4", banks=[BANK], chunk=25),
        rate_quarter(services.db.sessions, "2026Q4", banks=[BANK], chunk=25),
    )
    assert first[0].rated + second[0].rated == DEMO_CUSTOMERS_PER_BANK - 50
    # Neither started the quarter over: each resumed after the rated chunks, or (when the other had
    # already rated the last chunk and closed the run before it looked) found the quarter done.
    assert all(outcome.resumed or outcome.already_done for outcome in (first[0], second[0]))
    assert max(first[0].total, second[0].total) == DEMO_CUSTOMERS_PER_BANK  # the one that rated the last chunk closed the run
    async with services.db.sessions() as session:
        run = await session.get(RatingRun, (bank_id, "2026Q4"), populate_existing=True)
        history = await session.scalar(select(func.count()).select_from(RatingHistory).where(RatingHistory.bank_id == bank_id))
    assert (run.status, run.rated, history) == (RunStatus.DONE, DEMO_CUSTOMERS_PER_BANK, DEMO_CUSTOMERS_PER_BANK)
    again = await rate_quarter(services.db.sessions, "2026Q4", banks=[BANK])
    assert (again[0].rated, again[0].already_done) == (0, True)


RATING = """query($id: ID!) { customer(id: $id) { rating { score grade gradeLabel card { version province maxScore }
  items { code label value bin points maxPoints } reasons vetoes vetoReasons recommendedQuota } ratingHistory { quarter grade } } }"""
RATE = """mutation($id: ID!) { rateCustomer(id: $id) { rating { score grade } errors { code message } } }"""


async def test_the_explanation_follows_the_field_policy_and_rating_on_demand(client, services):
    bank_id, customer_id, _ = await _archive(services, seed=33)
    async with transaction(services.db.sessions) as session:
        await session.execute(text("DELETE FROM customer_ratings WHERE customer_id = :id"), {"id": customer_id})
    staff = await as_user(client, "fz.approver", RATING, {"id": str(customer_id)})
    assert staff["data"]["customer"]["rating"] is None  # not rated yet
    rated = await as_user(client, "fz.approver", RATE, {"id": str(customer_id)})
    assert rated["data"]["rateCustomer"]["errors"] == [] and rated["data"]["rateCustomer"]["rating"]["grade"] == "D"

    staff = (await as_user(client, "fz.approver", RATING, {"id": str(customer_id)}))["data"]["customer"]["rating"]
    assert staff["card"] == {"version": 1, "province": True, "maxScore": 1200}
    assert len(staff["items"]) == 11 and all(0 <= i["points"] <= i["maxPoints"] for i in staff["items"])
    assert staff["score"] == 200 + sum(i["points"] for i in staff["items"])
    assert staff["reasons"] and staff["vetoes"] == ["NOT_PRECISE"] and staff["vetoReasons"] == ["档案未达精准建档"]
    assert (staff["grade"], staff["gradeLabel"], staff["recommendedQuota"]) == ("D", "D（不予授信）", "0.00")

    analyst = (await as_user(client, "prov.analyst", RATING, {"id": str(customer_id)}))["data"]["customer"]["rating"]
    # Province analysts see the score and the grade, not the items, the values or the reasons.
    assert (analyst["score"], analyst["grade"]) == (staff["score"], "D")
    assert (analyst["items"], analyst["reasons"], analyst["recommendedQuota"]) == (None, None, None)
    refused = await as_user(client, "prov.analyst", RATE, {"id": str(customer_id)})
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_cron_job_rates_the_current_quarter_once_across_two_workers(services, demo_business):
    from backend.rating.service import quarter_of
    from workers.rating import quarterly_batch

    ctx = {"services": services}
    await asyncio.gather(quarterly_batch(ctx), quarterly_batch(ctx))  # two workers, one tick
    quarter = quarter_of(date.today())
    async with services.db.sessions() as session:
        history = await session.scalar(select(func.count()).select_from(RatingHistory).where(RatingHistory.quarter == quarter))
        runs = (await session.scalars(select(RatingRun).where(RatingRun.quarter == quarter))).all()
    assert history == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
    assert len(runs) == len(BANKS) and {r.status for r in runs} == {RunStatus.DONE}
    assert {r.rated for r in runs} == {DEMO_CUSTOMERS_PER_BANK}  # each archive once, not twice
    assert "0 archives rated" in await quarterly_batch(ctx)  # the next night of the quarter: a lookup


async def test_cic_rating_run_rates_the_quarter_and_refuses_a_malformed_one(services, demo_business):
    done = await asyncio.to_thread(cic, "rating", "run", "--quarter", "2026Q3", "--bank", BANK)
    assert done.returncode == 0, done.stderr
    assert f"{BANK} 2026Q3: {DEMO_CUSTOMERS_PER_BANK} rated" in done.stdout
    async with services.db.sessions() as session:
        rows = await session.scalar(select(func.count()).select_from(RatingHistory).where(RatingHistory.quarter == "2026Q3"))
    assert rows == DEMO_CUSTOMERS_PER_BANK
    again = await asyncio.to_thread(cic, "rating", "run", "--quarter", "2026Q3", "--bank", BANK)
    assert "already done" in again.stdout
    bad = await asyncio.to_thread(cic, "rating", "run", "--quarter", "2026-10")
    assert bad.returncode == 2 and "2026Q4" in bad.stderr


MIGRATION = """query($unit: ID!) { ratingMigration(orgUnitId: $unit, fromQuarter: "2026Q3", toQuarter: "2026Q4") { fromGrade toGrade count } }"""
WORKLIST = """{ ratingWarnings(mine: true) { customerId quarter kind fromGrade toGrade newVetoes } }"""
HISTORY = """{ customers(first: 50) { edges { node { id ratingHistory { quarter grade } } } } }"""
BY_UNIT = """query($unit: ID!) { ratingWarnings(orgUnitId: $unit) { customerId kind customer { name } } }"""


async def _archives_under(services, branch_id: int) -> list:
    async with services.db.sessions() as session:
        return list((await session.scalars(select(Customer.id).where(Customer.branch_id == branch_id))).all())


async def test_migration_matrix_and_warnings_between_two_quarters(client, services, demo_business, tmp_path: Path):
    from backend.orgs.models import StaffUser

    async with transaction(services.db.sessions) as session:  # precisely filed: the grades spread
        bank_id = (await session.execute(select(OrgUnit.id).where(OrgUnit.code == BANK))).scalar_one()
        await session.execute(text("UPDATE archive_evaluations SET precise = true WHERE bank_id = :b"), {"b": bank_id})
    await rate_quarter(services.db.sessions, "2026Q3", banks=[BANK])
    async with services.db.sessions() as session:
        q3 = dict((await session.execute(select(RatingHistory.customer_id, RatingHistory.grade)
                                         .where(RatingHistory.quarter == "2026Q3"))).all())  # fmt: skip
        # The demo's business is seeded by who each person is, so the spread is the same on every run.
        spread = {g: sum(1 for v in q3.values() if v == g) for g in set(q3.values())}
        assert spread.keys() & {"A", "BBB", "BB"} and spread.keys() & {"B", "C"}, spread
        falls = next(c for c, g in q3.items() if g in ("A", "BBB", "BB"))  # will be blacklisted
        watched = next(c for c, g in q3.items() if g in ("B", "C"))  # its Q3 grade becomes BBB below
        row = (await session.execute(select(Customer.id_number_encrypted, Customer.manager_id).where(Customer.id == falls))).one()
        manager = await session.scalar(select(StaffUser.username).where(StaffUser.id == row[1]))
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE rating_history SET grade = 'BBB' WHERE quarter = '2026Q3' AND customer_id = :c"), {"c": watched})
    # Between the quarters the risk system blacklists one customer (its delivery re-rates the bank).
    d2 = tmp_path / "d2"
    d2.mkdir()
    id_number = services.cipher.decrypt(row[0], context=ID_CONTEXT)
    write_feed(d2 / file_name(BANK, Subject.BLACKLIST, date(2026, 12, 1)), Subject.BLACKLIST, BANK, date(2026, 12, 1),
               [f"B9|{id_number}||ADD|COURT|失信被执行人|20261201|"])  # fmt: skip
    (d2 / flag_name(BANK, date(2026, 12, 1))).write_text("", encoding="ascii")
    await import_delivery(services.db.sessions, services.cipher, d2, date(2026, 12, 1), started_by="test")
    await rate_quarter(services.db.sessions, "2026Q4", banks=[BANK])

    async with services.db.sessions() as session:
        found = (await session.execute(text("SELECT customer_id, kind, from_grade, to_grade, new_vetoes FROM rating_warnings"))).all()
    kinds = {(c, k) for c, k, *_ in found}
    assert kinds == {(falls, "NEW_VETO"), (falls, "DOWNGRADE"), (watched, "WATCH"), (watched, "DOWNGRADE")}, found
    assert next(r for r in found if r[0] == falls and r[1] == "NEW_VETO")[2:] == (q3[falls], "D", ["BLACKLISTED"])

    # The matrix equals a count written here in SQL; the manager's worklist holds their customer's warnings.
    matrix = (await as_user(client, "fz.admin", MIGRATION, {"unit": str(bank_id)}))["data"]["ratingMigration"]
    async with services.db.sessions() as session:
        expected = (await session.execute(text(
            "SELECT p.grade, h.grade, count(*) FROM rating_history h JOIN rating_history p USING (bank_id, customer_id) "
            "WHERE h.quarter = '2026Q4' AND p.quarter = '2026Q3' AND h.bank_id = :b GROUP BY 1, 2"), {"b": bank_id})).all()  # fmt: skip
    assert {(c["fromGrade"], c["toGrade"]): c["count"] for c in matrix} == {(a, b): n for a, b, n in expected}
    assert sum(c["count"] for c in matrix) == DEMO_CUSTOMERS_PER_BANK
    worklist = (await as_user(client, manager, WORKLIST))["data"]["ratingWarnings"]
    assert {(w["customerId"], w["kind"]) for w in worklist} >= {(str(falls), "NEW_VETO"), (str(falls), "DOWNGRADE")}
    assert all(w["quarter"] == "2026Q4" for w in worklist)
    # By level: the bank's warnings, or one branch's of them.
    async with services.db.sessions() as session:
        branch_id = (await session.execute(select(Customer.branch_id).where(Customer.id == falls))).scalar_one()
    by_bank = (await as_user(client, "fz.admin", BY_UNIT, {"unit": str(bank_id)}))["data"]["ratingWarnings"]
    by_branch = (await as_user(client, "fz.admin", BY_UNIT, {"unit": str(branch_id)}))["data"]["ratingWarnings"]
    assert len(by_bank) == len(found) and {w["customerId"] for w in by_branch} >= {str(falls)}
    under = set(await _archives_under(services, branch_id))
    assert len(by_branch) == sum(1 for r in found if r[0] in under)
    # Each archive's quarters on a page of archives (one statement for the page), newest first.
    page = (await as_user(client, "fz.admin", HISTORY))["data"]["customers"]["edges"]
    async with services.db.sessions() as session:
        stored = (await session.execute(text("SELECT customer_id, quarter, grade FROM rating_history WHERE bank_id = :b ORDER BY quarter DESC"),
                                        {"b": bank_id})).all()  # fmt: skip
    expected: dict[str, list[dict[str, str]]] = {}
    for customer, quarter, grade in stored:
        expected.setdefault(str(customer), []).append({"quarter": quarter, "grade": grade})
    assert len(page) == 50 and {e["node"]["id"]: e["node"]["ratingHistory"] for e in page} == {e["node"]["id"]: expected[e["node"]["id"]] for e in page}
    assert all([q["quarter"] for q in e["node"]["ratingHistory"]] == ["2026Q4", "2026Q3"] for e in page)
    other_bank = await as_user(client, "np.admin", MIGRATION, {"unit": str(bank_id)})
    assert other_bank["data"] is None or other_bank["errors"]  # another bank's unit is not in scope


async def test_re_rating_a_bank_in_shares_of_the_ids_misses_no_archive_on_a_boundary(services):
    import uuid

    from backend.rating.service import rate_bank

    bank_id, customer_id, _ = await _archive(services, seed=33)
    other_id = (await _archive(services, seed=34))[1]
    boundaries = [uuid.UUID(int=1 << 127), uuid.UUID(int=(1 << 127) - 1)]  # the first id of the second share, the last of the first
    async with transaction(services.db.sessions) as session:
        for old, new in ((customer_id, boundaries[0]), (other_id, boundaries[1])):
            await session.execute(text("UPDATE customers SET id = :new WHERE id = :old"), {"new": new, "old": old})
        archives = await session.scalar(select(func.count()).select_from(Customer).where(Customer.bank_id == bank_id))
    assert await rate_bank(services.db.sessions, bank_id, workers=2, chunk=1) == archives == 2
    async with services.db.sessions() as session:
        rated = set((await session.scalars(select(CustomerRating.customer_id).where(CustomerRating.bank_id == bank_id))).all())
    assert rated == set(boundaries)
