"""Segment models (docs/marketing.md): compile and scope, sharing by level, members equal to a
direct count, the field policy on what a model tests, re-evaluation, and the nightly job once
across workers."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, text

from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK, load_demo_customers
from backend.marketing.models import SegmentMembership
from backend.orgs.models import OrgUnit
from tests.helpers import as_user, gql, login, twice_at_once
from workers.marketing import run_nightly

SAVE = """mutation($i: SaveSegmentModelInput!) { saveSegmentModel(input: $i) {
  model { id name fields status version memberCount viewerCanEdit owner { code } } errors { field code message } } }"""
READ = """query($id: ID!) { segmentModel(id: $id) { id memberCount viewerCanEdit countsByUnit { unit { code } members } trend { members }
  members(first: 200) { edges { node { id branch { code } } } pageInfo { hasNextPage } } } }"""
LIST = "{ segmentModels { name owner { code } } }"
LOW_EDUCATION = {"field": "customer.education", "op": "IN", "value": ["PRIMARY", "NONE", "JUNIOR"]}


async def _archives(services: Any) -> None:
    async with transaction(services.db.sessions) as session:
        assert await load_demo_customers(session, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)


async def _direct(services: Any, path: str) -> set[str]:
    """The archives under ``path`` with low education, counted straight from the table."""
    async with services.db.sessions() as session:
        rows = await session.scalars(
            text("SELECT id::text FROM customers WHERE org_path LIKE :p || '%' AND status <> 'ARCHIVED' "
                 "AND education IN ('PRIMARY', 'NONE', 'JUNIOR')"),
            {"p": path},
        )  # fmt: skip
        return set(rows.all())


async def _path(services: Any, code: str) -> str:
    async with services.db.sessions() as session:
        return await session.scalar(select(OrgUnit.path).where(OrgUnit.code == code))


async def test_models_are_shared_downward_and_members_are_read_within_scope(client, services):
    await _archives(services)
    saved = (await as_user(client, "prov.admin", SAVE, {"i": {"name": "低学历客户", "condition": {"all": [LOW_EDUCATION]}}}))["data"]["saveSegmentModel"]
    assert saved["errors"] == []
    province = saved["model"]
    everyone = await _direct(services, "/")
    assert province["fields"] == ["customer.education"] and province["owner"]["code"] == "FJ" and province["viewerCanEdit"]
    assert province["memberCount"] == len(everyone) > 20

    # A branch manager sees the province's model, its members in the branch only, and cannot change it.
    branch = await _direct(services, await _path(services, "FJ-FZ-01"))
    answer = await as_user(client, "fz1.manager", READ, {"id": province["id"]})
    assert "errors" not in answer, answer["errors"]
    read = answer["data"]["segmentModel"]
    assert read["memberCount"] == len(branch) and not read["viewerCanEdit"]
    assert {e["node"]["id"] for e in read["members"]["edges"]} == branch
    assert read["countsByUnit"] == [{"unit": {"code": "FJ-FZ-01"}, "members": len(branch)}]
    assert read["trend"] == [{"members": len(branch)}]
    change = {"i": {"id": province["id"], "name": "改名", "condition": LOW_EDUCATION}}
    refused = (await as_user(client, "fz1.manager", SAVE, change))["data"]["saveSegmentModel"]
    assert [e["code"] for e in refused["errors"]] == ["NOT_FOUND"]

    # A bank's model runs over that bank only and is not seen in another bank.
    bank = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "福州低学历", "condition": LOW_EDUCATION}}))["data"]["saveSegmentModel"]["model"]
    assert bank["memberCount"] == len(await _direct(services, await _path(services, "FJ-FZ")))
    assert {m["name"] for m in (await as_user(client, "fz1.cm1", LIST))["data"]["segmentModels"]} == {"低学历客户", "福州低学历"}
    assert (await as_user(client, "qz1.cm1", LIST))["data"]["segmentModels"] == [{"name": "低学历客户", "owner": {"code": "FJ"}}]
    assert (await as_user(client, "qz.admin", READ, {"id": bank["id"]}))["data"]["segmentModel"] is None
    # The province sees the banks' models (and their members, all within its scope).
    assert {m["name"] for m in (await as_user(client, "prov.analyst", LIST))["data"]["segmentModels"]} == {"低学历客户", "福州低学历"}

    # A customer manager reads models but defines none.
    cm = await as_user(client, "fz1.cm1", SAVE, {"i": {"name": "x", "condition": LOW_EDUCATION}})
    assert cm["errors"][0]["extensions"]["code"] == "FORBIDDEN"


async def test_a_condition_is_checked_like_a_rule_and_by_the_field_policy(client, services):
    def save(condition: Any) -> dict[str, Any]:
        return {"i": {"name": "检查", "condition": condition}}

    bad = {"all": [{"field": "customer.mobile", "op": "EQ", "value": "13800000000"}, {"field": "customer.shoeSize", "op": "GT", "value": 1},
                   {"field": "rating.score", "op": "GE", "value": "很多"}]}  # fmt: skip
    refused = (await as_user(client, "fz.admin", SAVE, save(bad)))["data"]["saveSegmentModel"]
    assert refused["model"] is None
    assert [(e["field"], e["code"]) for e in refused["errors"]] == [
        ("condition.all[0].op", "PRESENCE_ONLY"), ("condition.all[1].field", "UNKNOWN_FIELD"), ("condition.all[2].value", "WRONG_TYPE"),
    ]  # fmt: skip
    # Presence of a personal field is allowed; so are the rating and the business aggregates.
    fine = {"all": [{"field": "customer.mobile", "op": "PRESENT"}, {"field": "rating.grade", "op": "IN", "value": ["A", "AA"]},
                    {"field": "biz.depositBalance", "op": "GE", "value": 50000}]}  # fmt: skip
    deposits = (await as_user(client, "prov.admin", SAVE, save(fine)))["data"]["saveSegmentModel"]
    assert deposits["errors"] == [] and deposits["model"]["fields"] == ["customer.mobile", "rating.grade", "biz.depositBalance"]

    # A province analyst sees no deposit amounts: they are not offered, they may not filter on them, nor list who passed such a filter.
    fields = "{ segmentFields { path label type } }"
    offered = {f["path"]: f for f in (await as_user(client, "fz.admin", fields))["data"]["segmentFields"]}
    assert offered["biz.depositBalance"] == {"path": "biz.depositBalance", "label": "存款余额(元)", "type": "NUMBER"}
    assert {"rating.grade", "customer.education", "customer.mobile"} <= set(offered)
    to_analyst = {f["path"] for f in (await as_user(client, "prov.analyst", fields))["data"]["segmentFields"]}
    assert "biz.depositBalance" not in to_analyst and {"biz.loanCount", "rating.grade"} <= to_analyst
    analyst = (await as_user(client, "prov.analyst", SAVE, save(fine)))["data"]["saveSegmentModel"]
    assert [(e["field"], e["code"]) for e in analyst["errors"]] == [("condition", "FIELD_NOT_VISIBLE")]
    members = await as_user(client, "prov.analyst", READ, {"id": deposits["model"]["id"]})
    assert members["errors"][0]["extensions"]["code"] == "FORBIDDEN" and members["errors"][0]["path"][-1] == "members"
    counts = await as_user(client, "prov.analyst", "query($id: ID!) { segmentModel(id: $id) { memberCount } }", {"id": deposits["model"]["id"]})
    assert counts["data"]["segmentModel"] == {"memberCount": 0}


async def test_a_model_written_in_cel_is_the_same_model_as_the_builders(client, services):
    await _archives(services)
    cel = "customer.education in ['PRIMARY', 'NONE', 'JUNIOR']"
    read = """query($id: ID!) { segmentModel(id: $id) { memberCount condition expression } }"""
    by_text = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "低学历（CEL）", "expression": cel}}))["data"]["saveSegmentModel"]
    by_tree = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "低学历", "condition": LOW_EDUCATION}}))["data"]["saveSegmentModel"]
    assert by_text["errors"] == [] and by_text["model"]["fields"] == ["customer.education"]
    text_model = (await as_user(client, "fz.admin", read, {"id": by_text["model"]["id"]}))["data"]["segmentModel"]
    tree_model = (await as_user(client, "fz.admin", read, {"id": by_tree["model"]["id"]}))["data"]["segmentModel"]
    assert text_model["memberCount"] == tree_model["memberCount"] == len(await _direct(services, await _path(services, "FJ-FZ"))) > 0
    assert text_model["condition"] == {"all": [LOW_EDUCATION]}
    assert text_model["expression"] == tree_model["expression"] == 'customer.education in ["PRIMARY", "NONE", "JUNIOR"]'

    def refused(expression: str, user: str = "fz.admin"):
        return as_user(client, user, SAVE, {"i": {"name": "检查", "expression": expression}})

    cases = {
        "customer.age >= ": "EXPRESSION_SYNTAX",
        "customer.age + 1 > 30": "EXPRESSION_UNSUPPORTED",
        "!(customer.age > 30)": "EXPRESSION_UNSUPPORTED",
        "customer.mobile == '13800000000'": "PRESENCE_ONLY",  # a personal value is never tested, written either way
        "customer.shoeSize > 1": "UNKNOWN_FIELD",
    }
    for expression, code in cases.items():
        errors = (await refused(expression))["data"]["saveSegmentModel"]["errors"]
        assert [(e["field"], e["code"]) for e in errors] == [("expression", code)], expression
    analyst = (await refused("biz.depositBalance >= 50000 && !has(customer.mobile)", "prov.analyst"))["data"]["saveSegmentModel"]
    assert [(e["field"], e["code"]) for e in analyst["errors"]] == [("expression", "FIELD_NOT_VISIBLE")]
    both = await as_user(client, "fz.admin", SAVE, {"i": {"name": "两者", "expression": cel, "condition": LOW_EDUCATION}})
    assert [(e["field"], e["code"]) for e in both["data"]["saveSegmentModel"]["errors"]] == [("expression", "INVALID_CONDITION")]


async def test_re_evaluation_keeps_members_since_and_the_nightly_job_runs_once(client, services):
    await _archives(services)
    model = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "福州低学历", "condition": LOW_EDUCATION}}))["data"]["saveSegmentModel"]["model"]
    retired = (await as_user(client, "fz.admin", SAVE, {"i": {"name": "停用的", "condition": LOW_EDUCATION}}))["data"]["saveSegmentModel"]["model"]
    retire = "mutation($id: ID!) { retireSegmentModel(id: $id) { model { status } errors { code } } }"
    assert (await as_user(client, "fz.admin", retire, {"id": retired["id"]}))["data"]["retireSegmentModel"] == {"model": {"status": "RETIRED"}, "errors": []}
    assert (await as_user(client, "fz.admin", retire, {"id": retired["id"]}))["data"]["retireSegmentModel"] == {"model": None, "errors": [{"code": "MODEL_RETIRED"}]}
    change = {"i": {"id": retired["id"], "name": "再用", "condition": LOW_EDUCATION}}
    assert [e["code"] for e in (await as_user(client, "fz.admin", SAVE, change))["data"]["saveSegmentModel"]["errors"]] == ["MODEL_RETIRED"]
    # Only the owning unit re-evaluates a model: a bank does not re-run the province's over every bank.
    province = (await as_user(client, "prov.admin", SAVE, {"i": {"name": "省级", "condition": LOW_EDUCATION}}))["data"]["saveSegmentModel"]["model"]
    evaluate = "mutation($id: ID!) { evaluateSegmentModel(id: $id) { model { id } errors { code } } }"
    assert (await as_user(client, "fz.admin", evaluate, {"id": province["id"]}))["data"]["evaluateSegmentModel"] == {"model": None, "errors": [{"code": "NOT_FOUND"}]}
    assert (await as_user(client, "prov.admin", evaluate, {"id": province["id"]}))["data"]["evaluateSegmentModel"]["errors"] == []
    fz = await _path(services, "FJ-FZ")
    before = await _direct(services, fz)
    leaving, joining = sorted(before)[0], None
    async with transaction(services.db.sessions) as session:
        await session.execute(
            text("UPDATE segment_memberships SET since[array_position(model_ids, CAST(:m AS bigint))] = DATE '2026-01-01' "
                 "WHERE model_ids @> ARRAY[CAST(:m AS bigint)]"),
            {"m": int(model["id"])},
        )  # fmt: skip
        await session.execute(text("UPDATE customers SET education = 'BACHELOR' WHERE id = CAST(:id AS uuid)"), {"id": leaving})
        joining = await session.scalar(
            text("UPDATE customers SET education = 'PRIMARY' WHERE id = (SELECT id FROM customers WHERE org_path LIKE :p || '%' "
                 "AND status <> 'ARCHIVED' AND education NOT IN ('PRIMARY', 'NONE', 'JUNIOR') AND id <> CAST(:leaving AS uuid) "
                 "ORDER BY id LIMIT 1) RETURNING id::text"),
            {"p": fz, "leaving": leaving},
        )  # fmt: skip

    ctx = {"services": services}
    assert (await twice_at_once(run_nightly, ctx)).startswith("2 models evaluated")
    async with services.db.sessions() as session:
        held = await session.scalars(select(SegmentMembership).where(SegmentMembership.model_ids.contains([int(model["id"])])))
        rows = {str(m.customer_id): m.since_of(int(model["id"])) for m in held}
    assert set(rows) == (before - {leaving}) | {joining}
    assert {str(since) for k, since in rows.items() if k != joining} == {"2026-01-01"} and str(rows[joining]) != "2026-01-01"
    # The retired model left every archive's memberships and was not evaluated again.
    async with services.db.sessions() as session:
        kept = (await session.scalars(text("SELECT count(*) FROM segment_memberships WHERE model_ids @> ARRAY[CAST(:m AS bigint)]"),
                                      {"m": int(retired["id"])})).one()  # fmt: skip
    assert kept == 0


async def test_the_model_list_runs_the_same_statements_for_1_and_5_models(client, services, count_queries):
    await _archives(services)
    token = await login(client, "fz.admin")
    listing = "{ segmentModels { name owner { name } memberCount countsByUnit { unit { name } members } } }"
    counts = []
    for n in (1, 5):
        while len((await gql(client, listing, token=token))["data"]["segmentModels"]) < n:
            saved = await gql(client, SAVE, {"i": {"name": f"模型{n}", "condition": LOW_EDUCATION}}, token=token)
            assert saved["data"]["saveSegmentModel"]["errors"] == []
        before = count_queries.count
        result = await gql(client, listing, token=token)
        assert "errors" not in result and len(result["data"]["segmentModels"]) == n
        assert all(m["memberCount"] == sum(c["members"] for c in m["countsByUnit"]) > 0 for m in result["data"]["segmentModels"])
        counts.append(count_queries.count - before)
    assert counts[0] == counts[1], counts
