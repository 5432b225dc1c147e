"""Hostile input gets typed errors, never INTERNAL, and a refused call writes nothing.

A property-based test (hypothesis, derandomized, bounded) over the real app over HTTP: every
Query and Mutation field that takes arguments (read from the schema itself, so a new one is
covered without editing this file), called by the roles that may call it, with arguments that
are either generated whole from their GraphQL types or a valid call with one value replaced by
a hostile one (NUL bytes and other control characters, lone surrogates, very long strings,
ids beyond bigint or written in other digits, Money as JSON numbers and with absurd exponents,
year-1 and year-9999 dates, full-width digits, random UUIDs and the UUIDs of other banks'
rows). Multipart mutations get their non-file arguments that way and a small fixed file.

After every call: no error with ``extensions.code == "INTERNAL"``, HTTP 200, no archive id held
by two banks, and when the call was refused (top-level errors, or payload errors) a checksum of
every table is unchanged.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
    GraphQLUnionType,
    Undefined,
    get_named_type,
)
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from sqlalchemy import select, text

from backend.db.base import Base, import_all_models
from backend.orgs.models import OrgUnit, StaffUser
from schema.schema import build_schema
from tests.customers.archive_fixtures import CONSENT, CREATE, SUBMIT, archive
from tests.helpers import gql, login
from tests.images.photos import capture, photo, upload
from tests.imports.workbooks import import_file, person, workbook
from tests.imports.workbooks import resident_id as valid_resident_id

# Bounded and derandomized so the suite stays fast and repeatable; a deeper local search:
# CIC_HOSTILE_EXAMPLES=5000 CIC_HOSTILE_SEED=7 pytest tests/platform/test_hostile_input.py
MAX_EXAMPLES = int(os.environ.get("CIC_HOSTILE_EXAMPLES", "400"))
SEED = os.environ.get("CIC_HOSTILE_SEED")
OUTCOMES = os.environ.get("CIC_HOSTILE_LOG")  # a file: one JSON line per call, to see what the search reached
ACTORS = ("prov.admin", "prov.auditor", "fz.admin", "fz.approver", "fz1.manager", "fz1.cm1", "qz1.cm1")
# Users a generated call may disable or re-role: never one of the actors.
TARGET_USERS = ("fz2.cm2", "fz3.cm1", "qz2.cm2")

# What the input guard refuses in every string (one class, so a few suffice)...
UNSTORABLE_TEXT = ["\x00", "a\x00b", "\x01", "\x1b[2J", "\x7f", "\x85", "\ud800", "x\udfffy", "x" * 10_001]
# ...and text that passes it and must be judged by each field's own rules.
NASTY_TEXT = [
    "\ufeff", "\u202e", "长" * 501, "长" * 201, "x" * 65, "x" * 33, "", " ", "\t\n\r", "'; DROP TABLE customers; --", "%_\\",
    "１３８１２３４５６７８", "138١٢٣٤٥٦٧٨", "٣٥٠١٠٢١٩٦٥٠٣٠٥١١٤٨", "３５０１０２１９６５０３０５１１４８", "３５０１０２", "³", "𝟙𝟚𝟛", "Ｘ",
    "NaN", "Infinity", "1e999999999", "-1e999999999", "9" * 30, "0", "-1", "true", "null", "{}", "(a+)+$", "[", "*",
]
NASTY_IDS = [
    "0", "-1", "99999999999999999999", "9223372036854775807", "9223372036854775808", "²", "١٢", "１２", "1e3", " 1", "",
    "\x00", "00000000-0000-0000-0000-000000000000", "urn:uuid:" + "1" * 32, "{" + str(uuid.UUID(int=7)) + "}",
    "１２３４５６７８-１２３４-１２３４-１２３４-１２３４５６７８９０１２",
]
NASTY_MONEY: list[Any] = [
    "1e999999999", "-1e999999999", "1e-999999999", "NaN", "-Infinity", "-0", "0.001", "1,234.50", "１２３", "9" * 40,
    "1e12", "1e13", "100000000000.01", "", " ", 1234.5, 0.1, 12, -1, 10**30, True,
]
# Words rule parameters are made of, so generated JSON takes the shapes the compiler reads.
RULE_WORDS = [
    "field", "op", "value", "values", "min", "max", "pattern", "if", "all", "any", "expression", "kinds", "months",
    "income.total", "customer.age", "customer.mobile", "customer.birthDate", "familyMembers", "extra.tea_mu", "EQ", "IN", "GT",
    "PRESENT", "ABSENT", "HOUSE", "ID_FRONT", "customer.age > 1", "(a+)+$", "^[0-9]+$",
]
NASTY_DATES = ["0001-01-01", "9999-12-31", "1899-12-31", "2200-01-01", "2026-02-30", "2026-13-01", "", "x", "２０２６-０１-０１", "2026-1-1"]
NASTY_DATETIMES = [
    "0001-01-01T00:00:00+14:00", "0001-01-01T00:00:00", "9999-12-31T23:59:59-12:00", "9999-12-31T23:59:59+00:00",
    "1899-12-31T23:59:59Z", "2026-01-01T00:00:00+24:00", "2026-01-01T25:00:00Z", "nope", "", "2026-01-01",
]


@dataclass
class World:
    """Ids of rows the generated calls aim at, and a valid call of each field."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    uuids: list[str] = field(default_factory=list)
    templates: dict[str, dict[str, Any]] = field(default_factory=dict)
    actors: dict[str, tuple[str, ...]] = field(default_factory=dict)


PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"))


def _scalar(name: str, world: World) -> st.SearchStrategy[Any]:
    nasty_text = st.sampled_from(NASTY_TEXT)
    if name == "String":
        return st.one_of(
            nasty_text, nasty_text, st.text(PRINTABLE, max_size=20), st.sampled_from(world.ids["text"]), st.sampled_from(UNSTORABLE_TEXT)
        )
    if name == "ID":
        return st.one_of(st.sampled_from(NASTY_IDS), st.uuids().map(str), st.sampled_from(world.ids["any"]), st.sampled_from(world.ids["any"]), nasty_text)
    if name == "Int":
        return st.one_of(st.sampled_from([0, -1, 1, 2**31 - 1, -(2**31), 100_001]), st.integers(-(2**31), 2**31 - 1))
    if name == "Float":
        return st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.sampled_from([90.0001, -180.5, 1e308, -0.0]))
    if name == "Boolean":
        return st.booleans()
    if name == "Money":
        return st.one_of(st.sampled_from(NASTY_MONEY), st.decimals(allow_nan=True, allow_infinity=True).map(str), st.floats())
    if name == "Date":
        return st.one_of(st.sampled_from(NASTY_DATES), st.dates().map(lambda d: d.isoformat()))
    if name == "DateTime":
        return st.one_of(
            st.sampled_from(NASTY_DATETIMES),
            st.datetimes(timezones=st.sampled_from([UTC, None])).map(lambda d: d.isoformat()),
        )
    if name == "JSON":
        leaves = st.one_of(
            st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), nasty_text, st.text(PRINTABLE, max_size=10),
            st.sampled_from(NASTY_MONEY), st.sampled_from(NASTY_DATES), st.sampled_from(RULE_WORDS),
        )
        keys = st.sampled_from(RULE_WORDS) | nasty_text | st.text(PRINTABLE, max_size=8)
        return st.recursive(leaves, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(keys, inner, max_size=4), max_leaves=10)
    raise AssertionError(f"no strategy for scalar {name}")


def value_of(t: Any, world: World, depth: int = 0) -> st.SearchStrategy[Any]:
    """Anything of GraphQL input type ``t`` (null where it is nullable), hostile leaves."""
    if isinstance(t, GraphQLNonNull):
        return _non_null(t.of_type, world, depth)
    return st.one_of(st.none(), _non_null(t, world, depth))


def _non_null(t: Any, world: World, depth: int) -> st.SearchStrategy[Any]:
    if isinstance(t, GraphQLNonNull):
        return _non_null(t.of_type, world, depth)
    if isinstance(t, GraphQLList):
        item = value_of(t.of_type, world, depth + 1)
        many = st.lists(item, max_size=3)
        if isinstance(get_named_type(t), GraphQLScalarType) and get_named_type(t).name in ("String", "ID"):
            many = st.one_of(many, st.just(["x"] * 1001))
        return many
    if isinstance(t, GraphQLEnumType):
        return st.sampled_from(list(t.values))  # an unknown value is GraphQL's own validation error
    if isinstance(t, GraphQLScalarType):
        return _scalar(t.name, world)
    assert isinstance(t, GraphQLInputObjectType)
    if depth > 4:
        return st.just({})
    required = {n: _non_null(f.type, world, depth + 1) for n, f in t.fields.items() if isinstance(f.type, GraphQLNonNull) and f.default_value is Undefined}
    optional = {n: value_of(f.type, world, depth + 1) for n, f in t.fields.items() if n not in required}
    return st.fixed_dictionaries(required, optional=optional)


def _leaves(value: Any, t: Any, path: tuple[Any, ...] = ()) -> list[tuple[tuple[Any, ...], Any]]:
    """(path, GraphQL type) of every value in a template, and of the input fields it leaves out
    (a replaced leaf of those adds the field)."""
    named = t.of_type if isinstance(t, GraphQLNonNull) else t
    out = [(path, t)]
    if isinstance(named, GraphQLList) and isinstance(value, list):
        for i, item in enumerate(value):
            out += _leaves(item, named.of_type, (*path, i))
    elif isinstance(named, GraphQLInputObjectType) and isinstance(value, dict):
        for name, f in named.fields.items():
            out += _leaves(value.get(name), f.type, (*path, name))
    return out


def _replace(value: Any, path: tuple[Any, ...], new: Any) -> Any:
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, list):
        copy = list(value)
        copy[head] = _replace(copy[head], rest, new)
        return copy
    copy = dict(value or {})
    copy[head] = _replace(copy.get(head), rest, new)
    return copy


def _selection(t: Any, depth: int = 0) -> str:
    """Every argument-free field of the return type, two levels deep: what was written is read back."""
    named = get_named_type(t)
    if isinstance(named, (GraphQLScalarType, GraphQLEnumType)):
        return ""
    if isinstance(named, GraphQLUnionType) or depth >= 2:
        return "{ __typename }"
    parts = ["__typename"]
    for name, f in named.fields.items():
        if any(isinstance(a.type, GraphQLNonNull) and a.default_value is Undefined for a in f.args.values()):
            continue
        sub = get_named_type(f.type)
        if isinstance(sub, (GraphQLScalarType, GraphQLEnumType)):
            parts.append(name)
        elif depth < 1 or name in ("errors", "fileErrors"):
            parts.append(f"{name} {_selection(f.type, depth + 1)}")
    if isinstance(named, GraphQLInterfaceType):
        parts.append("... on NumberFieldValue { number } ... on DateFieldValue { date }")
    return "{ " + " ".join(parts) + " }"


@dataclass
class Operation:
    kind: str  # query | mutation
    name: str
    args: dict[str, Any]  # argument name -> GraphQL type
    document: str
    upload: bytes | None = None


def operations(schema: Any) -> list[Operation]:
    ops = []
    for kind, root in (("query", schema.query_type), ("mutation", schema.mutation_type)):
        for name, f in root.fields.items():
            if not f.args:
                continue
            variables = ", ".join(f"${a}: {arg.type}" for a, arg in f.args.items())
            call = ", ".join(f"{a}: ${a}" for a in f.args)
            document = f"{kind}({variables}) {{ {name}({call}) {_selection(f.type)} }}"
            ops.append(Operation(kind, name, dict(f.args), document))
    return ops


async def checksum(services: Any) -> dict[str, str]:
    """Per table: row count and a digest of every row; and how many archive ids two banks hold."""
    import_all_models()
    parts = ["SELECT '(shared archive ids)' AS tbl, count(*)::text AS digest FROM (SELECT id FROM customers GROUP BY id HAVING count(*) > 1) s"] + [
        f"SELECT '{t.name}' AS tbl, count(*)::text || ':' || coalesce(md5(string_agg(md5(x::text), '' ORDER BY md5(x::text))), '') AS digest "
        f'FROM "{t.name}" x'
        for t in Base.metadata.sorted_tables
    ]
    async with services.db.sessions() as session:
        rows = await session.execute(text(" UNION ALL ".join(parts)))
        return {r.tbl: r.digest for r in rows}


async def _ids(services: Any) -> tuple[dict[str, int], dict[str, int]]:
    async with services.db.sessions() as session:
        units = dict((await session.execute(select(OrgUnit.code, OrgUnit.id))).all())
        staff = dict((await session.execute(select(StaffUser.username, StaffUser.id))).all())
    return units, staff


async def _world(client: Any, services: Any, tokens: dict[str, str]) -> World:
    """Rows to aim at (two banks' archives, a submitted one, a rule draft, a photo, an import) and
    a valid call of each field."""
    units, staff = await _ids(services)
    definitions = [
        {"code": "tea_mu", "labelZh": "茶园面积", "labelEn": "tea garden", "kind": "NUMBER", "minValue": "0", "maxValue": "1000"},
        {"code": "visit_on", "labelZh": "走访日期", "labelEn": "visited", "kind": "DATE", "minValue": "2000-01-01"},
        {"code": "coop", "labelZh": "合作社", "labelEn": "cooperative", "kind": "TEXT", "maxLength": 20, "pattern": "^[^0-9]*$"},
        {"code": "grade", "labelZh": "等级", "labelEn": "grade", "kind": "CHOICE", "choices": ["甲", "乙"]},
        {"code": "member", "labelZh": "社员", "labelEn": "member", "kind": "BOOLEAN"},
    ]
    for definition in definitions:
        defined = await gql(client, DEFINE, {"i": definition}, token=tokens["fz.admin"])
        assert not defined["data"]["defineExtraField"]["errors"], defined
    made: dict[str, str] = {}
    for key, user, number in (
        ("fz", "fz1.cm1", "350102196503051148"), ("fz_submitted", "fz1.cm1", valid_resident_id(7)),
        ("fz_other", "fz1.cm1", valid_resident_id(9)), ("qz", "qz1.cm1", valid_resident_id(8)),
    ):
        created = await gql(client, CREATE, {"i": {"archive": archive(idNumber=number), "consent": CONSENT}}, token=tokens[user])
        assert not created["data"]["createArchive"]["errors"], created
        made[key] = created["data"]["createArchive"]["customer"]["id"]
    submitted = await gql(client, SUBMIT, {"i": {"id": made["fz_submitted"], "version": 1}}, token=tokens["fz1.cm1"])
    assert not submitted["data"]["submitArchive"]["errors"], submitted
    rule = {"code": "FZ_INCOME", "kind": "RANGE", "severity": "WARNING", "messageZh": "收入偏低", "messageEn": "low income", "params": {"field": "income.total", "min": 0}}
    kinds = [
        ("PATTERN", {"field": "address.regionCode", "pattern": "^35"}), ("ALLOWED_VALUES", {"field": "customer.education", "values": ["SENIOR"]}),
        ("CONDITIONAL_REQUIRED", {"if": {"field": "customer.maritalStatus", "op": "EQ", "value": "MARRIED"}, "field": "familyMembers"}),
        ("EXPRESSION", {"expression": "customer.age < 100"}), ("REQUIRED_IMAGES", {"kinds": ["ID_FRONT"]}), ("FRESHNESS", {"months": 24}),
        ("RANGE", {"field": "extra.tea_mu", "min": "0", "max": "100"}), ("REQUIRED", {"field": "customer.mobile"}),
    ]
    rules = [rule] + [
        {**rule, "code": f"FZ_R{i}", "kind": kind, "params": params, "segment": {"field": "customer.age", "op": "GE", "value": 18}}
        for i, (kind, params) in enumerate(kinds)
    ]
    saved = await gql(
        client, "mutation($i: SaveRuleSetInput!) { saveRuleSet(input: $i) { ruleSet { id } errors { code } } }",
        {"i": {"scope": "BANK", "name": "福州规则", "rules": rules}}, token=tokens["fz.admin"],
    )
    draft = saved["data"]["saveRuleSet"]["ruleSet"]["id"]
    image = (await upload(client, tokens["fz1.cm1"], capture(made["fz"]), PHOTO))["image"]["id"]
    batch = (await import_file(client, tokens["fz1.manager"], WORKBOOK, units["FJ-FZ-01"]))["batchId"]

    world = World()
    numeric = [str(units[c]) for c in ("FJ-FZ", "FJ-FZ-01", "FJ-FZ-02", "FJ-QZ-01")] + [str(staff[u]) for u in ("fz1.cm2", "qz1.cm2", *TARGET_USERS)]
    world.uuids = [made["fz"], made["qz"], made["fz_submitted"], draft, image, batch]
    world.ids = {
        "any": numeric + world.uuids,
        "text": ["350102196503051148", valid_resident_id(8), "13812345678", "350102", "FJ-FZ-01", "E00011", "BASE_MOBILE", "customer.create"],
    }
    later = (datetime.now(UTC) - timedelta(days=1)).isoformat()
    extra = {"code": "tea_mu", "labelZh": "茶园面积", "labelEn": "tea garden", "kind": "NUMBER", "minValue": "0", "maxValue": "1000"}
    transition = {"id": made["fz_submitted"], "version": 2, "reasons": ["缺少照片"], "reason": "客户迁出", "managerId": str(staff["fz1.cm2"])}
    world.templates = {
        "createArchive": {"input": {"archive": archive(idNumber="$NEW_ID"), "consent": CONSENT, "id": "$NEW_UUID", "managerId": str(staff["fz1.cm1"]), "extraFields": EXTRA_VALUES}},
        "updateArchive": {"input": {"id": made["fz"], "version": "$VERSION", "archive": archive(idNumber="350102196503051148"), "consent": CONSENT, "extraFields": EXTRA_VALUES}},
        "submitArchive": {"input": {**transition, "id": made["fz_other"], "version": 1}},
        "verifyArchive": {"input": transition},
        "returnArchive": {"input": transition},
        "closeArchive": {"input": {**transition, "id": made["fz_other"], "version": 1}},
        "transferArchives": {"input": {"customerIds": [made["fz_other"]], "toManagerId": str(staff["fz1.cm2"]), "reason": "调岗"}},
        "transferManagerArchives": {"input": {"fromManagerId": str(staff["fz1.cm2"]), "toManagerId": str(staff["fz1.cm1"]), "reason": "离职"}},
        "defineExtraField": {"input": {**extra, "maxLength": 20, "choices": ["甲", "乙"], "pattern": "^[0-9]+$", "position": 1}},
        "saveRuleSet": {"input": {"scope": "BANK", "name": "福州规则", "id": draft, "effectiveFrom": "2026-01-01", "rules": rules}},
        "dryRunRuleSet": {"id": draft, "sample": 10},
        "publishRuleSet": {"id": draft},
        "createOrgUnit": {"input": {"parentId": str(units["FJ-FZ"]), "code": "FZ-NEW", "name": "新网点"}},
        "updateOrgUnit": {"input": {"id": str(units["FJ-FZ-03"]), "name": "长乐支行", "status": "ACTIVE"}},
        "createStaffUser": {"input": {"username": "new.user", "employeeNo": "N0001", "name": "新员工", "orgUnitId": str(units["FJ-FZ-02"]), "roles": ["CUSTOMER_MANAGER"], "initialPassword": "Secret2026x", "phone": "13900001111"}},
        "setStaffUserStatus": {"input": {"userId": str(staff["fz2.cm2"]), "status": "ACTIVE", "reason": "复岗"}},
        "setStaffUserRoles": {"input": {"userId": str(staff["fz3.cm1"]), "roles": ["CUSTOMER_MANAGER"]}},
        "reveal": {"input": {"type": "Customer", "id": made["fz"], "field": "idNumber"}},
        "deleteImage": {"id": image, "reason": "拍错了"},
        "uploadImage": {"input": capture(made["fz"])},
        "importArchives": {"branchId": str(units["FJ-FZ-01"]), "managerEmployeeNo": "$EMPLOYEE"},
        "customers": {"filter": {"namePrefix": "张", "idNumber": "350102196503051148", "mobile": "13812345678", "regionCode": "350102", "orgUnitId": str(units["FJ-FZ-01"]), "managerId": str(staff["fz1.cm1"]), "statuses": ["DRAFT"], "updatedFrom": later}, "first": 10},
        "customer": {"id": made["fz"]},
        "staffUsers": {"first": 10, "orgUnitId": str(units["FJ-FZ-01"]), "search": "fz"},
        "auditRecords": {"first": 10, "action": "customer.create", "targetType": "Customer", "targetId": made["fz"]},
        "archiveStatistics": {"orgUnitId": str(units["FJ-FZ"])},
        "archiveTrend": {"orgUnitId": str(units["FJ-FZ"]), "months": 12},
        "customersFailingRule": {"code": "BASE_MOBILE", "first": 10, "managerId": str(staff["fz1.cm1"])},
        "ecifLookup": {"idNumber": "350102196503051148"},
        "regions": {"parentCode": "350100"},
    }
    collectors, reviewers, admins = ("fz1.cm1", "fz1.manager"), ("fz1.manager", "fz.approver"), ("fz.admin", "prov.admin")
    world.actors = {
        "createArchive": collectors, "updateArchive": collectors, "submitArchive": collectors, "verifyArchive": reviewers,
        "returnArchive": reviewers, "closeArchive": ("fz1.manager", "fz.admin"), "transferArchives": ("fz1.manager", "fz.admin"),
        "transferManagerArchives": ("fz1.manager", "fz.admin"), "defineExtraField": ("fz.admin",), "saveRuleSet": admins,
        "dryRunRuleSet": admins, "publishRuleSet": admins, "createOrgUnit": admins, "updateOrgUnit": admins,
        "createStaffUser": admins, "setStaffUserStatus": admins, "setStaffUserRoles": admins, "importArchives": ("fz1.manager", "fz.admin"),
        "uploadImage": ("fz1.cm1",), "deleteImage": ("fz1.cm1", "fz1.manager"), "auditRecords": ("prov.auditor",),
    }
    return world


PHOTO = photo(64, 48, gps=False)
DEFINE = "mutation($i: ExtraFieldDefinitionInput!) { defineExtraField(input: $i) { errors { field code } } }"
EXTRA_VALUES = [
    {"code": "tea_mu", "value": "12.5"}, {"code": "visit_on", "value": "2025-06-01"}, {"code": "coop", "value": "茶叶合作社"},
    {"code": "grade", "value": "甲"}, {"code": "member", "value": "是"},
]
WORKBOOK = workbook([person(900_001)])


def _resolve(value: Any, state: dict[str, Any]) -> Any:
    """Fill the placeholders of a template with values known only at call time."""
    if isinstance(value, dict):
        return {k: _resolve(v, state) for k, v in value.items()}
    if isinstance(value, list):
        return [_resolve(v, state) for v in value]
    if isinstance(value, str) and value.startswith("$") and value in state:
        return state[value]
    return value


async def _call(client: Any, token: str, op: Operation, variables: dict[str, Any]) -> Any:
    headers = {"Authorization": f"Bearer {token}"}
    if "file" in op.args:
        headers["x-cic-csrf"] = "1"
        operations = json.dumps({"query": op.document, "variables": {**variables, "file": None}})
        data = WORKBOOK if op.name == "importArchives" else PHOTO
        return await client.post(
            "/graphql", data={"operations": operations, "map": json.dumps({"0": ["variables.file"]})},
            files={"0": ("f.bin", data, "application/octet-stream")}, headers=headers,
        )
    # json.dumps escapes lone surrogates, which httpx's own encoder refuses to send.
    body = json.dumps({"query": op.document, "variables": variables})
    return await client.post("/graphql", content=body, headers={**headers, "content-type": "application/json"})


def _refused(op: Operation, body: dict[str, Any]) -> bool:
    if body.get("errors"):
        return True
    payload = (body.get("data") or {}).get(op.name)
    return isinstance(payload, dict) and bool(payload.get("errors") if op.name != "importArchives" else payload.get("fileErrors"))


async def _version(services: Any, customer_id: str) -> int:
    async with services.db.sessions() as session:
        return await session.scalar(text("SELECT version FROM customers WHERE id = CAST(:id AS uuid)"), {"id": customer_id}) or 1


async def test_hostile_values_in_every_argument_are_typed_errors_and_write_nothing(client, services, settings):
    tokens = {u: await login(client, u) for u in ACTORS}
    world = await _world(client, services, tokens)
    ops = operations(build_schema(settings)._schema)
    covered = {o.name for o in ops}
    assert {"createArchive", "customers", "importArchives", "uploadImage", "saveRuleSet", "reveal"} <= covered
    assert not set(world.templates) - covered, "templates of fields that no longer exist"
    by_name = {o.name: o for o in ops}
    counter = {"cases": 0, "refused": 0, "n": 0}
    state = {"checksum": await checksum(services)}
    seen: dict[str, set[str]] = {}

    def draw(data: st.DataObject, names: list[str]) -> tuple[Operation, str, dict[str, Any]]:
        op = by_name[data.draw(st.sampled_from(names), label="field")]
        allowed = st.sampled_from(world.actors.get(op.name, ACTORS))
        actor = data.draw(st.one_of(allowed, allowed, allowed, st.sampled_from(ACTORS)), label="actor")
        template = world.templates.get(op.name)
        if template is not None and data.draw(st.integers(0, 3), label="mode") > 0:  # mostly: one hostile value
            spots = [
                (path, t)
                for name, arg in op.args.items()
                if name != "file"
                for path, t in _leaves(template.get(name), arg.type, (name,))
                if isinstance(get_named_type(t), (GraphQLScalarType, GraphQLEnumType))
            ]
            path, t = data.draw(st.sampled_from(spots), label="where")
            variables = _replace(template, path, data.draw(_non_null(t, world, 0), label="hostile value"))
        else:
            variables = {name: data.draw(value_of(arg.type, world), label=name) for name, arg in op.args.items() if name != "file"}
        return op, actor, variables

    async def one(op: Operation, actor: str, variables: dict[str, Any]) -> None:
        counter["n"] += 1
        placeholders = {"$NEW_ID": valid_resident_id(1000 + counter["n"]), "$NEW_UUID": str(uuid.uuid4()), "$EMPLOYEE": "E00011"}
        if op.name == "updateArchive":
            placeholders["$VERSION"] = await _version(services, world.uuids[0])
        variables = _resolve(variables, placeholders)
        before = state["checksum"]
        response = await _call(client, tokens[actor], op, variables)
        assert response.status_code == 200, (op.name, variables, response.text[:500])
        body = response.json()
        internal = [e for e in body.get("errors") or [] if (e.get("extensions") or {}).get("code") == "INTERNAL"]
        assert not internal, (op.name, actor, variables, internal)
        counter["cases"] += 1
        if OUTCOMES:
            with open(OUTCOMES, "a") as log:
                log.write(json.dumps({"field": op.name, "actor": actor, "refused": _refused(op, body), "body": body}, ensure_ascii=False)[:2000] + "\n")
        seen.setdefault(op.name, set()).add(actor)
        after = state["checksum"] = await checksum(services)
        assert after["(shared archive ids)"] == "0", (op.name, variables)
        if _refused(op, body) or (op.kind == "query" and op.name != "ecifLookup"):
            counter["refused"] += 1
            changed = {t for t in before if before[t] != after[t]}
            if op.kind == "query" and not _refused(op, body):
                changed.discard("audit_log")  # an answered search by a protected value is audited
            assert not changed, (op.name, actor, variables, changed, body)

    loop = asyncio.get_running_loop()

    # Hypothesis drives a plain function; each example runs on the test's event loop (the app,
    # its database pools and the HTTP client live there) while this thread waits.
    def run(names: list[str], examples: int) -> None:
        @hypothesis_settings(max_examples=examples, derandomize=SEED is None, database=None, deadline=None, suppress_health_check=list(HealthCheck))
        @given(data=st.data())
        @seed(int(SEED or 0))
        def case(data: st.DataObject) -> None:
            asyncio.run_coroutine_threadsafe(one(*draw(data, names)), loop).result()

        case()

    started = time.monotonic()
    await asyncio.to_thread(run, sorted(by_name), MAX_EXAMPLES)
    # Fields the random draw happened to miss (more likely as fields are added) get their own
    # examples, so every field is always attacked.
    if missed := sorted(set(by_name) - set(seen)):
        await asyncio.to_thread(run, missed, 20 * len(missed))
    elapsed = time.monotonic() - started
    print(f"\nhostile input: {counter['cases']} generated calls ({counter['refused']} refused or read-only, each checked "
          f"for writes) over {len(seen)} fields in {elapsed:.1f} s")
    assert counter["cases"] >= MAX_EXAMPLES
    assert len(seen) == len(by_name), sorted(set(by_name) - set(seen))
