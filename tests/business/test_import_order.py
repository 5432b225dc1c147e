"""The warehouse import history in the order its time column asks for (TimeOrder,
docs/business-data.md): newest or oldest first across pages, in the caller's banks, the cursor
sealed and bound to its order."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select

from backend.business.models import ImportStatus, Subject, WarehouseImport
from backend.db.session import transaction
from backend.orgs.models import OrgUnit
from tests.helpers import gql, login, walk_pages

IMPORTS = """query($first: Int!, $after: String, $order: TimeOrder!) {
  warehouseImports(first: $first, after: $after, order: $order) {
    edges { node { fileName startedAt } } pageInfo { hasNextPage endCursor } } }"""


async def test_the_import_history_sorts_newest_or_oldest_first_across_pages_in_scope(client, services):
    start = datetime(2026, 12, 1, 2, tzinfo=UTC)
    async with transaction(services.db.sessions) as session:
        banks = {u.code: u for u in await session.scalars(select(OrgUnit).where(OrgUnit.code.in_(["FJ-FZ", "FJ-QZ"])))}
        for n, (name, bank) in enumerate([("a.txt", "FJ-FZ"), ("b.txt", "FJ-FZ"), ("q.txt", "FJ-QZ"), ("c.txt", "FJ-FZ")]):
            session.add(WarehouseImport(
                bank_id=banks[bank].id, org_path=banks[bank].path, subject=Subject.DEPOSIT, business_date=date(2026, 11, 27 + n),
                source="FILE", file_name=name, status=ImportStatus.DONE, started_by="cli", started_at=start + timedelta(days=n),
            ))  # fmt: skip
            await session.flush()
    token = await login(client, "fz.admin")
    # When the bank's administrator reads the history one or two at a time in each order
    newest = await walk_pages(client, token, IMPORTS, "warehouseImports", "TIME_DESC", 1)
    oldest = await walk_pages(client, token, IMPORTS, "warehouseImports", "TIME_ASC", 2)
    default = await gql(client, IMPORTS.replace(", order: $order", "").replace(", $order: TimeOrder!", ""), {"first": 10}, token=token)
    # Then the pages join into each order (newest first by default), without the other bank's import
    assert [n["fileName"] for n in newest] == ["c.txt", "b.txt", "a.txt"]
    assert oldest == newest[::-1]
    assert [e["node"] for e in default["data"]["warehouseImports"]["edges"]] == newest
    # And a cursor of one order is refused by the other
    page = await gql(client, IMPORTS, {"first": 1, "order": "TIME_ASC"}, token=token)
    cursor = page["data"]["warehouseImports"]["pageInfo"]["endCursor"]
    refused = await gql(client, IMPORTS, {"first": 1, "order": "TIME_DESC", "after": cursor}, token=token)
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused["errors"]] == [("BAD_USER_INPUT", "after")]
