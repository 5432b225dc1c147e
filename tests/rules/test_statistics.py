"""Filing statistics by org unit match direct SQL counts; a manager lists their archives failing a rule."""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import text
from stdnum.cn import ric

from backend.db.session import transaction
from backend.rules.engine import evaluate_all
from backend.seeding.synthetic import seed_customers
from tests.customers.archive_fixtures import CONSENT, CREATE, archive, verified_archive
from tests.helpers import gql, login

STATS = """query($id: ID) { archiveStatistics(orgUnitId: $id) {
  unit { ...S }
  children { ...S }
} }
fragment S on OrgUnitStatistics {
  orgUnit { id code level } archives evaluated complete precise preciseRate
  topFailingRules { code severity count message }
}"""
FAILING = """query($code: String!, $first: Int, $after: String, $managerId: ID, $order: ArchiveOrder! = NAME_ASC) {
  customersFailingRule(code: $code, first: $first, after: $after, managerId: $managerId, order: $order) {
    edges { cursor node { id name manager { username } } }
    pageInfo { hasNextPage endCursor }
  } }"""


def resident_id(birth: str, seq: int) -> str:
    first17 = f"350102{birth}{seq:03d}"
    return first17 + ric.calc_check_digit(first17 + "0")


async def create_without_mobile(client, token: str, name: str, birth: str, seq: int, *, bare: bool = False) -> str:
    """An archive without a mobile; ``bare``: hardly anything but the name (it fails many rules)."""
    if bare:
        fields = {"name": name, "idNumber": resident_id(birth, seq), "maritalStatus": "MARRIED"}
    else:
        fields = archive(name=name, idNumber=resident_id(birth, seq))
        del fields["mobile"]
    created = await gql(client, CREATE, {"i": {"archive": fields}}, token=token)
    assert created["data"]["createArchive"]["errors"] == [], created
    return created["data"]["createArchive"]["customer"]["id"]


async def seed(services, bank: str, count: int, seed_no: int) -> None:
    async with transaction(services.db.sessions) as session:
        await seed_customers(session, services.cipher, count, bank_codes=[bank], seed=seed_no)


async def given_archives(client, services) -> dict[str, list[str]]:
    """Two archives without a mobile for fz1.cm1, a bare one for fz1.cm2, one precise one (all GraphQL);
    300 synthetic archives over FZ's branches and 60 in QZ; everything evaluated."""
    cm1 = await login(client, "fz1.cm1")
    cm2 = await login(client, "fz1.cm2")
    created = {
        "cm1": [
            await create_without_mobile(client, cm1, "无手机甲", "19910101", 11),
            await create_without_mobile(client, cm1, "无手机乙", "19920202", 13),
        ],
        "cm2": [await create_without_mobile(client, cm2, "无手机丙", "19930303", 15, bare=True)],
    }
    created["precise"] = [(await verified_archive(client, consent={**CONSENT, "formImageRef": "IMG-1"}))[0]]
    await seed(services, "FJ-FZ", 300, 1)
    await seed(services, "FJ-QZ", 60, 2)
    await evaluate_all(services.db.sessions, services.cipher)
    return created


async def unit_ids(services) -> dict[str, int]:
    async with services.db.sessions() as session:
        return dict((await session.execute(text("SELECT code, id FROM org_units"))).all())


async def user_id(services, username: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(text("SELECT id FROM staff_users WHERE username = :u"), {"u": username})


async def expected_by(services, key: str, where: str = "true", params: dict | None = None) -> dict[int, dict]:
    """The statistics computed independently, straight from the tables, grouped by ``key``
    (``c.branch_id`` or ``c.bank_id``)."""
    params = params or {}
    out: dict[int, dict] = defaultdict(lambda: {"archives": 0, "evaluated": 0, "complete": 0, "precise": 0, "rules": []})
    async with services.db.sessions() as session:
        for unit, n in await session.execute(text(f"SELECT {key}, count(*) FROM customers c WHERE {where} GROUP BY 1"), params):
            out[unit]["archives"] = n
        rows = await session.execute(
            text(
                f"""SELECT {key}, count(*), count(*) FILTER (WHERE e.error_count = 0), count(*) FILTER (WHERE e.precise)
                    FROM customers c JOIN archive_evaluations e ON e.bank_id = c.bank_id AND e.customer_id = c.id
                    WHERE {where} GROUP BY 1"""
            ),
            params,
        )
        for unit, evaluated, complete, precise in rows:
            out[unit].update(evaluated=evaluated, complete=complete, precise=precise)
        failures = await session.execute(
            text(
                f"""SELECT {key}, v->>'code', v->>'severity'
                    FROM customers c JOIN archive_evaluations e ON e.bank_id = c.bank_id AND e.customer_id = c.id,
                         jsonb_array_elements(e.violations) v
                    WHERE {where}"""
            ),
            params,
        )
        counts: dict[int, Counter] = defaultdict(Counter)
        severities: dict[str, str] = {}
        for unit, code, severity in failures:
            counts[unit][code] += 1
            severities[code] = severity
    for unit, counter in counts.items():
        top = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        out[unit]["rules"] = [{"code": c, "severity": severities[c], "count": n} for c, n in top]
    return dict(out)


def as_expected(row: dict) -> dict:
    return {
        "archives": row["archives"], "evaluated": row["evaluated"], "complete": row["complete"], "precise": row["precise"],
        "rules": [{k: r[k] for k in ("code", "severity", "count")} for r in row["topFailingRules"]],
    }


async def test_branch_statistics_match_direct_sql_counts(client, services):
    # given archives collected through GraphQL and 300 synthetic ones over FZ's branches, all evaluated
    await given_archives(client, services)
    ids = await unit_ids(services)
    # when the FZ bank admin asks for their unit's statistics
    result = await gql(client, STATS, {}, token=await login(client, "fz.admin"))
    stats = result["data"]["archiveStatistics"]
    # then the unit is the bank and the children are its three branches, each matching SQL exactly
    assert stats["unit"]["orgUnit"] == {"id": str(ids["FJ-FZ"]), "code": "FJ-FZ", "level": "BANK"}
    assert [c["orgUnit"]["code"] for c in stats["children"]] == ["FJ-FZ-01", "FJ-FZ-02", "FJ-FZ-03"]
    expected = await expected_by(services, "c.branch_id", "c.bank_id = :bank", {"bank": ids["FJ-FZ"]})
    for child in stats["children"]:
        want = expected[int(child["orgUnit"]["id"])]
        assert as_expected(child) == want
        assert child["preciseRate"] == want["precise"] / want["archives"]
    # and the bank's own row is the whole bank, with its top failing rules over all branches
    bank = (await expected_by(services, "c.bank_id", "c.bank_id = :bank", {"bank": ids["FJ-FZ"]}))[ids["FJ-FZ"]]
    assert as_expected(stats["unit"]) == bank
    assert bank["archives"] == 304 and bank["evaluated"] == 304
    assert bank["precise"] >= 1 and 0 < bank["complete"] < 304 and len(bank["rules"]) == 10
    # and a rule's message is the Chinese message of the rule in force
    mobile = next(r for r in stats["unit"]["topFailingRules"] if r["code"] == "BASE_MOBILE")
    assert mobile["message"] == "缺少手机号码" and mobile["severity"] == "ERROR"


async def test_the_province_sees_its_banks_and_a_branch_manager_only_their_branch(client, services):
    await given_archives(client, services)
    ids = await unit_ids(services)
    # when the province analyst asks (default unit: the province)
    stats = (await gql(client, STATS, {}, token=await login(client, "prov.analyst")))["data"]["archiveStatistics"]
    # then the children are the three banks, matching SQL by bank
    assert stats["unit"]["orgUnit"]["level"] == "PROVINCE"
    assert [c["orgUnit"]["code"] for c in stats["children"]] == ["FJ-FZ", "FJ-NP", "FJ-QZ"]
    expected = await expected_by(services, "c.bank_id")
    for child in stats["children"]:
        want = expected.get(int(child["orgUnit"]["id"]), {"archives": 0, "evaluated": 0, "complete": 0, "precise": 0, "rules": []})
        assert as_expected(child) == want
    assert [c["archives"] for c in stats["children"]] == [304, 0, 60]
    assert stats["children"][1]["preciseRate"] == 0.0 and stats["children"][1]["topFailingRules"] == []
    assert stats["unit"]["archives"] == 364
    # and the province analyst can look at any branch
    branch = await gql(client, STATS, {"id": str(ids["FJ-QZ-02"])}, token=await login(client, "prov.analyst"))
    assert branch["data"]["archiveStatistics"]["unit"]["orgUnit"]["code"] == "FJ-QZ-02"

    # when a branch manager asks: their branch, no children
    manager = await login(client, "fz1.manager")
    own = (await gql(client, STATS, {}, token=manager))["data"]["archiveStatistics"]
    assert own["unit"]["orgUnit"]["code"] == "FJ-FZ-01" and own["children"] == []
    want = (await expected_by(services, "c.branch_id", "c.branch_id = :b", {"b": ids["FJ-FZ-01"]}))[ids["FJ-FZ-01"]]
    assert as_expected(own["unit"]) == want
    # and their bank, a sibling branch, another bank's branch or a malformed id are not in scope
    for outside in (str(ids["FJ-FZ"]), str(ids["FJ-FZ-02"]), str(ids["FJ-QZ-01"]), "999999", "abc"):
        denied = await gql(client, STATS, {"id": outside}, token=manager)
        assert denied["data"] == {"archiveStatistics": None}
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in denied["errors"]] == [("BAD_USER_INPUT", "orgUnitId")]


async def failing_pages(client, token: str, code: str, *, first: int, manager_id: str | None = None, order: str = "NAME_ASC") -> list[dict]:
    nodes, after, pages = [], None, 0
    while True:
        variables = {"code": code, "first": first, "after": after, "managerId": manager_id, "order": order}
        page = await gql(client, FAILING, variables, token=token)
        result = page["data"]["customersFailingRule"]
        nodes += [e["node"] for e in result["edges"]]
        pages += 1
        assert pages < 100
        if not result["pageInfo"]["hasNextPage"]:
            return nodes
        after = result["pageInfo"]["endCursor"]


async def missing_mobile(services, where: str, params: dict) -> list[tuple[str, str]]:
    async with services.db.sessions() as session:
        rows = await session.execute(
            text(f"SELECT name, id::text FROM customers c WHERE mobile_encrypted IS NULL AND {where} ORDER BY name_sort, id"), params
        )
        return [tuple(r) for r in rows]


async def test_a_manager_lists_their_archives_missing_a_mobile(client, services):
    created = await given_archives(client, services)
    ids = await unit_ids(services)
    cm1_id = await user_id(services, "fz1.cm1")
    # when fz1.cm1 lists the archives failing BASE_MOBILE, two at a time
    nodes = await failing_pages(client, await login(client, "fz1.cm1"), "BASE_MOBILE", first=2)
    # then they are exactly their own archives without a mobile, by name in pinyin order, without repeats
    expected = await missing_mobile(services, "manager_id = :m", {"m": cm1_id})
    assert [(n["name"], n["id"]) for n in nodes] == expected
    assert len(expected) >= 3 and set(created["cm1"]) <= {n["id"] for n in nodes}
    assert {n["manager"]["username"] for n in nodes} == {"fz1.cm1"}

    # when their branch manager asks: the whole branch, or one manager's with managerId
    manager = await login(client, "fz1.manager")
    branch = await failing_pages(client, manager, "BASE_MOBILE", first=7)
    assert [(n["name"], n["id"]) for n in branch] == await missing_mobile(services, "branch_id = :b", {"b": ids["FJ-FZ-01"]})
    assert created["cm2"][0] in {n["id"] for n in branch}
    only_cm1 = await failing_pages(client, manager, "BASE_MOBILE", first=50, manager_id=str(cm1_id))
    assert [(n["name"], n["id"]) for n in only_cm1] == expected

    # when a QZ admin asks: QZ's archives only, none of FZ's
    qz = await failing_pages(client, await login(client, "qz.admin"), "BASE_MOBILE", first=50)
    assert [(n["name"], n["id"]) for n in qz] == await missing_mobile(services, "bank_id = :b", {"b": ids["FJ-QZ"]})
    fz_ids = {i for _, i in await missing_mobile(services, "bank_id = :b", {"b": ids["FJ-FZ"]})}
    assert not fz_ids & {n["id"] for n in qz}

    # and a rule nobody fails lists nothing; a malformed code or cursor is refused
    none = await gql(client, FAILING, {"code": "BASE_NAME"}, token=manager)
    assert none["data"]["customersFailingRule"]["edges"] == []
    for variables, field in (({"code": "base-mobile"}, "code"), ({"code": "BASE_MOBILE", "after": "x"}, "after"),
                             ({"code": "BASE_MOBILE", "first": 0}, "first"), ({"code": "BASE_MOBILE", "managerId": "x"}, "managerId")):
        refused = await gql(client, FAILING, variables, token=manager)
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused["errors"]] == [("BAD_USER_INPUT", field)]


async def test_the_failing_list_sorts_names_in_pinyin_order_and_by_last_change_across_pages(client, services):
    # Given archives without a mobile whose code-point order (张 U+5F20 < 李 U+674E) is not their pinyin order
    cm1 = await login(client, "fz1.cm1")
    made = [await create_without_mobile(client, cm1, name, f"1990030{n + 1}", 21 + n) for n, name in enumerate(["张三", "李四", "阿明"])]
    await create_without_mobile(client, await login(client, "fz2.cm1"), "安然", "19900309", 29)
    await evaluate_all(services.db.sessions, services.cipher)

    # When their manager lists the archives failing BASE_MOBILE one at a time, in each order
    def names(nodes):
        return [n["name"] for n in nodes]

    assert names(await failing_pages(client, cm1, "BASE_MOBILE", first=1)) == ["阿明", "李四", "张三"]
    assert names(await failing_pages(client, cm1, "BASE_MOBILE", first=2, order="NAME_DESC")) == ["张三", "李四", "阿明"]
    assert [n["id"] for n in await failing_pages(client, cm1, "BASE_MOBILE", first=2, order="UPDATED_DESC")] == made[::-1]
    assert [n["id"] for n in await failing_pages(client, cm1, "BASE_MOBILE", first=1, order="UPDATED_ASC")] == made
    # And the other branch's archive is not theirs; the bank's admin sees it among them, in pinyin order
    bank = names(await failing_pages(client, await login(client, "fz.admin"), "BASE_MOBILE", first=2))
    assert bank == ["阿明", "安然", "李四", "张三"]
    # And a cursor is bound to its list and its order
    page = await gql(client, FAILING, {"code": "BASE_MOBILE", "first": 1}, token=cm1)
    cursor = page["data"]["customersFailingRule"]["pageInfo"]["endCursor"]
    assert "a1ming2" not in cursor
    refused = await gql(client, FAILING, {"code": "BASE_MOBILE", "first": 1, "after": cursor, "order": "NAME_DESC"}, token=cm1)
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused["errors"]] == [("BAD_USER_INPUT", "after")]
    search = await gql(client, """query { customers(first: 1) { pageInfo { endCursor } } }""", token=cm1)
    alien = await gql(client, FAILING, {"code": "BASE_MOBILE", "first": 1, "after": search["data"]["customers"]["pageInfo"]["endCursor"]},
                      token=cm1)
    assert [e["extensions"]["code"] for e in alien["errors"]] == ["BAD_USER_INPUT"]


CREATE_UNIT = """mutation($i: CreateOrgUnitInput!) { createOrgUnit(input: $i) { orgUnit { id } errors { code } } }"""


async def test_statistics_run_a_fixed_number_of_statements(client, services, count_queries):
    await given_archives(client, services)
    ids = await unit_ids(services)
    admin = await login(client, "fz.admin")
    analyst = await login(client, "prov.analyst")

    async def statements(token: str, unit: int) -> int:
        before = count_queries.count
        result = await gql(client, STATS, {"id": str(unit)}, token=token)
        assert "errors" not in result, result
        return count_queries.count - before

    bank_three = await statements(admin, ids["FJ-FZ"])
    # given two more branches under FZ
    for code in ("FJ-FZ-04", "FJ-FZ-05"):
        made = await gql(client, CREATE_UNIT, {"i": {"parentId": str(ids["FJ-FZ"]), "code": code, "name": code}}, token=admin)
        assert made["data"]["createOrgUnit"]["errors"] == []
    # then five children cost what three did, and so does a province; a branch one more, for its
    # figures per customer manager (one statement however many managers)
    result = await gql(client, STATS, {"id": str(ids["FJ-FZ"])}, token=admin)
    assert len(result["data"]["archiveStatistics"]["children"]) == 5
    assert await statements(admin, ids["FJ-FZ"]) == bank_three
    assert await statements(analyst, ids["FJ"]) == bank_three
    assert await statements(admin, ids["FJ-FZ-01"]) == bank_three + 1
    # one for the caller (token check), four for the statistics: units, counts, failing rules, messages
    assert bank_three == 5, count_queries.statements[-bank_three:]
