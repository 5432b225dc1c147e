"""The archive as clients send it, validated by pydantic into typed, normalized data.

Every rule failure becomes a ``FieldError`` whose ``field`` is the camelCase input path
(``familyMembers[2].idNumber``), with a stable code and a Chinese message. Validation collects
all errors of an input at once.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from backend.identifiers import (
    MOBILE_RE,
    PHONE_RE,
    IdentifierError,
    age_on,
    canonical,
    current_regions,
    parse_resident_id,
    validate_credit_code,
)
from backend.customers.models import Customer
from backend.errors import FieldError
from backend.inputs import column_length

MAX_MONEY_FEN = 10**13  # 1,000 亿元: larger values are input mistakes


class Education(StrEnum):
    NONE = "NONE"
    PRIMARY = "PRIMARY"
    JUNIOR = "JUNIOR"
    SENIOR = "SENIOR"
    VOCATIONAL = "VOCATIONAL"
    COLLEGE = "COLLEGE"
    BACHELOR = "BACHELOR"
    POSTGRADUATE = "POSTGRADUATE"


class MaritalStatus(StrEnum):
    SINGLE = "SINGLE"
    MARRIED = "MARRIED"
    DIVORCED = "DIVORCED"
    WIDOWED = "WIDOWED"


class Health(StrEnum):
    GOOD = "GOOD"
    FAIR = "FAIR"
    POOR = "POOR"
    DISABLED = "DISABLED"


class Relation(StrEnum):
    SPOUSE = "SPOUSE"
    CHILD = "CHILD"
    PARENT = "PARENT"
    SIBLING = "SIBLING"
    GRANDPARENT = "GRANDPARENT"
    GRANDCHILD = "GRANDCHILD"
    OTHER = "OTHER"


class LabourCapacity(StrEnum):
    FULL = "FULL"
    PARTIAL = "PARTIAL"
    NONE = "NONE"


class AssetKind(StrEnum):
    HOUSE = "HOUSE"
    VEHICLE = "VEHICLE"
    MACHINERY = "MACHINERY"
    DEPOSIT = "DEPOSIT"
    OTHER = "OTHER"


class LivestockKind(StrEnum):
    PIG = "PIG"
    CATTLE = "CATTLE"
    SHEEP = "SHEEP"
    POULTRY = "POULTRY"
    AQUATIC = "AQUATIC"
    OTHER = "OTHER"


class VillageRating(StrEnum):
    AAA = "AAA"
    AA = "AA"
    A = "A"
    B = "B"
    C = "C"
    UNRATED = "UNRATED"


ETHNICITIES = frozenset(
    "汉族 蒙古族 回族 藏族 维吾尔族 苗族 彝族 壮族 布依族 朝鲜族 满族 侗族 瑶族 白族 土家族 哈尼族 哈萨克族 傣族 黎族 傈僳族 佤族 畲族 "
    "高山族 拉祜族 水族 东乡族 纳西族 景颇族 柯尔克孜族 土族 达斡尔族 仫佬族 羌族 布朗族 撒拉族 毛南族 仡佬族 锡伯族 阿昌族 普米族 塔吉克族 "
    "怒族 乌孜别克族 俄罗斯族 鄂温克族 德昂族 保安族 裕固族 京族 塔塔尔族 独龙族 鄂伦春族 赫哲族 门巴族 珞巴族 基诺族".split()
)
NAME_RE = re.compile(r"^[\u3400-\u9fffA-Za-z·• ]{1,30}$")


def _err(code: str, message: str, message_en: str) -> PydanticCustomError:
    return PydanticCustomError(code, message, {"en": message_en})


def _money(value: Any) -> int:
    """Yuan as a decimal string -> integer fen; exact, never float arithmetic.

    Sign and magnitude are read from the digits and the exponent before any arithmetic, so
    ``1e999999999`` is refused without ever building a billion-digit integer."""
    if value is None or value == "":
        return 0
    if not isinstance(value, str):
        raise _err("INVALID_MONEY", "金额须以元为单位的字符串传入，如 \"1234.50\"", "money must be a yuan string such as \"1234.50\"")
    try:
        amount = Decimal(value.replace(",", "").strip())
    except InvalidOperation:
        raise _err("INVALID_MONEY", "金额格式不正确", "money must be a decimal number of yuan") from None
    if not amount.is_finite() or amount.as_tuple().exponent < -2:
        raise _err("INVALID_MONEY", "金额最多保留两位小数", "money has at most 2 decimals")
    if amount.is_signed() and amount:
        raise _err("NEGATIVE_AMOUNT", "金额不能为负数", "amount cannot be negative")
    if amount.adjusted() > len(str(MAX_MONEY_FEN)):
        raise _err("AMOUNT_TOO_LARGE", "金额超出合理范围", "amount is implausibly large")
    fen = int(amount * 100)
    if fen > MAX_MONEY_FEN:
        raise _err("AMOUNT_TOO_LARGE", "金额超出合理范围", "amount is implausibly large")
    return fen


def _area(value: Any) -> str:
    if value is None or value == "":
        return "0"
    try:
        area = Decimal(str(value).strip())
    except InvalidOperation:
        raise _err("INVALID_AREA", "面积格式不正确（亩）", "area must be a decimal number of mu") from None
    if not area.is_finite() or area.as_tuple().exponent < -2:
        raise _err("INVALID_AREA", "面积最多保留两位小数", "area has at most 2 decimals")
    if area < 0 or area > 100000:
        raise _err("OUT_OF_RANGE", "面积须在0到100000亩之间", "area must be 0-100000 mu")
    return str(area.quantize(Decimal("0.01")))


Fen = Annotated[int, BeforeValidator(_money)]
Mu = Annotated[str, BeforeValidator(_area)]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _canonical(value: Any) -> Any:
    """Identifiers (phones, codes): full-width forms to ASCII, anything else non-ASCII refused."""
    if not isinstance(value, str):
        return value
    try:
        return canonical(value) or None
    except IdentifierError as e:
        raise _err(e.code, e.message, e.message_en) from None


def _person_name(value: str) -> str:
    if not NAME_RE.match(value):
        raise _err("INVALID_NAME", "姓名只能包含汉字、字母和间隔号，1-30个字符", "name: 1-30 Chinese characters or letters")
    return value


def _resident_id(value: str) -> str:
    try:
        return parse_resident_id(value).number
    except IdentifierError as e:
        raise _err(e.code, e.message, e.message_en) from None


def _optional_resident_id(value: str | None) -> str | None:
    return _resident_id(value) if value else None


Text = Annotated[str, BeforeValidator(_strip)]
Identifier = Annotated[str | None, BeforeValidator(_canonical)]
PersonName = Annotated[str, BeforeValidator(_strip), AfterValidator(_person_name)]
ResidentIdNumber = Annotated[str, AfterValidator(_resident_id)]
OptionalResidentIdNumber = Annotated[str | None, AfterValidator(_optional_resident_id)]


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, use_enum_values=True)


class FamilyMember(Section):
    relation: Relation
    name: PersonName
    id_number: OptionalResidentIdNumber = None
    occupation: Text | None = Field(default=None, max_length=50)
    annual_income: Fen = 0
    labour_capacity: LabourCapacity = LabourCapacity.FULL


class Household(Section):
    size: int = Field(default=1, ge=1, le=30)
    register_no: Text | None = Field(default=None, max_length=32)
    is_head: bool = True


class Land(Section):
    contracted_mu: Mu = "0.00"
    rented_mu: Mu = "0.00"
    crops: list[Annotated[str, Field(min_length=1, max_length=20)]] = Field(default_factory=list, max_length=20)


class Livestock(Section):
    kind: LivestockKind
    count: int = Field(ge=0, le=1_000_000)
    value: Fen = 0


class Asset(Section):
    kind: AssetKind
    description: Text | None = Field(default=None, max_length=100)
    value: Fen = 0


class Income(Section):
    farming: Fen = 0
    business: Fen = 0
    wages: Fen = 0
    other: Fen = 0


class Liability(Section):
    lender: Text = Field(min_length=1, max_length=100)
    amount: Fen = 0
    overdue: bool = False
    overdue_amount: Fen = 0

    @model_validator(mode="after")
    def _overdue(self) -> Liability:
        if self.overdue_amount > self.amount:
            raise PydanticCustomError(
                "OVERDUE_EXCEEDS_AMOUNT", "逾期金额不能大于负债金额", {"en": "overdue amount exceeds the liability", "loc": "overdueAmount"}
            )
        return self


class Business(Section):
    name: Text = Field(min_length=1, max_length=100)
    industry: Text | None = Field(default=None, max_length=50)
    credit_code: Identifier = None
    licence_no: Text | None = Field(default=None, max_length=50)
    annual_turnover: Fen = 0
    employees: int = Field(default=0, ge=0, le=100000)

    @field_validator("credit_code")
    @classmethod
    def _code(cls, v: str | None) -> str | None:
        if not v:
            return None
        try:
            return validate_credit_code(v)
        except IdentifierError as e:
            raise _err(e.code, e.message, e.message_en) from None


class Social(Section):
    village_credit_rating: VillageRating | None = None
    remarks: Text | None = Field(default=None, max_length=500)


class Address(Section):
    region_code: Identifier = None
    township_code: Identifier = Field(default=None, max_length=column_length(Customer.township_code))
    village_code: Identifier = Field(default=None, max_length=column_length(Customer.village_code))
    line: Text | None = Field(default=None, max_length=200)

    @field_validator("region_code")
    @classmethod
    def _region(cls, v: str | None) -> str | None:
        if not v:
            return None
        region = current_regions().get(v)
        if region is None or region.level != "COUNTY":
            raise _err("UNKNOWN_REGION", "行政区划代码不存在或不是区县级", "not a current county-level GB/T 2260 code")
        return v


class Profile(Section):
    household: Household = Field(default_factory=Household)
    family_members: list[FamilyMember] = Field(default_factory=list, max_length=30)
    land: Land = Field(default_factory=Land)
    livestock: list[Livestock] = Field(default_factory=list, max_length=30)
    assets: list[Asset] = Field(default_factory=list, max_length=50)
    income: Income = Field(default_factory=Income)
    liabilities: list[Liability] = Field(default_factory=list, max_length=30)
    business: Business | None = None
    social: Social = Field(default_factory=Social)


class ArchiveInput(Profile):
    """What a client may set on an archive (derived and lifecycle fields are the server's):
    identity, contact and address, plus the nested sections of ``Profile``."""

    name: PersonName
    id_number: ResidentIdNumber
    id_expiry: date | None = None
    id_long_term: bool = False
    ethnicity: str | None = None
    education: Education | None = None
    marital_status: MaritalStatus | None = None
    health: Health | None = None
    mobile: Identifier = None
    alt_phone: Identifier = None
    address: Address = Field(default_factory=Address)

    @field_validator("ethnicity")
    @classmethod
    def _ethnicity(cls, v: str | None) -> str | None:
        if v and v not in ETHNICITIES:
            raise _err("UNKNOWN_ETHNICITY", "民族须为56个民族之一，如\"汉族\"", "ethnicity must be one of the 56 recognised groups")
        return v or None

    @field_validator("mobile")
    @classmethod
    def _mobile(cls, v: str | None) -> str | None:
        if v and not MOBILE_RE.match(v):
            raise _err("INVALID_MOBILE", "手机号码格式不正确（11位，1开头）", "mobile number must be 11 digits starting with 1")
        return v or None

    @field_validator("alt_phone")
    @classmethod
    def _phone(cls, v: str | None) -> str | None:
        if v and not PHONE_RE.match(v):
            raise _err("INVALID_PHONE", "电话号码格式不正确（手机或区号-号码）", "phone must be a mobile or an area-code number")
        return v or None

    @model_validator(mode="after")
    def _cross_fields(self) -> ArchiveInput:
        birth = parse_resident_id(self.id_number).birth_date
        if not 16 <= age_on(birth) <= 100:
            raise PydanticCustomError("AGE_OUT_OF_RANGE", "客户年龄须在16到100岁之间", {"en": "customer age must be 16-100", "loc": "idNumber"})
        if self.id_long_term and self.id_expiry is not None:
            raise PydanticCustomError("EXPIRY_CONFLICT", "长期有效的证件不能再填写有效期", {"en": "a long-term ID has no expiry date", "loc": "idExpiry"})
        if self.id_expiry is not None and self.id_expiry < date.today():
            raise PydanticCustomError("ID_EXPIRED", "身份证已过有效期", {"en": "the ID card has expired", "loc": "idExpiry"})
        spouses = [i for i, m in enumerate(self.family_members) if m.relation == Relation.SPOUSE]
        if len(spouses) > 1:
            raise PydanticCustomError("MULTIPLE_SPOUSES", "家庭成员中只能有一位配偶", {"en": "at most one spouse", "loc": f"familyMembers[{spouses[1]}].relation"})
        own = self.id_number
        for i, m in enumerate(self.family_members):
            if m.id_number == own:
                raise PydanticCustomError("SAME_AS_CUSTOMER", "家庭成员的身份证号不能与客户本人相同", {"en": "a family member has the customer's ID number", "loc": f"familyMembers[{i}].idNumber"})
        return self

    def profile(self) -> dict[str, Any]:
        """The nested sections as stored in ``customers.profile``."""
        return Profile.model_validate({name: getattr(self, name) for name in Profile.model_fields}).model_dump(mode="json")


def camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def path_of(loc: tuple[Any, ...], prefix: str = "") -> str:
    out = prefix
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("function-after", "function-before") or str(part).startswith(("function-", "constrained-")):
            continue
        else:
            out += ("." if out else "") + camel(str(part))
    return out


_GENERIC = {
    "missing": ("REQUIRED", "此项为必填项", "this field is required"),
    "extra_forbidden": ("UNKNOWN_FIELD", "不认识的字段", "unknown field"),
    "enum": ("INVALID_CHOICE", "取值不在允许的选项中", "value is not one of the allowed options"),
    "too_short": ("TOO_SHORT", "内容过短", "too short"),
    "too_long": ("TOO_LONG", "内容过长或条目过多", "too long or too many items"),
    "string_too_short": ("REQUIRED", "此项不能为空", "this field cannot be empty"),
    "string_too_long": ("TOO_LONG", "内容过长", "too long"),
    "greater_than_equal": ("OUT_OF_RANGE", "数值小于允许的最小值", "value below the minimum"),
    "less_than_equal": ("OUT_OF_RANGE", "数值大于允许的最大值", "value above the maximum"),
    "date_parsing": ("INVALID_DATE", "日期格式不正确（YYYY-MM-DD）", "date must be YYYY-MM-DD"),
    "date_from_datetime_parsing": ("INVALID_DATE", "日期格式不正确（YYYY-MM-DD）", "date must be YYYY-MM-DD"),
    "int_parsing": ("INVALID_NUMBER", "须为整数", "must be a whole number"),
    "bool_parsing": ("INVALID_BOOLEAN", "须为是或否", "must be true or false"),
}


# The codes ``to_field_errors`` answers with for pydantic's own checks (another domain that
# validates its input with it answers with these too).
GENERIC_CODES = frozenset({code for code, _, _ in _GENERIC.values()} | {"INVALID"})


def to_field_errors(exc: ValidationError, prefix: str = "") -> list[FieldError]:
    errors: list[FieldError] = []
    for e in exc.errors(include_url=False):
        ctx = e.get("ctx") or {}
        loc = path_of(tuple(e["loc"]), prefix)
        if "loc" in ctx:  # a cross-field rule names the field it is about, relative to its model
            loc = f"{loc}.{ctx['loc']}" if loc else ctx["loc"]
        if e["type"] in _GENERIC:
            code, zh, en = _GENERIC[e["type"]]
        elif "en" in ctx:
            code, zh, en = e["type"], e["msg"], ctx["en"]
        else:
            code, zh, en = "INVALID", "内容不符合要求", e["msg"]
        errors.append(FieldError(loc or None, code, zh, en))
    return errors


def validate_archive(data: dict[str, Any]) -> ArchiveInput:
    """Raises ``DomainError`` with every problem of the input."""
    from backend.errors import DomainError

    try:
        return ArchiveInput.model_validate(data)
    except ValidationError as exc:
        raise DomainError(*to_field_errors(exc)) from None
