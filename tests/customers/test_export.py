"""Export of a search result to Excel: scoped, masked as the caller sees it, audited."""

from __future__ import annotations

import io
import json
from datetime import datetime
from zoneinfo import ZoneInfo

from openpyxl import load_workbook
from sqlalchemy import select

from backend.audit.models import AuditRecord
from backend.customers.models import Customer
from tests.customers.archive_fixtures import CREATE, OTHER_ID, ZHANG_ID, archive
from tests.helpers import gql, login


def rows(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [list(r) for r in sheet.iter_rows(values_only=True)]


async def test_export_is_scoped_masked_as_the_caller_sees_it_and_audited(client, services):
    # Given one archive in FZ branch 1 and one in QZ,
    cm = await login(client, "fz1.cm1")
    assert (await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm))["data"]["createArchive"]["errors"] == []
    qz = await login(client, "qz1.cm1")
    assert (await gql(client, CREATE, {"i": {"archive": archive(name="林海", idNumber=OTHER_ID)}}, token=qz))["data"]["createArchive"]["errors"] == []

    # when the FZ branch manager and the province analyst export "name starts with 张",
    query = {"filter": json.dumps({"namePrefix": "张"})}
    manager = await client.get("/exports/customers.xlsx", params=query, headers={"Authorization": f"Bearer {await login(client, 'fz1.manager')}"})
    # (the analyst sees names masked, so may not filter by them: the same search by region)
    refused = await client.get("/exports/customers.xlsx", params=query, headers={"Authorization": f"Bearer {await login(client, 'prov.analyst')}"})
    assert refused.status_code == 403 and refused.json()["code"] == "FORBIDDEN"
    by_region = {"filter": json.dumps({"regionCode": "350102"}), "locale": "en"}
    analyst = await client.get("/exports/customers.xlsx", params=by_region, headers={"Authorization": f"Bearer {await login(client, 'prov.analyst')}"})
    everything = await client.get("/exports/customers.xlsx", headers={"Authorization": f"Bearer {await login(client, 'prov.analyst')}"})

    # then each gets the rows of their scope, masked as their screen shows them,
    assert manager.status_code == 200 and manager.headers["content-type"].startswith("application/vnd.openxmlformats")
    header, *data = rows(manager)
    assert header[:3] == ["姓名", "身份证号码", "手机号码"]
    assert [(r[0], r[1], r[2], r[8]) for r in data] == [("张建国", ZHANG_ID[:6] + "********" + ZHANG_ID[-4:], "13812345678", "草稿")]
    # The birth date column follows the ID number's policy: masked ID, no birth date.
    assert [(r[3], r[4]) for r in data] == [("男", None)]
    # Times and the file name are Beijing time, as on the screen.
    async with services.db.sessions() as session:
        updated = await session.scalar(select(Customer.updated_at).where(Customer.name == "张建国"))
    assert data[0][12] == updated.astimezone(ZoneInfo("Asia/Shanghai")).strftime("%Y-%m-%d %H:%M:%S")
    stamp = datetime.now(ZoneInfo("Asia/Shanghai")).strftime("%Y%m%d-")
    assert f"cic-archives-{stamp}" in manager.headers["content-disposition"]
    header, *data = rows(analyst)
    assert header[:3] == ["Name", "ID number", "Mobile"]
    assert sorted((r[0], r[2], r[4], r[8]) for r in data) == [("张**", "138****5678", None, "DRAFT"), ("林*", "138****5678", None, "DRAFT")]
    assert sorted(r[0] for r in rows(everything)[1:]) == ["张**", "林*"]
    # and every export is audited with the (masked) filter and the row count.
    async with services.db.sessions() as session:
        records = list(await session.scalars(select(AuditRecord).where(AuditRecord.action == "customer.export").order_by(AuditRecord.id)))
    assert [(r.actor_username, r.detail["rows"], r.detail["filter"]) for r in records] == [
        ("fz1.manager", 1, {"namePrefix": "张"}),
        ("prov.analyst", 2, {"regionCode": "350102"}),
        ("prov.analyst", 2, {}),
    ]


async def test_export_needs_a_staff_token_and_a_valid_filter(client, services):
    token = await login(client, "fz1.manager")
    assert (await client.get("/exports/customers.xlsx")).status_code == 401
    bad = await client.get("/exports/customers.xlsx", params={"filter": "{nope"}, headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400
    bad_rule = await client.get("/exports/customers.xlsx", params={"rule": "not a code"}, headers={"Authorization": f"Bearer {token}"})
    assert bad_rule.status_code == 400 and bad_rule.json()["code"] == "BAD_USER_INPUT"
