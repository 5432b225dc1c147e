"""A bank admin adds a conditional rule, dry-runs it, publishes it; archives show the violation
and lose precise filing; relaxing the baseline is refused."""

from __future__ import annotations

from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.rules.models import EvaluationRun
from tests.customers.archive_fixtures import CONSENT, CREATE, archive, verified_archive
from tests.helpers import gql, login, run_burst_worker

SAVE = """mutation($i: SaveRuleSetInput!) { saveRuleSet(input: $i) {
  ruleSet { id version status rules { code kind severity } } errors { field code message } } }"""
DRY = """mutation($id: ID!) { dryRunRuleSet(id: $id) { report { archives newlyFailing newlyPassing preciseBefore preciseAfter
  byRule { code newlyFailing failing } byBranch { branchName archives newlyFailing preciseBefore preciseAfter } } errors { code } } }"""
PUBLISH = """mutation($id: ID!) { publishRuleSet(id: $id) { ruleSet { status version } run { id status total }
  pendingChange { id kind status viewerCanDecide } errors { field code message } } }"""
APPROVE = """mutation($id: ID!) { approvePendingChange(id: $id) { change { id status decidedBy { username } evaluationRun { id total } }
  errors { field code } } }"""
EVAL = "query($id: ID!) { customer(id: $id) { evaluation { precise completeness violations { code severity origin message } } } }"

OLD_AGE_PHONE = {
    "code": "FZ_ELDER_ALT_PHONE", "kind": "CONDITIONAL_REQUIRED", "severity": "ERROR",
    "messageZh": "60岁以上客户须登记备用电话", "messageEn": "customers over 60 need an alternative phone",
    "params": {"if": {"field": "customer.age", "op": "GE", "value": 60}, "field": "customer.altPhone"},
}


async def test_save_evaluates_against_the_baseline(client):
    cm = await login(client, "fz1.cm1")
    bare = {"name": "王五", "idNumber": "350102199208150024", "maritalStatus": "MARRIED"}
    created = await gql(client, CREATE + "", {"i": {"archive": bare}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]
    evaluation = (await gql(client, EVAL, {"id": cid}, token=cm))["data"]["customer"]["evaluation"]
    codes = {v["code"] for v in evaluation["violations"]}
    assert {"BASE_MOBILE", "BASE_SPOUSE", "BASE_INCOME", "BASE_ADDRESS", "BASE_REGION"} <= codes
    assert "BASE_NAME" not in codes and "BASE_ID_CONSISTENT" not in codes
    assert evaluation["precise"] is False and 0 < evaluation["completeness"] < 100
    spouse = next(v for v in evaluation["violations"] if v["code"] == "BASE_SPOUSE")
    assert spouse == {"code": "BASE_SPOUSE", "severity": "ERROR", "origin": "PROVINCE", "message": "已婚客户须登记配偶信息"}


async def test_a_complete_verified_archive_is_precise(client):
    cid, _ = await verified_archive(client, consent={**CONSENT, "formImageRef": "IMG-1"})
    cm = await login(client, "fz1.cm1")
    evaluation = (await gql(client, EVAL, {"id": cid}, token=cm))["data"]["customer"]["evaluation"]
    assert evaluation["violations"] == [] and evaluation["precise"] is True and evaluation["completeness"] == 100


async def test_bank_rule_dry_run_publish_and_the_archive_loses_precise_filing(client, services):
    # A verified, precise archive of a 70-year-old without an alternative phone.
    cid, _ = await verified_archive(
        client, consent={**CONSENT, "formImageRef": "IMG-1"}, idNumber="350121195603071239", familyMembers=[{"relation": "SPOUSE", "name": "李秀英"}]
    )
    admin = await login(client, "fz.admin")
    saved = await gql(client, SAVE, {"i": {"scope": "BANK", "name": "福州农商行补充规则", "rules": [OLD_AGE_PHONE]}}, token=admin)
    payload = saved["data"]["saveRuleSet"]
    assert payload["errors"] == []
    draft = payload["ruleSet"]
    assert (draft["status"], draft["version"]) == ("DRAFT", 1)

    dry = (await gql(client, DRY, {"id": draft["id"]}, token=admin))["data"]["dryRunRuleSet"]["report"]
    assert (dry["archives"], dry["newlyFailing"], dry["preciseBefore"], dry["preciseAfter"]) == (1, 1, 1, 0)
    assert dry["byRule"] == [{"code": "FZ_ELDER_ALT_PHONE", "newlyFailing": 1, "failing": 1}]
    assert dry["byBranch"] == [{"branchName": "鼓楼支行", "archives": 1, "newlyFailing": 1, "preciseBefore": 1, "preciseAfter": 0}]
    # The dry run stored nothing.
    cm = await login(client, "fz1.cm1")
    assert (await gql(client, EVAL, {"id": cid}, token=cm))["data"]["customer"]["evaluation"]["precise"] is True

    # Publishing is a request: the set stays a draft, frozen, until a second bank admin approves.
    requested = (await gql(client, PUBLISH, {"id": draft["id"]}, token=admin))["data"]["publishRuleSet"]
    assert requested["errors"] == [] and requested["ruleSet"]["status"] == "DRAFT" and requested["run"] is None
    change = requested["pendingChange"]
    assert (change["kind"], change["status"], change["viewerCanDecide"]) == ("RULE_SET_PUBLISH", "PENDING", False)
    frozen = await gql(client, SAVE, {"i": {"id": draft["id"], "scope": "BANK", "name": "改", "rules": [OLD_AGE_PHONE]}}, token=admin)
    assert frozen["data"]["saveRuleSet"]["errors"][0]["code"] == "PUBLISH_PENDING"
    own = (await gql(client, APPROVE, {"id": change["id"]}, token=admin))["data"]["approvePendingChange"]
    assert own["errors"] == [{"field": "id", "code": "SAME_PERSON"}] and own["change"] is None
    other_bank = (await gql(client, APPROVE, {"id": change["id"]}, token=await login(client, "qz.admin")))["data"]["approvePendingChange"]
    assert other_bank["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    approved = (await gql(client, APPROVE, {"id": change["id"]}, token=await login(client, "fz.admin2")))["data"]["approvePendingChange"]
    run = approved["change"].pop("evaluationRun")
    assert approved == {"change": {"id": change["id"], "status": "APPROVED", "decidedBy": {"username": "fz.admin2"}}, "errors": []}
    sets = await gql(client, "{ ruleSets(scope: BANK) { id status } }", token=admin)
    assert {"id": draft["id"], "status": "PUBLISHED"} in sets["data"]["ruleSets"]
    async with services.db.sessions() as s:
        run_row = (await s.scalars(select(EvaluationRun))).one()
        actions = (await s.scalars(select(AuditRecord.action).where(AuditRecord.action.like("dual_control.%")).order_by(AuditRecord.id))).all()
    assert run_row.total == 1 and actions == ["dual_control.request", "dual_control.approve"]
    assert run == {"id": str(run_row.id), "total": 1}  # the approver follows the re-evaluation
    published = {"run": {"id": str(run_row.id)}}
    await run_burst_worker()
    evaluation = (await gql(client, EVAL, {"id": cid}, token=cm))["data"]["customer"]["evaluation"]
    assert evaluation["precise"] is False
    assert [v["code"] for v in evaluation["violations"]] == ["FZ_ELDER_ALT_PHONE"]
    run = (await gql(client, "query($id: ID!) { evaluationRun(id: $id) { status done total } }", {"id": published["run"]["id"]}, token=admin))
    assert run["data"]["evaluationRun"] == {"status": "DONE", "done": 1, "total": 1}
    # A published set is immutable.
    again = await gql(client, SAVE, {"i": {"id": draft["id"], "scope": "BANK", "name": "x", "rules": []}}, token=admin)
    assert again["data"]["saveRuleSet"]["errors"][0]["code"] == "PUBLISHED_IS_IMMUTABLE"


async def test_weakening_the_baseline_is_refused_naming_the_rule(client):
    admin = await login(client, "fz.admin")
    attempts = [
        ({"code": "FZ_SPOUSE", "overrides": "BASE_SPOUSE", "kind": "CONDITIONAL_REQUIRED", "severity": "WARNING",
          "params": {"if": {"field": "customer.maritalStatus", "op": "EQ", "value": "MARRIED"}, "field": "familyMembers.hasSpouse"}}, "lowers the severity"),
        ({"code": "FZ_SIZE", "overrides": "BASE_HOUSEHOLD_SIZE", "kind": "RANGE", "severity": "ERROR",
          "params": {"field": "household.size", "min": 1, "max": 40}}, "widens the range"),
        ({"code": "FZ_MOBILE_OFF", "overrides": "BASE_MOBILE", "kind": "REQUIRED", "severity": "ERROR", "enabled": False,
          "params": {"field": "customer.mobile"}}, "disables the rule"),
    ]
    for rule, reason in attempts:
        result = await gql(client, SAVE, {"i": {"scope": "BANK", "name": "放宽尝试", "rules": [{**rule, "messageZh": "x", "messageEn": "x"}]}}, token=admin)
        errors = result["data"]["saveRuleSet"]["errors"]
        assert errors[0]["code"] == "WEAKENS_BASELINE", errors
        assert rule["overrides"] in errors[0]["message"]
    # Tightening is fine.
    tighter = {"code": "FZ_SIZE", "overrides": "BASE_HOUSEHOLD_SIZE", "kind": "RANGE", "severity": "ERROR",
               "params": {"field": "household.size", "min": 1, "max": 12}, "messageZh": "家庭人口须在1到12之间", "messageEn": "1-12"}
    ok = await gql(client, SAVE, {"i": {"scope": "BANK", "name": "收紧", "rules": [tighter]}}, token=admin)
    assert ok["data"]["saveRuleSet"]["errors"] == []
    # Banks cannot touch the baseline set itself.
    denied = await gql(client, SAVE, {"i": {"scope": "PROVINCE", "name": "x", "rules": []}}, token=admin)
    assert denied["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_bad_rules_are_refused_with_their_position(client):
    admin = await login(client, "fz.admin")
    rules = [
        {"code": "FZ_EXPR_SYNTAX", "kind": "EXPRESSION", "severity": "ERROR", "messageZh": "x", "messageEn": "x", "params": {"expression": "income.total >"}},
        {"code": "FZ_EXPR_FIELD", "kind": "EXPRESSION", "severity": "ERROR", "messageZh": "x", "messageEn": "x", "params": {"expression": "customer.shoeSize > 3"}},
        {"code": "FZ_EXPR_TYPE", "kind": "EXPRESSION", "severity": "ERROR", "messageZh": "x", "messageEn": "x", "params": {"expression": "customer.name + 1 > 2"}},
        {"code": "FZ_SLOW", "kind": "PATTERN", "severity": "ERROR", "messageZh": "x", "messageEn": "x", "params": {"field": "customer.name", "pattern": "(a+)+$"}},
        {"code": "FZ_UNKNOWN", "kind": "REQUIRED", "severity": "ERROR", "messageZh": "x", "messageEn": "x", "params": {"field": "customer.nope"}},
        {"code": "FZ_PII_PATTERN", "kind": "PATTERN", "severity": "ERROR", "messageZh": "x", "messageEn": "x", "params": {"field": "customer.mobile", "pattern": "^13"}},
    ]
    result = await gql(client, SAVE, {"i": {"scope": "BANK", "name": "坏规则", "rules": rules}}, token=admin)
    errors = {(e["field"], e["code"]) for e in result["data"]["saveRuleSet"]["errors"]}
    assert errors == {
        ("rules[0].params.expression", "EXPRESSION_SYNTAX"),
        ("rules[1].params.expression", "EXPRESSION_INVALID"),
        ("rules[2].params.expression", "EXPRESSION_INVALID"),
        ("rules[3].params.pattern", "SLOW_PATTERN"),
        ("rules[4].params.field", "UNKNOWN_FIELD"),
        ("rules[5].params.field", "PRESENCE_ONLY"),
    }
    syntax = next(e for e in result["data"]["saveRuleSet"]["errors"] if e["code"] == "EXPRESSION_SYNTAX")
    assert "第1行第15列" in syntax["message"]


async def test_a_pattern_postgresql_cannot_run_is_refused_at_save(client):
    admin = await login(client, "fz.admin")
    rule = {"code": "FZ_NAME_PATTERN", "kind": "PATTERN", "severity": "WARNING", "messageZh": "x", "messageEn": "x",
            "params": {"field": "customer.name", "pattern": "张(?i)三"}}  # Python accepts; PostgreSQL's ARE does not
    result = await gql(client, SAVE, {"i": {"scope": "BANK", "name": "正则", "rules": [rule]}}, token=admin)
    errors = result["data"]["saveRuleSet"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("rules[0].params.pattern", "INVALID_PATTERN")]
    # The bank's archives are still saved and evaluated.
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm)
    assert created["data"]["createArchive"]["errors"] == []


async def test_banks_see_the_baseline_and_only_their_own_sets(client):
    fz = await login(client, "fz.admin")
    await gql(client, SAVE, {"i": {"scope": "BANK", "name": "福州草稿", "rules": [OLD_AGE_PHONE]}}, token=fz)
    query = "{ ruleSets { scope name status version rules { code } } }"
    fz_sets = (await gql(client, query, token=fz))["data"]["ruleSets"]
    assert [(s["scope"], s["status"]) for s in fz_sets] == [("PROVINCE", "PUBLISHED"), ("BANK", "DRAFT")]
    assert len(fz_sets[0]["rules"]) == 18 and fz_sets[1]["rules"] == [{"code": "FZ_ELDER_ALT_PHONE"}]
    qz_sets = (await gql(client, query, token=await login(client, "qz.admin")))["data"]["ruleSets"]
    assert [s["scope"] for s in qz_sets] == ["PROVINCE"]


RULE_FIELDS = "{ ruleFields { path label type presenceOnly } }"


async def test_rule_fields_list_the_catalog_and_the_callers_bank_extra_fields(client):
    from backend.rules.fields import FIELDS
    from tests.customers.test_reference_data import EXTRA

    admin = await login(client, "fz.admin")
    defined = await gql(client, EXTRA, {"i": {"code": "tea_mu", "labelZh": "茶园面积", "labelEn": "Tea garden", "kind": "NUMBER"}}, token=admin)
    assert defined["data"]["defineExtraField"]["errors"] == []
    listed = (await gql(client, RULE_FIELDS, token=admin))["data"]["ruleFields"]
    by_path = {f["path"]: f for f in listed}
    codes = {d["code"] for d in (await gql(client, "{ extraFieldDefinitions { code } }", token=admin))["data"]["extraFieldDefinitions"]}
    assert "tea_mu" in codes and set(by_path) == set(FIELDS) | {f"extra.{c}" for c in codes}
    assert by_path["extra.tea_mu"] == {"path": "extra.tea_mu", "label": "茶园面积", "type": "NUMBER", "presenceOnly": False}
    assert by_path["customer.idNumber"]["presenceOnly"] is True and by_path["income.total"]["type"] == "NUMBER"
    # Another bank's staff see their own bank's extra fields, the province the catalog alone.
    province = (await gql(client, RULE_FIELDS, token=await login(client, "prov.admin")))["data"]["ruleFields"]
    assert {f["path"] for f in province} == set(FIELDS)
    other = (await gql(client, RULE_FIELDS, token=await login(client, "qz.admin")))["data"]["ruleFields"]
    assert "extra.tea_mu" not in {f["path"] for f in other}


async def test_wording_readers_reuse_the_book_key_a_save_reads_it_afresh_and_a_publication_drops_it(client, count_queries, lasting_caches):
    """Naming an archive's violations reuses the book key this process read within
    ``WORDING_KEY_SECONDS`` (no statement); a save's evaluation reads it afresh (one statement, its
    answer named from it); publishing a set makes this process's next reader read it again."""

    book_keys = lambda: [s for s in count_queries.statements if "rule_sets" in s]  # noqa: E731
    cm = await login(client, "fz1.cm1")
    bare = {"name": "王五", "idNumber": "350102199208150024", "maritalStatus": "MARRIED"}
    cid = (await gql(client, CREATE, {"i": {"archive": bare}}, token=cm))["data"]["createArchive"]["customer"]["id"]
    await gql(client, EVAL, {"id": cid}, token=cm)
    count_queries.statements.clear()
    evaluation = (await gql(client, EVAL, {"id": cid}, token=cm))["data"]["customer"]["evaluation"]
    assert book_keys() == []
    assert {"code": "BASE_SPOUSE", "severity": "ERROR", "origin": "PROVINCE", "message": "已婚客户须登记配偶信息"} in evaluation["violations"]

    count_queries.statements.clear()
    saved = await gql(
        client, "mutation($i: UpdateArchiveInput!) { updateArchive(input: $i) { errors { code } customer { evaluation { violations { code message } } } } }",
        {"i": {"id": cid, "version": 1, "archive": archive(**bare, mobile=None, familyMembers=[])}}, token=cm,
    )  # fmt: skip
    assert saved["data"]["updateArchive"]["errors"] == []
    assert len(book_keys()) == 1, book_keys()
    assert {"code": "BASE_SPOUSE", "message": "已婚客户须登记配偶信息"} in saved["data"]["updateArchive"]["customer"]["evaluation"]["violations"]

    admin = await login(client, "fz.admin")
    draft = (await gql(client, SAVE, {"i": {"scope": "BANK", "name": "福州农商行补充规则", "rules": [OLD_AGE_PHONE]}}, token=admin))["data"]["saveRuleSet"]["ruleSet"]
    change = (await gql(client, PUBLISH, {"id": draft["id"]}, token=admin))["data"]["publishRuleSet"]["pendingChange"]
    approved = (await gql(client, APPROVE, {"id": change["id"]}, token=await login(client, "fz.admin2")))["data"]["approvePendingChange"]
    assert approved["errors"] == []
    count_queries.statements.clear()
    await gql(client, EVAL, {"id": cid}, token=cm)
    assert book_keys(), "the first reader after a publication reads the new key (and loads the new book)"


async def test_a_dry_run_follows_each_edit_of_its_draft(client):
    """A draft's compiled rules are kept between dry runs by what they compile from: each edit
    (a threshold moved, then moved back) is dry-run as it now reads."""
    await verified_archive(
        client, consent={**CONSENT, "formImageRef": "IMG-1"}, idNumber="350121195603071239", familyMembers=[{"relation": "SPOUSE", "name": "李秀英"}]
    )
    admin = await login(client, "fz.admin")
    draft = (await gql(client, SAVE, {"i": {"scope": "BANK", "name": "逐次修改的草稿", "rules": [OLD_AGE_PHONE]}}, token=admin))["data"]["saveRuleSet"]["ruleSet"]
    older = {**OLD_AGE_PHONE, "params": {**OLD_AGE_PHONE["params"], "if": {"field": "customer.age", "op": "GE", "value": 80}}}
    for rules, failing in (([OLD_AGE_PHONE], 1), ([older], 0), ([OLD_AGE_PHONE], 1), ([{**OLD_AGE_PHONE, "enabled": False}], 0)):
        saved = await gql(client, SAVE, {"i": {"id": draft["id"], "scope": "BANK", "name": "逐次修改的草稿", "rules": rules}}, token=admin)
        assert saved["data"]["saveRuleSet"]["errors"] == []
        dry = (await gql(client, DRY, {"id": draft["id"]}, token=admin))["data"]["dryRunRuleSet"]["report"]
        assert (dry["archives"], dry["newlyFailing"], dry["preciseAfter"]) == (1, failing, 1 - failing)
