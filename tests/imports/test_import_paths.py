"""The other ways in (CLI, worker), the set-based write, races, and the column table."""

from __future__ import annotations

import asyncio
from datetime import date, datetime

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from backend.auth.principal import Principal
from backend.customers.models import Customer, CustomerChange
from backend.customers.validation import (
    ETHNICITIES,
    Education,
    Health,
    MaritalStatus,
    VillageRating,
)
from backend.db.session import transaction
from backend.imports import columns
from backend.imports.columns import (
    COLUMNS,
    CellError,
    column_for_path,
    convert_cell,
    row_to_archive,
)
from backend.imports.models import ImportBatch, ImportStatus
from backend.orgs.models import OrgLevel, OrgUnit, Role, StaffUser
from backend.rules.engine import rule_book
from tests.helpers import gql, login, run_burst_worker
from tests.imports.workbooks import (
    BATCH,
    branch_id,
    employee_no,
    import_file,
    person,
    read_xlsx,
    resident_id,
    workbook,
)

pytestmark = pytest.mark.filterwarnings("ignore:Call to deprecated close:DeprecationWarning")


async def count(services, model, *where) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


# -- CLI -----------------------------------------------------------------------------------------
async def test_the_cli_imports_a_file_and_writes_the_error_workbook(services, tmp_path):
    from backend.cli import app

    rows = [person(1, 客户经理工号=None), person(2, 客户经理工号=None), person(3, 手机号码="999")]
    source = tmp_path / "存量档案.xlsx"
    source.write_bytes(workbook(rows))
    errors_out = tmp_path / "errors.xlsx"
    args = ["import", "archives", str(source), "--branch", "FJ-FZ-01", "--manager", employee_no("fz1.cm2"), "--errors-out", str(errors_out)]
    # The command runs its own event loop (asyncio.run), so it runs in a thread here.
    result = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert result.exit_code == 0, result.output
    assert "imported" in result.output and "INVALID_MOBILE" in result.output
    assert await count(services, Customer) == 2
    async with services.db.sessions() as session:
        managers = set(await session.scalars(select(StaffUser.username).join(Customer, Customer.manager_id == StaffUser.id)))
        batch = (await session.scalars(select(ImportBatch))).one()
    assert managers == {"fz1.cm2"}
    assert (batch.imported, batch.failed, batch.status, batch.created_by) == (2, 1, ImportStatus.DONE, None)
    assert batch.created_by_name.startswith("cli:")
    failed = read_xlsx(errors_out.read_bytes())["客户档案"]
    assert failed.max_row == 2 and failed.cell(row=2, column=failed.max_column).value == 4  # 原行号

    again = await asyncio.to_thread(CliRunner().invoke, app, args)
    assert again.exit_code == 0 and "同一文件已导入过" in again.output
    assert await count(services, Customer) == 2 and await count(services, ImportBatch) == 1

    unknown = await asyncio.to_thread(CliRunner().invoke, app, ["import", "archives", str(source), "--branch", "NOPE"])
    assert unknown.exit_code == 2 and "NOT_FOUND" in unknown.output

    template = tmp_path / "template.xlsx"
    made = await asyncio.to_thread(CliRunner().invoke, app, ["import", "template", str(template)])
    assert made.exit_code == 0 and read_xlsx(template.read_bytes()).sheetnames[0] == "客户档案"


# -- large files: the worker ------------------------------------------------------------------------
async def test_a_large_file_is_imported_by_the_worker(small_inline_client, services, settings):
    client = small_inline_client
    token = await login(client, "fz1.manager")
    content = workbook([person(1), person(2), person(3, 身份证号码="123")])
    pending = await import_file(client, token, content, await branch_id(services))
    assert pending["status"] == "PENDING" and pending["imported"] == 0 and pending["batchId"]
    assert await count(services, Customer) == 0
    async with services.db.sessions() as session:
        waiting = (await session.scalars(select(ImportBatch))).one()
    # The file waiting for the worker holds full personal data: it is stored encrypted.
    assert waiting.source[:4] != b"PK\x03\x04" and waiting.source != content
    assert services.cipher.decrypt_bytes(waiting.source, context="import_batches.source") == content

    worker = await run_burst_worker(settings)
    assert worker.jobs_complete == 1 and worker.jobs_failed == 0

    done = (await gql(client, BATCH, {"id": pending["batchId"]}, token=token))["data"]["importBatch"]
    assert (done["status"], done["totalRows"], done["imported"], done["failed"]) == ("DONE", 3, 2, 1)
    assert done["errorWorkbookUrl"] == f"/imports/{pending['batchId']}/errors.xlsx"
    async with services.db.sessions() as session:
        batch = (await session.scalars(select(ImportBatch))).one()
        assert batch.source is None  # the uploaded file is not kept once imported
        # The error workbook (full ID numbers, phones, addresses) is stored encrypted too.
        assert batch.error_workbook[:4] != b"PK\x03\x04"
        plain = services.cipher.decrypt_bytes(batch.error_workbook, context="import_batches.error_workbook")
        assert plain[:4] == b"PK\x03\x04"
        manager_id = await session.scalar(select(StaffUser.id).where(StaffUser.username == "fz1.manager"))
        assert set(await session.scalars(select(CustomerChange.changed_by))) == {manager_id}
    # Uploading it again answers with the finished batch.
    again = await import_file(client, token, content, await branch_id(services))
    assert again["repeated"] is True and again["imported"] == 2


# -- set-based ------------------------------------------------------------------------------------
async def test_the_number_of_statements_does_not_grow_with_the_rows(client, services, count_queries):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    small = workbook([person(n) for n in range(3)])
    large = workbook([person(n) for n in range(100, 400)] + [person(1)])  # 300 new, 1 already there
    async with services.db.sessions() as session:  # the rule book evaluating imports is compiled once, then cached
        await rule_book(session, await session.scalar(select(OrgUnit.bank_id).where(OrgUnit.id == branch)))
    before = count_queries.count
    first = await import_file(client, token, small, branch)
    small_statements = count_queries.count - before
    before = count_queries.count
    second = await import_file(client, token, large, branch)
    large_statements = count_queries.count - before
    assert (first["imported"], second["imported"], second["skipped"]) == (3, 300, 1)
    assert large_statements == small_statements, (small_statements, large_statements)
    assert small_statements <= 16
    inserts = [s for s in count_queries.statements if s.startswith("INSERT INTO customers ")]
    assert len(inserts) == 2 and "ON CONFLICT (bank_id, id_number_bidx) DO NOTHING" in inserts[0]


async def test_two_concurrent_imports_of_one_file_make_one_batch(services):
    async with services.db.sessions() as session:
        branch = (await session.scalars(select(OrgUnit).where(OrgUnit.code == "FJ-FZ-01"))).one()
        bank = await session.get(OrgUnit, branch.bank_id)
    principal = Principal(kind="staff", scope_path=bank.path, username="fz.admin", org_id=bank.id, org_level=OrgLevel.BANK,
                          bank_id=bank.id, roles=frozenset({Role.BANK_ADMIN}))
    content = workbook([person(n) for n in range(40)])

    async def run():
        async with transaction(services.db.sessions) as session:
            return await services.imports(session).import_archives(principal, content, "a.xlsx", branch_id=branch.id)

    one, two = await asyncio.gather(run(), run())
    assert one.batch_id == two.batch_id and {one.repeated, two.repeated} == {False, True}
    assert await count(services, Customer) == 40 and await count(services, ImportBatch) == 1


async def test_townships_and_villages_come_from_the_bank_dictionary(client, services):
    token = await login(client, "fz1.manager")
    rows = [
        person(1, 乡镇代码="350102001", 村代码="350102001001"),
        person(2, 乡镇代码="350102001", 村代码="350102002001"),  # a village of another township
        person(3, 乡镇代码="350112100"),  # a township of another county
    ]
    report = await import_file(client, token, workbook(rows), await branch_id(services))
    assert report["imported"] == 1
    assert {(e["row"], e["column"], e["code"]) for e in report["errors"]} == {(3, "村代码", "UNKNOWN_VILLAGE"), (4, "乡镇代码", "UNKNOWN_TOWNSHIP")}


# -- the column table -------------------------------------------------------------------------------
def test_every_enum_value_has_a_workbook_label():
    assert set(columns.EDUCATION_LABELS.values()) == set(Education)
    assert set(columns.MARITAL_LABELS.values()) == set(MaritalStatus)
    assert set(columns.HEALTH_LABELS.values()) == set(Health)
    assert set(columns.RATING_LABELS.values()) == set(VillageRating)
    assert set(columns.ETHNICITY_LABELS) == set(ETHNICITIES) and next(iter(columns.ETHNICITY_LABELS)) == "汉族"
    assert len({c.title for c in COLUMNS}) == len(COLUMNS) and len({c.key for c in COLUMNS}) == len(COLUMNS)


def test_validation_paths_lead_back_to_columns():
    assert column_for_path("idNumber").title == "身份证号码"
    assert column_for_path("liabilities[0].lender").title == "负债机构"
    assert column_for_path("liabilities[0]").title == "负债机构"
    assert column_for_path("land.crops[3]").title == "种植作物"
    assert column_for_path("address.regionCode").title == "区县代码"
    assert column_for_path("business").title == "经营实体名称"
    assert column_for_path("familyMembers[0].name") is None and column_for_path(None) is None


def test_cells_are_read_the_way_excel_stores_them():
    by_title = {c.title: c for c in COLUMNS}
    with pytest.raises(CellError) as lost:
        convert_cell(by_title["身份证号码"], 3.50102199003071e17)  # typed into a General cell
    assert lost.value.code == "ID_STORED_AS_NUMBER"
    assert convert_cell(by_title["手机号码"], 13812345678) == "13812345678"
    assert convert_cell(by_title["区县代码"], 350102.0) == "350102"
    expiry = by_title["证件有效期"]
    assert convert_cell(expiry, datetime(2031, 5, 1)) == date(2031, 5, 1)
    assert convert_cell(expiry, "2031/05/01") == convert_cell(expiry, 20310501) == convert_cell(expiry, "2031年5月1日") == date(2031, 5, 1)
    assert convert_cell(by_title["承包土地(亩)"], 12.5) == "12.5" and convert_cell(by_title["年收入-工资(元)"], 12000) == "12000"
    assert convert_cell(by_title["种植作物"], "水稻，茶叶、 烟叶") == ["水稻", "茶叶", "烟叶"]
    assert convert_cell(by_title["婚姻状况"], "MARRIED") == "MARRIED"  # the enum value is accepted as well
    with pytest.raises(CellError):
        convert_cell(by_title["是否逾期"], "也许")
    parsed = row_to_archive([(by_title["身份证号码"], resident_id(1)), (expiry, "长期"), (by_title["负债金额(元)"], 100)])
    assert parsed.data == {"id_number": resident_id(1), "id_long_term": True, "liabilities": [{"amount": "100"}]}
    assert parsed.id_number == resident_id(1)


async def test_a_batch_the_worker_could_not_finish_is_failed_and_retried_by_importing_again(small_inline_client, services):
    from sqlalchemy import update

    client = small_inline_client

    async def burst() -> None:
        await run_burst_worker()

    token = await login(client, "fz1.manager")
    content = workbook([person(1), person(2)])
    pending = await import_file(client, token, content, await branch_id(services))

    # The stored upload is damaged before the worker reads it (a real fault, not a patched function).
    async with services.db.sessions() as session:
        await session.execute(update(ImportBatch).values(source=b"PK\x03\x04 truncated"))
        await session.commit()
    await burst()
    failed = (await gql(client, BATCH.replace("errorWorkbookUrl", "errorWorkbookUrl failure"), {"id": pending["batchId"]}, token=token))["data"]["importBatch"]
    assert failed["status"] == "FAILED" and failed["failure"]
    assert await count(services, Customer) == 0  # nothing of the broken run was kept

    retry = await import_file(client, token, content, await branch_id(services))
    assert retry["batchId"] == pending["batchId"] and retry["status"] == "PENDING"
    await burst()
    done = (await gql(client, BATCH, {"id": pending["batchId"]}, token=token))["data"]["importBatch"]
    assert (done["status"], done["imported"]) == ("DONE", 2)
    assert await count(services, ImportBatch) == 1
