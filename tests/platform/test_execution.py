"""The cheaper execution of plain fields (schema/execution.py) answers exactly as the general path:
the same data and errors for every role, with fewer fields through graphql-core's general path."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace
from typing import Any

import pytest
import strawberry

from graphql import GraphQLString, specified_rules
from graphql.execution import executor
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext

from backend.auth.policies import FIELD_POLICIES
from backend.db.session import transaction
from backend.db.tenancy import acting_for
from backend.demo import load_demo_customers
from resolvers.dataloaders import Loaders, SharedLoader
from schema.context import Context
from schema.execution import _GENERAL, CICExecutionContext, _attribute, _plain_leaf, _RequestOnly, compile_fields, context_only
from schema.extensions import policed_resolver
from schema.schema import CICSchema, build_schema
from tests.platform.test_tenant_rls import _as

FIELDS = """id version status channel name gender birthDate idExpiry idLongTerm ethnicity education maritalStatus
  health returnReasons submittedAt verifiedAt createdAt updatedAt ecifCustomerNo idNumber mobile altPhone
  manager { id name username } branch { id name code level } household { size isHead } blacklisted"""
LIST = "query($p: String) { customers(filter: {namePrefix: $p}, first: 30) { edges { node { %s } } pageInfo { hasNextPage } estimatedTotal } }" % FIELDS
DETAIL = """query($id: ID!) { customer(id: $id) { %s address { regionCode regionName townshipCode villageCode line }
  household { size registerNo isHead } familyMembers { relation name occupation annualIncome labourCapacity idNumber }
  land { contractedMu rentedMu crops } livestock { kind count value } assets { kind description value }
  income { farming business wages other total } liabilities { lender amount overdue overdueAmount }
  business { name industry creditCode licenceNo annualTurnover employees } social { villageCreditRating remarks }
  consent { wordingVersion consentedAt channel formImageRef shareWithFederation }
  viewerCan { edit submit verify returnForRework close transfer uploadImage deleteImage } revealable { type field }
  extraFields { code ... on TextFieldValue { text } }
  evaluation { completeness precise evaluatedAt violations { code severity origin message messageEn overridable } } } }""" % FIELDS
# object fields the compiled schema answers without graphql-core's per-field path
OBJECT_FIELDS = {
    "CustomerSearchResult.edges", "CustomerEdge.node", "Customer.manager", "Customer.branch", "Customer.address",
    "Customer.household", "Customer.familyMembers", "Customer.livestock", "Customer.income", "Customer.evaluation",
    "Customer.viewerCan", "Customer.revealable", "ArchiveEvaluation.violations",
}
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
        seen_general: set[str] = set()
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
                    # the decrypted leaves (``@context_only``) are answered as plain leaves too, and
                    # the objects and lists of objects by the executor's ``_object``
                    assert not general_names & {"Customer.idNumber", "Customer.mobile", "Customer.altPhone"}, username
                    assert not general_names & OBJECT_FIELDS, (username, general_names & OBJECT_FIELDS)
                else:
                    general_calls = calls["n"]
                    seen_general |= general_names
            assert answers[0] == answers[1], username
            rows = len(((answers[0][0][0] or {}).get("customers") or {}).get("edges") or [])
            seen_rows += rows
            if rows:
                # The plain leaves never reached graphql-core's per-field path on the compiled schema.
                assert compiled_calls < general_calls / 2, (username, compiled_calls, general_calls)
        assert seen_rows > 0  # the comparison saw archives, not only refusals
        assert OBJECT_FIELDS <= seen_general  # every one of them was asked (and answered alike)
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


# -- object fields: the same data and errors (messages and paths) as graphql-core's path ----------


@strawberry.type(name="Leafy")
class _Leafy:
    value: int | None

    @strawberry.field
    def strict(self) -> int:
        if self.value is None:
            raise ValueError("no value")
        return self.value


@strawberry.type(name="Holder")
class _Holder:
    seed: strawberry.Private[int]

    @strawberry.field
    def one(self) -> _Leafy | None:  # a resolver of self alone
        return _Leafy(value=self.seed)

    @strawberry.field
    def required(self) -> _Leafy:
        return None  # type: ignore[return-value]  # a null for a non-null object: an error up the path

    @strawberry.field
    def rows(self) -> list[_Leafy | None]:
        return [_Leafy(value=1), None, _Leafy(value=None), _Leafy(value=3)]

    @strawberry.field
    def strict_rows(self) -> list[_Leafy] | None:
        return [_Leafy(value=1), None]  # type: ignore[list-item]  # a null row of a non-null item type

    @strawberry.field
    def generated(self) -> list[_Leafy]:
        return (_Leafy(value=v) for v in (4, 5))  # type: ignore[return-value]  # not a list: graphql-core's

    @strawberry.field
    async def later(self) -> _Leafy | None:  # a coroutine: the executor awaits it
        return _Leafy(value=self.seed + 1)

    @strawberry.field
    async def later_rows(self) -> list[_Leafy] | None:
        return [_Leafy(value=None)]

    @strawberry.field
    @context_only
    def from_context(self, info: strawberry.Info) -> _Leafy | None:
        return _Leafy(value=info.context["seed"])

    @strawberry.field
    @context_only
    def reads_more(self, info: strawberry.Info) -> _Leafy | None:  # marked wrongly: reads the path too
        return _Leafy(value=len(info.path.as_list()))

    @strawberry.field
    def broken(self) -> _Leafy | None:
        raise RuntimeError("broken read")


@strawberry.type(name="Query")
class _ObjectQuery:
    @strawberry.field
    def holders(self) -> list[_Holder]:
        return [_Holder(seed=10), _Holder(seed=20)]

    @strawberry.field
    def holder(self) -> _Holder | None:
        return _Holder(seed=7)


OBJECT_QUERY = """{ holders { one { value strict } rows { value strict } strictRows { value } generated { value }
  later { value strict } laterRows { strict } fromContext { value } readsMore { value } broken { value } }
  holder { required { value } } a: holder { one { value } } }"""


async def test_object_fields_answer_data_and_errors_as_the_general_path():
    """Nulls inside and outside lists, a non-null child's error climbing to the nearest nullable
    object, async resolvers, a list that is not a list, a resolver marked ``@context_only`` that
    reads more than the context, a read that raises: the compiled schema answers each alike."""
    compiled = strawberry.Schema(query=_ObjectQuery, execution_context_class=CICExecutionContext)
    compile_fields(compiled)
    general = strawberry.Schema(query=_ObjectQuery)
    graphql_fields = compiled._schema.type_map["Holder"].fields
    assert all(hasattr(graphql_fields[name], "_cic_object") for name in ("one", "rows", "later", "fromContext", "readsMore"))
    answers = []
    for schema in (compiled, general):
        result = await schema.execute(OBJECT_QUERY, context_value={"seed": 99})
        answers.append((result.data, sorted((e.message, tuple(e.path or ())) for e in result.errors or [])))
    assert answers[0] == answers[1]
    data, errors = answers[0]
    assert data["holders"][0]["rows"] == [{"value": 1, "strict": 1}, None, None, {"value": 3, "strict": 3}]
    assert data["holders"][1]["fromContext"] == {"value": 99} and data["holders"][0]["readsMore"] == {"value": 3}
    assert data["holder"] is None and data["a"] == {"one": {"value": 7}}
    assert ("no value", ("holders", 0, "rows", 2, "strict")) in errors
    assert ("Cannot return null for non-nullable field Holder.required.", ("holder", "required")) in errors
    assert ("broken read", ("holders", 1, "broken")) in errors


# -- a document's collection and plans, kept across requests ---------------------------------------


def _kept_schema() -> CICSchema:
    """The small schema as the API serves its own: documents parsed once and kept."""
    schema = CICSchema(query=_ObjectQuery, execution_context_class=CICExecutionContext, rules=tuple(specified_rules),
                       max_tokens=10_000, hide_suggestions=False)  # fmt: skip
    compile_fields(schema)
    return schema


async def test_a_documents_collection_and_plan_are_kept_across_requests(monkeypatch):
    """The second request of a kept document collects no sub-selection and plans no field set
    but its root (graphql-core collects the operation's root fields anew for every request): it
    answers from what the first one collected and planned, with the same data and errors."""
    schema = _kept_schema()
    collected, planned = [], []
    real_collect, real_plan = executor.collect_subfields, CICExecutionContext._planned

    def collecting(*args, **kwargs):
        collected.append(args[4].name)  # the return type
        return real_collect(*args, **kwargs)

    def planning(self, parent_type, grouped):
        planned.append(parent_type.name)
        return real_plan(self, parent_type, grouped)

    monkeypatch.setattr(executor, "collect_subfields", collecting)
    monkeypatch.setattr(CICExecutionContext, "_planned", planning)
    answers = []
    for seed in (99, 98):
        result = await schema.execute(OBJECT_QUERY, context_value={"seed": seed})
        # (the API's schema masks unexpected errors' messages: their paths tell them apart)
        answers.append((result.data, sorted(tuple(e.path or ()) for e in result.errors or [])))
        if seed == 99:
            assert "Holder" in collected and "Leafy" in collected and "Holder" in planned
            collected.clear()
            planned.clear()
    assert collected == [] and planned == ["Query"]  # the second request reused both; only its root is its own
    general = await strawberry.Schema(query=_ObjectQuery).execute(OBJECT_QUERY, context_value={"seed": 98})
    assert answers[1] == (general.data, sorted(tuple(e.path or ()) for e in general.errors or []))
    assert len(answers[1][1]) == 9  # the errors of OBJECT_QUERY (above), each where it arose
    assert answers[0][0]["holders"][1]["fromContext"] == {"value": 99} and answers[1][0]["holders"][1]["fromContext"] == {"value": 98}


DIRECTED = """query($on: Boolean!, $off: Boolean!) { holders { one { value strict @include(if: $on) } ...More } holder { ...More } }
fragment More on Holder { rows @skip(if: $off) { value } later { value } }"""


async def test_a_directive_keeps_the_collection_per_request():
    """``@include``/``@skip`` choose fields by the request's variables: an operation with any
    directive is collected per request, so each answer follows its own variables."""
    schema, general = _kept_schema(), strawberry.Schema(query=_ObjectQuery)
    for on, off in ((True, False), (False, True), (True, True), (False, False)):
        variables = {"on": on, "off": off}
        kept = await schema.execute(DIRECTED, variable_values=variables, context_value={"seed": 1})
        fresh = await general.execute(DIRECTED, variable_values=variables, context_value={"seed": 1})
        assert kept.errors is None and kept.data == fresh.data
        assert ("strict" in kept.data["holders"][0]["one"]) is on and ("rows" in kept.data["holder"]) is (not off)
