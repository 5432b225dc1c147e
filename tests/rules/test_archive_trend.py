"""Archives per month and channel (the dashboard's trend), scoped to the caller's subtree."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from backend.db.session import transaction
from tests.customers.archive_fixtures import CREATE, archive
from tests.helpers import gql, login
from tests.rules.test_statistics import resident_id

TREND = "query($id: ID, $months: Int!) { archiveTrend(orgUnitId: $id, months: $months) { month channel archives } }"


async def create(client, token: str, name: str, seq: int, channel: str) -> str:
    created = await gql(client, CREATE, {"i": {"archive": archive(name=name, idNumber=resident_id("19880101", seq)), "channel": channel}}, token=token)
    assert created["data"]["createArchive"]["errors"] == [], created
    return created["data"]["createArchive"]["customer"]["id"]


async def test_archives_per_month_and_channel_in_the_callers_subtree(client, services):
    # Given two PAD archives and one PC archive in FZ branch 1 this month, one PAD archive of it
    # dated back three months, and one archive in QZ,
    cm = await login(client, "fz1.cm1")
    old = await create(client, cm, "王大山", 11, "PAD")
    for seq, name, channel in ((12, "王小明", "PAD"), (13, "王小红", "PAD"), (14, "王小军", "PC")):
        await create(client, cm, name, seq, channel)
    await create(client, await login(client, "qz1.cm1"), "林海", 21, "PC")
    async with transaction(services.db.sessions) as session:
        await session.execute(text("UPDATE customers SET created_at = created_at - interval '3 months' WHERE id = :id"), {"id": old})
    now = datetime.now(UTC)
    this_month = now.strftime("%Y-%m")
    back = datetime(now.year - (now.month <= 3), (now.month - 4) % 12 + 1, 1).strftime("%Y-%m")

    # When the FZ branch manager and the province analyst ask,
    branch = (await gql(client, TREND, {"months": 12}, token=await login(client, "fz1.manager")))["data"]["archiveTrend"]
    province = (await gql(client, TREND, {"months": 12}, token=await login(client, "prov.analyst")))["data"]["archiveTrend"]
    recent = (await gql(client, TREND, {"months": 2}, token=await login(client, "fz1.manager")))["data"]["archiveTrend"]

    # then each sees their subtree, per month and channel, oldest first.
    assert branch == [
        {"month": back, "channel": "PAD", "archives": 1},
        {"month": this_month, "channel": "PC", "archives": 1},
        {"month": this_month, "channel": "PAD", "archives": 2},
    ] or branch == [
        {"month": back, "channel": "PAD", "archives": 1},
        {"month": this_month, "channel": "PAD", "archives": 2},
        {"month": this_month, "channel": "PC", "archives": 1},
    ]
    assert {(r["month"], r["channel"]): r["archives"] for r in province} == {(back, "PAD"): 1, (this_month, "PAD"): 2, (this_month, "PC"): 2}
    assert {r["month"] for r in recent} == {this_month}


async def test_a_unit_outside_the_scope_or_too_many_months_is_bad_input(client, services):
    token = await login(client, "fz1.manager")
    other_bank = await gql(client, "{ orgUnits { id code } }", token=await login(client, "prov.admin"))
    qz = next(u["id"] for u in other_bank["data"]["orgUnits"] if u["code"] == "FJ-QZ")

    outside = await gql(client, TREND, {"id": qz, "months": 12}, token=token)
    too_long = await gql(client, TREND, {"months": 37}, token=token)

    assert outside["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "orgUnitId"}
    assert too_long["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "months"}
