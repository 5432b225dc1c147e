"""Contacts (docs/marketing.md): logged once however often the client retries, closing the reminder
that prompted them, read per archive, counted per member of staff."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, text

from backend.db.session import transaction
from backend.demo import BANKS, DEMO_CUSTOMERS_PER_BANK, load_demo_customers
from backend.marketing.models import Reminder
from backend.marketing.service import local_today, nightly
from backend.orgs.models import StaffUser
from tests.helpers import as_user

LOG = """mutation($i: LogContactInput!) { logContact(input: $i) { contact { id channel outcome note staff { username } reminderId }
  errors { field code } } }"""
CONTACTS = "query($c: ID!) { customerContacts(customerId: $c) { id outcome staff { username } } }"
STATS = "query($s: Date!, $u: Date!) { contactStats(since: $s, until: $u) { staff { username } contacts customers } }"


async def test_a_contact_is_logged_once_closes_its_reminder_and_is_counted(client, services):
    async with transaction(services.db.sessions) as session:
        assert await load_demo_customers(session, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
        await nightly(session, local_today())  # the demo's returned and no-longer-precise archives raise reminders
    async with services.db.sessions() as session:
        reminder = (await session.scalars(
            select(Reminder).join(StaffUser, StaffUser.id == Reminder.manager_id).where(StaffUser.username == "fz1.cm1").limit(1)
        )).one()  # fmt: skip
    now = datetime.now(UTC).replace(microsecond=0)
    contact_id = str(uuid.uuid4())
    data = {"id": contact_id, "customerId": str(reminder.customer_id), "channel": "VISIT", "outcome": "INTERESTED",
            "contactedAt": now.isoformat(), "note": "客户有意向，下周带材料来网点", "reminderId": str(reminder.id)}  # fmt: skip
    logged = (await as_user(client, "fz1.cm1", LOG, {"i": data}))["data"]["logContact"]
    assert logged == {"contact": {"id": contact_id, "channel": "VISIT", "outcome": "INTERESTED", "note": "客户有意向，下周带材料来网点",
                                  "staff": {"username": "fz1.cm1"}, "reminderId": str(reminder.id)}, "errors": []}  # fmt: skip
    again = (await as_user(client, "fz1.cm1", LOG, {"i": data}))["data"]["logContact"]  # the PAD's queue replayed
    assert again == logged
    async with services.db.sessions() as session:
        assert await session.scalar(text("SELECT count(*) FROM contacts")) == 1
        closed = await session.get(Reminder, (reminder.bank_id, reminder.id), populate_existing=True)
    assert closed.status == "DONE" and closed.note == "客户有意向，下周带材料来网点"

    future = {**data, "id": str(uuid.uuid4()), "contactedAt": (now + timedelta(hours=2)).isoformat(), "reminderId": None}
    assert (await as_user(client, "fz1.cm1", LOG, {"i": future}))["data"]["logContact"]["errors"] == [{"field": "contactedAt", "code": "CONTACT_TIME"}]
    taken = {**data, "outcome": "APPLIED", "reminderId": None}
    assert (await as_user(client, "fz1.cm2", LOG, {"i": taken}))["data"]["logContact"]["errors"] == [{"field": "id", "code": "CONTACT_ID_TAKEN"}]
    elsewhere = {**data, "id": str(uuid.uuid4()), "reminderId": None}
    assert (await as_user(client, "qz1.cm1", LOG, {"i": elsewhere}))["data"]["logContact"]["errors"] == [{"field": "customerId", "code": "NOT_FOUND"}]
    call = {**data, "id": str(uuid.uuid4()), "channel": "CALL", "outcome": "UNREACHABLE", "reminderId": None,
            "contactedAt": (now - timedelta(days=1)).isoformat()}  # fmt: skip
    assert (await as_user(client, "fz1.cm2", LOG, {"i": call}))["data"]["logContact"]["errors"] == []

    listed = (await as_user(client, "fz1.manager", CONTACTS, {"c": str(reminder.customer_id)}))["data"]["customerContacts"]
    assert [(c["outcome"], c["staff"]["username"]) for c in listed] == [("INTERESTED", "fz1.cm1"), ("UNREACHABLE", "fz1.cm2")]
    assert (await as_user(client, "qz1.manager", CONTACTS, {"c": str(reminder.customer_id)}))["data"]["customerContacts"] == []
    today = local_today()
    stats = (await as_user(client, "fz1.manager", STATS, {"s": (today - timedelta(days=7)).isoformat(), "u": today.isoformat()}))["data"]["contactStats"]
    assert sorted((s["staff"]["username"], s["contacts"], s["customers"]) for s in stats) == [("fz1.cm1", 1, 1), ("fz1.cm2", 1, 1)]
    only_today = (await as_user(client, "fz1.manager", STATS, {"s": today.isoformat(), "u": today.isoformat()}))["data"]["contactStats"]
    assert [s["staff"]["username"] for s in only_today] == ["fz1.cm1"]  # the call was the day before


async def test_a_model_tests_contact_history_and_quotas(client, services):
    async with transaction(services.db.sessions) as session:
        assert await load_demo_customers(session, services.cipher) == DEMO_CUSTOMERS_PER_BANK * len(BANKS)
    async with services.db.sessions() as session:
        fz = await session.scalar(text("SELECT count(*) FROM customers WHERE org_path LIKE '/1/2/%' AND status <> 'ARCHIVED'"))
        customer = await session.scalar(
            select(text("c.id::text")).select_from(text("customers c JOIN staff_users s ON s.id = c.manager_id"))
            .where(text("s.username = 'fz1.cm1' AND c.status <> 'ARCHIVED'")).limit(1)
        )
    save = "mutation($i: SaveSegmentModelInput!) { saveSegmentModel(input: $i) { model { id memberCount } errors { field code } } }"
    evaluate = "mutation($id: ID!) { evaluateSegmentModel(id: $id) { model { memberCount } errors { code } } }"
    contacted = {"all": [{"field": "contact.count90d", "op": "GE", "value": 1}, {"field": "contact.daysSinceLast", "op": "LE", "value": 3}]}
    never = {"all": [{"field": "contact.daysSinceLast", "op": "ABSENT"}, {"field": "quota.activeCount", "op": "EQ", "value": 0}]}
    models = [(await as_user(client, "fz.admin", save, {"i": {"name": n, "condition": c}}))["data"]["saveSegmentModel"] for n, c in
              (("近期接触过", contacted), ("从未接触且无授信", never))]  # fmt: skip
    assert [(m["errors"], m["model"]["memberCount"]) for m in models] == [([], 0), ([], fz)]

    data = {"id": str(uuid.uuid4()), "customerId": customer, "channel": "CALL", "outcome": "FOLLOW_UP", "contactedAt": datetime.now(UTC).isoformat()}
    assert (await as_user(client, "fz1.cm1", LOG, {"i": data}))["data"]["logContact"]["errors"] == []
    after = [(await as_user(client, "fz.admin", evaluate, {"id": m["model"]["id"]}))["data"]["evaluateSegmentModel"] for m in models]
    assert after == [{"model": {"memberCount": 1}, "errors": []}, {"model": {"memberCount": fz - 1}, "errors": []}]
