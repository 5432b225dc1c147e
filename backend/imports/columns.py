"""The columns of the archive import workbook and how a row becomes an archive dict.

One table (``COLUMNS``) drives everything: the template's header, its drop-downs and its 说明
sheet, the parser (Chinese header title -> archive input path), and the way back from a
validation error's path (``liabilities[0].lender``) to the column title the user sees.
Enum columns hold Chinese labels in the workbook; ``choices`` maps them to the enum values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from backend.errors import CodedError
from backend.identifiers import normalize_id_number
from backend.customers.validation import (
    ETHNICITIES,
    Education,
    Health,
    MaritalStatus,
    VillageRating,
)
from backend.inputs import date_problem, text_problem

SHEET = "客户档案"
HELP_SHEET = "说明"
OPTIONS_SHEET = "选项"
MANAGER_KEY = "managerEmployeeNo"
ERROR_TITLE = "错误原因"
SOURCE_ROW_TITLE = "原行号"

# -- enum labels (the mapping table: workbook label -> enum value) ---------------------------
EDUCATION_LABELS: dict[str, str] = {
    "文盲或半文盲": Education.NONE,
    "小学": Education.PRIMARY,
    "初中": Education.JUNIOR,
    "高中": Education.SENIOR,
    "中专/技校": Education.VOCATIONAL,
    "大专": Education.COLLEGE,
    "本科": Education.BACHELOR,
    "研究生及以上": Education.POSTGRADUATE,
}
MARITAL_LABELS: dict[str, str] = {
    "未婚": MaritalStatus.SINGLE,
    "已婚": MaritalStatus.MARRIED,
    "离异": MaritalStatus.DIVORCED,
    "丧偶": MaritalStatus.WIDOWED,
}
HEALTH_LABELS: dict[str, str] = {
    "良好": Health.GOOD,
    "一般": Health.FAIR,
    "较差": Health.POOR,
    "残疾": Health.DISABLED,
}
RATING_LABELS: dict[str, str] = {
    "AAA": VillageRating.AAA,
    "AA": VillageRating.AA,
    "A": VillageRating.A,
    "B": VillageRating.B,
    "C": VillageRating.C,
    "未评级": VillageRating.UNRATED,
}
ETHNICITY_LABELS: dict[str, str] = {e: e for e in ["汉族", *sorted(ETHNICITIES - {"汉族"})]}
YES_NO: dict[str, bool] = {"是": True, "否": False}
_TRUE = {"是", "Y", "YES", "TRUE", "1", "√", "长期", "长期有效"}
_FALSE = {"否", "N", "NO", "FALSE", "0", "×"}
LONG_TERM_WORDS = {"长期", "长期有效"}


@dataclass(frozen=True, eq=False)
class Column:
    title: str  # the header cell, in Chinese
    key: str  # the archive input path (camelCase), or ``managerEmployeeNo``
    kind: str  # TEXT ID PHONE DATE BOOL CHOICE MONEY AREA INT LIST
    rule: str  # format and rules, for the 说明 sheet and the header comment
    required: bool = False
    choices: dict[str, Any] = field(default_factory=dict)
    width: int = 12
    extra: Any = None  # kind EXTRA: the bank's extra field definition (code, kind, bounds, ...)

    @property
    def text_format(self) -> bool:
        """Excel must keep these as text (leading zeros, 18-digit IDs beyond float precision)."""
        if self.kind == "EXTRA":
            return self.extra.kind == "TEXT"
        return self.kind in ("ID", "PHONE", "TEXT") and self.key != "name"


COLUMNS: tuple[Column, ...] = (
    Column("姓名", "name", "TEXT", "1-30个汉字或字母，可含间隔号“·”", required=True, width=10),
    Column("身份证号码", "idNumber", "ID", "18位居民身份证号码（或15位旧号码），须设为文本格式，校验位须正确；年龄16-100岁", required=True, width=21),
    Column("证件有效期", "idExpiry", "DATE", "日期 YYYY-MM-DD，不能早于今天；长期有效的证件留空或填“长期”", width=12),
    Column("长期有效", "idLongTerm", "BOOL", "是/否；为“是”时不填证件有效期", choices=YES_NO, width=9),
    Column("民族", "ethnicity", "CHOICE", "56个民族之一，如“汉族”", choices=ETHNICITY_LABELS, width=9),
    Column("文化程度", "education", "CHOICE", "从下拉列表选择", choices=EDUCATION_LABELS, width=12),
    Column("婚姻状况", "maritalStatus", "CHOICE", "从下拉列表选择", choices=MARITAL_LABELS, width=9),
    Column("健康状况", "health", "CHOICE", "从下拉列表选择", choices=HEALTH_LABELS, width=9),
    Column("手机号码", "mobile", "PHONE", "11位手机号码，1开头", width=13),
    Column("备用电话", "altPhone", "PHONE", "手机号码或“区号-号码”", width=13),
    Column("区县代码", "address.regionCode", "TEXT", "6位现行行政区划代码（区县级，GB/T 2260），如 350102", width=9),
    Column("乡镇代码", "address.townshipCode", "TEXT", "9位乡镇（街道）代码，须在本行乡镇字典中且属于所填区县", width=14),
    Column("村代码", "address.villageCode", "TEXT", "12位村（社区）代码，须在本行村字典中且属于所填乡镇", width=16),
    Column("详细地址", "address.line", "TEXT", "不超过200字", width=24),
    Column("家庭人口", "household.size", "INT", "整数 1-30，空为1", width=9),
    Column("承包土地(亩)", "land.contractedMu", "AREA", "0-100000，最多两位小数", width=11),
    Column("流转土地(亩)", "land.rentedMu", "AREA", "0-100000，最多两位小数", width=11),
    Column("种植作物", "land.crops", "LIST", "多个作物用顿号“、”或逗号分隔，每个不超过20字", width=14),
    Column("年收入-种养殖(元)", "income.farming", "MONEY", "金额（元），最多两位小数，不能为负", width=13),
    Column("年收入-经营(元)", "income.business", "MONEY", "金额（元），最多两位小数，不能为负", width=13),
    Column("年收入-工资(元)", "income.wages", "MONEY", "金额（元），最多两位小数，不能为负", width=13),
    Column("年收入-其他(元)", "income.other", "MONEY", "金额（元），最多两位小数，不能为负", width=13),
    Column("负债机构", "liabilities[0].lender", "TEXT", "填写负债金额或逾期时必填，不超过100字", width=16),
    Column("负债金额(元)", "liabilities[0].amount", "MONEY", "金额（元），最多两位小数", width=12),
    Column("是否逾期", "liabilities[0].overdue", "BOOL", "是/否", choices=YES_NO, width=9),
    Column("经营实体名称", "business.name", "TEXT", "有经营实体时必填，不超过100字", width=18),
    Column("行业", "business.industry", "TEXT", "不超过50字", width=10),
    Column("统一社会信用代码", "business.creditCode", "TEXT", "18位，校验位须正确（GB 32100）", width=20),
    Column("年营业额(元)", "business.annualTurnover", "MONEY", "金额（元），最多两位小数", width=12),
    Column("从业人数", "business.employees", "INT", "整数 0-100000", width=9),
    Column("村信用评级", "social.villageCreditRating", "CHOICE", "从下拉列表选择", choices=RATING_LABELS, width=10),
    Column("备注", "social.remarks", "TEXT", "不超过500字", width=20),
    Column(
        "客户经理工号", MANAGER_KEY, "TEXT",
        "导入网点在岗客户经理的工号；留空时使用导入时指定的默认客户经理", width=12,
    ),
)

BY_KEY: dict[str, Column] = {c.key: c for c in COLUMNS}


def _normal_title(title: str) -> str:
    """Header matching forgives full-width brackets, spaces and a required-marker asterisk."""
    return re.sub(r"[\s*＊]", "", str(title)).replace("（", "(").replace("）", ")")


BY_TITLE: dict[str, Column] = {_normal_title(c.title): c for c in COLUMNS} | {c.key.lower(): c for c in COLUMNS}


def column_for_title(title: Any, extras: dict[str, Column] | None = None) -> Column | None:
    """The column a header cell names; ``extras`` are the bank's extra-field columns
    (``extra_titles``): matched by their title or their code."""
    if title is None:
        return None
    text = _normal_title(str(title))
    found = BY_TITLE.get(text) or BY_TITLE.get(text.lower())
    if found is None and extras:
        found = extras.get(text) or extras.get(text.lower())
    return found


# -- the bank's extra fields ------------------------------------------------------------------
EXTRA_PREFIX = "extraFields."
_EXTRA_KIND_RULES = {
    "TEXT": "文本",
    "NUMBER": "数字",
    "DATE": "日期 YYYY-MM-DD",
    "CHOICE": "从下拉列表选择",
    "BOOLEAN": "是/否",
}


def extra_column(definition: Any) -> Column:
    """The workbook column of one of the bank's extra fields. Its title is the field's Chinese
    label, or ``label（code）`` when that label is already a built-in column's title."""
    title = definition.label_zh
    if _normal_title(title) in BY_TITLE:
        title = f"{title}（{definition.code}）"
    kind = str(definition.kind)
    rule = "本行扩展字段：" + _EXTRA_KIND_RULES.get(kind, "")
    if kind == "NUMBER" and (definition.min_value or definition.max_value):
        rule += f"，范围 {definition.min_value or '…'} - {definition.max_value or '…'}"
    if kind == "TEXT" and definition.max_length:
        rule += f"，不超过{definition.max_length}字"
    choices: dict[str, Any] = {}
    if kind == "CHOICE":
        choices = {c: c for c in definition.choices or []}
    elif kind == "BOOLEAN":
        choices = dict(YES_NO)
    return Column(
        title, EXTRA_PREFIX + definition.code, "EXTRA", rule, required=bool(definition.required), choices=choices,
        width=max(10, min(24, len(title) * 2 + 2)), extra=definition,
    )


def extra_titles(columns: list[Column]) -> dict[str, Column]:
    """Header lookup of the extra columns: normalized title, and the code (lower case)."""
    out: dict[str, Column] = {}
    for c in columns:
        out[_normal_title(c.title)] = c
        out[c.extra.code.lower()] = c
        out[c.key.lower()] = c
    return out


def extra_cell_text(column: Column, value: Any) -> str | None:
    """An extra field's cell as the text ``_extra_value`` checks (a real date, a number, 是/否)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = str(column.extra.kind)
    if kind == "DATE" and not isinstance(value, str):
        parsed = _any_date(value)
        return parsed.isoformat() if isinstance(parsed, date) else str(parsed)
    if kind == "NUMBER":
        return _decimal_text(value)
    if kind == "BOOLEAN" and isinstance(value, bool):
        return "是" if value else "否"
    return _text(value)


_PATH_TAIL = re.compile(r"^(.*)(\[\d+\]|\.[^.\[]+)$")


def column_for_path(path: str | None) -> Column | None:
    """``liabilities[0].lender`` -> 负债机构; ``land.crops[3]`` -> 种植作物; unknown -> None."""
    if not path:
        return None
    current = path
    while True:
        if current in BY_KEY:
            return BY_KEY[current]
        match = _PATH_TAIL.match(current)
        if not match:
            break
        current = match.group(1)
    for c in COLUMNS:  # an error about a whole section names the section's first column
        if c.key.startswith(path + ".") or c.key.startswith(path + "["):
            return c
    return None


# -- one cell ----------------------------------------------------------------------------------
class CellError(CodedError):
    """A cell whose value cannot be read as its column's type."""


_NUMBER_TEXT = re.compile(r"^\d+$")
_LIST_SPLIT = re.compile(r"[、,，;；/\s]+")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日")


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if problem := text_problem(text):  # one hostile cell is that cell's error, not the file's
        raise CellError(*problem)
    return text or None


def _decimal_text(value: Any) -> str | None:
    if isinstance(value, bool):
        raise CellError("INVALID_NUMBER", "须为数字", "must be a number")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return _text(value)


def _date(value: Any) -> date | str:
    parsed = _any_date(value)
    if isinstance(parsed, date) and (problem := date_problem(parsed)):
        raise CellError(*problem)
    return parsed


def _any_date(value: Any) -> date | str:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        digits = str(int(value))
        if len(digits) == 8 and float(value).is_integer():
            value = digits
        else:  # an Excel date serial in a cell without a date format
            from openpyxl.utils.datetime import from_excel

            try:
                return from_excel(value).date()
            except (ValueError, OverflowError):
                raise CellError("INVALID_DATE", "日期格式不正确（YYYY-MM-DD）", "date must be YYYY-MM-DD") from None
    text = _text(value) or ""
    if text in LONG_TERM_WORDS:
        return text
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise CellError("INVALID_DATE", "日期格式不正确（YYYY-MM-DD）", "date must be YYYY-MM-DD")


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(int(value) if isinstance(value, float) and value.is_integer() else value).strip().upper()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise CellError("INVALID_BOOLEAN", "须填写“是”或“否”", "must be 是 (yes) or 否 (no)")


def _choice(column: Column, value: Any) -> Any:
    text = _text(value) or ""
    if text in column.choices:
        return column.choices[text]
    upper = text.upper()
    for choice in column.choices.values():  # the enum value itself is accepted too
        if str(choice) == upper:
            return choice
    labels = "、".join(column.choices)
    if len(labels) > 60:
        labels = labels[:60] + "……"
    raise CellError("INVALID_CHOICE", f"取值不在允许的选项中（{labels}）", f"not one of the allowed options of {column.key}")


def _id_number(value: Any) -> str | None:
    if isinstance(value, float) and value >= 1e15:
        raise CellError(
            "ID_STORED_AS_NUMBER",
            "身份证号码被存成了数字，末几位已丢失；请将该列设为文本格式后重新填写",
            "the ID number was stored as a number and lost its last digits; format the column as text",
        )
    return _text(value)


def convert_cell(column: Column, value: Any) -> Any:
    """A cell's value as the archive input expects it; ``None`` for an empty cell."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = column.kind
    if kind == "ID":
        return _id_number(value)
    if kind in ("TEXT", "PHONE"):
        return _text(value)
    if kind in ("MONEY", "AREA"):
        return _decimal_text(value)
    if kind == "INT":
        if isinstance(value, float) and value.is_integer():
            return int(value)
        return value if isinstance(value, int) and not isinstance(value, bool) else _text(value)
    if kind == "DATE":
        return _date(value)
    if kind == "BOOL":
        return _bool(value)
    if kind == "CHOICE":
        return _choice(column, value)
    if kind == "LIST":
        return [part for part in _LIST_SPLIT.split(_text(value) or "") if part]
    raise AssertionError(kind)


def snake(name: str) -> str:
    return re.sub(r"([A-Z])", lambda m: "_" + m.group(1).lower(), name)


def _path_parts(path: str) -> tuple[str | int, ...]:
    """``liabilities[0].overdue`` -> ("liabilities", 0, "overdue"): snake_case keys and indexes."""
    return tuple(int(p[1:-1]) if p.startswith("[") else snake(p) for p in re.findall(r"[^.\[\]]+|\[\d+\]", path))


PATH_PARTS: dict[str, tuple[str | int, ...]] = {c.key: _path_parts(c.key) for c in COLUMNS}


def _set_path(target: dict[str, Any], parts: tuple[str | int, ...], value: Any) -> None:
    """Set a value in the snake_case archive dict at a path of keys and list indexes."""
    node: Any = target
    last = len(parts) - 1
    for i, part in enumerate(parts):
        if isinstance(part, int):
            while len(node) <= part:
                node.append({})
            if i == last:
                node[part] = value
            else:
                node = node[part]
        elif i == last:
            node[part] = value
        else:
            node = node.setdefault(part, [] if isinstance(parts[i + 1], int) else {})


@dataclass
class RowInput:
    """One data row as the archive dict (snake_case keys, as ``validate_archive`` takes them), its manager's employee number, and its cell errors."""

    data: dict[str, Any]
    manager_no: str | None
    cell_errors: list[tuple[Column, CellError]]
    id_number: str | None  # the ID number in its 18-character form (not yet validated)
    extras: dict[str, tuple[Column, str]] = field(default_factory=dict)  # code -> (column, cell text)


def row_to_archive(cells: list[tuple[Column, Any]]) -> RowInput:
    data: dict[str, Any] = {}
    errors: list[tuple[Column, CellError]] = []
    manager_no: str | None = None
    long_term = False
    extras: dict[str, tuple[Column, str]] = {}
    for column, raw in cells:
        if column.kind == "EXTRA":
            try:
                text = extra_cell_text(column, raw)
            except CellError as exc:
                errors.append((column, exc))
                continue
            if text is not None:
                extras[column.extra.code] = (column, text)
            continue
        try:
            value = convert_cell(column, raw)
        except CellError as exc:
            errors.append((column, exc))
            continue
        if value is None or value == []:
            continue
        if column.key == MANAGER_KEY:
            manager_no = str(value)
        elif column.key == "idExpiry" and value in LONG_TERM_WORDS:
            long_term = True  # 证件有效期 "长期": a long-term ID
        else:
            _set_path(data, PATH_PARTS[column.key], value)
    if long_term:
        data["id_long_term"] = True
    number = data.get("id_number")
    normalized = normalize_id_number(number) if isinstance(number, str) else None
    return RowInput(data=data, manager_no=manager_no, cell_errors=errors, id_number=normalized, extras=extras)
