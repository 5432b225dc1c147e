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


CORRECTED_ID = "350102199003151234"  # ZHANG_ID with the birth date corrected: the same mask, a valid check digit


async def test_a_change_that_its_mask_hides_is_saved(client, services):
    """A correction inside a masked value (a birth date within the ID number, the middle digits
    of a mobile number, the house number of the address line) changes the archive, though its
    mask reads as before: a save decides what changed on the plain values, never on the masks."""
    from backend.auth.masking import mask_id_number, mask_phone, mask_text
    from backend.customers.models import CustomerChange
    from backend.customers.service import snapshot

    assert mask_id_number(CORRECTED_ID) == mask_id_number(ZHANG_ID)
    assert (mask_phone("13899995678"), mask_text("鼓楼区东街9号")) == (mask_phone("13812345678"), mask_text("鼓楼区东街1号"))
    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(), "channel": "PC"}}, token=cm)
    cid = created["data"]["createArchive"]["customer"]["id"]

    corrected = archive(idNumber=CORRECTED_ID, mobile="13899995678", address={"regionCode": "350102", "line": "鼓楼区东街9号"})
    saved = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": corrected}}, token=cm)

    payload = saved["data"]["updateArchive"]
    assert payload["errors"] == [] and payload["customer"]["version"] == 2
    async with services.db.sessions() as session:
        row = await session.scalar(select(CustomerRow).where(CustomerRow.id == cid))
        plain = snapshot(services.cipher, row, masked=False)
        assert (plain["idNumber"], plain["mobile"], plain["address.line"]) == (CORRECTED_ID, "13899995678", "鼓楼区东街9号")
        assert row.birth_date.isoformat() == "1990-03-15"  # derived from the corrected ID number
        change = await session.scalar(select(CustomerChange).where(CustomerChange.customer_id == cid, CustomerChange.version == 2))
        assert change is not None and change.action == "UPDATE"
    # History names each corrected field, masked on both sides as ever.
    history = await gql(client, "query($id: ID!) { customer(id: $id) { history { version changes { path before after } } } }", {"id": cid}, token=cm)
    changes = {c["path"]: (c["before"], c["after"]) for h in history["data"]["customer"]["history"] if h["version"] == 2 for c in h["changes"]}
    assert changes["idNumber"] == (mask_id_number(ZHANG_ID), mask_id_number(CORRECTED_ID))
    assert changes["mobile"] == ("138****5678", "138****5678")
    assert changes["address.line"] == ("鼓***", "鼓***")
