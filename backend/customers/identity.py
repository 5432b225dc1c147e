"""Chinese identifiers: resident ID numbers (GB 11643), mobiles, credit codes (GB 32100), regions.

Checks come from python-stdnum (``stdnum.cn.ric``, ``stdnum.cn.uscc``), whose ``cn/loc`` table
holds GB/T 2260 region codes with their historical validity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from stdnum import numdb
from stdnum.cn import ric, uscc
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidFormat, InvalidLength, ValidationError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$")


class IdentifierError(ValueError):
    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en


@dataclass(frozen=True)
class ResidentId:
    number: str
    birth_date: date
    gender: str  # MALE | FEMALE
    region_code: str
    converted_from_15: bool = False


def _check_digit(first17: str) -> str:
    return ric.calc_check_digit(first17 + "0")


def upgrade_15_digit(number: str) -> str:
    """A first-generation (1984-1999) 15-digit ID: insert the century "19" and a check digit."""
    first17 = number[:6] + "19" + number[6:]
    return first17 + _check_digit(first17)


def parse_resident_id(raw: str, *, today: date | None = None) -> ResidentId:
    number = ric.compact(raw or "")
    converted = False
    if len(number) == 15:
        if not number.isdigit():
            raise IdentifierError("ID_INVALID_FORMAT", "15位旧身份证号码只能包含数字", "a 15-digit ID number contains digits only")
        number = upgrade_15_digit(number)
        converted = True
    try:
        ric.validate(number)
    except InvalidLength:
        raise IdentifierError("ID_INVALID_LENGTH", "身份证号码应为18位（或15位旧号码）", "ID number must have 18 (or legacy 15) characters") from None
    except InvalidFormat:
        raise IdentifierError("ID_INVALID_FORMAT", "身份证号码前17位须为数字，末位为数字或X", "ID number: 17 digits then a digit or X") from None
    except InvalidChecksum:
        raise IdentifierError("ID_INVALID_CHECKSUM", "身份证号码校验位错误，请核对", "ID number check digit is wrong") from None
    except InvalidComponent:
        try:
            ric.get_birth_date(number)
        except InvalidComponent:
            raise IdentifierError("ID_INVALID_BIRTH_DATE", "身份证号码中的出生日期无效", "the birth date in the ID number is invalid") from None
        raise IdentifierError("ID_UNKNOWN_REGION", "身份证号码中的地区代码不存在", "the region code in the ID number does not exist") from None
    except ValidationError:
        raise IdentifierError("ID_INVALID", "身份证号码无效", "invalid ID number") from None
    except KeyError:
        # stdnum's place lookup finds the province but no county line (e.g. 359999): unknown.
        raise IdentifierError("ID_UNKNOWN_REGION", "身份证号码中的地区代码不存在", "the region code in the ID number does not exist") from None
    birth = ric.get_birth_date(number)
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
        return uscc.validate(raw)
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


def _current_name(spec: str) -> str | None:
    """'[1983-1994]郊区,[1995-]晋安区' -> '晋安区'; None when the code is no longer in force."""
    for part in reversed(spec.split(",")):
        if not part.startswith("["):
            return part
        period, name = part[1:].split("]", 1)
        if not period.split("-")[1]:
            return name
    return None


@lru_cache(maxsize=1)
def current_regions() -> dict[str, Region]:
    """GB/T 2260 codes in force today (no end year), from stdnum's cn/loc table."""
    import stdnum.cn

    regions: dict[str, Region] = {}
    province = ""
    with open(stdnum.cn.__path__[0] + "/loc.dat", encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            key, _, value = line.strip().partition(" ")
            name = _current_name(value.split("=", 1)[1].strip('"'))
            if not line.startswith(" "):
                province = key + "0000"
                if name:
                    regions[province] = Region(code=province, name=name, level="PROVINCE", parent_code=None)
                continue
            code = province[:2] + key
            if name is None or key == "0000" or name in {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}:
                continue
            if key.endswith("00"):
                regions[code] = Region(code=code, name=name, level="CITY", parent_code=province)
            else:
                city = code[:4] + "00"
                parent = city if city in regions else province
                regions[code] = Region(code=code, name=name, level="COUNTY", parent_code=parent)
    return regions


def region_children(parent_code: str | None) -> list[Region]:
    return sorted((r for r in current_regions().values() if r.parent_code == parent_code), key=lambda r: r.code)
