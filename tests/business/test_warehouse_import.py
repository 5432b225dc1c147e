"""The warehouse's daily feeds: refused files, quarantined rows, idempotency, concurrency, the
blacklist, the aggregates and their field policy (docs/business-data.md)."""

from __future__ import annotations

import asyncio
import dataclasses
from datetime import date, timedelta
from pathlib import Path

import pytest

from sqlalchemy import func, select, text

from backend.auth.contexts import ID_CONTEXT, WAREHOUSE_REJECT_CONTEXT
from backend.business.feed import declared_count, file_name, flag_name, write_feed
from backend.business.models import (
    BlacklistChange,
    BusinessAggregate,
    BusinessMonthly,
    DepositAccount,
    ImportStatus,
    LoanAccount,
    Subject,
    WarehouseImport,
    WarehouseReject,
)
from backend.business.service import import_delivery
from backend.business.simulator import simulate_warehouse
from backend.customers.models import Customer
from backend.db.session import transaction
from backend.rules.engine import evaluate_many
from backend.orgs.models import OrgUnit
from tests.helpers import gql, login

DAY = date(2026, 11, 30)
BANK = "FJ-FZ"
SNAPSHOT_TABLES = ("deposit_accounts", "loan_accounts", "wealth_holdings", "service_signups", "blacklist_entries",
                   "business_aggregates", "business_monthly", "warehouse_rejects")  # fmt: skip


@pytest.fixture(autouse=True)
async def archives(services):
    """Twenty synthetic archives at the bank (the demo data of the tests has none)."""
    from backend.db.session import transaction
    from backend.seeding.synthetic import seed_customers

    async with transaction(services.db.sessions) as session:
        await seed_customers(session, services.cipher, 20, bank_codes=[BANK], seed=13)


async def _people(services, n: int = 3) -> list[tuple[str, str, object]]:
    """(ID number, name, customer id) of the first ``n`` archives of the bank."""
    async with services.db.sessions() as s:
        bank_id = (await s.execute(select(OrgUnit.id).where(OrgUnit.code == BANK))).scalar_one()
        rows = (
            await s.execute(
                select(Customer.id_number_encrypted, Customer.name, Customer.id)
                .where(Customer.bank_id == bank_id)
                .order_by(Customer.created_at, Customer.id)
                .limit(n)
            )
        ).all()
    return [(services.cipher.decrypt(r[0], context=ID_CONTEXT), r[1], r[2]) for r in rows]


def _deliver(folder: Path, subject: Subject, records: list[str], day: date = DAY, encoding: str = "UTF-8") -> Path:
    path = folder / file_name(BANK, subject, day)
    write_feed(path, subject, BANK, day, records, encoding=encoding)
    (folder / flag_name(BANK, day)).write_text("", encoding="ascii")
    return path


async def _import(services, folder: Path, day: date = DAY):
    return await import_delivery(services.db.sessions, services.cipher, folder, day, started_by="test")


async def _count(services, model) -> int:
    async with services.db.sessions() as s:
        return (await s.execute(select(func.count()).select_from(model))).scalar_one()


async def _snapshot(services) -> dict[str, list]:
    async with services.db.sessions() as s:
        return {t: [tuple(r) for r in (await s.execute(text(f"SELECT * FROM {t} ORDER BY 1, 2, 3"))).all()] for t in SNAPSHOT_TABLES}


async def test_a_trailer_that_does_not_match_refuses_the_file_and_imports_nothing(services, tmp_path):
    (id1, _, _), (id2, _, _) = (await _people(services, 2))
    records = [f"A1|{id1}||CURRENT|20200101||1000.00|900.00", f"A2|{id2}||CURRENT|20200101||50.00|50.00"]
    path = _deliver(tmp_path, Subject.DEPOSIT, records)
    assert declared_count(path) == 2  # what `cic warehouse import` sizes its progress bar by
    head, trailer = path.read_bytes().rstrip(b"\n").rsplit(b"\n", 1)
    path.write_bytes(head + b"\n" + trailer.replace(b"T|2|", b"T|3|") + b"\n")

    (outcome,) = await _import(services, tmp_path)
    assert (outcome.status, outcome.error) == (ImportStatus.REFUSED, "TRAILER_COUNT_MISMATCH")
    assert await _count(services, DepositAccount) == 0 and await _count(services, BusinessAggregate) == 0

    path.write_bytes(head + b"\n")  # cut off before the trailer: an incomplete transfer
    assert declared_count(path) == 0
    (outcome,) = await _import(services, tmp_path)
    assert outcome.error == "TRAILER_MISSING"
    async with services.db.sessions() as s:
        recorded = (await s.execute(select(WarehouseImport.status, WarehouseImport.error_code, WarehouseImport.error_message,
                                           WarehouseImport.error_message_en).order_by(WarehouseImport.id))).all()  # fmt: skip
    assert [r[:2] for r in recorded] == [(ImportStatus.REFUSED, "TRAILER_COUNT_MISMATCH"), (ImportStatus.REFUSED, "TRAILER_MISSING")]
    assert recorded[0][2:] == ("尾行记录数为 3，文件实有 2 行记录", "the trailer says 3 records, the file holds 2")


async def test_a_gbk_file_with_a_broken_row_imports_the_rest_and_quarantines_that_row_encrypted(services, tmp_path):
    (id1, _, c1), (id2, _, c2) = (await _people(services, 2))
    broken = f"L2|{id2}||农e贷|20201399||100000.00|50000.00|0|NORMAL"  # 13th month
    records = [
        f"L1|{id1}||农e贷|20250110|20280110|300000.00|120000.50|12|SPECIAL_MENTION",
        broken,
        f"L3|{id2}||富e贷|20240301||50000.00|0.00|0|NORMAL",
    ]
    _deliver(tmp_path, Subject.LOAN, records, encoding="GBK")

    (outcome,) = await _import(services, tmp_path)
    assert (outcome.status, outcome.imported, outcome.rejected) == (ImportStatus.DONE, 2, 1)
    async with services.db.sessions() as s:
        loans = (await s.execute(select(LoanAccount.account_no, LoanAccount.product, LoanAccount.balance, LoanAccount.customer_id)
                                 .order_by(LoanAccount.account_no))).all()  # fmt: skip
        (reject,) = (await s.scalars(select(WarehouseReject))).all()
    assert loans == [("L1", "农e贷", 12_000_050, c1), ("L3", "富e贷", 0, c2)]
    # Line 3 of the file (the header is line 1), the rule and the field; the line itself encrypted.
    assert (reject.line_no, reject.code, reject.field) == (3, "INVALID_DATE", "opened_on")
    assert id2.encode() not in reject.line_encrypted
    assert services.cipher.decrypt(reject.line_encrypted, context=WAREHOUSE_REJECT_CONTEXT) == broken


async def test_rows_failing_each_rule_are_quarantined_with_the_rule(services, tmp_path):
    ((id1, _, _),) = await _people(services, 1)
    records = [
        f"D1|{id1}||CURRENT|20200101||1.00|1.00",
        "D2|only|three",
        f"D3|{id1[:17]}0||CURRENT|20200101||1.00|1.00" if id1[17] != "0" else f"D3|{id1[:17]}1||CURRENT|20200101||1.00|1.00",
        f"D4|{id1}||SAVINGS|20200101||1.00|1.00",
        f"D5|{id1}||CURRENT|20200101||1.005|1.00",
        f"D6|{id1}||CURRENT|||1.00|1.00",
        f"D1|{id1}||CURRENT|20200101||2.00|2.00",
        f"D2|{id1}||CURRENT|20200101||3.00|3.00",  # the first valid line of D2 (line 3 was not): kept
    ]
    _deliver(tmp_path, Subject.DEPOSIT, records)
    (outcome,) = await _import(services, tmp_path)
    assert (outcome.imported, outcome.rejected) == (2, 6)
    async with services.db.sessions() as s:
        rejects = (await s.execute(select(WarehouseReject.line_no, WarehouseReject.code, WarehouseReject.field)
                                   .order_by(WarehouseReject.line_no))).all()  # fmt: skip
    assert rejects == [
        (3, "FIELD_COUNT", None), (4, "INVALID_ID", "id_number"), (5, "INVALID_CODE", "product"),
        (6, "INVALID_AMOUNT", "balance"), (7, "REQUIRED", "opened_on"), (8, "DUPLICATE_KEY", "account_no"),
    ]  # fmt: skip


@pytest.mark.parametrize("encoding, bad", [("UTF-8", b"\xff\xfe"), ("GBK", b"\x80")])
async def test_bytes_invalid_in_the_declared_encoding_quarantine_their_line_only(services, tmp_path, encoding, bad):
    import hashlib

    (id1, _, c1), (id2, _, _) = (await _people(services, 2))
    codec = "gbk" if encoding == "GBK" else "utf-8"
    body = b"".join(
        line + b"\n"
        for line in (
            f"L1|{id1}||农e贷|20250110||300000.00|1.00|0|NORMAL".encode(codec),
            f"L2|{id2}||".encode(codec) + bad + f"|20250110||1.00|1.00|0|NORMAL".encode(codec),
            f"L3|{id1}||富e贷|20230229||1.00|1.00|0|NORMAL".encode(codec),  # no 29 February in 2023
            f"L4|{id1}||富e贷|20230228||1.00|1.00|-1|NORMAL".encode(codec),
            f"L{'5' * 32}|{id1}||富e贷|20230228||1.00|1.00|0|NORMAL".encode(codec),
            b"",  # a blank line is a record with one field
        )
    )
    path = tmp_path / file_name(BANK, Subject.LOAN, DAY)
    header = f"H|LOAN|{BANK}|{DAY:%Y%m%d}|{encoding}|1\n".encode("ascii")
    path.write_bytes(header + body + f"T|6|{hashlib.sha256(body).hexdigest()}\n".encode("ascii"))
    (tmp_path / flag_name(BANK, DAY)).write_text("", encoding="ascii")

    (outcome,) = await _import(services, tmp_path)
    assert (outcome.status, outcome.imported, outcome.rejected) == (ImportStatus.DONE, 1, 5)
    async with services.db.sessions() as s:
        rejects = (await s.execute(select(WarehouseReject.line_no, WarehouseReject.code, WarehouseReject.field)
                                   .order_by(WarehouseReject.line_no))).all()  # fmt: skip
        loans = (await s.execute(select(LoanAccount.account_no, LoanAccount.product, LoanAccount.customer_id))).all()
    assert rejects == [
        (3, "INVALID_ENCODING", None), (4, "INVALID_DATE", "opened_on"), (5, "INVALID_INT", "overdue_days"),
        (6, "TOO_LONG", "account_no"), (7, "FIELD_COUNT", None),
    ]  # fmt: skip
    assert loans == [("L1", "农e贷", c1)]


async def test_the_same_date_twice_changes_nothing(services, tmp_path):
    async with services.db.sessions() as s:
        await simulate_warehouse(s, services.cipher, tmp_path, DAY, bank_codes=[BANK])
    first = await _import(services, tmp_path)
    assert {o.status for o in first} == {ImportStatus.DONE} and sum(o.imported for o in first) > 20
    before = await _snapshot(services)
    assert before["business_aggregates"], "the simulated feeds matched demo archives"
    again = await _import(services, tmp_path)
    assert [(o.subject, o.imported, o.rejected) for o in again] == [(o.subject, o.imported, o.rejected) for o in first]
    assert await _snapshot(services) == before
    async with services.db.sessions() as s:
        attempts = (await s.execute(select(func.count()).select_from(WarehouseImport))).scalar_one()
    assert attempts == len(first)  # nothing was even started again


async def test_two_workers_one_flag_file_one_import(services, tmp_path):
    async with services.db.sessions() as s:
        await simulate_warehouse(s, services.cipher, tmp_path, DAY, bank_codes=[BANK])
    a, b = await asyncio.gather(_import(services, tmp_path), _import(services, tmp_path))
    assert len(a) == len(b) == len(Subject)
    async with services.db.sessions() as s:
        done = (await s.execute(select(WarehouseImport.subject, func.count()).where(WarehouseImport.status == ImportStatus.DONE)
                                .group_by(WarehouseImport.subject))).all()  # fmt: skip
        audits = (await s.execute(text("SELECT count(*) FROM audit_log WHERE action = 'warehouse.import'"))).scalar_one()
    assert sorted(done) == sorted((s, 1) for s in Subject)
    assert audits == len(Subject)


async def test_the_cron_job_imports_a_delivery_once_its_flag_file_is_there(services, tmp_path):
    from workers.business import pick_up_deliveries

    today = date.today()
    ((id1, _, c1),) = await _people(services, 1)
    path = tmp_path / file_name(BANK, Subject.DEPOSIT, today)
    write_feed(path, Subject.DEPOSIT, BANK, today, [f"A1|{id1}||CURRENT|20200101||10.00|10.00"])
    worker_services = dataclasses.replace(services, settings=services.settings.model_copy(update={"warehouse_dir": tmp_path}))
    ctx = {"services": worker_services}
    await pick_up_deliveries(ctx)
    assert await _count(services, DepositAccount) == 0  # no flag file yet: the delivery is not complete
    (tmp_path / flag_name(BANK, today)).write_text("", encoding="ascii")
    await pick_up_deliveries(ctx)
    await pick_up_deliveries(ctx)
    async with services.db.sessions() as s:
        assert (await s.execute(select(DepositAccount.customer_id))).scalars().all() == [c1]
        assert (await s.execute(select(func.count()).select_from(WarehouseImport))).scalar_one() == 1


async def test_blacklist_entries_are_added_expire_and_are_lifted_with_history(services, tmp_path):
    (id1, _, c1), (id2, _, c2) = (await _people(services, 2))
    d1, d2, d3 = DAY, DAY + timedelta(days=1), DAY + timedelta(days=2)
    _deliver(tmp_path, Subject.BLACKLIST, [f"B1|{id1}||ADD|COURT|失信被执行人|20261101|{d2:%Y%m%d}",
                                           f"B2|{id2}||ADD|FRAUD|电信诈骗涉案|20261101|"], day=d1, encoding="GBK")  # fmt: skip
    await _import(services, tmp_path, d1)

    async def flagged() -> dict:
        async with services.db.sessions() as s:
            rows = (await s.execute(select(BusinessAggregate.customer_id, BusinessAggregate.blacklisted))).all()
        return dict(rows)

    assert await flagged() == {c1: True, c2: True}
    _deliver(tmp_path, Subject.BLACKLIST, [], day=d2)
    await _import(services, tmp_path, d2)
    assert await flagged() == {c1: True, c2: True}  # B1 still in force on its expiry date
    _deliver(tmp_path, Subject.BLACKLIST, [f"B2|{id2}||LIFT|FRAUD|电信诈骗涉案|20261101|"], day=d3)
    await _import(services, tmp_path, d3)
    assert await flagged() == {c1: False, c2: False}  # B1 expired, B2 lifted
    async with services.db.sessions() as s:
        history = (await s.execute(select(BlacklistChange.entry_no, BlacklistChange.action, BlacklistChange.business_date)
                                   .order_by(BlacklistChange.id))).all()  # fmt: skip
    assert history == [("B1", "ADD", d1), ("B2", "ADD", d1), ("B2", "LIFT", d3)]


async def test_aggregates_follow_their_definitions(services, tmp_path):
    ((id1, _, c1),) = await _people(services, 1)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||1000.00|800.00",
                                         f"D2|{id1}||TIME|20200101|20290101|5000.50|5000.50"])  # fmt: skip
    _deliver(tmp_path, Subject.LOAN, [f"L1|{id1}||农e贷|20250110||300000.00|120000.00|95|SUBSTANDARD"])
    _deliver(tmp_path, Subject.SERVICE, [f"S1|{id1}||MOBILE_BANKING|20190101|{DAY:%Y%m%d}|12|3000.00",
                                         f"S2|{id1}||PAYROLL|20190101|20260101|0|0.00"])  # fmt: skip
    await _import(services, tmp_path)
    async with services.db.sessions() as s:
        agg = (await s.scalars(select(BusinessAggregate).where(BusinessAggregate.customer_id == c1))).one()
    assert (agg.deposit_balance, agg.deposit_avg_90d, agg.deposit_accounts) == (600_050, 580_050, 2)
    assert (agg.loan_balance, agg.loan_count, agg.overdue_days, agg.max_overdue_days, agg.worst_class) == (
        12_000_000, 1, 95, 95, "SUBSTANDARD")  # fmt: skip
    assert agg.customer_since == date(2018, 3, 15) and agg.months_as_customer == 8 * 12 + 8
    assert (agg.services, agg.active_services_30d) == (["MOBILE_BANKING", "PAYROLL"], 1)

    # The next day the loan is repaid to date: overdue is 0 today, the worst seen stays.
    next_day = DAY + timedelta(days=1)
    _deliver(tmp_path, Subject.LOAN, [f"L1|{id1}||农e贷|20250110||300000.00|110000.00|0|NORMAL"], day=next_day)
    await _import(services, tmp_path, next_day)
    async with services.db.sessions() as s:
        agg = (await s.scalars(select(BusinessAggregate).where(BusinessAggregate.customer_id == c1))).one()
        await s.refresh(agg)
    assert (agg.overdue_days, agg.max_overdue_days, agg.worst_class, agg.loan_balance) == (0, 95, "NORMAL", 11_000_000)
    # The next day opens a new month: November's last figures are closed into the trend, once.
    assert next_day.month != DAY.month
    async with services.db.sessions() as s:
        closed = (await s.execute(select(BusinessMonthly.month, BusinessMonthly.as_of, BusinessMonthly.loan_balance))).all()
    assert closed == [(DAY.replace(day=1), DAY, 12_000_000)]
    # A snapshot replaces the day before: the deposits were not in the next day's delivery of
    # deposits because none came; they stay until a deposit file for a later date says otherwise.
    assert agg.deposit_balance == 600_050


async def test_rows_find_their_archive_by_id_number_or_by_ecif_number(services, tmp_path):
    """Matching reads the bank's archives (blind index, ECIF number, id) from the database: a
    row finds its archive by the ID number's blind index, or by the ECIF number whatever ID
    number it carries; an unknown person's row is kept unmatched."""
    (id1, _, c1), (id2, _, c2), (id3, _, _) = await _people(services, 3)
    async with services.db.sessions() as s, s.begin():
        await s.execute(text("UPDATE customers SET ecif_customer_no = 'E-200' WHERE id = :id"), {"id": c2})
    stranger = "11010519491231002X"  # a valid ID number no archive of the bank holds
    assert stranger not in (id1, id2, id3)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||10.00|10.00",
                                         f"D2|{stranger}|E-200|CURRENT|20180315||20.00|20.00",
                                         f"D3|{stranger}||CURRENT|20180315||30.00|30.00"])  # fmt: skip
    (outcome,) = await _import(services, tmp_path)
    assert (outcome.imported, outcome.unmatched) == (3, 1)
    async with services.db.sessions() as s:
        found = dict((await s.execute(select(DepositAccount.account_no, DepositAccount.customer_id))).all())
    assert found == {"D1": c1, "D2": c2, "D3": None}


BUSINESS = """query($id: ID!) { customer(id: $id) { blacklisted bankBusiness {
  asOf depositBalance depositBand loanBalance loanBand overdueDays worstClass services trend { month depositBalance depositBand } } } }"""


async def test_amounts_and_the_blacklist_flag_follow_the_field_policy(client, services, tmp_path):
    ((id1, _, c1),) = await _people(services, 1)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||65000.00|60000.00"])
    _deliver(tmp_path, Subject.BLACKLIST, [f"B1|{id1}||ADD|COURT|失信被执行人|20261101|"])
    await _import(services, tmp_path)

    manager = await gql(client, BUSINESS, {"id": str(c1)}, token=await login(client, "fz1.manager"))
    assert manager["data"]["customer"] == {
        "blacklisted": True,
        "bankBusiness": {"asOf": "2026-11-30", "depositBalance": "65000.00", "depositBand": "FROM_50K_TO_100K", "loanBalance": "0.00",
                     "loanBand": "NONE", "overdueDays": 0, "worstClass": None, "services": [],
                     "trend": [{"month": "2026-11-01", "depositBalance": "65000.00", "depositBand": "FROM_50K_TO_100K"}]},
    }  # fmt: skip
    analyst = await gql(client, BUSINESS, {"id": str(c1)}, token=await login(client, "prov.analyst"))
    business = analyst["data"]["customer"]["bankBusiness"]
    assert analyst["data"]["customer"]["blacklisted"] is None
    assert (business["depositBalance"], business["loanBalance"], business["depositBand"]) == (None, None, "FROM_50K_TO_100K")
    assert business["trend"] == [{"month": "2026-11-01", "depositBalance": None, "depositBand": "FROM_50K_TO_100K"}]

    # December's first delivery closes November: the trend shows November's last figure, then
    # the current month's from the aggregates.
    december = DAY + timedelta(days=1)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||120000.00|60000.00"], day=december)
    await _import(services, tmp_path, december)
    manager = await gql(client, BUSINESS, {"id": str(c1)}, token=await login(client, "fz1.manager"))
    assert manager["data"]["customer"]["bankBusiness"]["trend"] == [
        {"month": "2026-11-01", "depositBalance": "65000.00", "depositBand": "FROM_50K_TO_100K"},
        {"month": "2026-12-01", "depositBalance": "120000.00", "depositBand": "FROM_100K_TO_500K"},
    ]


IMPORTS = """{ warehouseImports { edges { node { subject businessDate status importedCount rejectedCount
  rejects { lineNo code field message } } } } }"""


async def test_import_history_is_for_bank_and_province_admins_within_their_scope(client, services, tmp_path):
    ((id1, _, _),) = await _people(services, 1)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||1.00|1.00", "D2|broken"])
    await _import(services, tmp_path)
    node = {"subject": "DEPOSIT", "businessDate": "2026-11-30", "status": "DONE", "importedCount": 1, "rejectedCount": 1,
            "rejects": [{"lineNo": 3, "code": "FIELD_COUNT", "field": None, "message": "字段个数不符合格式"}]}  # fmt: skip
    for username in ("fz.admin", "prov.admin"):
        seen = await gql(client, IMPORTS, token=await login(client, username))
        assert [e["node"] for e in seen["data"]["warehouseImports"]["edges"]] == [node], username
    other_bank = await gql(client, IMPORTS, token=await login(client, "qz.admin"))
    assert other_bank["data"]["warehouseImports"]["edges"] == []
    refused = await gql(client, IMPORTS, token=await login(client, "fz1.cm1"))
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_the_simulator_writes_what_the_import_reads(services, tmp_path):
    """Every subject the simulator writes imports, with only its deliberately broken rows refused."""
    async with services.db.sessions() as s:
        written = await simulate_warehouse(s, services.cipher, tmp_path, DAY, bank_codes=[BANK])
    outcomes = await _import(services, tmp_path)
    by_subject = {o.subject.value: o for o in outcomes}
    for subject, count in written[BANK].items():
        assert by_subject[subject].imported == count, subject
    assert {o.subject for o in outcomes if o.rejected} == {Subject.DEPOSIT, Subject.LOAN, Subject.WEALTH, Subject.SERVICE}


@pytest.fixture
async def warehouse_db(settings):
    """A warehouse database of its own on the test server, with the contract's tables."""
    import uuid

    from sqlalchemy.engine import make_url
    from sqlalchemy.ext.asyncio import create_async_engine

    from backend.business.sources import contract_ddl
    from backend.db.engine import async_url

    name = f"cic_warehouse_{uuid.uuid4().hex[:10]}"
    admin = create_async_engine(async_url(settings.database_url), isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    # The same server whatever form its address takes (the embedded server's is a socket in a query).
    url = make_url(settings.database_url).set(database=name).render_as_string(hide_password=False)
    owner = create_async_engine(async_url(url))
    async with owner.begin() as conn:
        for statement in contract_ddl():
            await conn.execute(text(statement))
    try:
        yield url, owner
    finally:
        await owner.dispose()
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
        await admin.dispose()


async def _load_warehouse(owner, subject: Subject, records: list[str], day: date = DAY, declared: int | None = None) -> None:
    from backend.business.feed import LAYOUTS

    layout = LAYOUTS[subject]
    types = {"DATE": "date", "AMOUNT": "numeric", "INT": "integer"}
    values = ", ".join(f"CAST(NULLIF(:f{i}, '') AS {types.get(c.kind, 'text')})" for i, c in enumerate(layout))
    async with owner.begin() as conn:
        for record in records:
            fields = record.split("|")
            await conn.execute(
                text(f"INSERT INTO cic_feed_{subject.value.lower()} VALUES (:bank, :day, {values})"),
                {"bank": BANK, "day": day, **{f"f{i}": v for i, v in enumerate(fields)}},
            )
        await conn.execute(
            text("INSERT INTO cic_feed_ready VALUES (:bank, :day, :subject, :n)"),
            {"bank": BANK, "day": day, "subject": subject.value, "n": len(records) if declared is None else declared},
        )


async def test_the_warehouse_database_is_read_by_the_same_import_path_as_files(services, tmp_path, warehouse_db):
    from backend.business.sources import DatabaseSource
    from backend.db.engine import create_warehouse_engine

    url, owner = warehouse_db
    (id1, _, c1), (id2, _, c2) = (await _people(services, 2))
    deposits = [f"D1|{id1}||CURRENT|20180315||1000.00|800.00", f"D2|{id2}||TIME|20200101|20290101|5000.50|5000.50"]
    loans = [f"L1|{id1}||农e贷|20250110||300000.00|120000.00|95|SUBSTANDARD"]

    # The same delivery as files first ...
    _deliver(tmp_path, Subject.DEPOSIT, deposits)
    _deliver(tmp_path, Subject.LOAN, loans, encoding="GBK")
    await _import(services, tmp_path)
    from_files = await _snapshot(services)
    await reset_business(services)

    # ... then from the warehouse database, through its read-only engine.
    await _load_warehouse(owner, Subject.DEPOSIT, deposits)
    await _load_warehouse(owner, Subject.LOAN, loans)
    await _load_warehouse(owner, Subject.WEALTH, [], declared=2)  # declared two rows, holds none: refused
    engine = create_warehouse_engine(url)
    try:
        outcomes = await import_delivery(services.db.sessions, services.cipher, DatabaseSource(engine), DAY, started_by="test")
        async with engine.connect() as conn:
            with pytest.raises(Exception, match="read-only"):
                await conn.execute(text("DELETE FROM cic_feed_ready"))
    finally:
        await engine.dispose()
    assert [(o.subject, o.status, o.error) for o in outcomes] == [
        (Subject.DEPOSIT, ImportStatus.DONE, None), (Subject.LOAN, ImportStatus.DONE, None),
        (Subject.WEALTH, ImportStatus.REFUSED, "TRAILER_COUNT_MISMATCH"),
    ]  # fmt: skip
    assert await _snapshot(services) == from_files
    async with services.db.sessions() as s:
        sources = (await s.execute(select(WarehouseImport.source, WarehouseImport.file_name).order_by(WarehouseImport.file_name))).all()
    assert sources == [("DATABASE", "cic_feed_deposit"), ("DATABASE", "cic_feed_loan"), ("DATABASE", "cic_feed_wealth")]


async def reset_business(services) -> None:
    from backend.db.session import transaction

    async with transaction(services.db.sessions) as s:
        await s.execute(text(f"TRUNCATE {', '.join(SNAPSHOT_TABLES)}, warehouse_imports, blacklist_changes"))


async def test_a_refused_file_delivered_again_reaches_the_aggregates(services, tmp_path):
    ((id1, _, c1),) = await _people(services, 1)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||100.00|100.00"])
    wealth = _deliver(tmp_path, Subject.WEALTH, [f"W1|{id1}||FJ-LC-1|2|5000.00|"])
    wealth.write_bytes(wealth.read_bytes().replace(b"T|1|", b"T|2|"))
    first = await _import(services, tmp_path)
    assert [(o.subject, o.status) for o in first] == [(Subject.DEPOSIT, ImportStatus.DONE), (Subject.WEALTH, ImportStatus.REFUSED)]
    _deliver(tmp_path, Subject.WEALTH, [f"W1|{id1}||FJ-LC-1|2|5000.00|"])  # fixed at the source, same name
    again = await _import(services, tmp_path)
    assert [(o.subject, o.status, o.fresh) for o in again] == [
        (Subject.DEPOSIT, ImportStatus.DONE, False), (Subject.WEALTH, ImportStatus.DONE, True),
    ]  # fmt: skip
    async with services.db.sessions() as s:
        agg = (await s.scalars(select(BusinessAggregate).where(BusinessAggregate.customer_id == c1))).one()
    assert (agg.deposit_balance, agg.wealth_balance, agg.wealth_count) == (10_000, 500_000, 1)


async def test_an_import_killed_mid_file_leaves_nothing_and_runs_again_from_the_start(services, tmp_path):
    """`cic warehouse import` is killed while it swaps in the new snapshot (held there by a row
    lock the test holds on the old one, after the new rows are loaded): the file's transaction
    is gone with it, and the next run imports the whole file."""
    import os
    import signal
    import subprocess
    import sys

    from tests.waiting import ProcessOutput, until

    ((id1, _, _),) = await _people(services, 1)
    d2 = DAY + timedelta(days=1)
    _deliver(tmp_path, Subject.DEPOSIT, [f"A1|{id1}||CURRENT|20180315||100.00|100.00"])
    await _import(services, tmp_path)
    records = [f"A1|{id1}||CURRENT|20180315||200.00|150.00"] + [f"N{i}|{id1}||TIME|20200101||{i}.00|{i}.00" for i in range(500)]
    _deliver(tmp_path, Subject.DEPOSIT, records, day=d2)
    before = await _snapshot(services)

    holder = await services.db.primary.connect()
    blocked = await holder.begin()
    await holder.execute(text("SELECT 1 FROM deposit_accounts WHERE account_no = 'A1' FOR UPDATE"))
    process = subprocess.Popen(
        [sys.executable, "-c", "from backend.cli import main; main()", "warehouse", "import", str(tmp_path), "--date", d2.isoformat()],
        env={**os.environ}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    output = ProcessOutput(process)
    try:
        async def waiting_replace() -> int | None:
            async with services.db.sessions() as s:
                return (await s.execute(text(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' "
                    "AND query LIKE 'DROP TABLE IF EXISTS deposit_accounts%'"))).scalar()  # fmt: skip

        pid = await until(waiting_replace, "the import to reach the snapshot")
        process.send_signal(signal.SIGKILL)
        output.exit_code()
    finally:
        await blocked.rollback()
        await holder.close()

    async def gone() -> bool:
        async with services.db.sessions() as s:
            return not (await s.execute(text("SELECT 1 FROM pg_stat_activity WHERE pid = :p"), {"p": pid})).scalar()

    await until(gone, "the killed import's backend to end")
    assert await _snapshot(services) == before
    async with services.db.sessions() as s:
        assert (await s.execute(select(func.count()).where(WarehouseImport.business_date == d2))).scalar_one() == 0

    (outcome,) = await _import(services, tmp_path, d2)
    assert (outcome.status, outcome.imported) == (ImportStatus.DONE, 501)
    async with services.db.sessions() as s:
        balance = (await s.execute(select(DepositAccount.balance).where(DepositAccount.account_no == "A1"))).scalar_one()
    assert balance == 20_000


async def test_import_history_with_its_quarantined_rows_takes_a_fixed_number_of_statements(client, services, tmp_path, count_queries):
    ((id1, _, _),) = await _people(services, 1)
    token = await login(client, "fz.admin")
    counts = []
    for n, day in enumerate((DAY, DAY + timedelta(days=1), DAY + timedelta(days=2))):
        _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20180315||1.00|1.00", "D2|broken"], day=day)
        await _import(services, tmp_path, day)
        count_queries.count = 0
        seen = await gql(client, IMPORTS, token=token)
        counts.append(count_queries.count)
        assert len(seen["data"]["warehouseImports"]["edges"]) == n + 1
        assert all(e["node"]["rejects"][0]["lineNo"] == 3 for e in seen["data"]["warehouseImports"]["edges"])
    assert counts[0] == counts[1] == counts[2], counts


async def test_the_files_are_checked_one_at_a_time_largest_first_whatever_is_read_first(services, tmp_path, monkeypatch):
    """The deposits are checked first even when the sign-ups are read before them (the deposits'
    read is held until the sign-ups' is done), a refused file and an absent one pass their turn,
    and every file is checked after the one before it has been."""
    import threading

    import backend.business.service as service
    import backend.business.sources as sources

    (id1, _, _), (id2, _, _) = await _people(services, 2)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D1|{id1}||CURRENT|20200101||1.00|1.00"])
    _deliver(tmp_path, Subject.SERVICE, [f"S1|{id2}||POS|20200101||1|1.00"])
    refused = _deliver(tmp_path, Subject.LOAN, [f"L1|{id1}||农e贷|20250110|20280110|3.00|1.00|0|NORMAL"])
    refused.write_bytes(refused.read_bytes().replace(b"T|1|", b"T|2|"))  # the trailer's count is wrong
    _deliver(tmp_path, Subject.BLACKLIST, [f"B1|{id2}||ADD|COURT|R1|20261101|"])  # no wealth file at all
    services_read = threading.Event()
    read, check = sources.read_feed, service.check
    checked: list[Subject] = []

    def held_read(path, **kwargs):
        if kwargs.get("expect_subject") == Subject.DEPOSIT:
            assert services_read.wait(timeout=60)
        feed = read(path, **kwargs)
        if kwargs.get("expect_subject") == Subject.SERVICE:
            services_read.set()
        return feed

    def recorded_check(feed):
        checked.append(feed.subject)
        return check(feed)

    monkeypatch.setattr(sources, "read_feed", held_read)
    monkeypatch.setattr(service, "check", recorded_check)
    outcomes = {o.subject: o for o in await _import(services, tmp_path)}
    assert checked == [Subject.DEPOSIT, Subject.SERVICE, Subject.BLACKLIST]
    assert outcomes[Subject.LOAN].error == "TRAILER_COUNT_MISMATCH"
    assert [outcomes[s].imported for s in (Subject.DEPOSIT, Subject.SERVICE, Subject.BLACKLIST)] == [1, 1, 1]


DETAIL_EXTRAS = "id blacklisted bankBusiness { asOf depositBalance depositBand loanBand } evaluation { completeness precise violations { code severity message } } extraFields { code } branch { name } manager { name }"
ROW_EXTRAS = "id blacklisted bankBusiness { asOf depositBalance depositBand loanBand } evaluation { completeness precise violations { code severity message } }"


async def test_a_page_brings_its_rows_evaluations_and_business_in_its_own_session(client, services, tmp_path, count_checkouts):
    """A list page asking each row's evaluation, blacklist flag and warehouse business reads them
    in the search's own session (resolvers.dataloaders.Loaders.prime_archives): no more sessions
    than a page without them, and each row answers what its detail answers, for each role. The
    detail reads the archive and what those fields, its extra fields, branch and manager need in one."""
    people = await _people(services, 20)
    _deliver(tmp_path, Subject.DEPOSIT, [f"D{i}|{number}||CURRENT|20180315||{i}5000.00|60000.00" for i, (number, _, _) in enumerate(people[:6])])
    _deliver(tmp_path, Subject.BLACKLIST, [f"B1|{people[1][0]}||ADD|COURT|失信被执行人|20261101|"])
    await _import(services, tmp_path)
    async with transaction(services.db.sessions) as session:
        bank_id = (await session.execute(select(OrgUnit.id).where(OrgUnit.code == BANK))).scalar_one()
        await evaluate_many(session, services.cipher, bank_id, [c for _, _, c in people[::2]])
    for user in ("fz.admin", "prov.analyst"):
        token = await login(client, user)
        sessions = []
        for fields in ("id", ROW_EXTRAS):
            count_checkouts.clear()
            page = await gql(client, "query { customers(first: 100) { edges { node { %s } } } }" % fields, token=token)
            assert "errors" not in page, page
            sessions.append(len(count_checkouts))
        assert sessions[0] == sessions[1], sessions
        nodes = [e["node"] for e in page["data"]["customers"]["edges"]]
        assert len(nodes) == 20 and sum(bool(n["evaluation"]) for n in nodes) == 10 and sum(bool(n["bankBusiness"]) for n in nodes) == 6
        assert [n["blacklisted"] for n in nodes].count(True) == (1 if user == "fz.admin" else 0)
        for node in nodes:
            count_checkouts.clear()
            detail = await gql(client, "query($id: ID!) { customer(id: $id) { %s } }" % DETAIL_EXTRAS, {"id": node["id"]}, token=token)
            assert len(count_checkouts) == 1, "the archive and what its fields need: one session"
            assert {k: detail["data"]["customer"][k] for k in node} == node
            assert detail["data"]["customer"]["branch"]["name"] and detail["data"]["customer"]["manager"]["name"]
