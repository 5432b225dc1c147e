"""Inputs and GraphQL documents shared by the customer tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

# Valid Fujian resident IDs (GB 11643 check digits) for tests.
ZHANG_ID = "350102199003071234"
SPOUSE_ID = "350102199208150024"
OTHER_ID = "350521198511230015"


def archive(**overrides: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "name": "张建国",
        "idNumber": ZHANG_ID,
        "idLongTerm": True,
        "ethnicity": "汉族",
        "education": "SENIOR",
        "maritalStatus": "MARRIED",
        "health": "GOOD",
        "mobile": "13812345678",
        "address": {"regionCode": "350102", "line": "鼓楼区东街1号"},
        "household": {"size": 4, "registerNo": "HK0001"},
        "familyMembers": [
            {"relation": "SPOUSE", "name": "李秀英", "idNumber": SPOUSE_ID, "annualIncome": "36000.00"},
            {"relation": "CHILD", "name": "张小明", "labourCapacity": "NONE"},
        ],
        "land": {"contractedMu": "12.5", "rentedMu": "3", "crops": ["水稻", "茶叶"]},
        "livestock": [{"kind": "PIG", "count": 20, "value": "40000"}],
        "assets": [{"kind": "HOUSE", "description": "两层砖房", "value": "350000.00"}],
        "income": {"farming": "80000", "wages": "12000.50"},
        "liabilities": [{"lender": "福州农商银行", "amount": "50000", "overdue": False}],
        "social": {"villageCreditRating": "AA"},
    }
    base.update(overrides)
    return base


CONSENT = {"wordingVersion": "v2024.1", "consentedAt": datetime(2026, 1, 5, 9, 30, tzinfo=UTC).isoformat(), "channel": "PAD"}

CUSTOMER_FIELDS = """
  id version status channel name gender birthDate idNumber mobile
  address { regionCode regionName line }
  familyMembers { relation name idNumber annualIncome }
  land { contractedMu rentedMu crops }
  income { farming wages total }
  liabilities { lender amount }
  consent { wordingVersion channel }
  returnReasons
  branch { code } manager { username }
"""
# VerifyArchivePayload: the saved archive and its errors (a stale version is a VERSION_CONFLICT error).
VERIFIED_PAYLOAD = f"""
  customer {{ {CUSTOMER_FIELDS} }}
  errors {{ field code message }}
"""
# ArchiveTransitionPayload (submit, return, close): plus the server's copy on a version conflict.
TRANSITION_PAYLOAD = f"""{VERIFIED_PAYLOAD}
  conflict {{ serverVersion current {{ version name }} }}
"""
# ArchivePayload (create, update): plus duplicate warnings and the archive a duplicate ID belongs to.
PAYLOAD = f"""{TRANSITION_PAYLOAD}
  warnings {{ code relatedIds }}
  duplicateOf
"""
CREATE = f"mutation($i: CreateArchiveInput!) {{ createArchive(input: $i) {{ {PAYLOAD} }} }}"
UPDATE = f"mutation($i: UpdateArchiveInput!) {{ updateArchive(input: $i) {{ {PAYLOAD} }} }}"
SUBMIT = f"mutation($i: ArchiveTransitionInput!) {{ submitArchive(input: $i) {{ {TRANSITION_PAYLOAD} }} }}"
VERIFY = f"mutation($i: ArchiveTransitionInput!) {{ verifyArchive(input: $i) {{ {VERIFIED_PAYLOAD} }} }}"
RETURN = f"mutation($i: ArchiveTransitionInput!) {{ returnArchive(input: $i) {{ {TRANSITION_PAYLOAD} }} }}"
SEARCH = """query($f: CustomerFilter, $first: Int, $after: String) {
  customers(filter: $f, first: $first, after: $after) {
    edges { cursor node { id name idNumber mobile status manager { username } } }
    pageInfo { hasNextPage endCursor }
  } }"""


async def verified_archive(client: Any, *, consent: dict[str, Any] | None = None, **overrides: Any) -> tuple[str, str]:
    """An archive collected by fz1.cm1 with consent and the required photos, submitted and verified
    by fz1.manager: (archive id, the branch manager's token)."""
    from tests.helpers import gql, login, run_burst_worker
    from tests.images.photos import upload_required_photos

    cm = await login(client, "fz1.cm1")
    created = await gql(client, CREATE, {"i": {"archive": archive(**overrides), "channel": "PAD", "consent": consent or CONSENT}}, token=cm)
    payload = created["data"]["createArchive"]
    assert payload["errors"] == [], payload
    cid = payload["customer"]["id"]
    await upload_required_photos(client, cm, cid)
    await run_burst_worker()  # the photos' processing jobs, so that a test's own worker run sees only its jobs
    submitted = await gql(client, SUBMIT, {"i": {"id": cid, "version": 1}}, token=cm)
    assert submitted["data"]["submitArchive"]["customer"]["status"] == "SUBMITTED", submitted
    bm = await login(client, "fz1.manager")
    verified = await gql(client, VERIFY, {"i": {"id": cid, "version": 2}}, token=bm)
    assert verified["data"]["verifyArchive"]["errors"] == [], verified
    return cid, bm
