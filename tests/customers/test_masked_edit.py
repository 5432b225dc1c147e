"""An editor that shows personal values masked can send them back unchanged (the PC workbench)."""

from __future__ import annotations

from sqlalchemy import select

from backend.customers.models import Customer as CustomerRow
from tests.customers.archive_fixtures import (
    CREATE,
    SPOUSE_ID,
    UPDATE,
    ZHANG_ID,
    archive,
)
from tests.helpers import gql, login


async def test_masked_values_sent_back_unchanged_keep_the_stored_ones(client, services):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    c = created["data"]["createArchive"]["customer"]
    assert c["idNumber"] == "350102********1234" and c["familyMembers"][0]["idNumber"] == "350102********0024"

    # Given the branch manager's view (ID numbers masked), when they save it with one change,
    edited = archive(
        idNumber=c["idNumber"],
        familyMembers=[
            {"relation": "CHILD", "name": "张小明", "labourCapacity": "NONE"},
            {"relation": "SPOUSE", "name": "李秀英", "idNumber": c["familyMembers"][0]["idNumber"], "annualIncome": "36000.00"},
        ],
        household={"size": 5, "registerNo": "HK0001"},
    )
    bm = await login(client, "fz1.manager")
    saved = await gql(client, UPDATE, {"i": {"id": c["id"], "version": 1, "archive": edited}}, token=bm)

    # then the change is saved and the masked values keep the stored plaintext (even reordered).
    payload = saved["data"]["updateArchive"]
    assert payload["errors"] == [] and payload["customer"]["version"] == 2
    async with services.db.sessions() as session:
        row = await session.scalar(select(CustomerRow).where(CustomerRow.id == c["id"]))
        service = services.customers(session)
        assert service.id_number(row) == ZHANG_ID
        spouse = row.profile["family_members"][1]
        assert spouse["relation"] == "SPOUSE" and service.family_id_number(spouse) == SPOUSE_ID
        assert row.profile["household"]["size"] == 5


async def test_a_masked_value_that_is_not_the_stored_ones_mask_is_refused(client, services):
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]

    saved = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": archive(idNumber="350103********1234")}}, token=cm)

    payload = saved["data"]["updateArchive"]
    assert payload["customer"] is None
    assert payload["errors"][0]["field"] == "idNumber"
