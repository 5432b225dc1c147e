"""Hostile-input checks shared by the GraphQL input guard, the domain validation and the import.

Everything a client sends is checked here (or with these helpers) before it reaches the
database, so a value PostgreSQL cannot store or compare (a NUL byte, a lone surrogate, an id
beyond ``bigint``, a year-1 date) is a typed error with a field path, never an ``INTERNAL``.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from backend.errors import DomainError, FieldError

MAX_TEXT = 10_000  # characters in any one string a client sends (column limits are tighter)
MAX_ITEMS = 1_000  # items in any one list a client sends
MAX_DEPTH = 20  # nesting of a JSON argument (rule parameters)
BIGINT_MAX = 2**63 - 1
MAX_NUMBER_DIGITS = 15  # integer digits of a number typed as text (bank extra fields, bounds)
MAX_DECIMALS = 6
# Dates and times a client may send. Inside this range every conversion (time zones, UTC) and
# every PostgreSQL type is safe; no date the system deals with lies outside it.
EARLIEST_YEAR = 1900
LATEST_YEAR = 2199
# Characters allowed besides printable text: tab, line feed, carriage return.
_ALLOWED_CONTROLS = frozenset("\t\n\r")


def error(field: str | None, code: str, message: str, message_en: str) -> FieldError:
    return FieldError(field, code, message, message_en)


def text_problem(value: str, *, max_length: int = MAX_TEXT) -> tuple[str, str, str] | None:
    """(code, Chinese, English) when ``value`` may not be stored as text, else None.

    Refused: control characters (C0 other than tab and newlines, DEL, C1; PostgreSQL cannot
    store NUL at all) and lone surrogates (not encodable as UTF-8), and more than ``max_length``
    characters.
    """
    if len(value) > max_length:
        return "TOO_LONG", f"内容过长（最多{max_length}个字符）", f"at most {max_length} characters"
    for ch in value:
        if (ch < " " and ch not in _ALLOWED_CONTROLS) or "\x7f" <= ch <= "\x9f" or "\ud800" <= ch <= "\udfff":
            return "CONTROL_CHARACTER", "内容含有不允许的控制字符", "contains a control character"
    return None


def check_text(value: str | None, field: str, *, max_length: int = MAX_TEXT) -> str | None:
    """``value`` unchanged, or a ``DomainError`` naming ``field``."""
    if value is not None and (problem := text_problem(value, max_length=max_length)):
        raise DomainError(error(field, *problem))
    return value


def column_length(attribute: Any) -> int:
    """The declared length of a ``String(n)`` column (``Model.attribute``): limits follow the schema."""
    length = attribute.property.columns[0].type.length
    assert length, f"{attribute} has no length"
    return int(length)


def parse_int_id(value: Any, field: str = "id") -> int:
    """A database id: ASCII digits, 1 to 2^63-1 (``str.isdigit`` would take '²' and '٣')."""
    text = str(value)
    if not (text.isascii() and text.isdigit() and len(text) <= 19) or not 0 < int(text) <= BIGINT_MAX:
        raise DomainError(error(field, "INVALID_ID", "编号格式不正确", f"{field} must be a numeric id"))
    return int(text)


def parse_uuid(value: Any, field: str = "id") -> uuid.UUID:
    text = str(value)
    try:
        if not text.isascii() or len(text) > 45:
            raise ValueError
        return uuid.UUID(text)
    except ValueError:
        raise DomainError(error(field, "INVALID_ID", "编号格式不正确（须为UUID）", f"{field} must be a UUID")) from None


def sane_decimal(text: str) -> Decimal | None:
    """A number a client typed as text, or None: finite, at most ``MAX_NUMBER_DIGITS`` integer
    digits and ``MAX_DECIMALS`` decimals. Read from its digits and exponent, before any arithmetic
    (``Decimal('1e999999999') * 100`` overflows the context; ``int()`` of it never ends)."""
    if len(text) > 64:
        return None
    try:
        number = Decimal(text.strip())
    except InvalidOperation:
        return None
    if not number.is_finite() or number.adjusted() >= MAX_NUMBER_DIGITS or number.as_tuple().exponent < -MAX_DECIMALS:
        return None
    return number


def date_problem(value: date) -> tuple[str, str, str] | None:
    """Dates and datetimes outside 1900-2199 (year 1, year 9999 whose UTC conversion overflows)."""
    if not EARLIEST_YEAR <= value.year <= LATEST_YEAR:
        return (
            "DATE_OUT_OF_RANGE",
            f"日期须在{EARLIEST_YEAR}年至{LATEST_YEAR}年之间",
            f"dates must lie between {EARLIEST_YEAR} and {LATEST_YEAR}",
        )
    if isinstance(value, datetime) and value.utcoffset() is not None and abs(value.utcoffset().total_seconds()) > 18 * 3600:
        return "DATE_OUT_OF_RANGE", "时区偏移不正确", "the UTC offset is out of range"
    return None
