"""No masked value comes back unmasked, by any path: the schema walked for every role.

One archive holds known personal values. For every demo role (and the mobile-banking client),
every query root field and the archive mutations' payloads are asked for every field the schema
has (to a depth), with cursors followed and filters that test protected values tried; the Excel
export is read too. Whatever the role does not see in full per the field policy (the value, or a
value derived from it such as the birth date inside an ID number) must appear nowhere: not in
data, not in errors, not inside a base64 cursor.
"""

from __future__ import annotations

import base64
import binascii
import io
import json
import re
from typing import Any

import pytest
from graphql import (
    GraphQLInterfaceType,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLUnionType,
    get_named_type,
    is_leaf_type,
)
from openpyxl import load_workbook

from backend.auth.policies import Visibility, policy_for
from backend.auth.principal import Principal
from backend.orgs.models import OrgLevel, Role
from tests.customers.archive_fixtures import (
    CONSENT,
    CREATE,
    SPOUSE_ID,
    SUBMIT,
    UPDATE,
    ZHANG_ID,
    archive,
)
from tests.customers.test_channels_and_assignment import branch_id, client_token
from tests.helpers import gql, login
from tests.images.photos import capture, photo, upload

MOBILE, ALT_PHONE, LINE, REGISTER_NO, REMARKS = "13812345678", "059187654321", "鼓楼区东街1号", "HK88001234", "邻里关系和睦村委推荐"
NAME, FAMILY_NAME = "张翊骞", "李筠婷"  # given names no demo account has

# (secret, the policy that decides who may see it in full). Derived values are listed with the
# field they derive from: the birth date is the part of the ID number its mask hides.
SECRETS: list[tuple[str, tuple[str, str]]] = [
    (ZHANG_ID, ("Customer", "idNumber")),
    (ZHANG_ID[6:14], ("Customer", "idNumber")),  # 19900307
    ("1990-03-07", ("Customer", "idNumber")),
    (SPOUSE_ID, ("FamilyMember", "idNumber")),
    (SPOUSE_ID[6:14], ("FamilyMember", "idNumber")),
    ("1992-08-15", ("FamilyMember", "idNumber")),
    (MOBILE, ("Customer", "mobile")),
    (ALT_PHONE, ("Customer", "altPhone")),
    (LINE, ("Address", "line")),
    (REGISTER_NO, ("Household", "registerNo")),
    (REMARKS, ("Social", "remarks")),
    (NAME, ("Customer", "name")),
    (NAME[1:], ("Customer", "name")),  # the given name: the mask keeps the surname only
    ("张翊昊", ("Customer", "name")),  # the name before an edit, in the history
    ("翊昊", ("Customer", "name")),
    (FAMILY_NAME, ("FamilyMember", "name")),
    (FAMILY_NAME[1:], ("FamilyMember", "name")),
]
STAFF = ["fz1.cm1", "fz1.manager", "fz.approver", "fz.admin", "fz.auditor", "prov.admin", "prov.analyst", "prov.auditor"]
DEPTH = 5  # levels below a root field (the server allows 10 in all)


def forbidden_for(principal: Principal) -> list[str]:
    """The secrets this caller must never receive: those it does not see in full."""
    out = []
    for secret, (type_name, field_name) in SECRETS:
        policy = policy_for(type_name, field_name)
        if policy is None or policy.visibility(principal) < Visibility.FULL:
            out.append(secret)
    return out


def leaks(payload: Any, secrets: list[str]) -> list[str]:
    """Every secret found in the payload, also inside strings that are base64 (cursors)."""
    text = json.dumps(payload, ensure_ascii=False)
    decoded = []
    for candidate in re.findall(r"[A-Za-z0-9_\-+/=]{16,}", text):
        try:
            decoded.append(base64.urlsafe_b64decode(candidate + "=" * (-len(candidate) % 4)).decode("utf-8", "ignore"))
        except (binascii.Error, ValueError):
            continue
    haystack = text + "\n" + "\n".join(decoded)
    return [s for s in secrets if s in haystack]


class Walker:
    """Selection sets of every field of a type, to a depth, without walking a type twice on a path."""

    def __init__(self, schema: Any, arguments: dict[str, str]) -> None:
        self.schema = schema
        self.arguments = arguments  # "Type.field" -> argument text for fields with required arguments

    def selection(self, type_: Any, depth: int, path: frozenset[str] = frozenset()) -> str:
        named = get_named_type(type_)
        if is_leaf_type(named):
            return ""
        if depth == 0 or named.name in path:
            return "{ __typename }"
        parts = ["__typename"]
        inner = path | {named.name}
        if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
            for possible in self.schema.get_possible_types(named):
                parts.append(f"... on {possible.name} {self.selection(possible, depth, path)}")
        if isinstance(named, (GraphQLObjectType, GraphQLInterfaceType)):
            for name, field in named.fields.items():
                required = [a for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull) and arg.default_value is None]
                key = f"{named.name}.{name}"
                if required and key not in self.arguments:
                    continue
                args = f"({self.arguments[key]})" if key in self.arguments else ""
                sub = self.selection(field.type, depth - 1, inner)
                if sub == "{ __typename }" and not is_leaf_type(get_named_type(field.type)) and named.name in path:
                    continue
                parts.append(f"{name}{args} {sub}".strip())
        return "{ " + " ".join(parts) + " }"


@pytest.fixture
async def archive_with_everything(client, services) -> dict[str, str]:
    """An archive of 张翊骞 holding every kind of personal value, with history and a photo."""
    cm = await login(client, "fz1.cm1")
    family = [{"relation": "SPOUSE", "name": FAMILY_NAME, "idNumber": SPOUSE_ID, "annualIncome": "36000.00"}]
    common = {"altPhone": ALT_PHONE, "household": {"size": 4, "registerNo": REGISTER_NO}, "familyMembers": family,
              "social": {"villageCreditRating": "AA", "remarks": REMARKS}}
    data = archive(**common, name="张翊昊")
    created = await gql(client, CREATE, {"i": {"archive": data, "consent": CONSENT}}, token=cm)
    assert created["data"]["createArchive"]["errors"] == [], created
    cid = created["data"]["createArchive"]["customer"]["id"]
    # A change of name, mobile and remarks, so the history holds them.
    data = archive(**common, name=NAME)
    updated = await gql(client, UPDATE, {"i": {"id": cid, "version": 1, "archive": data}}, token=cm)
    assert updated["data"]["updateArchive"]["errors"] == [], updated
    image = await upload(client, cm, capture(cid, "ID_FRONT"), photo(320, 240))
    assert image["errors"] == [], image
    submitted = await gql(client, SUBMIT, {"i": {"id": cid, "version": 2}}, token=cm)
    assert submitted["data"]["submitArchive"]["errors"] == [], submitted
    # Audited lookups, so the audit log has something to show (and must not show values).
    reveal = 'mutation($id: ID!) { reveal(input: {type: "Customer", id: $id, field: "idNumber"}) { value } }'
    assert (await gql(client, reveal, {"id": cid}, token=cm))["data"]["reveal"]["value"] == ZHANG_ID
    found = await gql(client, "query($n: String) { customers(filter: {idNumber: $n}) { edges { node { id } } } }", {"n": ZHANG_ID}, token=cm)
    assert found["data"]["customers"]["edges"] == [{"node": {"id": cid}}]
    units = (await gql(client, "{ orgUnits { id code } }", token=cm))["data"]["orgUnits"]
    me = (await gql(client, "{ me { user { id } } }", token=cm))["data"]["me"]["user"]["id"]
    return {"customer": cid, "image": image["image"]["id"], "branch": units[0]["id"], "user": me}


async def _principal(client, token: str) -> Principal:
    me = (await gql(client, "{ me { kind roles clientId orgUnit { level } } }", token=token))["data"]["me"]
    level = OrgLevel(me["orgUnit"]["level"]) if me["orgUnit"] else None
    return Principal(kind=me["kind"], scope_path="/", org_level=level, client_id=me["clientId"], roles=frozenset(Role(r) for r in me["roles"]))


async def test_no_role_receives_a_value_it_sees_masked_by_any_field_argument_cursor_export_or_error(
    client, services, archive_with_everything
):
    from schema.schema import build_schema

    ids = archive_with_everything
    schema = build_schema(services.settings)._schema
    walker = Walker(
        schema,
        {
            "Query.customer": f'id: "{ids["customer"]}"',
            "Query.image": f'id: "{ids["image"]}"',
            "Query.orgUnit": f'id: "{ids["branch"]}"',
            "Query.staffUser": f'id: "{ids["user"]}"',
            "Query.customersFailingRule": 'code: "BASE_REQUIRED_IMAGES"',
            "Query.importBatch": 'id: "1"',
            "Query.evaluationRun": 'id: "00000000-0000-0000-0000-000000000000"',
        },
    )
    query_type = schema.query_type
    filters = [None, {"idNumber": ZHANG_ID}, {"mobile": MOBILE}, {"namePrefix": "张建"}, {"regionCode": "350102"}]
    checked = 0
    for username in STAFF:
        token = await login(client, username)
        principal = await _principal(client, token)
        secrets = forbidden_for(principal)
        answers: list[Any] = []
        for name, field in query_type.fields.items():
            if name == "ecifLookup":
                continue  # asked with a typed ID number; its own tests (tests/integrations) walk it
            required = [a for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull) and arg.default_value is None]
            key = f"Query.{name}"
            if required and key not in walker.arguments:
                continue
            args = f"({walker.arguments[key]})" if key in walker.arguments else ""
            selection = walker.selection(field.type, DEPTH)
            if name == "customers":
                for f in filters:
                    document = f"query($f: CustomerFilter, $after: String) {{ customers(filter: $f, first: 1, after: $after) {selection} }}"
                    first = await gql(client, document, {"f": f}, token=token)
                    answers.append(first)
                    cursor = ((first.get("data") or {}).get("customers") or {}).get("pageInfo", {}).get("endCursor")
                    if cursor:
                        answers.append(await gql(client, document, {"f": f, "after": cursor}, token=token))
                continue
            answers.append(await gql(client, f"{{ {name}{args} {selection} }}", token=token))
        # A stale edit answers the server's copy (conflict.current), and refusals speak too.
        payload = walker.selection(schema.get_type("ArchivePayload"), DEPTH)
        answers.append(await gql(client, f"mutation($i: UpdateArchiveInput!) {{ updateArchive(input: $i) {payload} }}",
                                 {"i": {"id": ids["customer"], "version": 1, "archive": archive()}}, token=token))
        answers.append(await gql(client, f"mutation($i: CreateArchiveInput!) {{ createArchive(input: $i) {payload} }}",
                                 {"i": {"archive": archive(), "branchId": ids["branch"]}}, token=token))
        export = await client.get("/exports/customers.xlsx", headers={"Authorization": f"Bearer {token}"})
        if export.status_code == 200:
            sheet = load_workbook(io.BytesIO(export.content)).active
            answers.append([list(r) for r in sheet.iter_rows(values_only=True)])
        found = leaks(answers, secrets)
        assert found == [], f"{username} received {found}"
        # The walk really reached the archive: something of it came back to this role.
        assert ids["customer"] in json.dumps(answers), username
        checked += len(answers)
    assert checked > 8 * 25


async def test_the_mobile_banking_client_gets_nothing_personal_back(client, services, archive_with_everything):
    from schema.schema import build_schema

    schema = build_schema(services.settings)._schema
    walker = Walker(schema, {})
    token = await client_token(client, "self_service")
    principal = await _principal(client, token)
    secrets = forbidden_for(principal)
    assert ZHANG_ID in secrets and MOBILE in secrets and NAME in secrets
    branch = await branch_id(client, await login(client, "fz.admin"), "FJ-FZ-02")
    payload = walker.selection(schema.get_type("ArchivePayload"), DEPTH)
    data = archive(
        idNumber="350102199208150024", name=NAME, mobile=MOBILE, altPhone=ALT_PHONE, familyMembers=[], maritalStatus="SINGLE",
        household={"size": 1, "registerNo": REGISTER_NO}, social={"remarks": REMARKS},
    )
    created = await gql(client, f"mutation($i: CreateArchiveInput!) {{ createArchive(input: $i) {payload} }}",
                        {"i": {"archive": data, "branchId": branch, "consent": {**CONSENT, "channel": "SELF_SERVICE"}}}, token=token)
    assert created["data"]["createArchive"]["errors"] == [], created
    assert created["data"]["createArchive"]["customer"]["status"] == "SUBMITTED"
    assert leaks(created, [*secrets, "1992-08-15", "19920815"]) == []
    for document in ('{ customer(id: "x") { id } }', "{ customers { edges { cursor } } }", "{ reviewInbox { totalCount } }"):
        answer = await gql(client, document, token=token)
        assert answer["errors"][0]["extensions"]["code"] == "FORBIDDEN", document


def test_the_walker_reaches_every_protected_field():
    """Every field under a policy is selected by the walk from the roots it tests (so a new
    protected field is walked without editing this test)."""
    from backend.auth.policies import FIELD_POLICIES
    from backend.config import get_settings
    from schema.schema import build_schema

    schema = build_schema(get_settings())._schema
    walker = Walker(schema, {"Query.customer": 'id: "x"', "Query.customersFailingRule": 'code: "X"'})
    text = " ".join(walker.selection(f.type, DEPTH) for f in schema.query_type.fields.values())
    text += " " + walker.selection(schema.get_type("ArchivePayload"), DEPTH)
    missing = []
    for key in FIELD_POLICIES:
        type_name, field_name = key.split(".")
        if type_name == "EcifRecord":
            continue  # walked by the ECIF tests with a typed ID number
        if not re.search(rf"\b{field_name}\b", text):
            missing.append(key)
    assert missing == []
