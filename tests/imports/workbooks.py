"""Building import workbooks in tests, and sending them through GraphQL multipart."""

from __future__ import annotations

import io
import json
from typing import Any

import httpx
from openpyxl import Workbook, load_workbook
from sqlalchemy import select
from stdnum.cn import ric

from backend.demo import demo_accounts
from backend.imports.template import XLSX_MEDIA_TYPE, template_bytes
from backend.orgs.models import OrgUnit

IMPORT = """mutation($file: Upload!, $branchId: ID!, $manager: String) {
  importArchives(file: $file, branchId: $branchId, managerEmployeeNo: $manager) {
    batchId status totalRows imported skipped failed repeated errorWorkbookUrl failure
    errors(first: 100) { row column code message }
    skips(first: 100) { row column code }
    fileErrors { field code message }
  } }"""

BATCH = """query($id: ID!) { importBatch(id: $id) { batchId status totalRows imported skipped failed errorWorkbookUrl } }"""


def employee_no(username: str) -> str:
    return next(a.employee_no for a in demo_accounts() if a.username == username)


def resident_id(n: int, region: str = "350102") -> str:
    """A valid 18-digit resident ID (born 1983-1999, when 350102 existed), distinct for n < 5,712,000."""
    year = 1983 + n % 17
    body = f"{region}{year}{1 + n // 17 % 12:02d}{1 + n // 204 % 28:02d}{n // 5712 % 1000:03d}"
    return body + ric.calc_check_digit(body + "0")


def person(n: int, **overrides: Any) -> dict[str, Any]:
    """One row by column title: a valid archive of the demo FZ bank's first branch."""
    row: dict[str, Any] = {
        "姓名": "张建国",
        "身份证号码": resident_id(n),
        "长期有效": "是",
        "民族": "汉族",
        "文化程度": "高中",
        "婚姻状况": "已婚",
        "健康状况": "良好",
        "手机号码": f"138{n:08d}",
        "区县代码": "350102",
        "详细地址": f"鼓楼区东街{n}号",
        "家庭人口": 4,
        "承包土地(亩)": 12.5,
        "种植作物": "水稻、茶叶",
        "年收入-种养殖(元)": 80000,
        "年收入-工资(元)": "12000.50",
        "负债机构": "福州农商银行",
        "负债金额(元)": 50000,
        "是否逾期": "否",
        "村信用评级": "AA",
        "客户经理工号": employee_no("fz1.cm1"),
    }
    row.update(overrides)
    return {k: v for k, v in row.items() if v is not None}


def workbook(rows: list[dict[str, Any]], titles: list[str] | None = None) -> bytes:
    """A plain workbook: header = the given titles (or every title the rows use)."""
    if titles is None:
        titles = []
        for row in rows:
            titles.extend(t for t in row if t not in titles)
    wb = Workbook()
    ws = wb.active
    ws.title = "客户档案"
    ws.append(titles)
    for row in rows:
        ws.append([row.get(t) for t in titles])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def fill_template(rows: list[dict[str, Any]], template: bytes | None = None) -> bytes:
    """The downloadable template with rows typed in under its headers."""
    wb = load_workbook(io.BytesIO(template or template_bytes()))
    ws = wb["客户档案"]
    position = {cell.value: cell.column for cell in ws[1]}
    for r, row in enumerate(rows, start=2):
        for title, value in row.items():
            ws.cell(row=r, column=position[title], value=value)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


async def branch_id(services, code: str = "FJ-FZ-01") -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


async def upload(
    client: httpx.AsyncClient,
    token: str,
    content: bytes,
    branch: int,
    *,
    manager: str | None = None,
    csrf: bool = True,
    file_name: str = "存量档案.xlsx",
) -> httpx.Response:
    """POST the GraphQL multipart request (the multipart request spec) with the file."""
    operations = {"query": IMPORT, "variables": {"file": None, "branchId": str(branch), "manager": manager}}
    headers = {"Authorization": f"Bearer {token}"}
    if csrf:
        headers["x-cic-csrf"] = "1"
    return await client.post(
        "/graphql",
        data={"operations": json.dumps(operations), "map": json.dumps({"0": ["variables.file"]})},
        files={"0": (file_name, content, XLSX_MEDIA_TYPE)},
        headers=headers,
    )


async def import_file(client, token, content, branch, **kwargs) -> dict[str, Any]:
    response = await upload(client, token, content, branch, **kwargs)
    assert response.status_code == 200, response.text
    body = response.json()
    assert "errors" not in body, body
    return body["data"]["importArchives"]


def read_xlsx(content: bytes):
    return load_workbook(io.BytesIO(content))
