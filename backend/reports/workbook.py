"""A report as an Excel workbook: the export of the screen (``GET /exports/report.xlsx``) and the
monthly report (月报). Column titles in Chinese (or English), amounts in yuan, rates in percent,
one sheet per level of rows, each sorted by archives (the ranking), the unit's total first."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill

if TYPE_CHECKING:
    from backend.reports.service import Line, Report


def _rate(a: int, b: int) -> float | None:
    return round(100 * a / b, 2) if b else None


def _yuan(fen: int) -> float:
    return round(fen / 100, 2)


# (title zh, title en, value of a line's figures)
COLUMNS: list[tuple[str, str, Callable[[dict[str, int]], object]]] = [
    ("档案数", "Archives", lambda v: v["archives"]),
    ("已审核", "Verified", lambda v: v["verified"]),
    ("精准建档", "Precise", lambda v: v["precise"]),
    ("精准建档率(%)", "Precise rate (%)", lambda v: _rate(v["precise"], v["archives"])),
    ("本期新建档案", "Archives created", lambda v: v["created"]),
    ("已评级", "Rated", lambda v: v["rated"]),
    ("申请数", "Applications", lambda v: v["applications"]),
    ("审批通过", "Approved", lambda v: v["approved"]),
    ("审批拒绝", "Rejected", lambda v: v["rejected"]),
    ("通过率(%)", "Approval rate (%)", lambda v: _rate(v["approved"], v["decided"])),
    ("平均审批时长(小时)", "Mean decision time (h)", lambda v: round(v["decision_seconds"] / v["decided"] / 3600, 1) if v["decided"] else None),
    ("批准金额(元)", "Approved amount (yuan)", lambda v: _yuan(v["approved_amount"])),
    ("授信笔数", "Quotas granted", lambda v: v["quotas"]),
    ("授信总额(元)", "Granted amount (yuan)", lambda v: _yuan(v["granted_amount"])),
    ("有效额度笔数", "Active quotas", lambda v: v["quotas_active"]),
    ("有效额度(元)", "Active quota amount (yuan)", lambda v: _yuan(v["quota_amount"])),
    ("已用额度(元)", "Used (yuan)", lambda v: _yuan(v["quota_used"])),
    ("额度使用率(%)", "Use rate (%)", lambda v: _rate(v["quota_used"], v["quota_amount"])),
    ("提醒数", "Reminders", lambda v: v["reminders"]),
    ("已完成提醒", "Reminders done", lambda v: v["reminders_done"]),
    ("客户接触", "Contacts", lambda v: v["contacts"]),
    ("提醒→接触", "Reminders contacted", lambda v: v["contacted_reminders"]),
    ("接触→申请", "Applications after contact", lambda v: v["converted_applications"]),
    ("申请→授信", "Quotas after contact", lambda v: v["converted_quotas"]),
]
LEVEL_TITLES = {"BANK": ("按法人行社", "By bank"), "BRANCH": ("按网点", "By branch"), "MANAGER": ("按客户经理", "By manager")}
UNASSIGNED = ("未分配客户经理", "No manager")


@dataclass
class Sheet:
    report: Report
    names: dict[tuple[int, int | None], str]  # (unit id, manager id) -> the row's name


def _header(sheet, titles: list[str]) -> None:
    font, fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0F7A5C")
    cells = []
    for title in titles:
        cell = WriteOnlyCell(sheet, value=title)
        cell.font, cell.fill = font, fill
        cells.append(cell)
    sheet.append(cells)


def _row_name(line: Line, names: dict[tuple[int, int | None], str], english: bool) -> str:
    if line.unassigned:
        return UNASSIGNED[1 if english else 0]
    return names.get((line.unit_id, line.manager_id), str(line.manager_id or line.unit_id))


def workbook(sheets: list[Sheet], *, english: bool = False) -> bytes:
    """The sheets' reports in one workbook (write-only: 1,900 rows cost what 67 do)."""
    book = Workbook(write_only=True)
    first = sheets[0].report
    summary = book.create_sheet("Summary" if english else "汇总")
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 18
    unit_name = sheets[0].names.get((first.unit.id, None), first.unit.name)
    for label, value in (
        (("机构", "Unit"), unit_name),
        (("统计区间", "Period"), f"{first.since.isoformat()} ~ {first.until.isoformat()}"),
        (("数据截至", "As of"), first.as_of.isoformat() if first.as_of else "-"),
    ):
        summary.append([label[1 if english else 0], value])
    summary.append([])
    _header(summary, ["Figure" if english else "指标", "Value" if english else "数值"])
    for zh, en, value in COLUMNS:
        summary.append([en if english else zh, value(first.total.values)])
    for part in sheets:
        zh, en = LEVEL_TITLES[part.report.level]
        sheet = part_sheet = book.create_sheet(en if english else zh)
        part_sheet.freeze_panes = "C2"
        part_sheet.column_dimensions["A"].width = 6
        part_sheet.column_dimensions["B"].width = 24
        _header(sheet, ["Rank" if english else "排名", "Name" if english else "名称", *[en if english else zh for zh, en, _ in COLUMNS]])
        ranked = sorted(part.report.lines, key=lambda line: (-line.values["archives"], _row_name(line, part.names, english)))
        for rank, line in enumerate(ranked, start=1):
            sheet.append([rank, _row_name(line, part.names, english), *[value(line.values) for _, _, value in COLUMNS]])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
