"""A large file's progress while the worker imports it, the batch history, and the bank's
template (township/village codes, extra-field columns) with extra fields imported from it."""

from __future__ import annotations

import asyncio
import io
from uuid import UUID

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from backend.customers.models import Customer
from backend.db.session import transaction
from backend.imports.models import ImportBatch, ImportProgress
from backend.imports.repository import Counts
from tests.helpers import gql, login
from tests.imports.workbooks import branch_id, fill_template, import_file, person, workbook

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")

BATCH = """query($id: ID!) { importBatch(id: $id) {
  batchId status running totalRows estimatedRows imported skipped failed branchName createdByName finishedAt } }"""
BATCHES = """query($first: Int!) { importBatches(first: $first) {
  batchId status running fileName totalRows imported failed branchName } }"""
DEFINE = """mutation($input: ExtraFieldDefinitionInput!) { defineExtraField(input: $input) {
  definition { code labelZh kind } errors { field code message } } }"""
TEMPLATE = "/imports/archives/template.xlsx"


async def _wait(event: asyncio.Event) -> None:
    await asyncio.wait_for(event.wait(), timeout=60)  # a guard against a hang, not a pause


async def test_the_worker_writes_its_progress_after_every_chunk_and_the_history_shows_it(small_inline_client, client, services):
    api = small_inline_client
    token = await login(api, "fz1.manager")
    rows = [person(1), person(2), person(3, 手机号码="999"), person(4), person(5)]
    pending = await import_file(api, token, workbook(rows), await branch_id(services), file_name="大文件.xlsx")
    assert (pending["status"], pending["totalRows"]) == ("PENDING", 0)
    queued = (await gql(api, BATCH, {"id": pending["batchId"]}, token=token))["data"]["importBatch"]
    assert (queued["running"], queued["estimatedRows"], queued["totalRows"]) == (False, 5, 0)

    # The worker's job, with chunks of 2 rows and a hook that holds it after each progress write.
    reached, proceed = asyncio.Event(), asyncio.Event()
    seen: list[Counts] = []

    async def hold(counts: Counts) -> None:
        seen.append(counts)
        reached.set()
        await _wait(proceed)
        proceed.clear()

    queued_id = UUID(pending["batchId"])
    async with services.db.sessions() as session:
        queued_bank = await session.scalar(select(ImportBatch.bank_id).where(ImportBatch.id == queued_id))

    async def run() -> None:
        async with transaction(services.db.sessions) as session:
            service = services.imports(session)
            service.chunk_rows = 2
            await service.run_batch(queued_bank, queued_id, on_progress=hold)

    task = asyncio.create_task(run())
    polled = []
    for _ in range(3):  # 5 rows in chunks of 2: three chunks
        await _wait(reached)
        reached.clear()
        # What the PC polls, from other connections, while the import's transaction is open.
        polled.append((await gql(api, BATCH, {"id": pending["batchId"]}, token=token))["data"]["importBatch"])
        listed = (await gql(api, BATCHES, {"first": 5}, token=token))["data"]["importBatches"]
        assert listed[0]["batchId"] == pending["batchId"] and listed[0]["totalRows"] == polled[-1]["totalRows"]
        proceed.set()
    await asyncio.wait_for(task, timeout=60)

    assert [(p["status"], p["running"], p["totalRows"], p["imported"], p["failed"]) for p in polled] == [
        ("PENDING", True, 2, 2, 0),
        ("PENDING", True, 4, 3, 1),
        ("PENDING", True, 5, 4, 1),
    ]
    assert seen == [Counts(2, 2, 0, 0), Counts(4, 3, 0, 1), Counts(5, 4, 0, 1)]
    # Archives a running import wrote become visible only with its commit.
    async with services.db.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Customer)) == 4
        assert await session.scalar(select(func.count()).select_from(ImportProgress)) == 0  # cleared with the batch DONE
    done = (await gql(api, BATCH, {"id": pending["batchId"]}, token=token))["data"]["importBatch"]
    assert (done["status"], done["running"], done["totalRows"], done["imported"], done["failed"]) == ("DONE", False, 5, 4, 1)
    assert done["finishedAt"] and done["createdByName"] == "fz1.manager" and done["branchName"]


async def test_the_batch_history_is_one_statement_whatever_its_length(client, services, count_queries):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    counts = []
    for n in range(3):
        await import_file(client, token, workbook([person(10 + n)]), branch, file_name=f"第{n}批.xlsx")
        count_queries.count = 0
        listed = (await gql(client, BATCHES, {"first": 20}, token=token))["data"]["importBatches"]
        assert len(listed) == n + 1 and listed[0]["fileName"] == f"第{n}批.xlsx"
        counts.append(count_queries.count)
    assert counts[0] == counts[1] == counts[2], counts
    # Another bank's staff see none of them.
    other = await login(client, "qz1.manager")
    assert (await gql(client, BATCHES, {"first": 20}, token=other))["data"]["importBatches"] == []


async def test_the_bank_template_lists_its_township_and_village_codes_and_extra_fields(client, services):
    token = await login(client, "fz1.manager")
    response = await client.get(TEMPLATE, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    places = wb["乡镇村代码"]
    listed = {(r[0], r[1], r[2], r[3], r[4]) for r in places.iter_rows(min_row=2, values_only=True)}
    assert ("乡镇（街道）", "350102001", "东街街道", "350102", "鼓楼区") in listed
    assert ("村（社区）", "350102001001", "东街社区", "350102001", "东街街道") in listed
    assert ("村（社区）", "350112100003", "福星村", "350112100", "潭头镇") in listed
    assert not any(code.startswith("350582") for _, code, *_ in listed)  # another bank's dictionary stays out
    sheet = wb["客户档案"]
    header = [c.value for c in sheet[1]]
    assert header[-3:] == ["茶园面积(亩)", "是否脱贫户", "合作社成员"]
    letter = {title: cell.column_letter for title, cell in zip(header, sheet[1])}
    validations = {str(dv.sqref).split(":")[0]: dv.formula1 for dv in sheet.data_validations.dataValidation}
    township_range = validations[f"{letter['乡镇代码']}2"]
    assert township_range.startswith("'乡镇村代码'!$B$2")
    assert validations[f"{letter['村代码']}2"].startswith("'乡镇村代码'!$B$")
    assert f"{letter['合作社成员']}2" in validations and f"{letter['是否脱贫户']}2" in validations
    # Staff of another bank get their own codes and no FZ extra field.
    other = load_workbook(io.BytesIO((await client.get(TEMPLATE, headers={"Authorization": f"Bearer {await login(client, 'qz1.manager')}"})).content))
    assert "茶园面积(亩)" not in [c.value for c in other["客户档案"][1]]
    assert any(r[1] == "350582100" for r in other["乡镇村代码"].iter_rows(min_row=2, values_only=True))


async def test_extra_fields_defined_by_the_bank_round_trip_through_the_template(client, services):
    admin = await login(client, "fz.admin")
    defined = await gql(client, DEFINE, {"input": {
        "code": "pig_count", "labelZh": "生猪存栏(头)", "labelEn": "Pigs", "kind": "NUMBER", "minValue": "0", "maxValue": "5000",
        "required": False, "position": 9, "active": True,
    }}, token=admin)
    assert defined["data"]["defineExtraField"]["errors"] == []
    retired = await gql(client, DEFINE, {"input": {
        "code": "cooperative", "labelZh": "合作社成员", "labelEn": "Cooperative member", "kind": "CHOICE", "choices": ["否", "普通成员", "理事"],
        "required": False, "position": 3, "active": False,
    }}, token=admin)
    assert retired["data"]["defineExtraField"]["errors"] == []
    listed = """query($all: Boolean!) { extraFieldDefinitions(includeInactive: $all) { code active } }"""
    every = (await gql(client, listed, {"all": True}, token=admin))["data"]["extraFieldDefinitions"]
    assert {"code": "cooperative", "active": False} in every and {"code": "pig_count", "active": True} in every
    active = (await gql(client, listed, {"all": False}, token=admin))["data"]["extraFieldDefinitions"]
    assert "cooperative" not in {d["code"] for d in active}

    token = await login(client, "fz1.manager")
    template = (await client.get(TEMPLATE, headers={"Authorization": f"Bearer {token}"})).content
    header = [c.value for c in load_workbook(io.BytesIO(template))["客户档案"][1]]
    assert header[-3:] == ["茶园面积(亩)", "是否脱贫户", "生猪存栏(头)"]  # the retired field is gone
    rows = [
        person(1, **{"茶园面积(亩)": 12.5, "是否脱贫户": "是", "生猪存栏(头)": 30}),
        person(2, **{"生猪存栏(头)": 9000}),
        person(3, **{"是否脱贫户": "也许"}),
    ]
    report = await import_file(client, token, fill_template(rows, template), await branch_id(services))
    assert (report["imported"], report["failed"]) == (1, 2), report
    assert {(e["row"], e["column"], e["code"]) for e in report["errors"]} == {
        (3, "生猪存栏(头)", "OUT_OF_RANGE"), (4, "是否脱贫户", "INVALID_BOOLEAN"),
    }
    async with services.db.sessions() as session:
        extra = await session.scalar(select(Customer.extra))
    assert extra == {"tea_garden_mu": "12.5", "poverty_exited": True, "pig_count": "30"}
