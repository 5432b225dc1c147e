"""Read scoping: every org and staff query shows the caller's subtree and nothing else."""

from __future__ import annotations

import base64

from sqlalchemy import select

from backend.demo import demo_accounts, demo_org_units
from backend.orgs.models import OrgUnit, StaffUser
from tests.helpers import as_user, gql, login

STAFF_PAGE = """
query($first: Int!, $after: String) {
  staffUsers(first: $first, after: $after) {
    edges { cursor node { id username orgUnit { code } } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
ORG_UNITS = "{ orgUnits { id code level depth parentId bankId } }"


async def user_id(services, username: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(StaffUser.id).where(StaffUser.username == username))


async def unit_id(services, code: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(select(OrgUnit.id).where(OrgUnit.code == code))


def usernames_in(prefix: str) -> set[str]:
    """Demo usernames whose org unit code is ``prefix`` or lies below it."""
    return {a.username for a in demo_accounts() if a.org_code == prefix or a.org_code.startswith(prefix + "-")}


async def all_staff(client, token: str) -> list[dict]:
    result = await gql(client, STAFF_PAGE, {"first": 200}, token=token)
    assert "errors" not in result, result
    page = result["data"]["staffUsers"]
    assert page["pageInfo"]["hasNextPage"] is False
    return [edge["node"] for edge in page["edges"]]


async def test_customer_manager_sees_only_staff_of_own_branch(client):
    # given a customer manager of branch FJ-FZ-01
    token = await login(client, "fz1.cm1")
    # when they list staff
    nodes = await all_staff(client, token)
    # then exactly the three people of that branch come back
    assert sorted(n["username"] for n in nodes) == ["fz1.cm1", "fz1.cm2", "fz1.manager"]
    assert {n["orgUnit"]["code"] for n in nodes} == {"FJ-FZ-01"}


async def test_bank_admin_sees_all_staff_of_own_bank_and_none_of_other_banks(client):
    token = await login(client, "fz.admin")
    nodes = await all_staff(client, token)
    names = [n["username"] for n in nodes]
    assert len(names) == len(set(names)) == 14
    assert set(names) == usernames_in("FJ-FZ")
    assert not [u for u in names if u.startswith(("qz", "np", "prov"))]
    assert all(n["orgUnit"]["code"].startswith("FJ-FZ") for n in nodes)


async def test_province_users_see_all_46_staff(client):
    everyone = {a.username for a in demo_accounts()}
    assert len(everyone) == 46
    for username in ("prov.admin", "prov.analyst", "prov.auditor"):
        nodes = await all_staff(client, await login(client, username))
        names = [n["username"] for n in nodes]
        assert len(names) == 46, username
        assert set(names) == everyone, username


async def test_org_units_returns_the_callers_subtree(client, services):
    fz = await unit_id(services, "FJ-FZ")
    fz1 = await unit_id(services, "FJ-FZ-01")
    province = await unit_id(services, "FJ")

    branch = (await as_user(client, "fz1.cm1", ORG_UNITS))["data"]["orgUnits"]
    assert branch == [
        {"id": str(fz1), "code": "FJ-FZ-01", "level": "BRANCH", "depth": 2, "parentId": str(fz), "bankId": str(fz)}
    ]

    bank = (await as_user(client, "fz.admin", ORG_UNITS))["data"]["orgUnits"]
    assert len(bank) == 4
    assert bank[0] == {"id": str(fz), "code": "FJ-FZ", "level": "BANK", "depth": 1, "parentId": str(province), "bankId": str(fz)}
    assert sorted(u["code"] for u in bank) == ["FJ-FZ", "FJ-FZ-01", "FJ-FZ-02", "FJ-FZ-03"]
    assert all(u["bankId"] == str(fz) for u in bank)

    whole = (await as_user(client, "prov.analyst", ORG_UNITS))["data"]["orgUnits"]
    assert len(whole) == 13
    assert whole[0]["code"] == "FJ" and whole[0]["depth"] == 0 and whole[0]["parentId"] is None
    assert sorted(u["code"] for u in whole) == sorted(code for code, *_ in demo_org_units())
    depth = {"PROVINCE": 0, "BANK": 1, "BRANCH": 2}
    assert all(u["depth"] == depth[u["level"]] for u in whole)
    assert [u["level"] for u in whole].count("BANK") == 3


async def test_single_lookups_of_another_bank_return_null(client, services):
    # given a bank admin of FZ and ids of a QZ user and a QZ branch
    token = await login(client, "fz.admin")
    own_user, other_user = await user_id(services, "fz2.cm1"), await user_id(services, "qz1.cm1")
    own_unit, other_unit = await unit_id(services, "FJ-FZ-02"), await unit_id(services, "FJ-QZ-01")
    query = "query($u: ID!, $o: ID!) { staffUser(id: $u) { username } orgUnit(id: $o) { code } }"
    # when they look up their own bank's records, then they are found
    own = await gql(client, query, {"u": str(own_user), "o": str(own_unit)}, token=token)
    assert own == {"data": {"staffUser": {"username": "fz2.cm1"}, "orgUnit": {"code": "FJ-FZ-02"}}}
    # when they look up another bank's records, then both are null and no error is raised
    other = await gql(client, query, {"u": str(other_user), "o": str(other_unit)}, token=token)
    assert other == {"data": {"staffUser": None, "orgUnit": None}}
    # and a branch user cannot see their own bank's unit either
    bank_unit = await unit_id(services, "FJ-FZ")
    branch = await as_user(client, "fz1.cm1", query, {"u": str(await user_id(services, "fz2.cm1")), "o": str(bank_unit)})
    assert branch == {"data": {"staffUser": None, "orgUnit": None}}


async def test_keyset_paging_returns_every_user_exactly_once(client, services):
    token = await login(client, "prov.admin")
    async with services.db.sessions() as session:
        expected = list(await session.scalars(select(StaffUser.id).order_by(StaffUser.id)))
    assert len(expected) == 46

    seen: list[int] = []
    pages = 0
    after = None
    while True:
        result = await gql(client, STAFF_PAGE, {"first": 5, "after": after}, token=token)
        assert "errors" not in result, result
        page = result["data"]["staffUsers"]
        pages += 1
        ids = [int(e["node"]["id"]) for e in page["edges"]]
        assert 1 <= len(ids) <= 5
        seen.extend(ids)
        assert page["pageInfo"]["endCursor"] == page["edges"][-1]["cursor"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        assert len(ids) == 5
        after = page["pageInfo"]["endCursor"]
        assert pages < 20, "paging does not terminate"

    assert pages == 10  # 9 full pages of 5 and one of 1
    assert len(seen) == len(set(seen)) == 46
    assert seen == expected  # ascending ids, nothing skipped or repeated


async def test_keyset_paging_stays_within_scope(client):
    token = await login(client, "fz.admin")
    first = (await gql(client, STAFF_PAGE, {"first": 10}, token=token))["data"]["staffUsers"]
    second = (await gql(client, STAFF_PAGE, {"first": 10, "after": first["pageInfo"]["endCursor"]}, token=token))[
        "data"
    ]["staffUsers"]
    assert first["pageInfo"]["hasNextPage"] is True
    assert second["pageInfo"]["hasNextPage"] is False
    names = [e["node"]["username"] for e in first["edges"] + second["edges"]]
    assert len(names) == len(set(names)) == 14
    assert set(names) == usernames_in("FJ-FZ")


async def test_bad_cursor_is_a_top_level_bad_user_input_error(client):
    token = await login(client, "prov.admin")
    wrong_kind = base64.urlsafe_b64encode(b"x:5").decode()
    not_a_number = base64.urlsafe_b64encode(b"k:five").decode()
    for cursor in ("not-a-cursor!", wrong_kind, not_a_number):
        result = await gql(client, STAFF_PAGE, {"first": 5, "after": cursor}, token=token)
        assert result["data"] is None, cursor
        assert len(result["errors"]) == 1, cursor
        assert result["errors"][0]["path"] == ["staffUsers"]
        assert result["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}, cursor
    too_many = await gql(client, STAFF_PAGE, {"first": 201}, token=token)
    assert too_many["data"] is None
    assert too_many["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
