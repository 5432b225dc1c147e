"""What the PC's rule editor and dashboard rely on (issue 18): the English message is optional, a
dry run's headline counts the archives its rule rows count (each once), and a branch's statistics
come per customer manager."""

from __future__ import annotations

import uuid

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from backend.db.session import transaction
from backend.seeding.synthetic import seed_customers
from tests.customers.archive_fixtures import CONSENT, verified_archive
from tests.helpers import gql, login
from tests.platform.test_tenant_rls import principal_of
from tests.rules.test_rule_sets import DRY as _DRY
from tests.rules.test_rule_sets import SAVE
from tests.rules.test_statistics import create_without_mobile

RULES = "{ ruleSets(scope: BANK) { id rules { code messageZh messageEn } } }"
DRY = _DRY.replace("byRule { code newlyFailing failing }", "byRule { code severity message newlyFailing newlyPassing failing }")
STATS = """query($id: ID) { archiveStatistics(orgUnitId: $id) {
  unit { orgUnit { code } archives precise } children { orgUnit { code } }
  managers { manager { username name } archives evaluated complete precise preciseRate } } }"""

# A WARNING every archive without a mobile fails (as the baseline's BASE_MOBILE ERROR), and an
# ERROR for archives without an alternative phone: the two rules' rows overlap on the same archives.
NO_MOBILE = {
    "code": "FZ_MOBILE_CHECK", "kind": "REQUIRED", "severity": "WARNING", "messageZh": "请核实手机号码",
    "params": {"field": "customer.mobile"},
}
ALT_PHONE = {
    "code": "FZ_ALT_PHONE", "kind": "REQUIRED", "severity": "ERROR", "messageZh": "须登记备用电话", "messageEn": "",
    "params": {"field": "customer.altPhone"},
}


async def test_the_english_message_is_optional_and_falls_back_to_the_chinese_one(client):
    admin = await login(client, "fz.admin")

    # When a rule is saved without an English message (omitted, or empty),
    saved = (await gql(client, SAVE, {"i": {"scope": "BANK", "name": "补充规则", "rules": [NO_MOBILE, ALT_PHONE]}}, token=admin))["data"]
    # then it is accepted and English readers get the Chinese message;
    assert saved["saveRuleSet"]["errors"] == []
    rules = (await gql(client, RULES, token=admin))["data"]["ruleSets"][0]["rules"]
    assert rules == [
        {"code": "FZ_MOBILE_CHECK", "messageZh": "请核实手机号码", "messageEn": "请核实手机号码"},
        {"code": "FZ_ALT_PHONE", "messageZh": "须登记备用电话", "messageEn": "须登记备用电话"},
    ]
    # a given English message is kept, and the Chinese one stays required.
    english = {**NO_MOBILE, "messageEn": "check the mobile number"}
    draft = saved["saveRuleSet"]["ruleSet"]["id"]
    kept = await gql(client, SAVE, {"i": {"id": draft, "scope": "BANK", "name": "补充规则", "rules": [english]}}, token=admin)
    assert kept["data"]["saveRuleSet"]["errors"] == []
    assert (await gql(client, RULES, token=admin))["data"]["ruleSets"][0]["rules"][0]["messageEn"] == "check the mobile number"
    no_chinese = await gql(client, SAVE, {"i": {"id": draft, "scope": "BANK", "name": "补充规则", "rules": [{**english, "messageZh": " "}]}}, token=admin)
    assert no_chinese["data"]["saveRuleSet"]["errors"] == [{"field": "rules[0].messageZh", "code": "REQUIRED", "message": "须填写中文提示"}]


async def test_the_dry_run_headline_counts_the_archives_of_its_rule_rows(client, services):
    # Given three archives in FZ branch 1: two without a mobile (they fail the baseline's ERROR
    # BASE_MOBILE already) and one precise; none has an alternative phone,
    cm = await login(client, "fz1.cm1")
    await create_without_mobile(client, cm, "无手机甲", "19910101", 11)
    stale = await create_without_mobile(client, cm, "无手机乙", "19920202", 13)
    await verified_archive(client, consent={**CONSENT, "formImageRef": "IMG-1"})
    # and one of them without a stored evaluation (as while a re-evaluation run has not reached it),
    async with transaction(services.db.sessions) as session:
        await session.execute(text("DELETE FROM archive_evaluations WHERE customer_id = :id"), {"id": stale})
    admin = await login(client, "fz.admin")
    draft = (await gql(client, SAVE, {"i": {"scope": "BANK", "name": "补充规则", "rules": [NO_MOBILE, ALT_PHONE]}}, token=admin))["data"]

    # When the bank admin dry-runs the draft,
    report = (await gql(client, DRY, {"id": draft["saveRuleSet"]["ruleSet"]["id"]}, token=admin))["data"]["dryRunRuleSet"]["report"]

    # then the rows name the rules in words, with their severity,
    rows = {r["code"]: r for r in report["byRule"]}
    assert rows["FZ_ALT_PHONE"] == {
        "code": "FZ_ALT_PHONE", "severity": "ERROR", "message": "须登记备用电话", "newlyFailing": 3, "newlyPassing": 0, "failing": 3,
    }
    assert rows["FZ_MOBILE_CHECK"] == {
        "code": "FZ_MOBILE_CHECK", "severity": "WARNING", "message": "请核实手机号码", "newlyFailing": 2, "newlyPassing": 0, "failing": 2,
    }
    # the baseline's rules did not change: no archive newly fails or passes them, even the one
    # without a stored evaluation ("before" is the rules in force, evaluated now),
    assert all(r["newlyFailing"] == 0 and r["newlyPassing"] == 0 for code, r in rows.items() if code.startswith("BASE_"))
    assert rows["BASE_MOBILE"]["failing"] == 2
    # and the headline counts the archives of those rows, each once: all three newly violate a
    # rule (the two without a mobile already failed an ERROR, yet newly fail the draft's rules),
    assert (report["archives"], report["newlyFailing"], report["newlyPassing"]) == (3, 3, 0)
    assert max(r["newlyFailing"] for r in rows.values()) <= report["newlyFailing"] <= sum(r["newlyFailing"] for r in rows.values())
    # the precise archive loses precise filing to the ERROR rule,
    assert (report["preciseBefore"], report["preciseAfter"]) == (1, 0)
    # and the branch rows add up to the headline.
    for key in ("archives", "newlyFailing", "preciseBefore", "preciseAfter"):
        assert sum(b[key] for b in report["byBranch"]) == report[key]


async def test_a_branch_gets_its_figures_per_customer_manager(client, services):
    # Given two archives of fz1.cm1 and one of fz1.cm2 (none precise), and a precise one of fz1.cm1,
    cm1, cm2 = await login(client, "fz1.cm1"), await login(client, "fz1.cm2")
    await create_without_mobile(client, cm1, "无手机甲", "19910101", 11)
    await create_without_mobile(client, cm1, "无手机乙", "19920202", 13)
    await create_without_mobile(client, cm2, "无手机丙", "19930303", 15)
    await verified_archive(client, consent={**CONSENT, "formImageRef": "IMG-1"})

    # When the branch manager and the bank admin look at the branch's statistics,
    branch = (await gql(client, STATS, {}, token=await login(client, "fz1.manager")))["data"]["archiveStatistics"]
    bank = (await gql(client, STATS, {}, token=await login(client, "fz.admin")))["data"]["archiveStatistics"]

    # then the branch, which has no child units, comes per customer manager, most archives first,
    assert branch["children"] == []
    assert [(m["manager"]["username"], m["archives"], m["precise"]) for m in branch["managers"]] == [("fz1.cm1", 3, 1), ("fz1.cm2", 1, 0)]
    assert branch["managers"][0]["preciseRate"] == 1 / 3 and branch["managers"][0]["manager"]["name"]
    assert sum(m["archives"] for m in branch["managers"]) == branch["unit"]["archives"] == 4
    # and above a branch the children are the units, with no manager rows.
    assert bank["children"] and bank["managers"] == []


async def test_a_dry_run_is_planned_once_per_connection_and_counts_as_before(client, services):
    """The dry run writes the bank and the sample's size into its two evaluating statements, so
    PostgreSQL prunes the other banks' partitions while planning and keeps their plans from the
    sixth run on a connection; with the bank a parameter it planned both at every dry run. The
    report is the same with or without a sample that covers every archive."""
    plans = text("""SELECT coalesce(sum(generic_plans), 0), coalesce(sum(custom_plans), 0) FROM pg_prepared_statements
    WHERE statement LIKE 'SELECT c.bank_id, c.id, c.branch_id, array_remove(%'""")
    cm = await login(client, "fz1.cm1")
    await create_without_mobile(client, cm, "无手机甲", "19910101", 11)
    await verified_archive(client, consent={**CONSENT, "formImageRef": "IMG-1"})
    admin = await login(client, "fz.admin")
    draft = (await gql(client, SAVE, {"i": {"scope": "BANK", "name": "补充规则", "rules": [NO_MOBILE, ALT_PHONE]}}, token=admin))["data"]
    draft_id = uuid.UUID(draft["saveRuleSet"]["ruleSet"]["id"])
    principal = await principal_of(client, services, "fz.admin")
    # Archives of the other banks, analyzed: planned with the bank as a parameter, the general plan
    # counts their partitions, and PostgreSQL keeps planning for the values instead.
    async with transaction(services.db.sessions) as session:
        await seed_customers(session, services.cipher, 20_000, bank_codes=["FJ-NP", "FJ-QZ"], seed=7)
    async with services.db.primary.connect() as connection:
        await connection.execute(text("ANALYZE customers"))
        await connection.commit()
    async with services.db.primary.connect() as connection:  # one connection throughout
        session = AsyncSession(bind=connection)
        try:
            before = tuple((await session.execute(plans)).one())
            reports = []
            for _ in range(8):  # each in a transaction of its own, as a request's
                await session.rollback()
                reports.append(await services.rules(session).dry_run(principal, draft_id, sample=1000))
            after = tuple((await session.execute(plans)).one())
            await session.rollback()
            whole = await services.rules(session).dry_run(principal, draft_id)
        finally:
            await session.close()
    generic, custom = after[0] - before[0], after[1] - before[1]
    # Two statements (the rules in force, the draft) run eight times: at most the first five of
    # each planned for their values, the rest on the kept plan.
    assert generic + custom == 16 and generic >= 6 and custom <= 10, (generic, custom)
    report = reports[-1]
    assert report.archives == whole.archives == 2 and report.newly_failing == whole.newly_failing == 2
    assert report.by_rule == whole.by_rule and report.by_branch == whole.by_branch
