"""What a rule can talk about: every addressable archive field, with its SQL accessor and type.

Simple rule kinds compile to SQL over ``customers c`` through these accessors (set-based for
one archive on save and for a million in a batch); CEL expressions see the same paths in the
document built by ``backend.rules.document``. Personal values are encrypted, so for them only
presence can be tested (``presence_only``).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class FieldType(StrEnum):
    STRING = "STRING"
    NUMBER = "NUMBER"
    DATE = "DATE"
    BOOLEAN = "BOOLEAN"
    COUNT = "COUNT"  # a list, addressed by its length


@dataclass(frozen=True)
class RuleField:
    path: str
    label_zh: str
    type: FieldType
    sql: str
    presence_only: bool = False


P = "c.profile"


def _text(json_path: str) -> str:
    return f"NULLIF({P}#>>'{{{json_path}}}', '')"


def _secret(section: str, key: str) -> str:
    """An encrypted profile value (``PROFILE_SECRETS``): present or not; a legacy plain one too."""
    return f"COALESCE(NULLIF({P}#>>'{{{section},{key}_encrypted}}', ''), NULLIF({P}#>>'{{{section},{key}}}', ''))"


def _yuan(json_path: str) -> str:
    return f"(({P}#>>'{{{json_path}}}')::numeric / 100)"


def _sum_yuan(array: str, key: str) -> str:
    return f"(SELECT COALESCE(sum((x->>'{key}')::numeric), 0) / 100 FROM jsonb_array_elements({P}->'{array}') x)"


def _count(array: str) -> str:
    return f"jsonb_array_length(COALESCE({P}->'{array}', '[]'::jsonb))"


def _has_relation(relation: str, extra: str = "") -> str:
    return (
        f"EXISTS (SELECT 1 FROM jsonb_array_elements({P}->'family_members') m "
        f"WHERE m->>'relation' = '{relation}'{extra})"
    )


FIELDS: dict[str, RuleField] = {
    f.path: f
    for f in [
        RuleField("customer.name", "姓名", FieldType.STRING, "NULLIF(c.name, '')"),
        RuleField("customer.idNumber", "身份证号码", FieldType.STRING, "c.id_number_encrypted", presence_only=True),
        RuleField("customer.idExpiry", "证件有效期", FieldType.DATE, "c.id_expiry"),
        RuleField("customer.idLongTerm", "证件长期有效", FieldType.BOOLEAN, "c.id_long_term"),
        RuleField("customer.idValid", "证件有效（长期或有效期已填）", FieldType.BOOLEAN, "(c.id_long_term OR c.id_expiry IS NOT NULL)"),
        RuleField("customer.gender", "性别", FieldType.STRING, "c.gender"),
        # Derived from the ID number: a rule on the exact date would make dry-run counts an oracle
        # for the masked ID (the 6+4 mask hides exactly the birth date). Age is tested instead.
        RuleField("customer.birthDate", "出生日期", FieldType.DATE, "c.birth_date", presence_only=True),
        RuleField("customer.age", "年龄", FieldType.NUMBER, "date_part('year', age(current_date, c.birth_date))"),
        RuleField("customer.ethnicity", "民族", FieldType.STRING, "c.ethnicity"),
        RuleField("customer.education", "文化程度", FieldType.STRING, "c.education"),
        RuleField("customer.maritalStatus", "婚姻状况", FieldType.STRING, "c.marital_status"),
        RuleField("customer.health", "健康状况", FieldType.STRING, "c.health"),
        RuleField("customer.mobile", "手机号码", FieldType.STRING, "c.mobile_encrypted", presence_only=True),
        RuleField("customer.altPhone", "备用电话", FieldType.STRING, "c.alt_phone_encrypted", presence_only=True),
        RuleField("customer.status", "档案状态", FieldType.STRING, "c.status"),
        RuleField("customer.channel", "采集渠道", FieldType.STRING, "c.channel"),
        RuleField("address.regionCode", "区县", FieldType.STRING, "c.region_code"),
        RuleField("address.townshipCode", "乡镇", FieldType.STRING, "c.township_code"),
        RuleField("address.villageCode", "村", FieldType.STRING, "c.village_code"),
        RuleField("address.line", "详细地址", FieldType.STRING, "c.address_encrypted", presence_only=True),
        RuleField("household.size", "家庭人口", FieldType.NUMBER, f"({P}#>>'{{household,size}}')::int"),
        RuleField("household.registerNo", "户口簿编号", FieldType.STRING, _secret("household", "register_no"), presence_only=True),
        RuleField("familyMembers", "家庭成员", FieldType.COUNT, _count("family_members")),
        RuleField("familyMembers.hasSpouse", "配偶信息", FieldType.BOOLEAN, _has_relation("SPOUSE")),
        RuleField(
            "familyMembers.spouseIdNumber", "配偶身份证号码", FieldType.BOOLEAN,
            _has_relation("SPOUSE", " AND m->>'id_number_encrypted' IS NOT NULL"),
        ),
        RuleField("land.contractedMu", "承包土地(亩)", FieldType.NUMBER, f"({P}#>>'{{land,contracted_mu}}')::numeric"),
        RuleField("land.rentedMu", "流转土地(亩)", FieldType.NUMBER, f"({P}#>>'{{land,rented_mu}}')::numeric"),
        RuleField("land.crops", "种植作物", FieldType.COUNT, f"jsonb_array_length(COALESCE({P}#>'{{land,crops}}', '[]'::jsonb))"),
        RuleField("livestock", "养殖", FieldType.COUNT, _count("livestock")),
        RuleField("assets", "资产", FieldType.COUNT, _count("assets")),
        RuleField("assets.totalValue", "资产总值(元)", FieldType.NUMBER, _sum_yuan("assets", "value")),
        RuleField("income.farming", "种养殖收入(元)", FieldType.NUMBER, _yuan("income,farming")),
        RuleField("income.business", "经营收入(元)", FieldType.NUMBER, _yuan("income,business")),
        RuleField("income.wages", "工资收入(元)", FieldType.NUMBER, _yuan("income,wages")),
        RuleField("income.other", "其他收入(元)", FieldType.NUMBER, _yuan("income,other")),
        RuleField(
            "income.total", "家庭年收入(元)", FieldType.NUMBER,
            f"((COALESCE(({P}#>>'{{income,farming}}')::numeric, 0) + COALESCE(({P}#>>'{{income,business}}')::numeric, 0)"
            f" + COALESCE(({P}#>>'{{income,wages}}')::numeric, 0) + COALESCE(({P}#>>'{{income,other}}')::numeric, 0)) / 100)",
        ),
        RuleField("liabilities", "负债", FieldType.COUNT, _count("liabilities")),
        RuleField("liabilities.total", "负债总额(元)", FieldType.NUMBER, _sum_yuan("liabilities", "amount")),
        RuleField(
            "liabilities.overdue", "有逾期负债", FieldType.BOOLEAN,
            f"EXISTS (SELECT 1 FROM jsonb_array_elements({P}->'liabilities') x WHERE (x->>'overdue')::boolean)",
        ),
        RuleField("business", "经营信息", FieldType.BOOLEAN, f"({P}->'business' IS NOT NULL AND {P}->'business' <> 'null'::jsonb)"),
        RuleField("business.name", "经营实体名称", FieldType.STRING, _text("business,name")),
        RuleField("business.industry", "行业", FieldType.STRING, _text("business,industry")),
        RuleField("business.creditCode", "统一社会信用代码", FieldType.STRING, _text("business,credit_code")),
        RuleField("business.licenceNo", "营业执照号", FieldType.STRING, _text("business,licence_no")),
        RuleField("business.annualTurnover", "年营业额(元)", FieldType.NUMBER, _yuan("business,annual_turnover")),
        RuleField("business.employees", "从业人数", FieldType.NUMBER, f"({P}#>>'{{business,employees}}')::int"),
        RuleField("social.villageCreditRating", "村信用评级", FieldType.STRING, _text("social,village_credit_rating")),
        RuleField("social.remarks", "社会评价备注", FieldType.STRING, _secret("social", "remarks"), presence_only=True),
        RuleField("consent", "客户授权", FieldType.BOOLEAN, "(c.consent IS NOT NULL)"),
        RuleField("consent.wordingVersion", "授权书版本", FieldType.STRING, "(c.consent->>'wording_version')"),
        RuleField("consent.formImageRef", "授权书影像", FieldType.STRING, "NULLIF(c.consent->>'form_image_ref', '')"),
    ]
}

EXTRA_PREFIX = "extra."


def field_for(path: str, extra_kinds: dict[str, str] | None = None) -> RuleField | None:
    """A catalog field, or a bank extra field (``extra.<code>``) when the bank defines it."""
    if path in FIELDS:
        return FIELDS[path]
    if path.startswith(EXTRA_PREFIX) and extra_kinds is not None:
        code = path[len(EXTRA_PREFIX) :]
        kind = extra_kinds.get(code)
        if kind is None or not code.replace("_", "").isalnum():
            return None
        type_ = {"NUMBER": FieldType.NUMBER, "DATE": FieldType.DATE, "BOOLEAN": FieldType.BOOLEAN}.get(kind, FieldType.STRING)
        cast = {FieldType.NUMBER: "::numeric", FieldType.DATE: "::date", FieldType.BOOLEAN: "::boolean"}.get(type_, "")
        return RuleField(path, code, type_, f"(NULLIF(c.extra->>'{code}', ''){cast})")
    return None
