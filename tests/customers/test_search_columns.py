"""A list page reads the archive columns its asked fields read, no more (``schema.customers.COLUMNS_READ``,
``CustomerRepository.search(columns=...)``), and of its manager and branch the columns their asked
fields read (``schema.orgs.STAFF_USER_COLUMNS``, ``ORG_UNIT_COLUMNS``): each field the maps list,
asked alone of a page, answers what it answers read whole (the same page with a field that reads
every column; the person's own query), for a collector who sees the values in full and for a bank
administrator who sees them masked; a page asking only those fields selects only their columns; a
field the map does not list reads every column; and a page's partial managers and branches never
stand in for the whole rows that other fields of the same request read (docs/customers.md#search)."""

from __future__ import annotations

import re

import pytest
from graphql import GraphQLInterfaceType, GraphQLNonNull, GraphQLObjectType, get_named_type

from backend.customers.models import Customer as CustomerModel
from schema.customers import COLUMNS_READ, columns_read
from schema.orgs import ORG_UNIT_COLUMNS, STAFF_USER_COLUMNS
from schema.schema import build_schema
from tests.customers.archive_fixtures import CREATE, archive
from tests.helpers import gql, login, walk_pages

TYPES = build_schema()._schema.type_map
PAGE = "query($f: CustomerFilter, $order: ArchiveOrder) {{ customers(filter: $f, first: 20, order: $order) {{ edges {{ node {{ {fields} }} }} }} }}"
WALK = """query($first: Int, $after: String, $order: ArchiveOrder) {{ customers(filter: {{namePrefix: "闵"}}, first: $first, after: $after, order: $order) {{
  edges {{ node {{ {fields} }} }} pageInfo {{ hasNextPage endCursor }} }} }}"""
# Not in COLUMNS_READ: a page asking it reads every column (the household is in the profile document).
WHOLE = "household { size }"


def selection(type_name: str, field: str) -> str:
    """``field`` of ``type_name`` with each of its leaves that takes no required argument (one level down)."""
    found = TYPES[type_name].fields[field]  # type: ignore[union-attr]
    named = get_named_type(found.type)
    if not isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
        return field
    leaves = [n for n, f in named.fields.items() if not isinstance(get_named_type(f.type), (GraphQLObjectType, GraphQLInterfaceType))
              and not any(isinstance(a.type, GraphQLNonNull) for a in f.args.values())]  # fmt: skip
    return f"{field} {{ __typename {' '.join(leaves)} }}"


def _nodes(page: dict) -> dict[str, dict]:
    assert "errors" not in page, page
    return {e["node"]["id"]: e["node"] for e in page["data"]["customers"]["edges"]}


@pytest.fixture
async def archives(client):
    cm = await login(client, "fz1.cm1")
    for name, id_number in (("闵一", "350102199003071234"), ("闵二", "350521198511230015")):
        created = await gql(client, CREATE, {"i": {"archive": archive(name=name, idNumber=id_number, altPhone="0591-87654321")}}, token=cm)
        assert created["data"]["createArchive"]["errors"] == [], created
    return cm


async def test_each_listed_field_answers_on_a_narrow_page_what_it_answers_on_a_whole_one(client, archives):
    fields = [f for f in COLUMNS_READ if f != "__typename"]
    assert set(fields) <= set(TYPES["Customer"].fields), "COLUMNS_READ names fields of Customer"  # type: ignore[union-attr]
    variables = {"f": {"namePrefix": "闵"}}
    for username in ("fz1.cm1", "fz.admin"):  # values in full; masked
        token = archives if username == "fz1.cm1" else await login(client, username)
        for field in fields:
            asked = selection("Customer", field)
            narrow = _nodes(await gql(client, PAGE.format(fields=f"id {asked}"), variables, token=token))
            whole = _nodes(await gql(client, PAGE.format(fields=f"id {asked} {WHOLE}"), variables, token=token))
            assert len(narrow) == 2, (username, field)
            for archive_id, node in whole.items():
                del node["household"]
                assert narrow[archive_id] == node, (username, field)
    # The manager's and the branch's fields, each alone, against the same person read whole by
    # its own query (``staffUser``, ``orgUnit``: the loaders' whole rows).
    for username in ("fz1.cm1", "fz.admin"):
        token = archives if username == "fz1.cm1" else await login(client, username)
        for person, type_name, read, query in (("manager", "StaffUser", STAFF_USER_COLUMNS, "staffUser"), ("branch", "OrgUnit", ORG_UNIT_COLUMNS, "orgUnit")):
            for field in (f for f in read if f != "__typename"):
                asked = selection(type_name, field)
                nodes = _nodes(await gql(client, PAGE.format(fields=f"id {person} {{ id {asked} }}"), variables, token=token))
                assert len(nodes) == 2
                for node in nodes.values():
                    alone = await gql(client, f"query($id: ID!) {{ {query}(id: $id) {{ id {asked} }} }}", {"id": node[person]["id"]}, token=token)
                    assert "errors" not in alone, alone
                    assert node[person] == alone["data"][query], (username, person, field)
    # The values compared are there to compare: the collector's page shows them in full.
    full = _nodes(await gql(client, PAGE.format(fields="id name idNumber mobile altPhone birthDate address { line } manager { username }"), variables, token=archives))
    # (The ID number is masked to every staff role in a list, so the birth date it carries is withheld.)
    assert {n["idNumber"] for n in full.values()} == {"350102********1234", "350521********0015"}
    assert all(n["name"] and n["mobile"] and n["altPhone"] and n["address"]["line"] and n["manager"] for n in full.values())
    # A narrow page's cursors carry its order's column: paging one archive at a time finds what the whole page finds.
    for order in ("NAME_ASC", "UPDATED_DESC"):
        walked = [n["id"] for n in await walk_pages(client, archives, WALK.format(fields="id"), "customers", order, 1)]
        assert walked == [n["id"] for n in await walk_pages(client, archives, WALK.format(fields=f"id {WHOLE}"), "customers", order, 1)]
        assert len(walked) == 2


async def test_a_page_selects_only_the_columns_its_fields_read(client, archives, count_queries):
    def page_columns() -> set[str]:
        page = next(s for s in count_queries.statements if "FROM customers" in s and "ORDER BY" in s)
        return set(re.findall(r"customers\.(\w+)", page.split("FROM")[0]))

    every = {c.key for c in CustomerModel.__table__.columns}
    count_queries.statements[:] = []
    await gql(client, PAGE.format(fields="id name mobile"), {"f": {"namePrefix": "闵"}}, token=archives)
    assert page_columns() == {"bank_id", "id", "branch_id", "manager_id", "name_sort", "name", "mobile_encrypted"}
    count_queries.statements[:] = []
    await gql(client, PAGE.format(fields="id manager { name } branch { name code }"), {"f": {"namePrefix": "闵"}}, token=archives)
    page = next(s for s in count_queries.statements if "FROM customers" in s and "ORDER BY" in s).split("FROM")[0]
    assert set(re.findall(r"manager\.(\w+)", page)) == {"id", "name"} and set(re.findall(r"branch\.(\w+)", page)) == {"id", "name", "code"}
    count_queries.statements[:] = []
    await gql(client, PAGE.format(fields="id updatedAt"), {"f": {"namePrefix": "闵"}, "order": "UPDATED_DESC"}, token=archives)
    assert page_columns() == {"bank_id", "id", "branch_id", "manager_id", "updated_at"}
    count_queries.statements[:] = []
    await gql(client, PAGE.format(fields=f"id {WHOLE}"), {"f": {"namePrefix": "闵"}}, token=archives)
    assert page_columns() == every


def test_a_field_the_map_does_not_list_reads_every_column():
    assert columns_read({"id", "name"}) == {"id", "name"}
    assert columns_read({"id", "household"}) is None
    assert columns_read({"id", "verification"}) is None
    assert columns_read(set()) == frozenset()


async def test_a_narrow_page_leaves_whole_people_to_the_other_fields_of_its_request(client, archives):
    """A page's partial managers and branches never stand in for the whole rows another field of the
    same request reads through the shared loaders (the archive's history names its author, here the
    manager the page read by name alone; ``orgUnit`` reads the branch), nor for a second page's."""
    archive_id = next(iter(_nodes(await gql(client, PAGE.format(fields="id"), {"f": {"namePrefix": "闵"}}, token=archives))))
    parts = {
        "narrow": 'narrow: customers(filter: {namePrefix: "闵"}, first: 20) { edges { node { id manager { name } branch { name } } } }',
        "wide": 'wide: customers(filter: {namePrefix: "闵"}, first: 20) { edges { node { id manager { username employeeNo roles phone } branch { code depth } } } }',
        "history": f'history: customer(id: "{archive_id}") {{ history {{ changedBy {{ username employeeNo roles createdAt }} }} }}',
        "unit": 'unit: me { orgUnit { id code name level depth } }',
    }
    together = await gql(client, "{ " + " ".join(parts.values()) + " }", token=archives)
    assert "errors" not in together, together
    for name, part in parts.items():
        alone = await gql(client, "{ " + part + " }", token=archives)
        assert "errors" not in alone, alone
        assert together["data"][name] == alone["data"][name], name
    assert together["data"]["history"]["history"][0]["changedBy"]["roles"]  # a whole row: its roles
    wide = together["data"]["wide"]["edges"][0]["node"]
    assert wide["manager"]["username"] == "fz1.cm1" and wide["manager"]["roles"] and wide["branch"]["depth"] == 2
