"""Bulk import of legacy archives from Excel, end to end through GraphQL multipart uploads."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from sqlalchemy import func, select

from backend.audit.models import AuditRecord
from backend.customers.models import Customer, CustomerChange
from backend.imports.models import ImportBatch
from backend.orgs.models import StaffUser
from tests.helpers import gql, login
from tests.imports.workbooks import (
    BATCH,
    branch_id,
    employee_no,
    fill_template,
    import_file,
    person,
    read_xlsx,
    resident_id,
    upload,
    workbook,
)

BAD_ID = resident_id(3)[:-1] + ("0" if resident_id(3)[-1] != "0" else "1")  # wrong check digit


async def count(services, model, *where) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(func.count()).select_from(model).where(*where))


def mixed_rows() -> list[dict]:
    """Rows 2-3 good, 4 bad ID, 5 bad mobile + unknown education, 6 repeats row 2's ID, 7 good
    with a legacy 15-digit ID, 8 an unknown manager and an overdue liability without lender."""
    return [
        person(1),
        person(2, 姓名="李秀英", 婚姻状况=None),
        person(3, 身份证号码=BAD_ID),
        person(4, 手机号码="12345", 文化程度="博士后"),
        person(5, 身份证号码=resident_id(1), 姓名="重复人"),
        person(6, 身份证号码="350102900307123", 姓名="王五"),
        person(7, 客户经理工号="NOBODY", 负债机构=None, 是否逾期="是"),
    ]


async def test_good_rows_import_and_bad_cells_come_back_by_column(client, services):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    report = await import_file(client, token, workbook(mixed_rows()), branch)

    assert (report["totalRows"], report["imported"], report["skipped"], report["failed"]) == (7, 3, 0, 4), report["errors"]
    assert report["status"] == "DONE" and report["repeated"] is False and report["fileErrors"] == []
    errors = {(e["row"], e["column"], e["code"]) for e in report["errors"]}
    assert errors == {
        (4, "身份证号码", "ID_INVALID_CHECKSUM"),
        (5, "手机号码", "INVALID_MOBILE"),
        (5, "文化程度", "INVALID_CHOICE"),
        (6, "身份证号码", "DUPLICATE_IN_FILE"),
        (8, "客户经理工号", "UNKNOWN_MANAGER"),
        (8, "负债机构", "REQUIRED"),
    }
    duplicate = next(e for e in report["errors"] if e["code"] == "DUPLICATE_IN_FILE")
    assert "第2行" in duplicate["message"]  # the first row with the ID number wins
    assert all(e["message"] for e in report["errors"])

    async with services.db.sessions() as session:
        rows = list(await session.scalars(select(Customer).order_by(Customer.name)))
        assert sorted(c.name for c in rows) == sorted(["张建国", "李秀英", "王五"])
        assert {(c.status.value, c.channel.value, c.branch_id, c.version) for c in rows} == {("DRAFT", "IMPORT", branch, 1)}
        wang = next(c for c in rows if c.name == "王五")
        assert wang.birth_date.isoformat() == "1990-03-07"  # the 15-digit ID was converted
        zhang = next(c for c in rows if c.name == "张建国")
        assert zhang.profile["land"] == {"contracted_mu": "12.50", "rented_mu": "0.00", "crops": ["水稻", "茶叶"]}
        assert zhang.profile["income"]["farming"] == 8_000_000 and zhang.profile["income"]["wages"] == 1_200_050
        assert zhang.profile["liabilities"] == [{"lender": "福州农商银行", "amount": 5_000_000, "overdue": False, "overdue_amount": 0}]
        assert zhang.education == "SENIOR" and zhang.marital_status == "MARRIED" and zhang.id_long_term is True
        changes = list(await session.scalars(select(CustomerChange)))
        assert len(changes) == 3 and {(c.action, c.channel, c.version) for c in changes} == {("IMPORT", "IMPORT", 1)}
        assert changes[0].diff["idNumber"][1].count("*") == 8  # masked in history, as for CREATE
        audits = list(await session.scalars(select(AuditRecord).where(AuditRecord.action == "customer.import")))
        assert len(audits) == 1
        assert audits[0].detail | {"sha256": None} == {
            "file_name": "存量档案.xlsx", "sha256": None, "rows": 7, "imported": 3, "skipped": 0, "failed": 4
        }

    # The error workbook: exactly the failed rows, bad cells filled with a comment, 错误原因 last.
    response = await client.get(report["errorWorkbookUrl"], headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    ws = read_xlsx(response.content)["客户档案"]
    header = [c.value for c in ws[1]]
    assert header[-2:] == ["错误原因", "原行号"]
    data = [row for row in ws.iter_rows(min_row=2) if any(c.value is not None for c in row)]
    assert [row[header.index("原行号")].value for row in data] == [4, 5, 6, 8]
    assert [row[header.index("身份证号码")].value for row in data][0] == BAD_ID
    bad_id_cell = data[0][header.index("身份证号码")]
    assert bad_id_cell.fill.fgColor.rgb.endswith("FFC7CE") and "校验位" in bad_id_cell.comment.text
    mobile_cell = data[1][header.index("手机号码")]
    assert mobile_cell.comment is not None and data[1][header.index("姓名")].comment is None
    reasons = data[1][header.index("错误原因")].value
    assert "手机号码：" in reasons and "文化程度：" in reasons
    async with services.db.sessions() as session:
        downloads = await session.scalar(select(func.count()).select_from(AuditRecord).where(AuditRecord.action == "import.errors_download"))
        assert downloads == 1  # the workbook holds full personal values: its download is audited


async def test_the_same_file_again_returns_the_earlier_report_and_creates_nothing(client, services):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    content = workbook(mixed_rows())
    first = await import_file(client, token, content, branch)
    again = await import_file(client, token, content, branch, file_name="另存为.xlsx")
    assert again["repeated"] is True and first["repeated"] is False
    assert again["batchId"] == first["batchId"]
    assert (again["imported"], again["failed"], again["errors"]) == (first["imported"], first["failed"], first["errors"])
    assert await count(services, Customer) == 3
    assert await count(services, CustomerChange) == 3
    assert await count(services, ImportBatch) == 1
    # Another bank admin of the same bank importing the same file into the same branch: same batch.
    admin = await import_file(client, await login(client, "fz.admin"), content, branch)
    assert admin["repeated"] is True and admin["batchId"] == first["batchId"]


async def test_a_second_file_skips_the_id_numbers_the_bank_already_has(client, services):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    await import_file(client, token, workbook([person(1), person(2)]), branch)
    # Another branch of the same bank imports an overlapping file: the bank holds one archive per person.
    other_branch = await branch_id(services, "FJ-FZ-02")
    overlapping = [person(2, 客户经理工号=employee_no("fz2.cm1")), person(8, 客户经理工号=employee_no("fz2.cm1")), person(1, 客户经理工号=employee_no("fz2.cm1"))]
    report = await import_file(client, await login(client, "fz.admin"), workbook(overlapping), other_branch)
    assert (report["imported"], report["skipped"], report["failed"]) == (1, 2, 0)
    assert {(s["row"], s["column"], s["code"]) for s in report["skips"]} == {(2, "身份证号码", "ALREADY_EXISTS"), (4, "身份证号码", "ALREADY_EXISTS")}
    assert report["errors"] == [] and report["errorWorkbookUrl"] is None
    assert await count(services, Customer) == 3
    assert await count(services, Customer, Customer.branch_id == other_branch) == 1
    # A different bank keeps its own archives of the same people.
    qz = await branch_id(services, "FJ-QZ-01")
    qz_rows = [person(1, 客户经理工号=employee_no("qz1.cm1"))]
    qz_report = await import_file(client, await login(client, "qz1.manager"), workbook(qz_rows), qz)
    assert qz_report["imported"] == 1


async def test_the_template_round_trips(client, services):
    token = await login(client, "fz1.manager")
    assert (await client.get("/imports/archives/template.xlsx")).status_code == 401
    response = await client.get("/imports/archives/template.xlsx", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    template = response.content
    wb = load_workbook(io.BytesIO(template))
    assert wb.sheetnames[:2] == ["客户档案", "说明"]
    sheet = wb["客户档案"]
    titles = [c.value for c in sheet[1]]
    for title in ("姓名", "身份证号码", "证件有效期", "长期有效", "民族", "文化程度", "婚姻状况", "健康状况", "手机号码", "备用电话",
                  "区县代码", "乡镇代码", "村代码", "详细地址", "家庭人口", "承包土地(亩)", "流转土地(亩)", "种植作物",
                  "年收入-种养殖(元)", "年收入-经营(元)", "年收入-工资(元)", "年收入-其他(元)", "负债机构", "负债金额(元)",
                  "是否逾期", "经营实体名称", "行业", "统一社会信用代码", "年营业额(元)", "从业人数", "村信用评级", "备注", "客户经理工号"):
        assert title in titles, title
    lists = {str(dv.sqref).split(":")[0].rstrip("0123456789"): dv.formula1 for dv in sheet.data_validations.dataValidation}
    education_col = sheet.cell(row=1, column=titles.index("文化程度") + 1).column_letter
    assert "选项" in lists[education_col]  # a drop-down of the Chinese labels
    assert wb["选项"].sheet_state == "hidden"
    help_rows = [[c.value for c in row] for row in wb["说明"].iter_rows()]
    assert ["身份证号码", "idNumber", "是"] == help_rows[next(i for i, r in enumerate(help_rows) if r[0] == "身份证号码")][:3]

    row = person(
        11, 证件有效期=None, 长期有效=None, 文化程度="中专/技校", 婚姻状况="丧偶", 健康状况="残疾", 民族="畲族",
        备用电话="0591-87654321", 经营实体名称="建国茶叶合作社", 行业="茶叶", 统一社会信用代码="91350100M000100Y43",
        **{"年营业额(元)": "120000.00", "从业人数": 5, "村信用评级": "未评级", "备注": "存量纸质档案"},
    )
    report = await import_file(client, token, fill_template([row], template), await branch_id(services))
    assert (report["imported"], report["failed"]) == (1, 0), report["errors"]
    result = await gql(
        client,
        """query($f: CustomerFilter) { customers(filter: $f) { edges { node {
             channel status education maritalStatus health ethnicity altPhone
             business { name creditCode annualTurnover employees } social { villageCreditRating remarks }
             manager { username } } } } }""",
        {"f": {"idNumber": resident_id(11)}},
        token=token,
    )
    node = result["data"]["customers"]["edges"][0]["node"]
    assert node["channel"] == "IMPORT" and node["status"] == "DRAFT"
    assert (node["education"], node["maritalStatus"], node["health"], node["ethnicity"]) == ("VOCATIONAL", "WIDOWED", "DISABLED", "畲族")
    assert node["business"] == {"name": "建国茶叶合作社", "creditCode": "91350100M000100Y43", "annualTurnover": "120000.00", "employees": 5}
    assert node["social"] == {"villageCreditRating": "UNRATED", "remarks": "存量纸质档案"}
    assert node["manager"] == {"username": "fz1.cm1"}


async def test_multipart_without_the_csrf_header_is_refused_and_imports_nothing(client, services):
    token = await login(client, "fz1.manager")
    response = await upload(client, token, workbook([person(1)]), await branch_id(services), csrf=False)
    assert response.status_code == 400
    body = response.json()
    assert body["errors"][0]["extensions"]["code"] == "CSRF_HEADER_REQUIRED"
    assert "x-cic-csrf" in body["errors"][0]["message"]
    assert await count(services, Customer) == 0
    assert await count(services, ImportBatch) == 0
    # Apollo's header is accepted as well.
    operations = '{"query": "mutation($file: Upload!) { importArchives(file: $file, branchId: \\"0\\") { batchId } }", "variables": {"file": null}}'
    apollo = await client.post(
        "/graphql", data={"operations": operations, "map": '{"0": ["variables.file"]}'},
        files={"0": ("a.xlsx", b"x", "application/octet-stream")},
        headers={"Authorization": f"Bearer {token}", "apollo-require-preflight": "true"},
    )
    assert apollo.status_code == 200


async def test_a_customer_manager_cannot_import(client, services):
    token = await login(client, "fz1.cm1")
    response = await upload(client, token, workbook([person(1)]), await branch_id(services))
    body = response.json()
    assert body["data"] == {"importArchives": None}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert await count(services, Customer) == 0


async def test_error_workbooks_and_batches_stay_in_scope(client, services):
    token = await login(client, "fz1.manager")
    report = await import_file(client, token, workbook(mixed_rows()), await branch_id(services))
    url = report["errorWorkbookUrl"]
    for username in ("qz1.manager", "qz.admin", "fz2.manager", "fz1.cm1"):
        other = await login(client, username)
        response = await client.get(url, headers={"Authorization": f"Bearer {other}"})
        assert response.status_code == 404, username
        batch = await gql(client, BATCH, {"id": report["batchId"]}, token=other)
        assert batch.get("data", {}) in ({"importBatch": None}, None), username
    assert (await client.get(url)).status_code == 401
    # The bank's admin sees the branch's batch.
    admin = await login(client, "fz.admin")
    assert (await client.get(url, headers={"Authorization": f"Bearer {admin}"})).status_code == 200
    batch = await gql(client, BATCH, {"id": report["batchId"]}, token=admin)
    assert batch["data"]["importBatch"]["failed"] == 4


async def test_whole_file_problems_are_reported_and_nothing_is_kept(client, services):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    not_xlsx = await import_file(client, token, b"name,id\n", branch, file_name="old.xls")
    assert not_xlsx["batchId"] is None and [e["code"] for e in not_xlsx["fileErrors"]] == ["INVALID_FILE"]
    missing = await import_file(client, token, workbook([{"姓名": "张三", "手机号码": "13800000000"}]), branch)
    assert missing["fileErrors"][0]["code"] == "MISSING_COLUMNS" and "身份证号码" in missing["fileErrors"][0]["message"]
    empty = await import_file(client, token, workbook([], titles=["姓名", "身份证号码"]), branch)
    assert empty["fileErrors"][0]["code"] == "EMPTY_FILE"
    bad_manager = await import_file(client, token, workbook([person(1)]), branch, manager=employee_no("fz2.cm1"))
    assert (bad_manager["fileErrors"][0]["field"], bad_manager["fileErrors"][0]["code"]) == ("managerEmployeeNo", "INVALID_MANAGER")
    foreign = await import_file(client, token, workbook([person(1)]), await branch_id(services, "FJ-FZ-02"))
    assert foreign["fileErrors"][0]["code"] == "NOT_FOUND"  # a branch outside the manager's scope
    assert await count(services, ImportBatch) == 0 and await count(services, Customer) == 0


async def test_the_default_manager_fills_rows_without_one(client, services):
    token = await login(client, "fz1.manager")
    rows = [person(1, 客户经理工号=None), person(2, 姓名="李秀英", 客户经理工号=employee_no("fz1.cm2"))]
    no_default = await import_file(client, token, workbook(rows), await branch_id(services))
    assert [(e["row"], e["column"], e["code"]) for e in no_default["errors"]] == [(2, "客户经理工号", "REQUIRED")]
    # The same file with a default manager is a different import (the first one failed a row for want of it).
    with_default = await import_file(client, token, workbook(rows), await branch_id(services), manager=employee_no("fz1.cm1"))
    assert with_default["repeated"] is False and (with_default["imported"], with_default["skipped"]) == (1, 1)
    async with services.db.sessions() as session:
        managers = dict((await session.execute(select(Customer.name, Customer.manager_id))).all())
        usernames = dict((await session.execute(select(StaffUser.id, StaffUser.username))).all())
    assert {name: usernames[m] for name, m in managers.items()} == {"张建国": "fz1.cm1", "李秀英": "fz1.cm2"}


async def test_the_error_workbook_can_be_fixed_and_imported_again(client, services):
    token = await login(client, "fz1.manager")
    branch = await branch_id(services)
    report = await import_file(client, token, workbook([person(1), person(2, 手机号码="12345"), person(3, 民族="火星族")]), branch)
    assert (report["imported"], report["failed"]) == (1, 2)
    response = await client.get(report["errorWorkbookUrl"], headers={"Authorization": f"Bearer {token}"})
    wb = read_xlsx(response.content)
    ws = wb["客户档案"]
    header = [c.value for c in ws[1]]
    ws.cell(row=2, column=header.index("手机号码") + 1, value="13900000002")
    ws.cell(row=3, column=header.index("民族") + 1, value="畲族")
    fixed = io.BytesIO()
    wb.save(fixed)
    again = await import_file(client, token, fixed.getvalue(), branch)  # 错误原因 and 原行号 are ignored
    assert (again["imported"], again["failed"], again["skipped"]) == (2, 0, 0), again["errors"]
    assert await count(services, Customer) == 3
