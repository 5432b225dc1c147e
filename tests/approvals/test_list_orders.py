"""The application list and the approval inbox in the orders their column headers ask for
(docs/approvals.md#lists): newest or oldest, by amount, by the customer's name in pinyin order (not
code points); keyset-paged across pages, in the caller's scope, cursors sealed and bound to their order."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text

from backend.customers.sorting import name_sort_key
from backend.db.session import transaction
from tests.approvals.conftest import eligible_archive
from tests.approvals.test_applications import product, submit
from tests.helpers import gql, login, walk_pages

APPLICATIONS = """query($first: Int!, $after: String, $order: ApplicationOrder!) {
  applications(first: $first, after: $after, order: $order) {
    edges { cursor node { number amount customer { name } } } pageInfo { hasNextPage endCursor } } }"""
TASKS = """query($first: Int!, $after: String, $order: TaskOrder!) {
  approvalTasks(box: QUEUE, first: $first, after: $after, order: $order) {
    edges { node { application { number amount } } } pageInfo { hasNextPage endCursor } } }"""

# (name, amount in yuan, branch): in code-point order 张 (U+5F20) comes before 李 (U+674E); in
# pinyin order 阿明 a1, 黎明 li2, 李四 li3, 王五 wang2, 张三 zhang1. Two amounts tie (the id decides).
GIVEN = [("张三", "30000.00", "FJ-FZ-01"), ("李四", "10000.00", "FJ-FZ-01"), ("阿明", "40000.00", "FJ-FZ-01"),
         ("王五", "20000.00", "FJ-FZ-01"), ("黎明", "20000.00", "FJ-FZ-02")]


async def placed(services, seed: int, name: str, branch_code: str):
    """An eligible archive moved to a branch and renamed (with its pinyin key)."""
    archive = await eligible_archive(services, seed=seed)
    async with transaction(services.db.sessions) as session:
        await session.execute(
            text("UPDATE customers c SET name = :name, name_sort = :key, branch_id = u.id, org_path = u.path "
                 "FROM org_units u WHERE u.code = :branch AND c.id = CAST(:id AS uuid)"),
            {"name": name, "key": name_sort_key(name), "branch": branch_code, "id": archive.id},
        )  # fmt: skip
    archive.branch_code = branch_code
    return archive


async def given_applications(client, services) -> list[dict[str, Any]]:
    """The five applications of GIVEN, submitted in that order (one product, ONE_STEP)."""
    product_id = await product(client, "TEST_ORDER", "ONE_STEP")
    made = []
    for n, (name, amount, branch) in enumerate(GIVEN):
        archive = await placed(services, 70 + n, name, branch)
        submitted = await submit(client, archive, product_id, amount)
        assert submitted["errors"] == [], submitted
        made.append({"number": submitted["application"]["number"], "name": name, "amount": amount, "branch": branch})
    return made


async def test_the_application_list_sorts_by_time_amount_and_pinyin_name_across_pages_in_scope(client, services):
    made = await given_applications(client, services)
    bank, branch = await login(client, "fz.admin"), await login(client, "fz1.cm1")
    numbers = {m["number"]: m for m in made}

    def names(nodes):
        return [n["customer"]["name"] for n in nodes]

    # When the bank reads its applications two at a time in each order
    newest = await walk_pages(client, bank, APPLICATIONS, "applications", "CREATED_DESC", 2)
    oldest = await walk_pages(client, bank, APPLICATIONS, "applications", "CREATED_ASC", 2)
    by_name = await walk_pages(client, bank, APPLICATIONS, "applications", "CUSTOMER_NAME_ASC", 2)
    by_name_desc = await walk_pages(client, bank, APPLICATIONS, "applications", "CUSTOMER_NAME_DESC", 3)
    largest = await walk_pages(client, bank, APPLICATIONS, "applications", "AMOUNT_DESC", 1)
    smallest = await walk_pages(client, bank, APPLICATIONS, "applications", "AMOUNT_ASC", 2)
    # Then the pages join into each order, nothing repeated or missing
    assert [n["number"] for n in newest] == [m["number"] for m in made][::-1]
    assert [n["number"] for n in oldest] == [m["number"] for m in made]
    assert names(by_name) == ["阿明", "黎明", "李四", "王五", "张三"]
    assert names(by_name_desc) == ["张三", "王五", "李四", "黎明", "阿明"]
    assert [n["amount"] for n in largest] == ["40000.00", "30000.00", "20000.00", "20000.00", "10000.00"]
    assert [n["amount"] for n in smallest] == ["10000.00", "20000.00", "20000.00", "30000.00", "40000.00"]
    # (the tie keeps one order of ids: each direction is the other reversed)
    assert [n["number"] for n in smallest] == [n["number"] for n in largest][::-1]

    # And a branch reads only its own, in the same orders
    mine = await walk_pages(client, branch, APPLICATIONS, "applications", "CUSTOMER_NAME_ASC", 1)
    assert names(mine) == ["阿明", "李四", "王五", "张三"]
    assert {numbers[n["number"]]["branch"] for n in mine} == {"FJ-FZ-01"}
    other_bank = await walk_pages(client, await login(client, "qz.admin"), APPLICATIONS, "applications", "AMOUNT_DESC", 5)
    assert not {n["number"] for n in other_bank} & set(numbers)

    # And a cursor is sealed: it shows no name or amount, and no other order (or caller) accepts it
    page = await gql(client, APPLICATIONS, {"first": 1, "order": "CUSTOMER_NAME_ASC"}, token=bank)
    cursor = page["data"]["applications"]["pageInfo"]["endCursor"]
    assert "a1ming2" not in cursor and "阿明" not in cursor
    for order, token in (("CUSTOMER_NAME_DESC", bank), ("CREATED_DESC", bank), ("CUSTOMER_NAME_ASC", branch)):
        refused = await gql(client, APPLICATIONS, {"first": 1, "after": cursor, "order": order}, token=token)
        assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused["errors"]] == [("BAD_USER_INPUT", "after")]


async def test_the_approval_inbox_sorts_by_waiting_time_and_amount_across_pages_in_the_callers_queue(client, services):
    made = await given_applications(client, services)
    manager = await login(client, "fz1.manager")
    here = [m for m in made if m["branch"] == "FJ-FZ-01"]

    def numbers(nodes):
        return [n["application"]["number"] for n in nodes]

    # When the branch manager reads their queue one or two at a time in each order
    oldest = await walk_pages(client, manager, TASKS, "approvalTasks", "CREATED_ASC", 1)
    newest = await walk_pages(client, manager, TASKS, "approvalTasks", "CREATED_DESC", 2)
    largest = await walk_pages(client, manager, TASKS, "approvalTasks", "AMOUNT_DESC", 2)
    smallest = await walk_pages(client, manager, TASKS, "approvalTasks", "AMOUNT_ASC", 3)
    # Then first come first served is the default order, and the others join up across pages
    assert numbers(oldest) == [m["number"] for m in here]
    default = await gql(client, TASKS.replace(", order: $order", "").replace(", $order: TaskOrder!", ""), {"first": 10}, token=manager)
    assert numbers([e["node"] for e in default["data"]["approvalTasks"]["edges"]]) == numbers(oldest)
    assert numbers(newest) == numbers(oldest)[::-1]
    assert [n["application"]["amount"] for n in largest] == ["40000.00", "30000.00", "20000.00", "10000.00"]
    assert numbers(smallest) == numbers(largest)[::-1]
    # And the other branch's manager has only their branch's task
    theirs = await walk_pages(client, await login(client, "fz2.manager"), TASKS, "approvalTasks", "AMOUNT_DESC", 1)
    assert numbers(theirs) == [m["number"] for m in made if m["branch"] == "FJ-FZ-02"]
    # And a cursor of one order is refused by another
    page = await gql(client, TASKS, {"first": 1, "order": "AMOUNT_DESC"}, token=manager)
    refused = await gql(client, TASKS, {"first": 1, "order": "AMOUNT_ASC", "after": page["data"]["approvalTasks"]["pageInfo"]["endCursor"]},
                        token=manager)
    assert [e["extensions"]["code"] for e in refused["errors"]] == ["BAD_USER_INPUT"]
