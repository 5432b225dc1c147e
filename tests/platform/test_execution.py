"""The cheaper execution of plain fields (schema/execution.py) answers exactly as the general path:
the same data and errors for every role, with fewer fields through graphql-core's general path."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry

from graphql import GraphQLString
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from backend.auth.policies import FIELD_POLICIES
from backend.db.session import transaction
from backend.db.tenancy import acting_for
from backend.demo import load_demo_customers
from resolvers.dataloaders import Loaders, SharedLoader
from schema.context import Context
from schema.execution import _GENERAL, _attribute, _plain_leaf, _RequestOnly
from schema.extensions import policed_resolver
from schema.schema import build_schema
from tests.platform.test_tenant_rls import _as

FIELDS = """id version status channel name gender birthDate idExpiry idLongTerm ethnicity education maritalStatus
  health returnReasons submittedAt verifiedAt createdAt updatedAt ecifCustomerNo idNumber mobile altPhone
  manager { id name username } branch { id name code level } household { size isHead } blacklisted"""
LIST = "query($p: String) { customers(filter: {namePrefix: $p}, first: 30) { edges { node { %s } } pageInfo { hasNextPage } estimatedTotal } }" % FIELDS
DETAIL = "query($id: ID!) { customer(id: $id) { %s address { regionCode regionName } } }" % FIELDS
USERS = ("fz1.cm1", "fz1.manager", "fz2.cm1", "fz.admin", "fz.approver", "fz.auditor", "prov.analyst", "prov.auditor", "prov.admin")


def _answer(result: Any) -> tuple[Any, list[tuple[str, Any]]]:
    return result.data, sorted((e.message, e.path) for e in result.errors or [])


async def test_every_role_gets_the_same_answers_from_both_paths(client, services, monkeypatch):
    async with transaction(services.db.sessions) as session:
        await load_demo_customers(session, services.cipher)
    compiled, general = build_schema(), build_schema(compiled=False)
    calls = {"n": 0}
    general_names: set[str] = set()
    execute_field = StrawberryGraphQLCoreExecutionContext.execute_field

    def counting(self, parent_type, source, details, *args, **kwargs):  # a spy: counts, then runs the real method
        calls["n"] += 1
        general_names.add(f"{parent_type.name}.{details[0].node.name.value}")
        return execute_field(self, parent_type, source, details, *args, **kwargs)

    monkeypatch.setattr(StrawberryGraphQLCoreExecutionContext, "execute_field", counting)
    token = acting_for.set(None)
    try:
        seen_rows = 0
        for username in USERS:
            principal = await _as(client, services, username)
            answers, general_calls = [], 0
            for schema in (compiled, general):
                calls["n"] = 0
                general_names.clear()
                listed = await schema.execute(LIST, variable_values={"p": None}, context_value=Context(services, principal, None, "t"))
                prefixed = await schema.execute(LIST, variable_values={"p": "陈"}, context_value=Context(services, principal, None, "t"))
                first = ((listed.data or {}).get("customers") or {}).get("edges") or []
                detail = await schema.execute(
                    DETAIL, variable_values={"id": first[0]["node"]["id"] if first else "0"}, context_value=Context(services, principal, None, "t")
                )
                answers.append([_answer(listed), _answer(prefixed), _answer(detail)])
                if schema is compiled:
                    compiled_calls = calls["n"]
                    # the decrypted leaves (``@context_only``) are answered as plain leaves too
                    assert not general_names & {"Customer.idNumber", "Customer.mobile", "Customer.altPhone"}, username
                else:
                    general_calls = calls["n"]
            assert answers[0] == answers[1], username
            rows = len(((answers[0][0][0] or {}).get("customers") or {}).get("edges") or [])
            seen_rows += rows
            if rows:
                # The plain leaves never reached graphql-core's per-field path on the compiled schema.
                assert compiled_calls < general_calls / 2, (username, compiled_calls, general_calls)
        assert seen_rows > 0  # the comparison saw archives, not only refusals
    finally:
        acting_for.reset(token)


class _Source:
    name = "张三"

    @property
    def broken(self) -> str:
        raise RuntimeError("not loaded")


NO_CALLER = _RequestOnly(SimpleNamespace(principal=None))


def test_a_plain_leaf_hands_anything_unusual_to_the_general_path():
    string = GraphQLString.coerce_output_value
    assert _plain_leaf(_attribute("name"), string, True)(_Source(), NO_CALLER) == "张三"
    # a null for a non-null field, a value the type refuses, an attribute that raises: the
    # general path decides (and reports the error as it always did)
    empty = SimpleNamespace(missing=None)
    assert _plain_leaf(_attribute("missing"), string, True)(empty, NO_CALLER) is _GENERAL
    assert _plain_leaf(_attribute("missing"), string, False)(empty, NO_CALLER) is None
    assert _plain_leaf(_attribute("name"), lambda v: (_ for _ in ()).throw(TypeError("no")), False)(_Source(), NO_CALLER) is _GENERAL
    assert _plain_leaf(_attribute("broken"), string, False)(_Source(), NO_CALLER) is _GENERAL


def test_a_policed_plain_leaf_reads_through_the_policy_wrapper_with_the_request_context():
    """The wrapper finds the caller in the context the executor hands over: none, so hidden."""
    for key in ("Customer.name", "Customer.mobile", "Customer.idNumber"):
        read = policed_resolver(_attribute("name"), FIELD_POLICIES[key])
        assert _plain_leaf(read, GraphQLString.coerce_output_value, False)(_Source(), NO_CALLER) is None, key


async def _field(awaitable):
    """A field's resolver task awaiting a loader, as graphql-core runs it."""
    return await awaitable


async def test_a_field_cancelled_with_a_failed_sibling_leaves_the_shared_load_to_the_others():
    """graphql-core cancels the siblings of a field that failed. Fields awaiting the same loader
    key share one future: the cancelled one must not cancel it for the others (with Strawberry's
    DataLoader they got CancelledError, and the request an HTTP 500)."""
    started, release = asyncio.Event(), asyncio.Event()

    async def batch(keys):
        started.set()
        await release.wait()
        return [key * 2 for key in keys]

    loader = SharedLoader(batch)
    cancelled, waiting = asyncio.ensure_future(_field(loader.load(21))), asyncio.ensure_future(_field(loader.load(21)))
    await started.wait()
    cancelled.cancel()
    release.set()
    assert await waiting == 42
    with pytest.raises(asyncio.CancelledError):
        await cancelled
    assert await loader.load(21) == 42  # and the key stays loaded for later fields


async def test_a_requests_loaders_are_built_on_first_use_and_kept_for_the_request():
    """resolvers.dataloaders.Loaders: a loader is built when a field first asks for it, and every
    later field of the request gets the same one (its batch and its cache); a new request, new ones."""
    batches: list[list[int]] = []

    class Counting(Loaders):
        async def _load_products(self, ids):
            batches.append(list(ids))
            return [None for _ in ids]

    loaders = Counting(SimpleNamespace())
    assert "product" not in vars(loaders)
    assert loaders.product is loaders.product
    assert "product" in vars(loaders) and "archive" not in vars(loaders)
    await asyncio.gather(loaders.product.load(1), loaders.product.load(2))
    await loaders.product.load(1)
    assert batches == [[1, 2]]
    assert Counting(SimpleNamespace()).product is not loaders.product


def _raw_input(input_type: Any, depth: int, full: bool) -> dict[str, Any]:
    """An input value as graphql-core hands it over: every field (``full``) or only the required
    ones, leaves as distinct objects (conversion passes them through), lists of two items."""
    from graphql import GraphQLInputObjectType, GraphQLList, get_named_type, get_nullable_type, is_non_null_type

    def value(type_: Any, level: int) -> Any:
        nullable = get_nullable_type(type_)
        if isinstance(nullable, GraphQLList):
            return [value(nullable.of_type, level) for _ in range(2)]
        if isinstance(get_named_type(nullable), GraphQLInputObjectType):
            if level >= 3:
                return None if not is_non_null_type(type_) else _raw_input(nullable, level + 1, False)
            return _raw_input(nullable, level + 1, full)
        return object()

    return {
        name: value(field.type, depth) if full or is_non_null_type(field.type) else None
        for name, field in input_type.fields.items()
        if full or is_non_null_type(field.type) or name.startswith("a")
    }


def test_every_input_type_is_built_as_strawberry_builds_it():
    """The precompiled builders (``compile_inputs``) against Strawberry's own conversion, for every
    input type of the schema: all fields set (nested inputs and lists included), and only the
    required ones with some optional ones null."""
    from strawberry.types.arguments import convert_argument
    from strawberry.types.base import StrawberryObjectDefinition

    schema = build_schema()
    registry, config = schema.schema_converter.scalar_registry, schema.config
    inputs = [
        (concrete.definition.origin, concrete.definition)
        for concrete in schema.schema_converter.type_map.values()
        if isinstance(concrete.definition, StrawberryObjectDefinition) and concrete.definition.is_input
    ]
    builders = {id(d): d.from_input for _, d in inputs}
    assert len(inputs) > 40 and all(builders.values())  # every input type has its builder
    compared = 0
    for cls, definition in inputs:
        graphql_type = schema._schema.type_map[definition.name]
        for full in (True, False):
            raw = _raw_input(graphql_type, 0, full)
            ours = convert_argument(raw, cls, registry, config)
            for _, d in inputs:
                d.from_input = None
            try:
                theirs = convert_argument(raw, cls, registry, config)
            finally:
                for _, d in inputs:
                    d.from_input = builders[id(d)]
            assert type(ours) is cls and ours == theirs, definition.name
            compared += 1
    assert compared == 2 * len(inputs)
    # The lists are copies, as Strawberry makes them (graphql-core shares a default between requests).
    search = schema._schema.type_map["CustomerFilter"]
    raw = _raw_input(search, 0, True)
    built = convert_argument(raw, next(c for c, d in inputs if d.name == "CustomerFilter"), registry, config)
    assert built.statuses == raw["statuses"] and built.statuses is not raw["statuses"]


@strawberry.input
class _Inner:
    a: int
    b: list[str] | None = None


@strawberry.input
class _WithMaybe:
    m: strawberry.Maybe[str]
    inner: _Inner | None = None


@strawberry.type
class _MaybeQuery:
    @strawberry.field
    def f(self, x: _WithMaybe) -> int:
        return 1


def test_an_input_type_strawberry_treats_specially_keeps_its_general_conversion():
    """A field of ``Maybe`` (``Some`` for a value, nothing for an absent field) is Strawberry's own
    to convert: the type's builder hands it to ``convert_argument`` and says so (``general``),
    while an input type nested in it keeps its precompiled builder."""
    from strawberry.types.arguments import convert_argument
    from strawberry.types.maybe import Some

    from schema.execution import compile_inputs

    schema = strawberry.Schema(query=_MaybeQuery)
    compile_inputs(schema)
    registry, config = schema.schema_converter.scalar_registry, schema.config
    built = convert_argument({"m": "x", "inner": {"a": 1, "b": ["p"]}}, _WithMaybe, registry, config)
    assert built == _WithMaybe(m=Some("x"), inner=_Inner(a=1, b=["p"]))
    assert convert_argument({"inner": None}, _WithMaybe, registry, config) == _WithMaybe(m=None, inner=None)
    assert _WithMaybe.__strawberry_definition__.from_input.general  # type: ignore[union-attr]
    assert not _Inner.__strawberry_definition__.from_input.general  # type: ignore[union-attr]
