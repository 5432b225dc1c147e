"""The archive as CEL expressions see it: plain values, money in yuan, no personal plaintext.

Paths match ``backend.rules.fields``: ``customer.maritalStatus``, ``familyMembers[0].relation``,
``income.total``, ``business.creditCode``, ``extra.<code>``. Personal fields appear as presence
flags (``customer.hasMobile``), never as values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from backend.customers.models import Customer


def _yuan(fen: Any) -> float:
    return int(fen or 0) / 100


def _extra(values: dict[str, Any], kinds: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for code, value in values.items():
        out[code] = float(value) if kinds.get(code) == "NUMBER" and value is not None else value
    return out


def _customer(c: Any, p: dict[str, Any], kinds: dict[str, str], today: date) -> dict[str, Any]:
    age = today.year - c.birth_date.year - ((today.month, today.day) < (c.birth_date.month, c.birth_date.day))
    return {
        "name": c.name,
        "gender": c.gender,
        # No birthDate: it is the part of the ID number its mask hides (see rules/fields.py).
        "age": age,
        "ethnicity": c.ethnicity or "",
        "education": c.education or "",
        "maritalStatus": c.marital_status or "",
        "health": c.health or "",
        "idLongTerm": bool(c.id_long_term),
        "idExpiry": c.id_expiry.isoformat() if c.id_expiry else "",
        "hasMobile": c.mobile_encrypted is not None,
        "hasAltPhone": c.alt_phone_encrypted is not None,
        "status": c.status.value,
        "channel": c.channel.value,
    }


def _address(c: Any, p: dict[str, Any], kinds: dict[str, str], today: date) -> dict[str, Any]:
    return {
        "regionCode": c.region_code or "",
        "townshipCode": c.township_code or "",
        "villageCode": c.village_code or "",
        "hasLine": c.address_encrypted is not None,
    }


def _family_members(c: Any, p: dict[str, Any], kinds: dict[str, str], today: date) -> list[dict[str, Any]]:
    return [
        {
            "relation": m.get("relation", ""),
            "occupation": m.get("occupation") or "",
            "annualIncome": _yuan(m.get("annual_income")),
            "labourCapacity": m.get("labour_capacity", ""),
            "hasIdNumber": bool(m.get("id_number_encrypted")),
        }
        for m in p.get("family_members", [])
    ]


def _land(c: Any, p: dict[str, Any], kinds: dict[str, str], today: date) -> dict[str, Any]:
    land = p.get("land") or {}
    return {
        "contractedMu": float(land.get("contracted_mu") or 0),
        "rentedMu": float(land.get("rented_mu") or 0),
        "crops": list(land.get("crops") or []),
    }


def _income(c: Any, p: dict[str, Any], kinds: dict[str, str], today: date) -> dict[str, Any]:
    income = p.get("income") or {}
    return {
        **{k: _yuan(income.get(k)) for k in ("farming", "business", "wages", "other")},
        "total": _yuan(sum(int(income.get(k) or 0) for k in ("farming", "business", "wages", "other"))),
    }


def _business(c: Any, p: dict[str, Any], kinds: dict[str, str], today: date) -> dict[str, Any]:
    business = p.get("business")
    return {
        "name": (business or {}).get("name") or "",
        "industry": (business or {}).get("industry") or "",
        "creditCode": (business or {}).get("credit_code") or "",
        "annualTurnover": _yuan((business or {}).get("annual_turnover")),
        "employees": int((business or {}).get("employees") or 0),
    }


@dataclass(frozen=True)
class Section:
    """One top-level name of the document: how it is built, from which columns and profile keys."""

    build: Callable[[Any, dict[str, Any], dict[str, str], date], Any]
    columns: tuple[str, ...] = ()
    profile: tuple[str, ...] = ()


CUSTOMER_COLUMNS = (
    "name", "gender", "birth_date", "ethnicity", "education", "marital_status", "health", "id_long_term", "id_expiry",
    "mobile_encrypted", "alt_phone_encrypted", "status", "channel",
)  # fmt: skip

# In document order. The evaluation engine builds only the sections an expression names (a CEL
# program's variables) and reads only their columns and profile keys.
SECTIONS: dict[str, Section] = {
    "customer": Section(_customer, CUSTOMER_COLUMNS),
    "address": Section(_address, ("region_code", "township_code", "village_code", "address_encrypted")),
    "household": Section(lambda c, p, k, t: {"size": int((p.get("household") or {}).get("size", 1))}, profile=("household",)),
    "familyMembers": Section(_family_members, profile=("family_members",)),
    "land": Section(_land, profile=("land",)),
    "livestock": Section(
        lambda c, p, k, t: [
            {"kind": x.get("kind", ""), "count": int(x.get("count", 0)), "value": _yuan(x.get("value"))} for x in p.get("livestock", [])
        ],
        profile=("livestock",),
    ),
    "assets": Section(
        lambda c, p, k, t: [{"kind": x.get("kind", ""), "value": _yuan(x.get("value"))} for x in p.get("assets", [])], profile=("assets",)
    ),
    "income": Section(_income, profile=("income",)),
    "liabilities": Section(
        lambda c, p, k, t: [
            {"lender": x.get("lender", ""), "amount": _yuan(x.get("amount")), "overdue": bool(x.get("overdue")), "overdueAmount": _yuan(x.get("overdue_amount"))}
            for x in p.get("liabilities", [])
        ],
        profile=("liabilities",),
    ),
    "hasBusiness": Section(lambda c, p, k, t: bool(p.get("business")), profile=("business",)),
    "business": Section(_business, profile=("business",)),
    "social": Section(lambda c, p, k, t: {"villageCreditRating": (p.get("social") or {}).get("village_credit_rating") or ""}, profile=("social",)),
    "consent": Section(
        lambda c, p, k, t: {"present": c.consent is not None, "wordingVersion": (c.consent or {}).get("wording_version", "")}, ("consent",)
    ),
    "extra": Section(lambda c, p, k, t: _extra(c.extra or {}, k), ("extra",)),
}


def archive_document(
    c: Customer, extra_kinds: dict[str, str] | None = None, sections: Iterable[str] | None = None, today: date | None = None
) -> dict[str, Any]:
    """The document of an archive (or only the named ``sections`` of it)."""
    p = c.profile or {}
    kinds = extra_kinds or {}
    today = today or date.today()
    names = SECTIONS if sections is None else sections
    return {name: SECTIONS[name].build(c, p, kinds, today) for name in names}


def sample_document(extra_codes: dict[str, str]) -> dict[str, Any]:
    """A fully populated document for checking an expression's names and types at save time."""
    sample_value = {"NUMBER": 1.0, "DATE": "2026-01-01", "BOOLEAN": True, "CHOICE": "x", "TEXT": "x"}
    return {
        "customer": {
            "name": "张三", "gender": "MALE", "age": 36, "ethnicity": "汉族", "education": "SENIOR",
            "maritalStatus": "MARRIED", "health": "GOOD", "idLongTerm": False, "idExpiry": "2030-01-01", "hasMobile": True,
            "hasAltPhone": False, "status": "DRAFT", "channel": "PAD",
        },
        "address": {"regionCode": "350102", "townshipCode": "", "villageCode": "", "hasLine": True},
        "household": {"size": 3},
        "familyMembers": [{"relation": "SPOUSE", "occupation": "", "annualIncome": 1.0, "labourCapacity": "FULL", "hasIdNumber": True}],
        "land": {"contractedMu": 1.0, "rentedMu": 0.0, "crops": ["水稻"]},
        "livestock": [{"kind": "PIG", "count": 1, "value": 1.0}],
        "assets": [{"kind": "HOUSE", "value": 1.0}],
        "income": {"farming": 1.0, "business": 0.0, "wages": 0.0, "other": 0.0, "total": 1.0},
        "liabilities": [{"lender": "x", "amount": 1.0, "overdue": False, "overdueAmount": 0.0}],
        "hasBusiness": True,
        "business": {"name": "x", "industry": "x", "creditCode": "x", "annualTurnover": 1.0, "employees": 1},
        "social": {"villageCreditRating": "A"},
        "consent": {"present": True, "wordingVersion": "v1"},
        "extra": {code: sample_value.get(kind, "x") for code, kind in extra_codes.items()},
    }
