"""The archive list's orders: names in pinyin order (not code points), the last change, keyset-paged
in every scope, each read from an index (docs/customers.md#search)."""

from __future__ import annotations

import json

import numpy as np
from sqlalchemy import select, text

from backend.customers.models import Customer
from backend.customers.sorting import name_sort_key, pinyin_key
from backend.demo import load_demo_customers
from backend.identifiers import _check_digit
from backend.seeding.synthetic import _given_names, _surnames, vocabulary
from tests.customers.archive_fixtures import CREATE, UPDATE, archive
from tests.customers.test_export import rows
from tests.helpers import gql, login

LIST = """query($f: CustomerFilter, $first: Int, $after: String, $order: ArchiveOrder!) {
  customers(filter: $f, first: $first, after: $after, order: $order) {
    totalCount edges { node { id name version } } pageInfo { hasNextPage endCursor }
  } }"""

# In pinyin order: a1ming2, li2ming2, li3ming2, li3si4, shan4xiong2 (单 read as a surname),
# wang2wu3, zhang1san1. In code-point order 张 (U+5F20) would come before 李 (U+674E).
PINYIN_ORDER = ["阿明", "黎明", "李明", "李四", "单雄", "王五", "张三"]


def resident_id(n: int) -> str:
    first17 = f"350102199001{n + 1:02d}{100 + n:03d}"
    return first17 + _check_digit(first17)


async def make(client, token, name: str, n: int) -> dict:
    r = await gql(
        client, CREATE, {"i": {"archive": archive(name=name, idNumber=resident_id(n), mobile=None, familyMembers=[], maritalStatus="SINGLE")}},
        token=token,
    )
    assert r["data"]["createArchive"]["errors"] == [], r
    return r["data"]["createArchive"]["customer"]


async def walk(client, token, order: str, *, first: int = 2, f: dict | None = None) -> list[dict]:
    """Every page of the list in ``order``, following the cursors."""
    nodes, after = [], None
    while True:
        page = await gql(client, LIST, {"f": f, "first": first, "after": after, "order": order}, token=token)
        assert "errors" not in page, page
        found = page["data"]["customers"]
        nodes += [e["node"] for e in found["edges"]]
        if not found["pageInfo"]["hasNextPage"]:
            return nodes
        after = found["pageInfo"]["endCursor"]


def test_the_key_orders_names_as_a_dictionary_does_and_a_prefix_key_is_a_key_prefix():
    assert sorted(PINYIN_ORDER, key=name_sort_key) == PINYIN_ORDER
    assert sorted(["李明", "李", "梁一"], key=name_sort_key) == ["李", "李明", "梁一"]  # li3 < li3ming2 < liang2yi1
    for name in PINYIN_ORDER + ["欧阳修", "单于", "Anna 李"]:
        for end in range(1, len(name) + 1):
            assert name_sort_key(name).startswith(pinyin_key(name[:end])), (name, end)


def test_the_seeder_computes_the_same_key_as_the_service():
    # Given the seeder's vocabulary and a spread of draws
    voc = vocabulary()
    u, male = np.linspace(0, 0.999, 500), np.arange(500) % 2 == 0
    names = np.char.add(_surnames(voc, u), _given_names(voc, u[::-1], male))
    keys = np.char.add(_surnames(voc, u, keys=True), _given_names(voc, u[::-1], male, keys=True))
    # Then its vectorised key is name_sort_key of the name it seeds
    assert [f"{k} {n}" for k, n in zip(keys.tolist(), names.tolist(), strict=True)] == [name_sort_key(n) for n in names.tolist()]


async def test_the_list_is_in_pinyin_order_across_pages_both_ways_and_by_a_prefix(client):
    # Given archives whose code-point order is not their pinyin order
    cm = await login(client, "fz1.cm1")
    for n, name in enumerate(["张三", "李四", "王五", "阿明", "黎明", "单雄", "李明"]):
        await make(client, cm, name, n)
    # When the list is read two at a time, each way
    ascending = [c["name"] for c in await walk(client, cm, "NAME_ASC")]
    descending = [c["name"] for c in await walk(client, cm, "NAME_DESC", first=3)]
    # Then the pages join into the pinyin order, with no repeat and nothing missing
    assert ascending == PINYIN_ORDER
    assert descending == PINYIN_ORDER[::-1]
    # And a name prefix finds its names only (not the homophone 黎明), in order, counted
    by_prefix = await gql(client, LIST, {"f": {"namePrefix": "李"}, "first": 1, "order": "NAME_ASC"}, token=cm)
    found = by_prefix["data"]["customers"]
    assert [e["node"]["name"] for e in found["edges"]] == ["李明"] and found["totalCount"] == 2
    rest = await gql(client, LIST, {"f": {"namePrefix": "李"}, "first": 5, "after": found["pageInfo"]["endCursor"], "order": "NAME_ASC"}, token=cm)
    assert [e["node"]["name"] for e in rest["data"]["customers"]["edges"]] == ["李四"]


async def test_each_scope_lists_its_own_archives_in_pinyin_order(client):
    # Given archives in two branches of the same bank
    cm1, cm2 = await login(client, "fz1.cm1"), await login(client, "fz2.cm1")
    mine = {(await make(client, cm1, name, n))["id"]: name for n, name in enumerate(["张三", "阿明", "王五"])}
    theirs = {(await make(client, cm2, name, 10 + n))["id"]: name for n, name in enumerate(["李四", "单雄"])}
    # When each branch's manager and the bank's admin list them
    first = [c["id"] for c in await walk(client, cm1, "NAME_ASC")]
    second = [c["id"] for c in await walk(client, cm2, "NAME_ASC")]
    bank = await walk(client, await login(client, "fz.admin"), "NAME_ASC")
    # Then a branch sees only its own, and the bank both, each in pinyin order
    everyone = mine | theirs
    assert [mine[i] for i in first] == ["阿明", "王五", "张三"]
    assert [theirs[i] for i in second] == ["李四", "单雄"]
    assert [everyone[c["id"]] for c in bank] == ["阿明", "李四", "单雄", "王五", "张三"]
    count = await gql(client, LIST, {"first": 1, "order": "NAME_ASC"}, token=cm2)
    assert count["data"]["customers"]["totalCount"] == 2


async def test_the_list_by_last_change_pages_newest_first_and_cursors_keep_to_their_order(client):
    # Given three archives, the first of them changed last
    cm = await login(client, "fz1.cm1")
    made = [await make(client, cm, name, n) for n, name in enumerate(["张三", "李四", "王五"])]
    changed = await gql(
        client, UPDATE,
        {"i": {"id": made[0]["id"], "version": 1, "archive": archive(name="张三丰", idNumber=resident_id(0), mobile=None, familyMembers=[], maritalStatus="SINGLE")}},
        token=cm,
    )
    assert changed["data"]["updateArchive"]["errors"] == [], changed
    # When the list is read by last change, one at a time
    newest = [c["name"] for c in await walk(client, cm, "UPDATED_DESC", first=1)]
    oldest = [c["name"] for c in await walk(client, cm, "UPDATED_ASC", first=2)]
    # Then the changed archive comes first (and its new name took its new pinyin key)
    assert newest == ["张三丰", "王五", "李四"] and oldest == newest[::-1]
    assert [c["name"] for c in await walk(client, cm, "NAME_DESC")] == ["张三丰", "王五", "李四"]
    # And a cursor of one order is refused by another
    page = await gql(client, LIST, {"first": 1, "order": "UPDATED_DESC"}, token=cm)
    other = await gql(client, LIST, {"first": 1, "order": "NAME_ASC", "after": page["data"]["customers"]["pageInfo"]["endCursor"]}, token=cm)
    assert other["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


async def test_every_order_in_every_scope_is_read_from_an_index(services):
    """With sorting priced out, the plan of each order has no Sort node: an index returns the rows
    in keyset order (as at 8.5 million archives), in a branch, a bank and the province."""
    scopes = ["org_path = '/1/2/3/'", "bank_id = 2 AND org_path LIKE '/1/2/%'", "true"]
    orders = ["name_sort, id", "name_sort DESC, id DESC", "updated_at DESC, id DESC", "updated_at, id"]
    async with services.db.sessions() as session:
        await session.execute(text("SET LOCAL enable_sort = off"))
        await session.execute(text("SET LOCAL enable_seqscan = off"))
        for scope in scopes:
            for order in orders:
                plan = (await session.execute(text(f"EXPLAIN (FORMAT JSON) SELECT id FROM customers WHERE {scope} ORDER BY {order} LIMIT 21"))).scalar()
                assert '"Sort"' not in json.dumps(plan), (scope, order, plan)
        prefix = "org_path = '/1/2/3/' AND name_sort LIKE 'li3%' AND name LIKE '李%'"
        plan = (await session.execute(text(f"EXPLAIN (FORMAT JSON) SELECT id FROM customers WHERE {prefix} ORDER BY name_sort, id LIMIT 21"))).scalar()
        indexes = [m for m in ("ix_customers_scope_name_sort", "ix_customers_name_sort", "ix_customers_bank_name_sort") if m in json.dumps(plan)]
        assert indexes and '"Sort"' not in json.dumps(plan), plan
    assert Customer.__table__.c.name_sort.type.collation == "C"


async def test_seeded_archives_carry_the_key_of_their_names(services):
    # Given the demo's synthetic archives, written by the seeder's COPY
    async with services.db.sessions() as s:
        assert await load_demo_customers(s, services.cipher) > 0
        await s.commit()
        rows = (await s.execute(select(Customer.name, Customer.name_sort))).all()
    # Then every row's stored key is the service's key of its name
    assert rows and [k for _, k in rows] == [name_sort_key(n) for n, _ in rows]


async def test_the_export_lists_the_rows_in_the_screens_order(client):
    # Given archives of a branch
    cm = await login(client, "fz1.cm1")
    for n, name in enumerate(["张三", "李四", "阿明"]):
        await make(client, cm, name, n)
    headers = {"Authorization": f"Bearer {await login(client, 'fz1.manager')}"}
    # When they are exported in the default order and by name descending
    default = await client.get("/exports/customers.xlsx", headers=headers)
    descending = await client.get("/exports/customers.xlsx", params={"order": "NAME_DESC"}, headers=headers)
    # Then the rows come in pinyin order, each way
    assert [r[0] for r in rows(default)[1:]] == ["阿明", "李四", "张三"]
    assert [r[0] for r in rows(descending)[1:]] == ["张三", "李四", "阿明"]
    assert (await client.get("/exports/customers.xlsx", params={"order": "BY_ID"}, headers=headers)).status_code == 400
