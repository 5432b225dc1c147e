"""The review inbox (待审核) in the order its submission-time column asks for (TimeOrder,
docs/customers.md): oldest submission first by default (the order of work) or newest first,
keyset-paged on (submitted_at, id) in the reviewer's branch, the cursor sealed and bound to its order."""

from __future__ import annotations

from tests.customers.test_four_eyes import submitted
from tests.helpers import gql, login, walk_pages

INBOX = """query($first: Int, $after: String, $order: TimeOrder!) { reviewInbox(first: $first, after: $after, order: $order) {
  edges { node { id } } pageInfo { hasNextPage endCursor } } }"""


async def test_the_review_inbox_sorts_oldest_or_newest_submission_first_across_pages(client, services):
    cm, bm = await login(client, "fz1.cm1"), await login(client, "fz1.manager")
    made = [
        await submitted(client, cm, idNumber="350102199003071234"),
        await submitted(client, cm, photos=False, idNumber="350102199208150024", name="李秀英", familyMembers=[], maritalStatus="SINGLE"),
        await submitted(client, cm, photos=False, idNumber="350102198801011231", name="黄秀兰", familyMembers=[], maritalStatus="SINGLE"),
    ]
    await submitted(client, await login(client, "fz2.cm1"), photos=False, idNumber="350102198505052346", name="王五", familyMembers=[],
                    maritalStatus="SINGLE")  # fmt: skip
    # When the branch manager reads the inbox one or two at a time in each order
    oldest = await walk_pages(client, bm, INBOX, "reviewInbox", "TIME_ASC", 2)
    newest = await walk_pages(client, bm, INBOX, "reviewInbox", "TIME_DESC", 1)
    default = await gql(client, INBOX.replace(", order: $order", "").replace(", $order: TimeOrder!", ""), {"first": 10}, token=bm)
    # Then the oldest submission is first by default, newest first is its reverse, the other branch's is not there
    assert [n["id"] for n in oldest] == made
    assert [n["id"] for n in newest] == made[::-1]
    assert [e["node"]["id"] for e in default["data"]["reviewInbox"]["edges"]] == made
    # And a cursor of one order is refused by the other
    page = await gql(client, INBOX, {"first": 1, "order": "TIME_ASC"}, token=bm)
    refused = await gql(client, INBOX, {"first": 1, "order": "TIME_DESC", "after": page["data"]["reviewInbox"]["pageInfo"]["endCursor"]},
                        token=bm)  # fmt: skip
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused["errors"]] == [("BAD_USER_INPUT", "after")]
