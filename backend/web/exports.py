"""``GET /exports/customers.xlsx``: a search result as an Excel workbook, masked as the caller sees it.

The rows come from the GraphQL ``customers`` (or ``customersFailingRule``) query itself, run in
process with the caller's principal, so the export applies the same org scope and the same field
policy extension as the screen: an analyst's export has masked names, a branch manager's has
masked ID numbers. At most ``MAX_ROWS`` rows (keyset pages of 100). Every export is audited
(``customer.export``: the row count and the filter, exact-match personal values masked).

Query parameters: ``filter`` (JSON of ``CustomerFilter``, camelCase), ``rule`` (a rule code:
archives failing it instead, in the same orders), ``locale`` (``zh`` default, or ``en`` column titles), ``order`` (an
``ArchiveOrder``, as the list on the screen; names in pinyin order by default).
"""

from __future__ import annotations

import io
import json
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from backend.approvals.service import LOCAL  # the screens' time zone: a workbook shows what the screen shows
from backend.audit import service as audit
from backend.auth.masking import mask_id_number, mask_phone
from backend.config import Settings
from backend.db.session import transaction
from backend.services import Services
from backend.web.imports import _attachment, _principal

MAX_ROWS = 10_000
PAGE = 100

FIELDS = """id name idNumber mobile gender birthDate status channel updatedAt
  address { regionName } branch { name } manager { name employeeNo } evaluation { completeness precise }"""
SEARCH = f"""query($filter: CustomerFilter, $after: String, $order: ArchiveOrder!) {{
  page: customers(filter: $filter, first: {PAGE}, after: $after, order: $order) {{ pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {FIELDS} }} }} }} }}"""
FAILING = f"""query($code: String!, $after: String, $order: ArchiveOrder!) {{
  page: customersFailingRule(code: $code, first: {PAGE}, after: $after, order: $order) {{ pageInfo {{ hasNextPage endCursor }} edges {{ node {{ {FIELDS} }} }} }} }}"""

COLUMNS = [
    # (title zh, title en, value of a node)
    ("姓名", "Name", lambda n: n["name"]),
    ("身份证号码", "ID number", lambda n: n["idNumber"]),
    ("手机号码", "Mobile", lambda n: n["mobile"]),
    ("性别", "Gender", lambda n: {"MALE": "男", "FEMALE": "女"}.get(n["gender"], n["gender"])),
    ("出生日期", "Birth date", lambda n: n["birthDate"]),
    ("区县", "County", lambda n: (n["address"] or {}).get("regionName")),
    ("网点", "Branch", lambda n: (n["branch"] or {}).get("name")),
    ("客户经理", "Manager", lambda n: f"{n['manager']['name']}（{n['manager']['employeeNo']}）" if n["manager"] else None),
    ("状态", "Status", lambda n: n["status"]),
    ("渠道", "Channel", lambda n: n["channel"]),
    ("完整度(%)", "Completeness (%)", lambda n: (n["evaluation"] or {}).get("completeness")),
    ("精准备案", "Precise filing", lambda n: None if not n["evaluation"] else ("是" if n["evaluation"]["precise"] else "否")),
    ("更新时间", "Updated", lambda n: local_time(n["updatedAt"])),
]
def local_time(iso: str) -> str:
    """An API timestamp (UTC, ISO 8601) as Beijing time, to the second."""
    return datetime.fromisoformat(iso).astimezone(LOCAL).strftime("%Y-%m-%d %H:%M:%S")


STATUS_ZH = {"DRAFT": "草稿", "SUBMITTED": "已提交", "RETURNED": "已退回", "VERIFIED": "已审核", "ARCHIVED": "已归档"}
CHANNEL_ZH = {"PC": "PC端", "PAD": "PAD端", "SELF_SERVICE": "手机银行自助", "IMPORT": "Excel导入"}


_SCHEMAS: dict[int, Any] = {}


def _schema(settings: Settings) -> Any:
    """The GraphQL schema, built once per settings object (the app's own is not reachable here)."""
    if id(settings) not in _SCHEMAS:
        from schema.schema import build_schema

        _SCHEMAS[id(settings)] = build_schema(settings)
    return _SCHEMAS[id(settings)]


def _bad(message: str) -> Response:
    return JSONResponse({"error": "bad_request", "message": message}, status_code=400)


def _audited_filter(variables: dict[str, Any]) -> dict[str, Any]:
    """The filter for the audit record: exact personal values masked, empty entries dropped."""
    out = {k: v for k, v in (variables.get("filter") or {}).items() if v not in (None, [], "")}
    if out.get("idNumber"):
        out["idNumber"] = mask_id_number(str(out["idNumber"]))
    if out.get("mobile"):
        out["mobile"] = mask_phone(str(out["mobile"]))
    if variables.get("code"):
        out["failingRule"] = variables["code"]
    return out


async def export_customers(request: Request) -> Response:
    from schema.context import Context

    principal = await _principal(request)
    if isinstance(principal, Response):
        return principal
    services: Services = request.app.state.services
    params = request.query_params
    try:
        filter_value = json.loads(params.get("filter") or "{}")
    except ValueError:
        return _bad("filter must be JSON of CustomerFilter")
    if not isinstance(filter_value, dict):
        return _bad("filter must be a JSON object")
    english = params.get("locale") == "en"
    rule = params.get("rule")
    # The list's order as on the screen (names in pinyin order by default).
    order = params.get("order") or "NAME_ASC"
    document, variables = (FAILING, {"code": rule, "order": order}) if rule else (SEARCH, {"filter": filter_value, "order": order})

    schema = _schema(services.settings)
    rows: list[dict[str, Any]] = []
    after: str | None = None
    while len(rows) < MAX_ROWS:
        context = Context(services=services, principal=principal, auth_error=None, request_id=request.scope.get("state", {}).get("request_id", ""))
        result = await schema.execute(document, variable_values={**variables, "after": after}, context_value=context)
        if result.errors:
            error = result.errors[0]
            code = (error.extensions or {}).get("code", "BAD_USER_INPUT")
            return JSONResponse({"error": "bad_request", "code": code, "message": error.message}, status_code=403 if code == "FORBIDDEN" else 400)
        page = (result.data or {}).get("page") or {"edges": [], "pageInfo": {"hasNextPage": False}}
        rows.extend(edge["node"] for edge in page["edges"])
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    rows = rows[:MAX_ROWS]

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Archives" if english else "客户档案")
    sheet.freeze_panes = "A2"
    for index, width in enumerate([10, 21, 14, 6, 12, 12, 12, 16, 8, 12, 10, 9, 19]):
        sheet.column_dimensions[chr(ord("A") + index)].width = width
    header_font, header_fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0F7A5C")
    header = []
    for zh, en, _ in COLUMNS:
        cell = WriteOnlyCell(sheet, value=en if english else zh)
        cell.font, cell.fill = header_font, header_fill
        header.append(cell)
    sheet.append(header)
    for node in rows:
        values = [value(node) for _, _, value in COLUMNS]
        if not english:
            values[8] = STATUS_ZH.get(values[8], values[8])
            values[9] = CHANNEL_ZH.get(values[9], values[9])
        sheet.append(values)
    buffer = io.BytesIO()
    workbook.save(buffer)

    async with transaction(services.db.sessions) as session:
        await audit.record(
            session, action="customer.export", org_path=principal.scope_path, principal=principal,
            target_type="Customer", detail={"rows": len(rows), "filter": _audited_filter(variables), "truncated": len(rows) >= MAX_ROWS},
        )  # fmt: skip
    stamp = datetime.now(LOCAL).strftime("%Y%m%d-%H%M")
    return _attachment(buffer.getvalue(), f"客户档案-{stamp}.xlsx", f"cic-archives-{stamp}.xlsx")
