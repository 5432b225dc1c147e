"""The field-level diffs of ``customer_changes``: sealed at rest, shown per the field policy.

A diff maps an input path to ``[before, after]``. Some values are personal: names, the household
register number and remarks are stored as ``enc:<base64>`` tokens (AES-GCM with the field keys,
context ``customer_changes.diff``); ID numbers, phones and the address line are stored already
masked. On read every path that names a protected field is shown as that field is shown to the
reader (full, masked, or null), so the history is never a way around the field policy.
"""

from __future__ import annotations

import base64
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from backend.auth.contexts import DIFF_CONTEXT
from backend.auth.fieldcrypt import FieldCipher
from backend.auth.masking import MASKERS
from backend.auth.policies import FieldPolicy, Visibility, policy_for
from backend.auth.principal import Principal

TOKEN = "enc:"

# Diff path (list indexes as ``[]``) -> the GraphQL field whose policy applies, and whether the
# stored value is sealed (True) or stored already masked (False).
PROTECTED_PATHS: dict[str, tuple[str, str, bool]] = {
    "name": ("Customer", "name", True),
    "familyMembers[].name": ("FamilyMember", "name", True),
    "household.registerNo": ("Household", "registerNo", True),
    "social.remarks": ("Social", "remarks", True),
    "idNumber": ("Customer", "idNumber", False),
    "mobile": ("Customer", "mobile", False),
    "altPhone": ("Customer", "altPhone", False),
    "address.line": ("Address", "line", False),
    "familyMembers[].idNumberMasked": ("Customer", "idNumber", False),
}
_INDEX = re.compile(r"\[\d+\]")


def _protected(path: str) -> tuple[str, str, bool] | None:
    return PROTECTED_PATHS.get(_INDEX.sub("[]", path))


def seal(cipher: FieldCipher, diff: dict[str, Any]) -> dict[str, Any]:
    """The diff as stored: the values of sealed paths encrypted (None stays None)."""
    out: dict[str, Any] = {}
    for path, values in diff.items():
        target = _protected(path)
        if target is not None and target[2] and isinstance(values, list):
            values = [_seal_value(cipher, v) for v in values]
        out[path] = values
    return out


def _seal_value(cipher: FieldCipher, value: Any) -> Any:
    if value is None or (isinstance(value, str) and value.startswith(TOKEN)):
        return value
    return TOKEN + base64.b64encode(cipher.encrypt(str(value), context=DIFF_CONTEXT)).decode()


def _open_value(cipher: FieldCipher, value: Any) -> Any:
    if isinstance(value, str) and value.startswith(TOKEN):
        return cipher.decrypt(base64.b64decode(value[len(TOKEN) :]), context=DIFF_CONTEXT)
    return value  # stored masked, or a diff written before sealing


def shown(cipher: FieldCipher, diff: dict[str, Any], principal: Principal | None) -> dict[str, Any]:
    """The diff as the reader may see it."""
    out: dict[str, Any] = {}
    for path, values in diff.items():
        target = _protected(path)
        if target is None or not isinstance(values, list):
            out[path] = values
            continue
        policy = policy_for(target[0], target[1])
        assert policy is not None, target
        out[path] = [_as_seen(policy, principal, _open_value(cipher, v)) for v in values]
    return out


def _as_seen(policy: FieldPolicy, principal: Principal | None, value: Any) -> Any:
    if value is None:
        return None
    visibility = policy.visibility(principal) if principal is not None else Visibility.HIDDEN
    if visibility == Visibility.HIDDEN:
        return None
    if visibility == Visibility.FULL:
        return value
    masked = MASKERS[policy.mask](value)
    return masked


def needs_sealing(diff: dict[str, Any]) -> bool:
    """Whether a stored diff still holds a plain value on a sealed path (``cic keys rotate``)."""
    return any(
        (t := _protected(path)) is not None and t[2] and isinstance(values, list)
        and any(v is not None and not (isinstance(v, str) and v.startswith(TOKEN)) for v in values)
        for path, values in diff.items()
    )


def stale(cipher: FieldCipher, diff: dict[str, Any]) -> bool:
    """Whether a stored diff holds a sealed value under a key other than the current one."""
    return any(
        isinstance(v, str) and v.startswith(TOKEN) and cipher.needs_rotation(base64.b64decode(v[len(TOKEN) :]))
        for values in diff.values() if isinstance(values, list) for v in values
    )


def reseal(cipher: FieldCipher, diff: dict[str, Any]) -> dict[str, Any]:
    """A stored diff with every sealed path sealed under the current key."""
    opened = {
        path: [_open_value(cipher, v) for v in values] if (t := _protected(path)) is not None and t[2] and isinstance(values, list) else values
        for path, values in diff.items()
    }
    return seal(cipher, opened)


# --- what a reader sees: one labelled entry per changed field -------------------------------------

# How a diff value is shown: TEXT as it is, MONEY stored in fen and shown in yuan, ENUM by the label
# of ``enum`` (a schema enum, labelled by the clients), BOOLEAN, DATE, NUMBER, AREA (mu), LIST (a
# list of words), STAFF and UNIT (ids, shown by name).
MONEY, ENUM, TEXT = "MONEY", "ENUM", "TEXT"


@dataclass(frozen=True)
class FieldLabel:
    zh: str
    en: str
    kind: str = TEXT
    enum: str | None = None


_ITEM = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)$")

# Diff path (list items as ``[]``) -> label. Every path ``snapshot`` and the transitions write.
FIELD_LABELS: dict[str, FieldLabel] = {
    "name": FieldLabel("姓名", "Name"),
    "idNumber": FieldLabel("身份证号码", "ID number"),
    "idExpiry": FieldLabel("证件有效期", "ID expiry", "DATE"),
    "idLongTerm": FieldLabel("证件长期有效", "ID valid long-term", "BOOLEAN"),
    "ethnicity": FieldLabel("民族", "Ethnicity"),
    "education": FieldLabel("文化程度", "Education", ENUM, "Education"),
    "maritalStatus": FieldLabel("婚姻状况", "Marital status", ENUM, "MaritalStatus"),
    "health": FieldLabel("健康状况", "Health", ENUM, "Health"),
    "mobile": FieldLabel("手机号码", "Mobile"),
    "altPhone": FieldLabel("备用电话", "Alternative phone"),
    "address.regionCode": FieldLabel("区县代码", "County code"),
    "address.townshipCode": FieldLabel("乡镇代码", "Township code"),
    "address.villageCode": FieldLabel("村代码", "Village code"),
    "address.line": FieldLabel("详细地址", "Address"),
    "household.size": FieldLabel("家庭人口", "Household size", "NUMBER"),
    "household.registerNo": FieldLabel("户口簿编号", "Household register no."),
    "household.isHead": FieldLabel("是否户主", "Head of household", "BOOLEAN"),
    "familyMembers.length": FieldLabel("家庭成员人数", "Family members", "NUMBER"),
    "familyMembers[].relation": FieldLabel("关系", "relation", ENUM, "Relation"),
    "familyMembers[].name": FieldLabel("姓名", "name"),
    "familyMembers[].idNumberMasked": FieldLabel("身份证号码", "ID number"),
    "familyMembers[].occupation": FieldLabel("职业", "occupation"),
    "familyMembers[].annualIncome": FieldLabel("年收入", "annual income", MONEY),
    "familyMembers[].labourCapacity": FieldLabel("劳动能力", "labour capacity", ENUM, "LabourCapacity"),
    "land.contractedMu": FieldLabel("承包土地", "Contracted land", "AREA"),
    "land.rentedMu": FieldLabel("流转土地", "Rented land", "AREA"),
    "land.crops": FieldLabel("种植作物", "Crops", "LIST"),
    "livestock.length": FieldLabel("养殖项数", "Livestock entries", "NUMBER"),
    "livestock[].kind": FieldLabel("品种", "kind", ENUM, "LivestockKind"),
    "livestock[].count": FieldLabel("数量", "count", "NUMBER"),
    "livestock[].value": FieldLabel("价值", "value", MONEY),
    "assets.length": FieldLabel("资产项数", "Asset entries", "NUMBER"),
    "assets[].kind": FieldLabel("类别", "kind", ENUM, "AssetKind"),
    "assets[].description": FieldLabel("描述", "description"),
    "assets[].value": FieldLabel("价值", "value", MONEY),
    "income.farming": FieldLabel("种养殖收入", "Farming income", MONEY),
    "income.business": FieldLabel("经营收入", "Business income", MONEY),
    "income.wages": FieldLabel("工资收入", "Wages", MONEY),
    "income.other": FieldLabel("其他收入", "Other income", MONEY),
    "liabilities.length": FieldLabel("负债笔数", "Liabilities", "NUMBER"),
    "liabilities[].lender": FieldLabel("负债机构", "lender"),
    "liabilities[].amount": FieldLabel("负债金额", "amount", MONEY),
    "liabilities[].overdue": FieldLabel("是否逾期", "overdue", "BOOLEAN"),
    "liabilities[].overdueAmount": FieldLabel("逾期金额", "overdue amount", MONEY),
    "business": FieldLabel("经营信息", "Business"),
    "business.name": FieldLabel("经营实体名称", "Business name"),
    "business.industry": FieldLabel("行业", "Industry"),
    "business.creditCode": FieldLabel("统一社会信用代码", "Credit code"),
    "business.licenceNo": FieldLabel("营业执照号", "Licence no."),
    "business.annualTurnover": FieldLabel("年营业额", "Annual turnover", MONEY),
    "business.employees": FieldLabel("从业人数", "Employees", "NUMBER"),
    "social.villageCreditRating": FieldLabel("村信用评级", "Village credit rating", ENUM, "VillageRating"),
    "social.remarks": FieldLabel("社会评价备注", "Remarks"),
    "consent": FieldLabel("客户授权", "Consent"),
    "consent.formImageRef": FieldLabel("授权书影像", "Consent form image"),
    "status": FieldLabel("档案状态", "Status", ENUM, "ArchiveStatus"),
    "returnReasons": FieldLabel("退回原因", "Return reasons", "LIST"),
    "managerId": FieldLabel("客户经理", "Customer manager", "STAFF"),
    "branchId": FieldLabel("网点", "Branch", "UNIT"),
    "ecifCustomerNo": FieldLabel("ECIF 客户号", "ECIF customer no."),
}
_LISTS = {
    "familyMembers": ("家庭成员", "Family member"),
    "livestock": ("养殖", "Livestock"),
    "assets": ("资产", "Asset"),
    "liabilities": ("负债", "Liability"),
}


@dataclass(frozen=True)
class FieldChange:
    """One changed field as a reader sees it: its label, and its values before and after as text
    (money in yuan, enum values as they are for the client to label, withheld values as None)."""

    path: str
    label: str
    label_en: str
    kind: str
    enum: str | None
    before: str | None
    after: str | None
    withheld: bool


def label_of(path: str, extra_labels: dict[str, tuple[str, str, str]] | None = None) -> FieldLabel:
    """The label of a diff path; an unknown path is labelled by itself (never dropped)."""
    if path.startswith("extraFields."):
        code = path[len("extraFields.") :]
        zh, en, kind = (extra_labels or {}).get(code, (code, code, "TEXT"))
        return FieldLabel(zh, en, {"NUMBER": "NUMBER", "DATE": "DATE", "BOOLEAN": "BOOLEAN"}.get(kind, TEXT))
    if (item := _ITEM.match(path)) is not None and item.group(1) in _LISTS:
        base = FIELD_LABELS.get(f"{item.group(1)}[].{item.group(3)}")
        zh, en = _LISTS[item.group(1)]
        n = int(item.group(2)) + 1
        if base is None:
            return FieldLabel(f"{zh}{n} · {item.group(3)}", f"{en} {n} · {item.group(3)}")
        return FieldLabel(f"{zh}{n} · {base.zh}", f"{en} {n} · {base.en}", base.kind, base.enum)
    return FIELD_LABELS.get(path) or FieldLabel(path, path)


def display(kind: str, value: Any) -> str | None:
    """A diff value as text of its kind: fen -> yuan with two decimals, lists joined, booleans as
    ``true``/``false``; None stays None."""
    if value is None or value == "":
        return None
    if kind == MONEY and isinstance(value, (int, str)) and str(value).lstrip("-").isdigit():
        return f"{Decimal(int(value)) / 100:.2f}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "、".join(str(v) for v in value) if value else None
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def entries(
    cipher: FieldCipher, diff: dict[str, Any], principal: Principal | None,
    extra_labels: dict[str, tuple[str, str, str]] | None = None,
) -> list[FieldChange]:
    """The diff as labelled entries in path order, each value shown as its field is shown to the
    reader (``shown``): a protected value the reader may not see is None with ``withheld``."""
    seen = shown(cipher, diff, principal)
    out: list[FieldChange] = []
    for path in sorted(seen, key=_order):
        values, stored = seen[path], diff[path]
        label = label_of(path, extra_labels)
        before, after = values if isinstance(values, list) and len(values) == 2 else (None, values)
        withheld = isinstance(stored, list) and any(
            s is not None and v is None for s, v in zip(stored, values if isinstance(values, list) else [])
        )
        out.append(FieldChange(path, label.zh, label.en, label.kind, label.enum, display(label.kind, before), display(label.kind, after), withheld))
    return out


_ORDER = {path: i for i, path in enumerate(FIELD_LABELS)}


def _order(path: str) -> tuple[int, str]:
    """Paths in the order of the form (identity first), list items by item, then unknown ones."""
    item = _ITEM.match(path)
    key = f"{item.group(1)}[].{item.group(3)}" if item else path
    rank = _ORDER.get(key, len(_ORDER))
    return (rank if not item else _ORDER.get(f"{item.group(1)}.length", rank), f"{int(item.group(2)):04d}.{_ORDER.get(key, 0):03d}" if item else path)
