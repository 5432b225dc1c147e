"""The audit log and the pending changes in the order their time column asks for (TimeOrder,
docs/screens.md#sortable-lists): newest or oldest first across pages, in the caller's scope, the
cursor sealed and bound to its order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.db.session import transaction
from backend.dual_control.models import ChangeKind, PendingChange
from backend.orgs.models import OrgUnit
from tests.helpers import gql, login, walk_pages

AUDIT = """query($first: Int!, $after: String, $order: TimeOrder!) {
  auditRecords(first: $first, after: $after, order: $order, action: "TEST_ORDER") {
    edges { node { targetId occurredAt } } pageInfo { hasNextPage endCursor } } }"""
CHANGES = """query($first: Int!, $after: String, $order: TimeOrder!) {
  pendingChanges(first: $first, after: $after, order: $order) {
    edges { node { targetId requestedAt } } pageInfo { hasNextPage endCursor } } }"""


async def given(services, make) -> None:
    """Rows written one after another (FZ: T1..T3, QZ: Q1), an hour apart."""
    start = datetime(2026, 12, 1, 9, tzinfo=UTC)
    async with transaction(services.db.sessions) as session:
        paths = dict((await session.execute(select(OrgUnit.code, OrgUnit.path).where(OrgUnit.code.in_(["FJ-FZ", "FJ-QZ"])))).all())
        for n, (target, bank) in enumerate([("T1", "FJ-FZ"), ("T2", "FJ-FZ"), ("Q1", "FJ-QZ"), ("T3", "FJ-FZ")]):
            session.add(make(target, paths[bank], start + timedelta(hours=n)))
            await session.flush()


def audit_record(target: str, path: str, at: datetime) -> AuditRecord:
    return AuditRecord(action="TEST_ORDER", target_type="test", target_id=target, org_path=path, occurred_at=at, detail={})


def change(target: str, path: str, at: datetime) -> PendingChange:
    return PendingChange(kind=ChangeKind.RULE_SET_PUBLISH, org_path=path, target_type="test", target_id=target, detail={},
                         requested_by=1, requested_at=at)  # fmt: skip


@pytest.mark.parametrize(
    ("query", "field", "make", "reader"),
    [(AUDIT, "auditRecords", audit_record, "fz.auditor"), (CHANGES, "pendingChanges", change, "fz.admin")],
    ids=["auditRecords", "pendingChanges"],
)
async def test_the_list_sorts_newest_or_oldest_first_across_pages_in_scope(client, services, query, field, make, reader):
    await given(services, make)
    token = await login(client, reader)
    # When the bank reads the list one or two at a time in each order
    newest = await walk_pages(client, token, query, field, "TIME_DESC", 1)
    oldest = await walk_pages(client, token, query, field, "TIME_ASC", 2)
    default = await gql(client, query.replace(", order: $order", "").replace(", $order: TimeOrder!", ""), {"first": 10}, token=token)
    # Then the pages join into each order, newest first by default, and the other bank's row is not there
    mine = [n["targetId"] for n in oldest if n["targetId"] in {"T1", "T2", "T3", "Q1"}]
    assert mine == ["T1", "T2", "T3"]
    assert [n["targetId"] for n in newest if n["targetId"] in {"T1", "T2", "T3", "Q1"}] == ["T3", "T2", "T1"]
    assert newest == oldest[::-1]
    assert [e["node"] for e in default["data"][field]["edges"]] == newest[:10]
    # And a cursor of one order is refused by the other
    page = await gql(client, query, {"first": 1, "order": "TIME_DESC"}, token=token)
    refused = await gql(client, query, {"first": 1, "order": "TIME_ASC", "after": page["data"][field]["pageInfo"]["endCursor"]}, token=token)
    assert [(e["extensions"]["code"], e["extensions"]["field"]) for e in refused["errors"]] == [("BAD_USER_INPUT", "after")]
