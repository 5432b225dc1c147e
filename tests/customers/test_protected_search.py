"""Searching by a protected value: allowed with reveal rights only, audited, limited per person."""

from __future__ import annotations

import httpx
from asgi_lifespan import LifespanManager
from sqlalchemy import select

from backend.audit.models import AuditRecord
from tests.customers.archive_fixtures import CREATE, ZHANG_ID, archive
from tests.helpers import gql, login

BY = "query($f: CustomerFilter) { customers(filter: $f) { edges { node { id idNumber } } } }"


async def test_an_id_number_search_is_audited_and_counted_and_aliases_count_each(settings, services):
    from backend.web.app import create_app

    app = create_app(settings.model_copy(update={"protected_lookups_per_minute": 4}))
    async with LifespanManager(app), httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        cm = await login(client, "fz1.cm1")
        created = await gql(client, CREATE, {"i": {"archive": archive()}}, token=cm)
        cid = created["data"]["createArchive"]["customer"]["id"]
        # Given a customer manager, who may reveal ID numbers and sees mobiles and names in full:
        # searches by mobile or name are free, a search by ID number is a protected lookup.
        for _ in range(3):
            free = await gql(client, BY, {"f": {"mobile": "13812345678", "namePrefix": "张"}}, token=cm)
            assert [e["node"]["id"] for e in free["data"]["customers"]["edges"]] == [cid]
        found = await gql(client, BY, {"f": {"idNumber": ZHANG_ID}}, token=cm)
        assert found["data"]["customers"]["edges"] == [{"node": {"id": cid, "idNumber": "350102********1234"}}]
        # Thirty aliases in one request are thirty lookups: over the limit of 4, refused.
        aliases = "query($f: CustomerFilter) { " + " ".join(f"a{i}: customers(filter: $f) {{ edges {{ cursor }} }}" for i in range(30)) + " }"
        burst = await gql(client, aliases, {"f": {"idNumber": "350102199208150024"}}, token=cm)
        assert burst["data"] is None and {e["extensions"]["code"] for e in burst["errors"]} == {"RATE_LIMITED"}
        again = await gql(client, BY, {"f": {"idNumber": ZHANG_ID}}, token=cm)
        assert again["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
        # A reveal spends from the same limit.
        reveal = 'mutation($id: ID!) { reveal(input: {type: "Customer", id: $id, field: "idNumber"}) { value } }'
        assert (await gql(client, reveal, {"id": cid}, token=cm))["errors"][0]["extensions"]["code"] == "RATE_LIMITED"
    async with services.db.sessions() as s:
        records = (await s.scalars(select(AuditRecord).where(AuditRecord.action == "customer.search_protected"))).all()
    # Audited: who, the masked value, how many found; never the number itself.
    assert [(r.actor_username, r.detail) for r in records][0] == ("fz1.cm1", {"by": {"idNumber": "350102********1234"}, "found": 1})
    # (aliases cancelled with the refused one return nothing: no result ever leaves unaudited)
    assert 1 <= len(records) <= 4 and all(ZHANG_ID not in str(r.detail) for r in records)


async def test_roles_that_see_a_value_masked_cannot_search_by_it(client):
    for username, refused, allowed in (
        ("prov.analyst", ({"idNumber": ZHANG_ID}, {"mobile": "13812345678"}, {"namePrefix": "张"}), {"regionCode": "350102"}),
        ("fz.admin", ({"idNumber": ZHANG_ID}, {"mobile": "13812345678"}), {"namePrefix": "张"}),
        ("prov.admin", ({"idNumber": ZHANG_ID}, {"mobile": "13812345678"}), {"namePrefix": "张"}),
    ):
        token = await login(client, username)
        for f in refused:
            answer = await gql(client, BY, {"f": f}, token=token)
            assert answer["data"] is None and answer["errors"][0]["extensions"]["code"] == "FORBIDDEN", (username, f)
        assert "errors" not in await gql(client, BY, {"f": allowed}, token=token), username


async def test_the_viewer_is_told_which_protected_filters_it_may_use_and_a_refusal_names_the_filter(client):
    rules = "{ me { searchFilters { filter allowed counted } } }"
    analyst = await login(client, "prov.analyst")
    assert (await gql(client, rules, token=analyst))["data"]["me"]["searchFilters"] == [
        {"filter": "idNumber", "allowed": False, "counted": False},
        {"filter": "mobile", "allowed": False, "counted": False},
        {"filter": "namePrefix", "allowed": False, "counted": False},
    ]
    assert (await gql(client, rules, token=await login(client, "fz1.cm1")))["data"]["me"]["searchFilters"] == [
        {"filter": "idNumber", "allowed": True, "counted": True},
        {"filter": "mobile", "allowed": True, "counted": False},
        {"filter": "namePrefix", "allowed": True, "counted": False},
    ]
    refused = await gql(client, BY, {"f": {"mobile": "13812345678"}}, token=analyst)
    extensions = refused["errors"][0]["extensions"]
    assert extensions == {"code": "FORBIDDEN", "field": "filter.mobile", "messageZh": "您的角色看到的手机号码是脱敏的，不能按手机号码查询"}
