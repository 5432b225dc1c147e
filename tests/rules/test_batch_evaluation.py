"""Batch evaluation: imports and seeded archives get evaluations; ``evaluate_all`` agrees with
single-archive evaluation and with a plain reading of the rules; an interrupted run resumes;
``cic rules evaluate``."""

from __future__ import annotations

import asyncio
from datetime import date

import pytest
from sqlalchemy import func, select, text
from typer.testing import CliRunner

from backend.auth.contexts import ID_CONTEXT
from backend.identifiers import IdentifierError, parse_resident_id
from backend.customers.models import Customer
from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK, load_demo_customers
from backend.orgs.models import OrgUnit
from backend.rules import engine
from backend.rules.document import archive_document
from backend.rules.baseline import store_published
from backend.rules.models import (
    ArchiveEvaluation,
    Rule,
    RuleKind,
    RuleScope,
    Severity,
)
from backend.seeding.synthetic import seed_customers
from tests.helpers import login
from tests.imports.workbooks import (
    branch_id,
    import_file,
    person,
    resident_id,
    workbook,
)

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

# A published FZ bank set whose expressions read every part of the document (the engine builds
# only the sections a program names), one of them behind a segment.
FZ_EXPRESSIONS = {
    "FZ_ADULT_WITH_COUNTY": "customer.age >= 40 && address.regionCode != '' && customer.status != 'ARCHIVED'",
    "FZ_FAMILY_KNOWN": "familyMembers.all(m, m.relation != 'CHILD') && household.size >= size(familyMembers)",
    "FZ_LAND_OR_LIVESTOCK": "land.contractedMu + land.rentedMu > 0.0 || size(livestock) > 0 || hasBusiness",
    "FZ_ASSETS_COVER_DEBT": "assets.map(a, a.value).exists(v, v > 300000.0) || liabilities.all(l, !l.overdue)",
    "FZ_BUSINESS_NAMED": "!hasBusiness || business.name != '' && business.employees > 2",
    "FZ_CONSENT_V": "!consent.present || consent.wordingVersion != '' && social.villageCreditRating != 'A'",
    "FZ_INCOME_WAGES": "income.wages + income.farming * 2.0 > income.total",
}


async def bank_ids(services) -> dict[str, int]:
    async with services.db.sessions() as session:
        return dict((await session.execute(select(OrgUnit.code, OrgUnit.id).where(OrgUnit.level == "BANK"))).all())


async def publish_fz_expressions(services) -> None:
    fz = (await bank_ids(services))["FJ-FZ"]
    rules = [
        Rule(
            code=code, kind=RuleKind.EXPRESSION, severity=Severity.WARNING, enabled=True,
            message_zh="x", message_en="x", params={"expression": expression}, position=i,
            segment={"field": "customer.maritalStatus", "op": "EQ", "value": "MARRIED"} if code == "FZ_FAMILY_KNOWN" else None,
        )
        for i, (code, expression) in enumerate(FZ_EXPRESSIONS.items())
    ]
    async with transaction(services.db.sessions) as session:
        await store_published(session, RuleScope.BANK, fz, "测试表达式", rules)


async def seed(services, count: int, banks: list[str], seed_no: int = 7) -> None:
    async with transaction(services.db.sessions) as session:
        await seed_customers(session, services.cipher, count, bank_codes=banks, seed=seed_no)


async def stored(services) -> dict:
    async with services.db.sessions() as session:
        rows = await session.scalars(select(ArchiveEvaluation))
        return {
            r.customer_id: (r.bank_id, r.branch_id, r.violations, r.error_count, r.completeness, r.precise, r.rule_versions, r.evaluated_at)
            for r in rows
        }


# -- imports and seeding -------------------------------------------------------------------------
async def test_an_import_leaves_one_evaluation_per_imported_archive(client, services, count_queries):
    token = await login(client, "fz1.manager")
    rows = [person(1), person(2, 婚姻状况="未婚"), person(3, 手机号码=None), person(4, 身份证号码=resident_id(4)[:-1] + "0")]
    report = await import_file(client, token, workbook(rows), await branch_id(services))
    assert (report["imported"], report["failed"]) == (3, 1), report["errors"]
    # One evaluating statement and one upsert for the chunk, not one per row.
    upserts = [s for s in count_queries.statements if s.lstrip().startswith("INSERT INTO archive_evaluations")]
    assert len(upserts) == 1 and sum("AS python_in_segment" in s or "AS precise_base" in s for s in count_queries.statements) == 1
    async with services.db.sessions() as session:
        customers = {c.id: c for c in await session.scalars(select(Customer))}
    evaluations = await stored(services)
    assert set(evaluations) == set(customers)
    codes = {cid: {v["code"] for v in evaluation[2]} for cid, evaluation in evaluations.items()}
    # The married ones have no spouse recorded; the unmarried one needs none; one has no mobile.
    assert {customers[cid].marital_status for cid in customers if "BASE_SPOUSE" in codes[cid]} == {"MARRIED"}
    assert sum(1 for cid in customers if customers[cid].marital_status == "MARRIED") == 2
    assert sum(1 for cid in customers if "BASE_MOBILE" in codes[cid]) == 1
    assert all(not v[5] for v in evaluations.values())  # DRAFT archives are never precise
    # The stored results are what evaluating each archive alone gives.
    for cid, (bank, *_rest) in evaluations.items():
        async with services.db.sessions() as session:
            one = await engine.evaluate_one(session, services.cipher, bank, cid)
            await session.rollback()
        assert (one.violations, one.error_count, one.completeness, one.precise) == tuple(evaluations[cid][i] for i in (2, 3, 4, 5))


async def test_demo_archives_are_evaluated_when_loaded(services):
    async with transaction(services.db.sessions) as session:
        assert await load_demo_customers(session, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
    async with services.db.sessions() as session:
        archives = await session.scalar(select(func.count()).select_from(Customer))
        evaluated = await session.scalar(select(func.count()).select_from(ArchiveEvaluation))
    assert archives == evaluated == DEMO_CUSTOMERS_PER_BANK * len(BANKS)


# -- batch = single = a plain reading of the rules -----------------------------------------------
async def test_evaluate_all_matches_single_archive_evaluation_and_the_full_document(services):
    await publish_fz_expressions(services)
    await seed(services, 500, ["FJ-FZ", "FJ-QZ"])
    assert await engine.evaluate_all(services.db.sessions, services.cipher, chunk=120) == 500
    batch = await stored(services)
    assert len(batch) == 500

    single = {}
    for cid, (bank, *_rest) in batch.items():
        async with transaction(services.db.sessions) as session:
            one = await engine.evaluate_one(session, services.cipher, bank, cid)
        single[cid] = (one.violations, one.error_count, one.completeness, one.precise)
    assert {cid: (v[2], v[3], v[4], v[5]) for cid, v in batch.items()} == single
    # ... and what the stored rows hold after evaluate_one is what evaluate_all had written.
    assert {cid: v[:7] for cid, v in (await stored(services)).items()} == {cid: v[:7] for cid, v in batch.items()}

    # The Python rules against the complete document and the plain ID parser (no sections, no
    # fast path): the same verdicts.
    banks = await bank_ids(services)
    checked = {RuleKind.EXPRESSION: 0, RuleKind.ID_CONSISTENCY: 0}
    failing = {code: 0 for code in [*FZ_EXPRESSIONS, "BASE_INCOME", "BASE_OVERDUE_REMARK"]}
    async with services.db.sessions() as session:
        for bank_code in ("FJ-FZ", "FJ-QZ"):
            book = await engine.rule_book(session, banks[bank_code])
            assert bank_code == "FJ-QZ" or len(book.python_rules) == 3 + len(FZ_EXPRESSIONS)
            # Most expressions are evaluated in SQL (translated); the ID check and one of them in Python.
            in_python = {p.rule.code for p in book.plan.python_rules}
            assert in_python == ({"BASE_ID_CONSISTENT", "FZ_ASSETS_COVER_DEBT"} if bank_code == "FJ-FZ" else {"BASE_ID_CONSISTENT"})
            for c in await session.scalars(select(Customer).where(Customer.bank_id == banks[bank_code])):
                codes = {v["code"] for v in batch[c.id][2]}
                document = archive_document(c, book.versions["extraKinds"])
                for rule in book.python_rules:
                    if rule.code == "FZ_FAMILY_KNOWN" and c.marital_status != "MARRIED":
                        assert rule.code not in codes
                        continue
                    if rule.kind == RuleKind.ID_CONSISTENCY:
                        try:
                            rid = parse_resident_id(services.cipher.decrypt(c.id_number_encrypted, context=ID_CONTEXT))
                            ok = rid.birth_date == c.birth_date and rid.gender == c.gender
                        except (IdentifierError, ValueError):
                            ok = False
                    else:
                        try:
                            ok = rule.program.execute(document) is True
                        except Exception:
                            ok = False
                    assert ok == (rule.code not in codes), (rule.code, c.id)
                    checked[rule.kind] += 1
                    failing[rule.code] = failing.get(rule.code, 0) + (not ok)
    assert checked[RuleKind.ID_CONSISTENCY] == 500 and checked[RuleKind.EXPRESSION] > 500 * 2
    # The synthetic data makes most expressions fail for some archives and pass for others.
    assert sum(1 for code in FZ_EXPRESSIONS if 0 < failing[code] < 250) >= 5, failing


def test_the_id_fast_path_agrees_with_parse_resident_id():
    from stdnum.cn import ric

    def checked(first17: str) -> str:
        return first17 + ric.calc_check_digit(first17 + "0")

    today = date.today()
    valid = resident_id(17)
    numbers = [
        valid,
        valid[:-1] + ("0" if valid[-1] != "0" else "1"),  # wrong check digit
        f" {valid} ",
        valid[:17],
        "350102900307123",  # 15 digits (converted)
        checked("35010219900230123"),  # 30 February
        checked("99999919900101123"),  # no such county
        checked("11010319900101123"),  # Chongwen district (check digit X), abolished in 2010 ...
        checked("11010319900101123").lower(),
        checked("11010320150101123"),  # ... so nobody born in 2015 has its code
        checked("35010229990101123"),  # born in the future
        checked("35010218900101123"),  # before 1900
        "",
        "３５０１０２１９９２０８１５００２４",  # full-width digits
    ]
    for number in numbers:
        try:
            parsed = parse_resident_id(number, today=today)
            expected = {(parsed.birth_date, parsed.gender)}
        except (IdentifierError, ValueError):
            expected = set()
        candidates = {(date(1990, 1, 1), "MALE"), (date(2015, 1, 1), "FEMALE"), *expected}
        candidates |= {(b, "FEMALE" if g == "MALE" else "MALE") for b, g in expected}
        for birth, gender in candidates:
            assert engine._id_matches(number, birth, gender, today) == ((birth, gender) in expected), (number, birth, gender)
    assert sum(bool(parse_ok(n)) for n in numbers) >= 4  # valid numbers are among them, not only invalid ones


def parse_ok(number: str) -> bool:
    try:
        parse_resident_id(number)
    except (IdentifierError, ValueError):
        return False
    return True


# -- resuming ------------------------------------------------------------------------------------
class Interrupted(Exception):
    pass


async def test_an_interrupted_run_resumes_behind_the_last_chunk(services):
    await seed(services, 500, ["FJ-FZ", "FJ-QZ", "FJ-NP"], seed_no=3)
    seen: list[tuple[int, tuple]] = []

    async def crash_after_first_chunk(done: int, last: tuple) -> None:
        seen.append((done, last))
        raise Interrupted

    with pytest.raises(Interrupted):
        await engine.evaluate_all(services.db.sessions, services.cipher, chunk=100, progress=crash_after_first_chunk)
    first = await stored(services)
    assert [done for done, _ in seen] == [100] and len(first) == 100
    async with services.db.sessions() as session:
        keys = (await session.execute(text("SELECT bank_id, id FROM customers ORDER BY bank_id, id"))).all()
    assert {k[1] for k in keys[:100]} == set(first) and tuple(keys[99]) == seen[0][1]

    progressed: list[int] = []

    async def record(done: int, last: tuple) -> None:
        progressed.append(done)

    resumed = await engine.evaluate_all(services.db.sessions, services.cipher, chunk=100, after=seen[0][1], progress=record)
    assert resumed == 400 and progressed[-1] == 400
    everything = await stored(services)
    assert len(everything) == 500 == len(keys)
    # The first chunk was not evaluated again: its rows are exactly as the interrupted run left them.
    assert {cid: everything[cid] for cid in first} == first
    first_at = max(v[7] for v in first.values())
    assert all(v[7] > first_at for cid, v in everything.items() if cid not in first)


# -- CLI -----------------------------------------------------------------------------------------
async def test_cic_rules_evaluate(services):
    from backend.cli import app

    await seed(services, 90, ["FJ-FZ", "FJ-NP"], seed_no=11)
    assert await stored(services) == {}
    result = await asyncio.to_thread(CliRunner().invoke, app, ["rules", "evaluate", "--bank", "NP"])
    assert result.exit_code == 0, result.output
    assert "evaluated 45 archives" in result.output
    banks = await bank_ids(services)
    assert {v[0] for v in (await stored(services)).values()} == {banks["FJ-NP"]}

    result = await asyncio.to_thread(CliRunner().invoke, app, ["rules", "evaluate"])
    assert result.exit_code == 0 and "evaluated 90 archives" in result.output, result.output
    assert len(await stored(services)) == 90

    unknown = await asyncio.to_thread(CliRunner().invoke, app, ["rules", "evaluate", "--bank", "XX"])
    assert unknown.exit_code == 1 and "unknown bank code" in unknown.output


async def test_cic_seed_customers_hints_or_evaluates(services):
    from backend.cli import app

    hinted = await asyncio.to_thread(CliRunner().invoke, app, ["seed", "customers", "--count", "20", "--bank", "QZ", "--seed", "9"])
    assert hinted.exit_code == 0, hinted.output
    assert "cic rules evaluate" in hinted.output and await stored(services) == {}
    evaluated = await asyncio.to_thread(
        CliRunner().invoke, app, ["seed", "customers", "--count", "30", "--bank", "NP", "--seed", "9", "--evaluate"]
    )
    assert evaluated.exit_code == 0, evaluated.output
    assert "evaluated 30 archives" in evaluated.output
    assert len(await stored(services)) == 30


# -- CEL expressions translated to SQL -------------------------------------------------------------
TRANSLATED = [
    "customer.name != '' && customer.gender in ['MALE']",
    "customer.age > 46 || customer.age < 30",
    "customer.age >= 30 && customer.age <= 60.5",
    "customer.ethnicity == '汉族' || customer.education == ''",
    "customer.maritalStatus == 'MARRIED' ? familyMembers.exists(m, m.relation == 'SPOUSE') : household.size > 2",
    "customer.health != 'GOOD' || customer.idLongTerm",
    "customer.idExpiry > '2030-01-01' || customer.idLongTerm == true",
    "customer.hasMobile && !customer.hasAltPhone",
    "customer.status == 'VERIFIED' || customer.channel == 'PAD'",
    "address.regionCode.startsWith('3501') && address.townshipCode != '' || !address.hasLine",
    "address.villageCode.endsWith('01') || address.villageCode.contains('00')",
    "household.size > 3",
    "size(familyMembers) == household.size || familyMembers.size() > 4",
    "familyMembers.all(m, m.annualIncome > 0.0 && m.labourCapacity != '')",
    "familyMembers.exists_one(m, m.relation == 'SPOUSE')",
    "familyMembers.exists(m, m.hasIdNumber && m.occupation != '')",
    "land.contractedMu > 5.0 || land.rentedMu * 2.0 > 1.0",
    "land.crops.exists(c, c == '水稻' || c.startsWith('茶')) || size(land.crops) == 0",
    "livestock.exists(x, x.count > 100 && x.value > 10000.0) || livestock.all(x, x.kind != 'PIG')",
    "assets.exists(a, a.kind == 'HOUSE' && a.value >= 200000.0)",
    "income.farming + income.business + income.wages + income.other == income.total",  # always true: exact floats
    "income.total > 50000 && income.wages < income.total",
    "income.total >= -1.5e3 && income.other != 0.0",
    "!liabilities.exists(l, l.overdue) || social.villageCreditRating == 'AAA'",
    "liabilities.all(l, l.amount >= 2.0 * l.overdueAmount && l.lender.size() > 21)",
    "size(liabilities) <= 1 || liabilities.exists(l, l.amount > 100000.0)",
    "!hasBusiness || business.creditCode != '' && business.annualTurnover > 0.0",
    "hasBusiness ? business.name.size() > 2 && business.industry != 'x' && business.employees >= 0 : customer.age > 40",
    "social.villageCreditRating in ['AAA', 'AA', 'A']",
    "consent.present == (consent.wordingVersion != '')",
    "consent.present && consent.wordingVersion >= 'v2024' || !consent.present",
    "(customer.age > 50) == (household.size > 4)",
    "familyMembers.exists(m, m.relation == 'CHILD' && livestock.exists(x, x.count > m.annualIncome))",
    "customer.age in [30, 40, 50.0] || true && false",
]
NOT_TRANSLATED = [
    "has(business.name)",
    "extra.score > 1.0",
    "customer.age + 1 > 30",
    "income.total / 2.0 > 1.0",
    "customer.name.matches('^王')",
    "familyMembers[0].relation == 'SPOUSE'",
    "assets.map(a, a.value).exists(v, v > 1.0)",
    "customer.name == 'a\\'b'",
    "income == {'total': 1.0}",
    "customer.age",
    "null == customer.name",
    "income.total < 1e400",
    "income.total > 1e-400",
]


async def test_translated_expressions_agree_with_cel_on_every_archive(services):
    import cel

    from backend.rules.cel_sql import translate

    await seed(services, 400, ["FJ-FZ", "FJ-QZ", "FJ-NP"], seed_no=21)
    async with transaction(services.db.sessions) as session:
        # Shapes the seeding rarely makes: a JSON null or empty consent, a business without
        # codes, overdue debt, no land or household or social section, crops null, income keys missing.
        ids = list(await session.scalars(text("SELECT id FROM customers ORDER BY id LIMIT 12")))
        edits = [
            "consent = 'null'::jsonb",
            "consent = '{}'::jsonb",
            """profile = profile || '{"business": {"name": "茶叶合作社", "industry": null, "credit_code": null,
                "licence_no": null, "annual_turnover": 120000000, "employees": 3}}'::jsonb""",
            """profile = jsonb_set(profile, '{liabilities}', '[{"lender": "信用社", "amount": 5000000, "overdue": true,
                "overdue_amount": 100000}]'::jsonb)""",
            "profile = profile - 'land' - 'household' - 'social'",
            """profile = jsonb_set(profile, '{land}', '{"contracted_mu": "", "rented_mu": null, "crops": null}'::jsonb)""",
            "profile = jsonb_set(profile, '{income}', '{\"wages\": 1234567}'::jsonb)",
            "profile = profile || '{\"business\": null, \"social\": null, \"household\": null, \"land\": null}'::jsonb",
            "marital_status = NULL, education = NULL, id_long_term = false, id_expiry = '2031-05-06'",
            "status = 'VERIFIED', channel = 'PAD', alt_phone_encrypted = '\\x01'::bytea, village_code = '350102001001'",
        ]
        for cid, edit in zip(ids, edits):
            await session.execute(text(f"UPDATE customers SET {edit} WHERE id = :id"), {"id": cid})
    for expression in NOT_TRANSLATED:
        assert translate(expression, "t") is None, expression
    async with services.db.sessions() as session:
        customers = list(await session.scalars(select(Customer)))
        documents = {c.id: archive_document(c) for c in customers}
        outcomes: dict[str, int] = {}
        for expression in TRANSLATED:
            translated = translate(expression, "t")
            assert translated is not None, expression
            sql, params = translated
            got = dict((await session.execute(text(f"SELECT c.id, {sql} FROM customers c"), {**params, "rules_today": date.today()})).all())
            program = cel.compile(expression)
            expected = {}
            for cid, document in documents.items():
                try:
                    expected[cid] = program.execute(document) is True
                except Exception:
                    expected[cid] = False
            assert got == expected, (expression, [documents[k] for k in got if got[k] != expected[k]][:1])
            assert None not in got.values()
            outcomes[expression] = sum(got.values())
    # Nearly every expression holds for some archives and not for others.
    assert [e for e, n in outcomes.items() if not 0 < n < len(customers)] == [TRANSLATED[20]], outcomes


async def test_translated_and_cel_evaluation_give_the_same_stored_results(services):
    await publish_fz_expressions(services)
    await seed(services, 300, ["FJ-FZ"], seed_no=5)
    banks = await bank_ids(services)
    async with services.db.sessions() as session:
        book = await engine.rule_book(session, banks["FJ-FZ"])
        where, params = "c.bank_id = :bank", {"bank": banks["FJ-FZ"]}
        sql_path = await engine.evaluate(session, services.cipher, book, where, params)
        cel_book = engine.RuleBook(bank_id=book.bank_id, rules=book.rules, versions=book.versions)
        cel_book._plan = engine.Plan(book.rules, book.versions, translate=False)
        assert cel_book.plan.translated == [] and book.plan.translated
        cel_path = await engine.evaluate(session, services.cipher, cel_book, where, params)
    assert len(sql_path) == 300
    assert [(r.customer_id, r.violations, r.applicable, r.precise) for r in sql_path] == [
        (r.customer_id, r.violations, r.applicable, r.precise) for r in cel_path
    ]
