"""The downloadable template workbook, and the error workbook built in the same layout.

Sheets of the template:

* 客户档案 - one header row of Chinese column titles (required ones in red, each with a comment
  carrying its rule); data from row 2. Text format on ID/phone/code columns, drop-downs on
  enum columns (Chinese labels, mapped to enum values by ``columns.py``).
* 说明 - per column: title, English key, required, format and rules, allowed values; and the
  rules of an import (dedup, idempotence, error workbook).
* 选项 - (hidden) the drop-down lists the validations refer to.
* 乡镇村代码 - the bank's township and village dictionary (level, code, name, parent code and
  name); the 乡镇代码 and 村代码 columns have drop-downs of its codes. Only in a bank's template.

A bank's template (``bank_template_bytes``) also has a column per active extra field of the bank
(``columns.extra_column``), after the built-in ones.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from backend.imports.columns import (
    COLUMNS,
    ERROR_TITLE,
    HELP_SHEET,
    OPTIONS_SHEET,
    SHEET,
    SOURCE_ROW_TITLE,
    Column,
)

PLACES_SHEET = "乡镇村代码"
LEVEL_LABELS = {"TOWNSHIP": "乡镇（街道）", "VILLAGE": "村（社区）"}


@dataclass(frozen=True)
class Place:
    """One entry of the bank's township/village dictionary, as the template lists it."""

    level: str  # TOWNSHIP | VILLAGE
    code: str
    name: str
    parent_code: str
    parent_name: str | None

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VALIDATED_ROWS = 10000  # drop-downs and formats reach this far down the sheet
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
ERROR_FILL = PatternFill("solid", fgColor="FFC7CE")
ERROR_HEADER_FILL = PatternFill("solid", fgColor="F8CBAD")

GENERAL_RULES = [
    "每行一位客户；第1行为表头，请勿修改列名，可删除不需要的非必填列，列的顺序不限。",
    "红色列名为必填项。身份证号码、手机号码、各类代码列须为文本格式（模板已设置），否则Excel会丢失身份证号码末几位。",
    "下拉列表列请从列表中选择；金额以元为单位，最多两位小数；日期格式为 YYYY-MM-DD。",
    "导入的档案为“草稿”状态、渠道为“批量导入”，由客户经理核实补充后再提交审核。",
    "同一文件中身份证号码重复时，以第一次出现的行为准，后面的行记为错误。",
    "本行已有该身份证号码的客户档案时，该行跳过（不算错误，不会重复建档）。",
    "同一文件（内容完全相同）再次导入同一网点时，直接返回上次导入的结果，不会重复导入。",
    "有错误的行会生成“错误明细”工作簿：只含出错的行，出错的单元格标红并附批注，末尾“错误原因”列汇总原因；修改后可直接再次导入。",
]


def _header_cell(ws: Worksheet, index: int, column: Column) -> None:
    cell = ws.cell(row=1, column=index, value=column.title)
    cell.font = Font(bold=True, color="C00000" if column.required else "000000")
    cell.fill = HEADER_FILL
    cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    note = column.rule + ("（必填）" if column.required else "")
    if column.choices and column.kind == "CHOICE" and len(column.choices) <= 12:
        note += "\n可选：" + "、".join(column.choices)
    comment = Comment(note, "CIC")
    comment.width, comment.height = 260, 110
    cell.comment = comment


def _options_sheet(wb: Workbook, columns: Sequence[Column]) -> dict[str, str]:
    """The hidden sheet of drop-down lists; returns column key -> range reference."""
    ws = wb.create_sheet(OPTIONS_SHEET)
    ws.sheet_state = "hidden"
    refs: dict[str, str] = {}
    position = 0
    for column in columns:
        if column.kind not in ("CHOICE", "BOOL", "EXTRA") or not column.choices:
            continue
        position += 1
        letter = get_column_letter(position)
        ws.cell(row=1, column=position, value=column.title)
        labels = list(column.choices)
        for i, label in enumerate(labels, start=2):
            ws.cell(row=i, column=position, value=label)
        refs[column.key] = f"'{OPTIONS_SHEET}'!${letter}$2:${letter}${len(labels) + 1}"
    return refs


def _places_sheet(wb: Workbook, places: Sequence[Place]) -> dict[str, str]:
    """The bank's townships, then its villages (code order): a lookup for people and the
    range references of the two code drop-downs."""
    ws = wb.create_sheet(PLACES_SHEET)
    ws.append(["级别", "代码", "名称", "上级代码", "上级名称"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    refs: dict[str, str] = {}
    row = 2
    for level, key in (("TOWNSHIP", "address.townshipCode"), ("VILLAGE", "address.villageCode")):
        first = row
        for p in sorted((p for p in places if p.level == level), key=lambda p: p.code):
            ws.append([LEVEL_LABELS[level], p.code, p.name, p.parent_code, p.parent_name or ""])
            row += 1
        if row > first:
            refs[key] = f"'{PLACES_SHEET}'!$B${first}:$B${row - 1}"
    for letter, width in zip("ABCDE", (12, 16, 20, 16, 20)):
        ws.column_dimensions[letter].width = width
    for letter in "BD":
        ws.column_dimensions[letter].number_format = "@"
    ws.freeze_panes = "A2"
    return refs


def format_columns(
    wb: Workbook, ws: Worksheet, layout: list[tuple[int, Column]], last_row: int = VALIDATED_ROWS, places: Sequence[Place] | None = None
) -> None:
    """Widths, text formats and drop-downs for the known columns at their positions."""
    refs = _options_sheet(wb, [c for _, c in layout])
    place_refs = _places_sheet(wb, places) if places is not None else {}
    for index, column in layout:
        letter = get_column_letter(index)
        ws.column_dimensions[letter].width = column.width
        if column.text_format:
            ws.column_dimensions[letter].number_format = "@"
        elif column.kind == "DATE":
            ws.column_dimensions[letter].number_format = "yyyy-mm-dd"
        if column.key in refs:
            dv = DataValidation(type="list", formula1=refs[column.key], allow_blank=True)
            dv.error, dv.errorTitle = "请从下拉列表中选择", column.title
            dv.prompt, dv.promptTitle = column.rule, column.title
            dv.showErrorMessage = True
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
        elif column.key in place_refs:
            # Codes only (Excel lists show one column); 乡镇村代码 names them. Not a stop: the
            # import checks the code against the dictionary anyway.
            dv = DataValidation(type="list", formula1=place_refs[column.key], allow_blank=True)
            dv.prompt, dv.promptTitle = f"从下拉列表选择，名称见“{PLACES_SHEET}”工作表", column.title
            dv.errorStyle, dv.showErrorMessage = "warning", True
            dv.error, dv.errorTitle = f"代码不在本行字典中（见“{PLACES_SHEET}”工作表）", column.title
            dv.add(f"{letter}2:{letter}{last_row}")
            ws.add_data_validation(dv)
    ws.freeze_panes = "A2"


def _help_sheet(wb: Workbook, extras: Sequence[Column] = ()) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.append(["导入规则"])
    ws["A1"].font = Font(bold=True, size=13)
    for rule in GENERAL_RULES:
        ws.append([rule])
    ws.append([])
    header_row = ws.max_row + 1
    ws.append(["列名", "字段（英文键）", "必填", "格式与规则", "允许值"])
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
    for column in (*COLUMNS, *extras):
        allowed = "、".join(column.choices) if column.choices else ""
        if column.kind == "CHOICE" and column.key != "ethnicity":
            allowed = "；".join(f"{label}={value}" for label, value in column.choices.items())
        ws.append([column.title, column.key, "是" if column.required else "否", column.rule, allowed])
    for letter, width in zip("ABCDE", (18, 28, 6, 60, 60)):
        ws.column_dimensions[letter].width = width
    for row in ws.iter_rows(min_row=header_row + 1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")


def build_template(extras: Sequence[Column] = (), places: Sequence[Place] | None = None) -> Workbook:
    """The template; a bank's has its extra-field columns and its township/village codes."""
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    layout = list(enumerate((*COLUMNS, *extras), start=1))
    for index, column in layout:
        _header_cell(ws, index, column)
    ws.row_dimensions[1].height = 30
    _help_sheet(wb, extras)
    format_columns(wb, ws, layout, places=places)
    wb.active = 0
    return wb


def to_bytes(wb: Workbook) -> bytes:
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@lru_cache(maxsize=1)
def template_bytes() -> bytes:
    """The template without a bank's dictionary or extra fields (the CLI, province staff)."""
    return to_bytes(build_template())


def bank_template_bytes(extras: Sequence[Column], places: Sequence[Place]) -> bytes:
    return to_bytes(build_template(extras, places))


def build_error_workbook(
    header: list[Any],
    layout: list[tuple[int, Column]],
    rows: list[tuple[int, tuple[Any, ...], dict[int, list[str]], list[str]]],
) -> bytes:
    """A copy of the failed rows in the uploaded layout, ready to fix and import again.

    ``rows``: (source row number, the row's cells, {column index: messages}, reasons). Bad cells
    are filled red with a comment carrying the message; 错误原因 sums the row up; 原行号 says
    where the row was in the uploaded file.
    """
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    known = dict(layout)
    width = len(header)
    for index, title in enumerate(header, start=1):
        column = known.get(index)
        if column is not None:
            _header_cell(ws, index, column)
        else:
            ws.cell(row=1, column=index, value=title).font = Font(bold=True)
    reason_col, source_col = width + 1, width + 2
    for index, title in ((reason_col, ERROR_TITLE), (source_col, SOURCE_ROW_TITLE)):
        cell = ws.cell(row=1, column=index, value=title)
        cell.font = Font(bold=True, color="C00000")
        cell.fill = ERROR_HEADER_FILL
    ws.column_dimensions[get_column_letter(reason_col)].width = 60
    ws.column_dimensions[get_column_letter(source_col)].width = 8
    for out_row, (source_row, values, cell_messages, reasons) in enumerate(rows, start=2):
        for index in range(1, width + 1):
            value = values[index - 1] if index - 1 < len(values) else None
            cell = ws.cell(row=out_row, column=index, value=value)
            column = known.get(index)
            if column is not None and column.text_format and value is not None:
                cell.number_format = "@"
            messages = cell_messages.get(index)
            if messages:
                cell.fill = ERROR_FILL
                comment = Comment("\n".join(messages), "CIC")
                comment.width, comment.height = 240, 80
                cell.comment = comment
        ws.cell(row=out_row, column=reason_col, value="；".join(reasons)).alignment = Alignment(wrap_text=True, vertical="top")
        ws.cell(row=out_row, column=source_col, value=source_row)
    _help_sheet(wb, [c for _, c in layout if c.kind == "EXTRA"])
    format_columns(wb, ws, layout, last_row=max(len(rows) + 1, 2))
    wb.active = 0
    return to_bytes(wb)
