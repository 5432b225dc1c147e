"""Scorecards as data: a bank admin drafts a card on top of the province's, dry-runs it against
the card in force, asks to publish it; a second admin approves; the bank's archives are re-rated
with it; a published card never changes (docs/rating.md, "Cards")."""

from __future__ import annotations

import asyncio
import json
import uuid
from collections import Counter
from typing import Any

import polars as pl
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from backend.audit.models import AuditRecord
from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK
from backend.orgs.models import OrgUnit
from backend.rating.models import CustomerRating, Scorecard
from backend.rating.service import PROVINCE_CARD_FILE, rate_bank, rate_quarter
from tests.helpers import as_user, cic, gql, login, run_burst_worker

BANK = "FJ-FZ"
CARD = """fragment C on Scorecard { id name version status province bank { name } basePoints maxScore vetoes createdBy approvedBy
  items { code variable variableLabel kind maxPoints bins { label points min max values missing } } grades { code min watch }
  pendingChange { id kind status } }"""
SAVE = "mutation($i: SaveScorecardInput!) { saveScorecard(input: $i) { scorecard { ...C } errors { field code message } } }" + CARD
DRY = """mutation($id: ID!, $n: Int) { dryRunScorecard(id: $id, sample: $n) { report { archives sampled banks inForce { version province }
  meanInForce meanDraft upgraded downgraded newlyVetoed grades { grade inForce draft } bands { fromScore inForce draft }
  moves { fromGrade toGrade count } } errors { field code } } }"""
PUBLISH = """mutation($id: ID!) { requestScorecardPublish(id: $id) { scorecard { status } change { id kind status scorecardVersion
  scorecardScope scorecardBank name viewerCanDecide } errors { field code } } }"""
DELETE = "mutation($id: ID!) { deleteScorecard(id: $id) { errors { field code } } }"
APPROVE = "mutation($id: ID!) { approvePendingChange(id: $id) { change { status decidedBy { username } } errors { field code } } }"
CARDS = "{ scorecards { ...C } }" + CARD


def card_input(definition: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A stored card definition as ``SaveScorecardInput``."""
    num = lambda v: None if v is None else float(v)  # noqa: E731
    return {
        "name": definition["name"], "basePoints": definition["base_points"], "vetoes": definition["vetoes"],
        "items": [{"code": i["code"], "label": i["label"], "variable": i["variable"], "kind": i["kind"],
                   "bins": [{"label": b["label"], "points": b["points"], "min": num(b.get("min")), "max": num(b.get("max")),
                             "values": b.get("values"), "missing": b.get("missing", False)} for b in i["bins"]]}
                  for i in definition["items"]],
        "grades": [{"code": g["code"], "label": g["label"], "min": g["min"], "quotaCap": g["quota_cap"],
                    "incomeMultiple": float(g["income_multiple"]), "watch": g.get("watch", False)} for g in definition["grades"]],
    } | changes  # fmt: skip


PROVINCE = json.loads(PROVINCE_CARD_FILE.read_text(encoding="utf-8"))


async def _bank_id(services) -> int:
    async with services.db.sessions() as session:
        return (await session.execute(select(OrgUnit.id).where(OrgUnit.code == BANK))).scalar_one()


async def _grades(services, bank_id: int) -> tuple[Counter[str], set[int]]:
    async with services.db.sessions() as session:
        rows = (await session.execute(select(CustomerRating.grade, CustomerRating.card_id).where(CustomerRating.bank_id == bank_id))).all()
    return Counter(g for g, _ in rows), {c for _, c in rows}


async def test_a_bank_card_from_draft_to_dry_run_to_approval_and_rerating(client, services, demo_business):
    bank_id = await _bank_id(services)
    async with transaction(services.db.sessions) as session:  # precisely filed: the grades spread over the card
        await session.execute(text("UPDATE archive_evaluations SET precise = true WHERE bank_id = :b"), {"b": bank_id})
    await rate_bank(services.db.sessions, bank_id, workers=3)  # three shares of the ids, side by side
    before, cards_before = await _grades(services, bank_id)
    assert sum(before.values()) == DEMO_CUSTOMERS_PER_BANK and len(cards_before) == 1

    admin = await login(client, "fz.admin")
    listed = (await gql(client, CARDS, token=admin))["data"]["scorecards"]
    assert [(c["province"], c["status"], c["version"]) for c in listed] == [(True, "PUBLISHED", 1)]
    assert listed[0]["items"][0]["variableLabel"] == "家庭年收入(元)"

    # The draft: the province's card with 50 base points less (no score reaches 0).
    assert PROVINCE["base_points"] >= 50
    draft_input = card_input(PROVINCE, name="福州农商行评分卡", basePoints=PROVINCE["base_points"] - 50)
    saved = (await gql(client, SAVE, {"i": draft_input}, token=admin))["data"]["saveScorecard"]
    assert saved["errors"] == []
    draft = saved["scorecard"]
    assert (draft["status"], draft["version"], draft["province"], draft["bank"], draft["createdBy"]) == (
        "DRAFT", 1, False, {"name": "福州农村商业银行"}, "fz.admin")
    assert draft["maxScore"] == listed[0]["maxScore"] - 50

    # The dry run over every archive of the bank agrees with what publishing will do; it stores nothing.
    dry = (await gql(client, DRY, {"id": draft["id"], "n": None}, token=admin))["data"]["dryRunScorecard"]
    assert dry["errors"] == []
    report = dry["report"]
    assert (report["archives"], report["sampled"], report["banks"], report["inForce"]) == (
        DEMO_CUSTOMERS_PER_BANK, False, 1, {"version": 1, "province": True})
    vetoed = before["D"]
    # Every archive loses exactly 50 points; a vetoed one stays D.
    assert report["meanDraft"] == pytest.approx(report["meanInForce"] - 50, abs=0.05)
    assert report["upgraded"] == 0 and report["newlyVetoed"] == 0
    assert {g["grade"]: g["inForce"] for g in report["grades"] if g["inForce"]} == dict(before)
    assert sum(b["inForce"] for b in report["bands"]) == sum(b["draft"] for b in report["bands"]) == DEMO_CUSTOMERS_PER_BANK
    assert sum(m["count"] for m in report["moves"] if m["fromGrade"] == "D") == vetoed
    assert all(m["toGrade"] == "D" for m in report["moves"] if m["fromGrade"] == "D")
    assert report["downgraded"] == sum(m["count"] for m in report["moves"] if m["fromGrade"] != m["toGrade"]) > 0
    assert await _grades(services, bank_id) == (before, cards_before)
    sampled = (await gql(client, DRY, {"id": draft["id"], "n": 100}, token=admin))["data"]["dryRunScorecard"]["report"]
    assert (sampled["archives"], sampled["sampled"]) == (DEMO_CUSTOMERS_PER_BANK, True)  # fewer archives than the sample
    too_small = (await gql(client, DRY, {"id": draft["id"], "n": 5}, token=admin))["data"]["dryRunScorecard"]
    assert too_small["errors"] == [{"field": "sample", "code": "OUT_OF_RANGE"}]

    # Publishing is a request: the draft is frozen until a second administrator of the bank approves.
    requested = (await gql(client, PUBLISH, {"id": draft["id"]}, token=admin))["data"]["requestScorecardPublish"]
    assert requested["errors"] == [] and requested["scorecard"]["status"] == "DRAFT"
    change = requested["change"]
    assert {k: change[k] for k in ("kind", "status", "scorecardVersion", "scorecardScope", "scorecardBank", "name", "viewerCanDecide")} == {
        "kind": "SCORECARD_PUBLISH", "status": "PENDING", "scorecardVersion": 1, "scorecardScope": "BANK",
        "scorecardBank": "福州农村商业银行", "name": "福州农商行评分卡", "viewerCanDecide": False}
    assert (await gql(client, DELETE, {"id": draft["id"]}, token=admin))["data"]["deleteScorecard"]["errors"] == [
        {"field": "id", "code": "PUBLISH_PENDING"}]
    frozen = (await gql(client, SAVE, {"i": draft_input | {"id": draft["id"]}}, token=admin))["data"]["saveScorecard"]
    assert frozen["errors"][0]["code"] == "PUBLISH_PENDING"
    own = (await gql(client, APPROVE, {"id": change["id"]}, token=admin))["data"]["approvePendingChange"]
    assert own["errors"] == [{"field": "id", "code": "SAME_PERSON"}]
    other_bank = (await as_user(client, "qz.admin", APPROVE, {"id": change["id"]}))["data"]["approvePendingChange"]
    assert other_bank["errors"] == [{"field": "id", "code": "NOT_FOUND"}]
    approved = (await as_user(client, "fz.admin2", APPROVE, {"id": change["id"]}))["data"]["approvePendingChange"]
    assert approved == {"change": {"status": "APPROVED", "decidedBy": {"username": "fz.admin2"}}, "errors": []}

    listed = {c["id"]: c for c in (await gql(client, CARDS, token=admin))["data"]["scorecards"]}
    assert (listed[draft["id"]]["status"], listed[draft["id"]]["approvedBy"], listed[draft["id"]]["pendingChange"]) == (
        "PUBLISHED", "fz.admin2", None)
    assert any(c["province"] and c["status"] == "PUBLISHED" for c in listed.values())  # the province's stays in force for others

    # The job the publication scheduled re-rates the bank with the new card: what the dry run said.
    await run_burst_worker()
    after, cards_after = await _grades(services, bank_id)
    assert cards_after == {int(draft["id"])}
    assert {g["grade"]: g["draft"] for g in report["grades"] if g["draft"]} == dict(after)
    # The quarterly batch rates with it too; other banks keep the province's card.
    await rate_quarter(services.db.sessions, "2026Q4", banks=[BANK, "FJ-QZ"])
    async with services.db.sessions() as session:
        used = dict((await session.execute(text(
            "SELECT o.code, array_agg(DISTINCT h.card_id) FROM rating_history h JOIN org_units o ON o.id = h.bank_id GROUP BY o.code"))).all())
        actions = (await session.scalars(select(AuditRecord.action).where(AuditRecord.action.like("rating.%")).order_by(AuditRecord.id))).all()
    assert used == {BANK: [int(draft["id"])], "FJ-QZ": [int(cards_before.pop())]}
    assert actions == ["rating.save_card", "rating.publish_card"]  # (the draft's deletion below is audited too)

    # A published card never changes: not through the API, not in the database.
    again = (await gql(client, SAVE, {"i": draft_input | {"id": draft["id"]}}, token=admin))["data"]["saveScorecard"]
    assert again["errors"] == [{"field": "id", "code": "PUBLISHED_IS_IMMUTABLE", "message": "已发布的评分卡不能修改，请新建草稿"}]
    for statement in ("UPDATE scorecards SET definition = definition || '{\"base_points\": 0}' WHERE id = :id",
                      "UPDATE scorecards SET status = 'DRAFT' WHERE id = :id", "DELETE FROM scorecards WHERE id = :id"):  # fmt: skip
        with pytest.raises(DBAPIError, match="published and immutable"):
            async with transaction(services.db.sessions) as session:
                await session.execute(text(statement), {"id": int(draft["id"])})

    # Who sees the bank's card: its bank and the province, not another bank.
    assert draft["id"] in {c["id"] for c in (await as_user(client, "prov.admin", CARDS))["data"]["scorecards"]}
    assert draft["id"] not in {c["id"] for c in (await as_user(client, "np.admin", CARDS))["data"]["scorecards"]}
    # A province draft is dry-run over the banks still on the province's card: every bank but FZ.
    prov = (await as_user(client, "prov.admin", SAVE, {"i": card_input(PROVINCE)}))["data"]["saveScorecard"]["scorecard"]
    assert (prov["province"], prov["version"]) == (True, 2)
    prov_dry = (await as_user(client, "prov.admin", DRY, {"id": prov["id"], "n": None}))["data"]["dryRunScorecard"]["report"]
    assert (prov_dry["banks"], prov_dry["archives"]) == (len(BANKS) - 1, DEMO_CUSTOMERS_PER_BANK * (len(BANKS) - 1))
    assert prov_dry["upgraded"] == prov_dry["downgraded"] == 0  # the same card: nothing moves
    # A draft can be discarded (its version number is free again); a published card cannot.
    assert (await as_user(client, "prov.admin", DELETE, {"id": prov["id"]}))["data"]["deleteScorecard"]["errors"] == []
    assert prov["id"] not in {c["id"] for c in (await as_user(client, "prov.admin", CARDS))["data"]["scorecards"]}
    assert (await gql(client, DELETE, {"id": draft["id"]}, token=admin))["data"]["deleteScorecard"]["errors"] == [
        {"field": "id", "code": "PUBLISHED_IS_IMMUTABLE"}]
    again_prov = (await as_user(client, "prov.admin", SAVE, {"i": card_input(PROVINCE)}))["data"]["saveScorecard"]["scorecard"]
    assert again_prov["version"] == 2


async def test_card_drafts_are_checked_rule_by_rule_and_only_admins_of_the_scope_write_them(client, services):
    admin = await login(client, "fz.admin")

    async def errors(token: str, **changes: Any) -> list[dict[str, Any]]:
        payload = (await gql(client, SAVE, {"i": card_input(PROVINCE, **changes)}, token=token))["data"]["saveScorecard"]
        assert payload["scorecard"] is None
        return [{k: e[k] for k in ("field", "code")} for e in payload["errors"]]

    items = card_input(PROVINCE)["items"]
    gap = [items[0] | {"bins": [b | ({"min": b["min"] + 1} if b["min"] == 50000 else {}) for b in items[0]["bins"]]}, *items[1:]]
    assert await errors(admin, items=gap) == [{"field": "items[0].bins", "code": "RANGES_GAP_OR_OVERLAP"}]
    assert await errors(admin, basePoints=1100) == [{"field": "basePoints", "code": "SCORE_ABOVE_MAX"}]
    grades = card_input(PROVINCE)["grades"]
    assert await errors(admin, grades=[grades[1], grades[0], *grades[2:]]) == [{"field": "grades", "code": "GRADES_NOT_DESCENDING"}]
    assert await errors(admin, grades=grades[:3]) == [{"field": "grades", "code": "TOO_SHORT"}]
    unknown = [*items[:-1], items[-1] | {"variable": "customer.idNumber"}]
    assert await errors(admin, items=unknown) == [{"field": f"items[{len(items) - 1}].variable", "code": "UNKNOWN_VARIABLE"}]
    extra = {"code": "HERD", "label": "存栏", "variable": "extra.herd_size", "kind": "NUMERIC",
             "bins": [{"label": "缺失", "points": 0, "missing": True}, {"label": "少", "points": 0, "max": 10.0}, {"label": "多", "points": 0, "min": 10.0}]}  # fmt: skip
    assert await errors(admin, items=[*items, extra]) == [{"field": f"items[{len(items)}].variable", "code": "UNKNOWN_EXTRA_FIELD"}]
    prov = await login(client, "prov.admin")
    assert await errors(prov, items=[*items, extra]) == [{"field": f"items[{len(items)}].variable", "code": "EXTRA_FIELD_IN_PROVINCE_CARD"}]
    # Once the bank defines the field, its card may score it (numbers only as a numeric item),
    # and the dry run reads it from the archives.
    define = "mutation($i: ExtraFieldDefinitionInput!) { defineExtraField(input: $i) { errors { code } } }"
    herd = {"code": "herd_size", "labelZh": "存栏头数", "labelEn": "herd", "kind": "NUMBER", "minValue": "0", "maxValue": "100000"}
    assert (await gql(client, define, {"i": herd}, token=admin))["data"]["defineExtraField"]["errors"] == []
    as_category = extra | {"kind": "CATEGORY", "bins": [{"label": "缺失", "points": 0, "missing": True}, {"label": "有", "points": 0, "values": ["1"]}]}
    assert await errors(admin, items=[*items, as_category]) == [{"field": f"items[{len(items)}].kind", "code": "EXTRA_KIND_MISMATCH"}]
    variables = (await gql(client, "{ scorecardVariables { path label numeric } }", token=admin))["data"]["scorecardVariables"]
    assert {"path": "extra.herd_size", "label": "存栏头数", "numeric": True} in variables
    # Personal values are never scored, nor identifiers, nor what a credit decision must not turn on.
    assert not {v["path"] for v in variables} & {"customer.idNumber", "customer.mobile", "customer.name", "customer.gender", "customer.ethnicity"}
    by_gender = [*items[:-1], items[-1] | {"variable": "customer.gender"}]
    assert await errors(admin, items=by_gender) == [{"field": f"items[{len(items) - 1}].variable", "code": "UNKNOWN_VARIABLE"}]
    saved = (await gql(client, SAVE, {"i": card_input(PROVINCE, items=[*items[:-1], extra])}, token=admin))["data"]["saveScorecard"]
    assert saved["errors"] == [] and saved["scorecard"]["items"][-1]["variable"] == "extra.herd_size"
    dry = (await gql(client, DRY, {"id": saved["scorecard"]["id"], "n": None}, token=admin))["data"]["dryRunScorecard"]
    assert dry["errors"] == [] and dry["report"]["archives"] == 0  # no archive at the bank in this test: the statement still runs

    refused = await as_user(client, "fz1.manager", SAVE, {"i": card_input(PROVINCE)})
    assert refused["data"]["saveScorecard"] is None and refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    # A bank admin cannot touch the province's card.
    async with services.db.sessions() as session:
        province_id = await session.scalar(select(Scorecard.id).where(Scorecard.bank_id.is_(None)))
    replaced = (await gql(client, SAVE, {"i": card_input(PROVINCE) | {"id": str(province_id)}}, token=admin))["data"]["saveScorecard"]
    assert replaced["errors"] == [{"field": "id", "code": "NOT_FOUND", "message": "评分卡不存在或无权访问"}]


async def test_grade_distribution_by_child_unit(client, services, demo_business):
    bank_id = await _bank_id(services)
    await rate_quarter(services.db.sessions, "2026Q4", banks=[BANK])
    query = """query($u: ID!, $q: String!) { ratingDistribution(orgUnitId: $u, quarter: $q) {
      orgUnit { id name } total grades { grade count } } }"""
    rows = (await as_user(client, "fz.admin", query, {"u": str(bank_id), "q": "2026Q4"}))["data"]["ratingDistribution"]
    async with services.db.sessions() as session:
        expected = (await session.execute(text(
            "SELECT b.name, h.grade, count(*) FROM rating_history h JOIN customers c ON c.bank_id = h.bank_id AND c.id = h.customer_id "
            "JOIN org_units b ON b.id = c.branch_id WHERE h.quarter = '2026Q4' AND h.bank_id = :b GROUP BY 1, 2"), {"b": bank_id})).all()  # fmt: skip
    assert {(r["orgUnit"]["name"], g["grade"]): g["count"] for r in rows for g in r["grades"]} == {(n, g): c for n, g, c in expected}
    assert sum(r["total"] for r in rows) == DEMO_CUSTOMERS_PER_BANK
    assert [r["total"] for r in rows] == sorted((r["total"] for r in rows), reverse=True)
    bad = await as_user(client, "fz.admin", query, {"u": str(bank_id), "q": "2026-4"})
    assert bad["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"
    assert (await as_user(client, "np.admin", query, {"u": str(bank_id), "q": "2026Q4"}))["errors"]


async def test_a_fitted_card_imported_as_a_draft_scores_archives_as_the_fit_does(services, demo_business, tmp_path):
    from backend.rating import fitting
    from backend.rating.card import Card, compile_card, scoped, variable
    from tests.rating.test_fitting import _history

    card_file = tmp_path / "card.json"
    fitted = fitting.fit(_history(4000, seed=1).rename({"income": "yearly_income"}), "bad", exclude=["customer_no"]).card
    card_file.write_text(json.dumps(fitted), encoding="utf-8")
    mapping = {"yearly_income": "income.total", "overdue_days": "biz.overdueDays", "region": "customer.education"}
    maps = [a for column, path in mapping.items() for a in ("--map", f"{column}={path}")]

    unmapped = await asyncio.to_thread(cic, "rating", "import", str(card_file), "--bank", BANK, *maps[:2])
    assert unmapped.returncode == 2 and "overdue_days, region" in unmapped.stderr
    wrong_kind = await asyncio.to_thread(cic, "rating", "import", str(card_file), "--bank", BANK, *maps[:4], "--map", "region=income.total")
    assert wrong_kind.returncode == 2 and "KIND_MISMATCH" in wrong_kind.stderr
    done = await asyncio.to_thread(cic, "rating", "import", str(card_file), "--bank", BANK, *maps, "--name", "拟合评分卡", "--by", "risk.analyst")
    assert done.returncode == 0, done.stderr

    async with services.db.sessions() as session:
        row = (await session.scalars(select(Scorecard).where(Scorecard.bank_id.is_not(None)))).one()
        province = (await session.scalars(select(Scorecard).where(Scorecard.bank_id.is_(None)))).one()
        card = Card.model_validate(row.definition)
        # The draft scores every archive of the bank as the fitted card scores the same values.
        read = ", ".join(f"{variable(path).sql} AS \"{column}\"" for column, path in mapping.items())  # type: ignore[union-attr]
        values = (await session.execute(text(
            f"SELECT c.id, {read} FROM customers c LEFT JOIN business_aggregates a ON a.bank_id = c.bank_id AND a.customer_id = c.id "
            "WHERE c.bank_id = :b ORDER BY c.id"), {"b": row.bank_id})).all()  # fmt: skip
        rated = dict((await session.execute(
            text(f"SELECT customer_id, score FROM ({scoped(compile_card(card, row.id), 'c.bank_id = :b', 'k.bank_id = :b')}) v"), {"b": row.bank_id}
        )).all())  # fmt: skip
    assert (row.status, row.version, row.name, row.created_by) == ("DRAFT", 1, "拟合评分卡", "risk.analyst")
    assert [(i.code, i.variable, i.label) for i in card.items] == [
        (c.upper(), p, variable(p).label) for c, p in mapping.items() if c in {i["variable"] for i in fitted["items"]}  # type: ignore[union-attr]
    ]
    assert row.definition["grades"] == province.definition["grades"] and card.vetoes == province.definition["vetoes"]
    frame = pl.DataFrame([dict(zip(["id", *mapping], (str(v[0]), *(float(x) if x is not None else None for x in v[1:3]), v[3]))) for v in values],
                         schema={"id": pl.String, "yearly_income": pl.Float64, "overdue_days": pl.Float64, "region": pl.String})  # fmt: skip
    assert len(frame) == DEMO_CUSTOMERS_PER_BANK
    scores = fitting.score(fitted, frame).tolist()
    assert [rated[uuid.UUID(i)] for i in frame["id"]] == scores and len(set(scores)) >= 5  # the archives' values spread over the bins
