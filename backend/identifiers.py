"""Chinese identifiers: resident ID numbers (GB 11643), mobiles, credit codes (GB 32100), regions.

Check characters come from python-stdnum (``stdnum.cn.ric``, ``stdnum.cn.uscc``); its ``cn/loc``
table holds GB/T 2260 region codes with the years each was in force. Every identifier is
canonicalised first (``canonical``): full-width forms typed through a Chinese IME become ASCII,
anything still not ASCII is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from backend.errors import CodedError

# ASCII digits only: Python's \d also matches Arabic-Indic and other digits.
MOBILE_RE = re.compile(r"^1[3-9][0-9]{9}$")
PHONE_RE = re.compile(r"^(1[3-9][0-9]{9}|0[0-9]{2,3}-?[0-9]{7,8})$")


class IdentifierError(CodedError):
    """An identifier that is not valid (``code``: ID_INVALID_CHECKSUM, NON_ASCII_CHARACTERS...)."""


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str  # MALE | FEMALE
    region_code: str
    converted_from_15: bool = False


def canonical(raw: str) -> str:
    """An identifier as typed -> its ASCII form: NFKC (full-width ``１３８``/``Ｘ`` -> ``138``/``X``),
    surrounding blanks removed. Refused when anything is still not ASCII afterwards (Arabic-Indic
    digits, a mix of scripts): they are not the same number to every other system."""
    value = unicodedata.normalize("NFKC", raw or "").strip()
    if not value.isascii():
        raise IdentifierError("NON_ASCII_CHARACTERS", "只能使用半角数字和字母", "only ASCII digits and letters are allowed")
    return value


def normalize_id_number(raw: str) -> str:
    """The comparable form of an ID number without validating it (validation does that): NFKC,
    no spaces or dashes, upper-case X, a legacy 15-digit number in its 18-digit form."""
    number = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", raw)).upper()
    return upgrade_15_digit(number) if len(number) == 15 and number.isascii() and number.isdigit() else number


def _check_digit(first17: str) -> str:
    return ric.calc_check_digit(first17 + "0")


def upgrade_15_digit(number: str) -> str:
    """A first-generation (1984-1999) 15-digit ID: insert the century "19" and a check digit."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + _check_digit(first17)


def parse_resident_id(raw: str, *, today: date | None = None) -> ResidentId:
    number = ric.compact(canonical(raw))
    converted = False
    if len(number) == 15:
        if not number.isdigit():
            raise IdentifierError("ID_INVALID_FORMAT", "15位旧身份证号码只能包含数字", "a 15-digit ID number contains digits only")
        number = upgrade_15_digit(number)
        converted = True
    if len(number) != 18:
        raise IdentifierError("ID_INVALID_LENGTH", "身份证号码应为18位（或15位旧号码）", "ID number must have 18 (or legacy 15) characters")
    if not number[:17].isdigit():
        raise IdentifierError("ID_INVALID_FORMAT", "身份证号码前17位须为数字，末位为数字或X", "ID number: 17 digits then a digit or X")
    if number[17] != _check_digit(number[:17]):
        raise IdentifierError("ID_INVALID_CHECKSUM", "身份证号码校验位错误，请核对", "ID number check digit is wrong")
    try:
        birth = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdentifierError("ID_INVALID_BIRTH_DATE", "身份证号码中的出生日期无效", "the birth date in the ID number is invalid") from None
    if not region_valid_for_birth(number[:6], birth.year):
        raise IdentifierError("ID_UNKNOWN_REGION", "身份证号码中的地区代码不存在", "the region code in the ID number does not exist")
    today = today or date.today()
    if birth > today or birth.year < 1900:
        raise IdentifierError("ID_INVALID_BIRTH_DATE", "身份证号码中的出生日期无效", "the birth date in the ID number is invalid")
    gender = "MALE" if int(number[16]) % 2 == 1 else "FEMALE"
    return ResidentId(number=number, birth_date=birth, gender=gender, region_code=number[:6], converted_from_15=converted)


def age_on(birth: date, today: date | None = None) -> int:
    today = today or date.today()
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))


def validate_credit_code(raw: str) -> str:
    try:
        return uscc.validate(canonical(raw))
    except ValidationError:
        raise IdentifierError(
            "INVALID_CREDIT_CODE", "统一社会信用代码无效（18位，校验位须正确）", "invalid unified social credit code"
        ) from None


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str  # PROVINCE | CITY | COUNTY
    parent_code: str | None


Period = tuple[int | None, int | None]  # first and last year in force; None: open


def _periods(spec: str) -> tuple[list[Period], str | None]:
    """'[1983-1994]郊区,[1995-]晋安区' -> ([(1983, 1994), (1995, None)], '晋安区'): the periods
    of a code and its current name (None when the code is no longer in force). A name without a
    period has always been in force."""
    periods: list[Period] = []
    current: str | None = None
    for part in spec.split(","):
        if not part.startswith("["):
            periods.append((None, None))
            current = part
            continue
        period, name = part[1:].split("]", 1)
        start, end = period.split("-")
        periods.append((int(start) if start else None, int(end) if end else None))
        if not end:
            current = name
    return periods, current


def _loc_lines() -> Iterator[tuple[str, str, bool]]:
    """(6-digit code, name spec, is a province line) of stdnum's cn/loc table, in file order."""
    import stdnum.cn

    province = ""
    with open(stdnum.cn.__path__[0] + "/loc.dat", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, value = line.strip().partition(" ")
            spec = value.split("=", 1)[1].strip('"')
            if not line.startswith(" "):
                province = key
                yield key + "0000", spec, True
            else:
                yield province + key, spec, False


@lru_cache(maxsize=1)
def _region_periods() -> dict[str, list[Period]]:
    return {code: _periods(spec)[0] for code, spec, is_province in _loc_lines() if not is_province}


def region_valid_for_birth(code: str, birth_year: int) -> bool:
    """A region code inside an ID number is genuine unless it was abolished before the birth year.

    The code is that of the office that registered the person when the number was issued, which
    may be years after the birth: 350102 (鼓楼区, from 1983) in the number of someone born in
    1965 is genuine. So a code is refused only when it is unknown, or when every period it was in
    force ended before the person was born. (python-stdnum's ``get_birth_place`` also refuses
    codes created after the birth year, which refuses real people.)"""
    periods = _region_periods().get(code)
    return bool(periods) and any(end is None or end >= birth_year for _, end in periods)


@lru_cache(maxsize=1)
def current_regions() -> dict[str, Region]:
    """GB/T 2260 codes in force today (no end year), from stdnum's cn/loc table."""
    regions: dict[str, Region] = {}
    province = ""
    for code, spec, is_province in _loc_lines():
        name = _periods(spec)[1]
        if is_province:
            province = code
            if name:
                regions[province] = Region(code=province, name=name, level="PROVINCE", parent_code=None)
            continue
        if name is None or code.endswith("0000") or name in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
            continue
        if code.endswith("00"):
            regions[code] = Region(code=code, name=name, level="CITY", parent_code=province)
        else:
            city = code[:4] + "00"
            parent = city if city in regions else province
            regions[code] = Region(code=code, name=name, level="COUNTY", parent_code=parent)
    return regions


def region_children(parent_code: str | None) -> list[Region]:
    return sorted((r for r in current_regions().values() if r.parent_code == parent_code), key=lambda r: r.code)
