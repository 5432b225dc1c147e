"""Field policy on StaffUser.phone: full, masked 3+4, and the owner's own number."""

from __future__ import annotations

import re

from backend.demo import demo_accounts
from tests.helpers import gql, login

PHONES = {a.username: a.phone for a in demo_accounts()}
STAFF_PHONES = "{ staffUsers(first: 200) { edges { node { username phone } } } }"


def masked(phone: str) -> str:
    return phone[:3] + "****" + phone[-4:]


async def phones_seen_by(client, username: str) -> dict[str, str | None]:
    result = await gql(client, STAFF_PHONES, token=await login(client, username))
    assert "errors" not in result, result
    return {e["node"]["username"]: e["node"]["phone"] for e in result["data"]["staffUsers"]["edges"]}


def test_demo_phones_are_distinct_11_digit_mobiles():
    # The assertions below compare against these; make sure masking is distinguishable from them.
    assert all(re.fullmatch(r"1[3-9]\d{9}", p) for p in PHONES.values())
    assert len(set(PHONES.values())) == len(PHONES)


async def test_branch_manager_sees_customer_manager_phone_in_full(client):
    seen = await phones_seen_by(client, "fz1.manager")
    assert seen["fz1.cm1"] == PHONES["fz1.cm1"]
    assert re.fullmatch(r"\d{11}", seen["fz1.cm1"])
    assert seen == {u: PHONES[u] for u in ("fz1.manager", "fz1.cm1", "fz1.cm2")}


async def test_bank_admin_sees_phones_in_full(client):
    seen = await phones_seen_by(client, "fz.admin")
    assert len(seen) == 14
    assert seen == {u: PHONES[u] for u in seen}


async def test_province_analyst_sees_phones_masked_3_plus_4(client):
    seen = await phones_seen_by(client, "prov.analyst")
    assert len(seen) == 46
    assert seen["fz1.cm1"] == masked(PHONES["fz1.cm1"])
    assert re.fullmatch(r"\d{3}\*{4}\d{4}", seen["fz1.cm1"])
    assert seen["fz1.cm1"] != PHONES["fz1.cm1"]
    # every other number is masked too, except the analyst's own
    assert seen == {u: PHONES[u] if u == "prov.analyst" else masked(PHONES[u]) for u in seen}


async def test_reveal_level_roles_see_masked_values_in_results(client):
    # PROVINCE_ADMIN and AUDITOR hold REVEAL: masked in lists, full only through `reveal`.
    for viewer in ("prov.admin", "fz.auditor"):
        seen = await phones_seen_by(client, viewer)
        assert seen["fz1.cm1"] == masked(PHONES["fz1.cm1"]), viewer
        assert seen[viewer] == PHONES[viewer], viewer


async def test_customer_manager_sees_colleagues_masked_and_own_phone_in_full(client):
    token = await login(client, "fz1.cm1")
    result = await gql(client, STAFF_PHONES, token=token)
    seen = {e["node"]["username"]: e["node"]["phone"] for e in result["data"]["staffUsers"]["edges"]}
    assert seen == {
        "fz1.manager": masked(PHONES["fz1.manager"]),
        "fz1.cm1": PHONES["fz1.cm1"],
        "fz1.cm2": masked(PHONES["fz1.cm2"]),
    }
    # the same holds on `me` and on a single lookup of a colleague
    me = await gql(client, "{ me { user { id username phone } } }", token=token)
    assert me["data"]["me"]["user"]["phone"] == PHONES["fz1.cm1"]
    colleague_id = next(
        e["node"]["id"]
        for e in (await gql(client, '{ staffUsers(search: "fz1.cm2") { edges { node { id } } } }', token=token))["data"][
            "staffUsers"
        ]["edges"]
    )
    one = await gql(client, "query($id: ID!) { staffUser(id: $id) { phone } }", {"id": colleague_id}, token=token)
    assert one == {"data": {"staffUser": {"phone": masked(PHONES["fz1.cm2"])}}}
