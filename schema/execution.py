"""Cheaper execution of the fields that need no general machinery: the same answers, less work.

A search page asks about 200 fields (20 rows of 8 fields and two names). graphql-core and
Strawberry run each through their general path: a ``Path`` and a resolve-info object per field,
Strawberry's argument conversion and extension chain for every field that has a resolver, then the
completion's dispatch on the field's type. For most of those fields none of it does anything. Two
build-time passes (``compile_fields``) and one executor method keep the answers and drop the work:

* **Plain leaves** (an attribute of the object, a scalar or enum, no resolver, no arguments:
  ``name``, ``status``, ``birthDate``...) are answered in ``CICExecutionContext.execute_fields``
  by one precompiled function: the attribute (through the field policy's own wrapper,
  ``schema.extensions.policed_resolver``, where the table names the field), the type's output
  coercion. Anything unusual (a null for a non-null field, a value the type refuses, an
  attribute that raises) goes back to the general path, which reports it as it always did.
* **Resolvers without arguments or extensions** (``idNumber``, ``mobile``, ``manager``,
  ``branch``, ``cursor``...) are called directly with their ``Info`` instead of through
  Strawberry's per-field argument conversion and extension reduction, which for them convert and
  reduce nothing.
* **Leaf resolvers that read only the request's context** (marked ``@context_only``: ``idNumber``,
  ``mobile``, ``altPhone``, which decrypt with the request's cipher) are answered like plain
  leaves, given the context instead of an ``Info``: no ``Path``, resolve info or completion
  dispatch for 40 values of a page.
* **Object fields** (an object, or a list of objects, read as a plain leaf is: the attribute, a
  resolver of ``self`` alone, or a ``@context_only`` one: ``edges``, ``node``, ``manager``,
  ``branch``, ``address``, ``familyMembers``...) are completed by the executor's ``_object``: the
  value read, then its sub-selection executed on it (or on each row) straight away, without
  graphql-core's resolve info, completion dispatch and ``complete_object_value`` per object (a
  search page has about 80 such objects; a list completion was a third of a search's CPU).
  Errors are located and reported by graphql-core's own ``handle_field_error``; a read that
  raises, a type with ``is_type_of``, a ``@defer``/``@stream`` and anything unusual in a list go
  the general way.

* **Collections and plans kept across requests** (``_static``, ``_LastingGroup``): a query
  text's document is kept (``schema.documents``), so where nothing in its operation depends on
  the variables (no directive, no fragment arguments), an object type's sub-selection is collected
  from graphql-core once and kept with the executor's plan of it, instead of collected and planned
  in every request (a tenth of an archive's detail, whose twenty objects are each executed once).

* **Input types** (``compile_inputs``) are built by a precompiled function each, set as
  Strawberry's ``from_input`` hook: the same values as its ``convert_argument``, without walking
  the type's fields and converting their names on every request.

The field policy stays the one declaration (``backend.auth.policies.FIELD_POLICIES``), applied by
``schema.extensions.apply_field_policies``; the plain-leaf function calls the wrapper it installed.
tests/graphql/test_execution.py checks that both paths answer alike, field by field and role by role.
Measured: bench/graphql_vs_postgraphile.py, docs/benchmarks.md.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING
from typing import Any

from graphql import (
    GraphQLField,
    GraphQLObjectType,
    GraphQLOutputType,
    GraphQLSchema,
    Undefined,
    get_nullable_type,
    is_leaf_type,
    is_list_type,
    is_non_null_type,
)
from cachetools import LRUCache
from graphql.execution.collect_fields import CollectedFields
from graphql.execution.executor import to_nodes
from graphql.pyutils import Path, gather_with_cancel
from strawberry.relay.types import GlobalID
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.types.arguments import _is_leaf_type, convert_argument
from strawberry.types.base import StrawberryList, StrawberryMaybe, StrawberryObjectDefinition, StrawberryOptional, has_object_definition
from strawberry.types.enum import has_enum_definition
from strawberry.types.field import StrawberryField
from strawberry.types.lazy_type import LazyType
from strawberry.types.unset import UNSET

from schema.extensions import policed_resolver

DEFINITION = "strawberry-definition"
_GENERAL = object()  # a plain-leaf function's answer when the general path must decide


def compile_fields(strawberry_schema: Any) -> None:
    """Give every field of the built schema its cheaper path where it has one (idempotent). Run
    after ``apply_field_policies``: a policed plain leaf's function calls the policy's wrapper."""
    schema: GraphQLSchema = strawberry_schema._schema
    info_class = strawberry_schema.config.info_class
    for named in schema.type_map.values():
        if not isinstance(named, GraphQLObjectType) or named.name.startswith("__"):
            continue
        for name, field in named.fields.items():
            definition = (field.extensions or {}).get(DEFINITION)
            if not isinstance(definition, StrawberryField) or definition.extensions or definition.arguments:
                continue
            policed = getattr(field.resolve, "_policy", None)
            inner = getattr(field.resolve, "_inner", field.resolve)
            if definition.base_resolver is None:
                leaf = get_nullable_type(field.type)
                if getattr(inner, "_is_default", False) and is_leaf_type(leaf):
                    # the attribute itself, or the policy's wrapper round Strawberry's attribute read
                    read = field.resolve if policed is not None else _attribute(definition.python_name)
                    field._cic_plain = _plain_leaf(read, _coercion(leaf), is_non_null_type(field.type))  # type: ignore[attr-defined]
            elif not getattr(inner, "_direct", False):
                direct = _direct(definition, info_class)
                if direct is not None:
                    field.resolve = direct if policed is None else policed_resolver(direct, policed)
                leaf = get_nullable_type(field.type)
                light = _with_context(definition)
                if light is not None and is_leaf_type(leaf):
                    read = light if policed is None else policed_resolver(light, policed)
                    field._cic_plain = _plain_leaf(read, _coercion(leaf), is_non_null_type(field.type))  # type: ignore[attr-defined]
            entry = _object_field(named, name, field, definition, policed, inner)
            if entry is not None:
                field._cic_object = entry  # type: ignore[attr-defined]


def compile_inputs(strawberry_schema: Any) -> None:
    """Give every input type of the schema a precompiled builder (Strawberry's ``from_input``
    hook, the one its pydantic integration uses): the value as Strawberry's ``convert_argument``
    builds it, without walking the type's fields, resolving their types and converting their
    names on every request (a search's ``filter`` was a twentieth of its CPU). The builder is set
    on the class's definition, so it serves every schema built from the class (idempotent). A type
    with a field Strawberry treats specially (``Maybe``, ``GlobalID``) keeps the general path.
    tests/platform/test_execution.py checks that both build the same values for every input type."""
    registry = strawberry_schema.schema_converter.scalar_registry
    config = strawberry_schema.config
    for concrete in strawberry_schema.schema_converter.type_map.values():
        definition = concrete.definition
        if isinstance(definition, StrawberryObjectDefinition) and definition.is_input and definition.from_input is None:
            definition.from_input = _InputBuilder(definition, registry, config)


class _Unsupported(Exception):
    """A field type the builder leaves to Strawberry's general conversion."""


class _InputBuilder:
    """``from_input`` for one input type: its fields' converters are made at the first call (when
    every input type of the schema has its builder), or the type falls back for good."""

    def __init__(self, definition: StrawberryObjectDefinition, registry: Any, config: Any) -> None:
        self.definition, self.registry, self.config = definition, registry, config
        self.fields: list[tuple[str, str, Callable[[Any], Any] | None]] | None = None
        self.defaults: dict[str, None] = {}
        self.general = False

    def __call__(self, cls: type, value: Any, context: Any) -> Any:
        if self.fields is None and not self.general:
            self._compile()
        if self.general:
            # Strawberry's own conversion of the type: the hook is skipped while it runs.
            definition = self.definition
            definition.from_input = None
            try:
                return convert_argument(value, cls, self.registry, self.config, context.info, path=context.path)
            finally:
                definition.from_input = self
        kwargs = dict(self.defaults)
        for graphql_name, python_name, convert in self.fields:  # type: ignore[union-attr]
            if graphql_name in value:
                item = value[graphql_name]
                kwargs[python_name] = item if convert is None else convert(item)
        return cls(**kwargs)

    def _compile(self) -> None:
        definition = self.definition
        try:
            fields = [
                (self.config.name_converter.from_field(f), f.python_name, self._converter(f.resolve_type(type_definition=definition)))
                for f in definition.fields
            ]
        except _Unsupported:
            self.general = True
            return
        # As Strawberry does: an implicit None for every field without a default of its own.
        self.defaults = {f.python_name: None for f in definition.fields if f.default_value is MISSING and f.default_factory is MISSING}
        self.fields = fields

    def _converter(self, type_: Any) -> Callable[[Any], Any] | None:
        """What ``convert_argument`` does to a value of ``type_``; None: the value as it is."""
        if isinstance(type_, StrawberryMaybe) or type_ is GlobalID:
            raise _Unsupported
        if isinstance(type_, StrawberryOptional):
            return self._converter(type_.of_type)  # None and UNSET pass through every converter
        if isinstance(type_, StrawberryList):
            inner = self._converter(type_.of_type)
            if inner is None:  # copied: graphql-core shares an omitted list's default between requests
                return lambda v: v if v is None or v is UNSET else list(v)
            return lambda v: v if v is None or v is UNSET else [inner(x) for x in v]
        if isinstance(type_, LazyType):
            return self._converter(type_.resolve_type())
        if _is_leaf_type(type_, self.registry) or has_enum_definition(type_):
            return None
        if has_object_definition(type_) and type_.__strawberry_definition__.is_input:
            registry, config = self.registry, self.config
            return lambda v: v if v is None or v is UNSET else convert_argument(v, type_, registry, config)
        raise _Unsupported


def context_only(function: Callable[..., Any]) -> Callable[..., Any]:
    """Marks a resolver (``self``, ``info``, no arguments) that reads nothing of ``info`` but
    ``info.context``: for a leaf type the executor answers it as a plain leaf, for an object type
    as an object field (``_object``), handing it an object that carries only the request's
    context (``_RequestOnly``). Anything else it read there would fail, and the general path
    would answer (and report) instead. A leaf's resolver must return its value, never an
    awaitable (the plain-leaf path would hand it to the general path, which calls it again); an
    object's may return either."""
    function._context_only = True  # type: ignore[attr-defined]
    return function


def _with_context(definition: StrawberryField) -> Callable[[Any, Any], Any] | None:
    """A ``@context_only`` resolver as a plain leaf's ``read(source, request)``, else None."""
    resolver = definition.base_resolver
    assert resolver is not None
    function = resolver.wrapped_func
    if (
        not getattr(function, "_context_only", False) or resolver.self_parameter is None or resolver.info_parameter is None
        or resolver.parent_parameter is not None or resolver.root_parameter is not None
    ):  # fmt: skip
        return None
    name = resolver.info_parameter.name

    def read(source: Any, request: Any) -> Any:
        return function(source, **{name: request})

    return read


def _direct(definition: StrawberryField, info_class: type) -> Callable[..., Any] | None:
    """The resolver called as Strawberry would call it for a field without arguments or
    extensions: the object as ``self``, an ``Info`` if it asks for one. ``None`` for a resolver
    that asks for anything else (the parent or root by annotation)."""
    resolver = definition.base_resolver
    assert resolver is not None
    if resolver.parent_parameter is not None or resolver.root_parameter is not None:
        return None
    function = resolver.wrapped_func
    takes_self = resolver.self_parameter is not None
    info = resolver.info_parameter.name if resolver.info_parameter is not None else None
    if info is None:

        def direct(source: Any, _info: Any) -> Any:
            return function(source) if takes_self else function()

    elif takes_self:

        def direct(source: Any, raw: Any) -> Any:
            return function(source, **{info: info_class(_raw_info=raw, _field=definition)})

    else:

        def direct(source: Any, raw: Any) -> Any:
            return function(**{info: info_class(_raw_info=raw, _field=definition)})

    direct._direct = True  # type: ignore[attr-defined]
    return direct


class _ObjectField:
    """What the executor needs to answer an object field (or a list of objects) without
    graphql-core's per-field path: how to read the value, and its type's shape."""

    __slots__ = ("field", "item_non_null", "item_type", "label", "listed", "non_null", "object_type", "parent_type", "read")

    def __init__(self, parent_type: GraphQLObjectType, name: str, field: GraphQLField, read: Callable[[Any, Any], Any]) -> None:
        self.parent_type, self.field, self.read = parent_type, field, read
        self.label = f"{parent_type.name}.{name}"  # as graphql-core names the field in a null's error
        self.non_null = is_non_null_type(field.type)
        nullable = get_nullable_type(field.type)
        self.listed = is_list_type(nullable)
        self.item_type: GraphQLOutputType | None = nullable.of_type if self.listed else None
        self.item_non_null = self.listed and is_non_null_type(self.item_type)
        self.object_type = get_nullable_type(self.item_type) if self.listed else nullable


def _object_field(
    parent_type: GraphQLObjectType, name: str, field: GraphQLField, definition: StrawberryField, policed: Any, inner: Any
) -> _ObjectField | None:
    """An object field's (or list of objects') cheaper path, or None. Its value is read as a plain
    leaf's is (the attribute, a resolver that takes no ``info``, or a ``@context_only`` one, through
    the field policy's wrapper where the table names the field); its type must be an object type
    without ``is_type_of`` (Strawberry gives one to the types with interfaces: those stay general)."""
    target = get_nullable_type(field.type)
    if is_list_type(target):
        target = get_nullable_type(target.of_type)
    if not isinstance(target, GraphQLObjectType) or target.is_type_of is not None:
        return None
    if definition.base_resolver is None:
        if not getattr(inner, "_is_default", False):
            return None
        read = field.resolve if policed is not None else _attribute(definition.python_name)
    else:
        light = _with_context(definition) or _without_info(definition)
        if light is None:
            return None
        read = light if policed is None else policed_resolver(light, policed)
    return _ObjectField(parent_type, name, field, read)


def _without_info(definition: StrawberryField) -> Callable[[Any, Any], Any] | None:
    """A resolver of ``self`` alone as ``read(source, request)``, else None."""
    resolver = definition.base_resolver
    assert resolver is not None
    if (
        resolver.self_parameter is None or resolver.info_parameter is not None
        or resolver.parent_parameter is not None or resolver.root_parameter is not None
    ):  # fmt: skip
        return None
    function = resolver.wrapped_func

    def read(source: Any, _request: Any) -> Any:
        return function(source)

    return read


def _attribute(name: str) -> Callable[[Any, Any], Any]:
    def read(source: Any, _info: Any) -> Any:
        return getattr(source, name)

    return read


def _plain_leaf(read: Callable[[Any, Any], Any], coerce: Callable[[Any], Any], non_null: bool) -> Callable[[Any, Any], Any]:
    """The answer of a plain leaf for one object, or ``_GENERAL``: what the general path would
    complete ``read``'s value to. A policed field's ``read`` is its ``policed_resolver``, so the
    policy is applied by the one wrapper that applies it on every path; it reads only
    ``info.context``, which ``_RequestOnly`` carries."""

    def plain(source: Any, info: Any) -> Any:
        try:
            value = read(source, info)
            if value is None or value is Undefined:
                return _GENERAL if non_null else None
            coerced = coerce(value)
        except Exception:
            return _GENERAL
        return _GENERAL if coerced is None or coerced is Undefined else coerced

    return plain


def _coercion(leaf: Any) -> Callable[[Any], Any]:
    """The leaf type's output coercion. For a Strawberry enum, a member's name found by its value in
    a dict: Strawberry's ``coerce_output_value`` compares the value with each of the type's values
    in turn (the twenty statuses of a search page: seventy comparisons through ``Enum.value``).
    Anything but a member of the enum's own class goes to Strawberry's, as before."""
    general = leaf.coerce_output_value
    wrapped = getattr(leaf, "wrapped_cls", None)
    if wrapped is None:
        return general
    try:
        names: dict[Any, str] = {}
        for name, value in leaf.values.items():
            names.setdefault(value.value, name)  # the first that matches, as Strawberry's loop finds it
    except TypeError:  # a value that cannot be a key
        return general

    def coerce(output: Any) -> Any:
        if type(output) is wrapped:
            name = names.get(output._value_)
            if name is not None:
                return name
        return general(output)

    return coerce


class _RequestOnly:
    """What a plain leaf's ``read`` is given for the resolve info: the request's context."""

    __slots__ = ("context",)

    def __init__(self, context: Any) -> None:
        self.context = context


async def _filled(container: Any, keys: list[Any]) -> Any:
    """``container`` (a field's results, a list's rows) with the awaitables at ``keys`` awaited,
    together and cancelled together as graphql-core does (one alone without a gather)."""
    if len(keys) == 1:
        container[keys[0]] = await container[keys[0]]
    else:
        awaited = await gather_with_cancel(*(container[key] for key in keys))
        for key, value in zip(keys, awaited, strict=True):
            container[key] = value
    return container


def _directed(details: Any) -> bool:
    return any(d.node.directives for d in details)


# -- plans kept across requests ------------------------------------------------------------------
# A query text's document is parsed once and kept (``schema.documents``), so its nodes are the
# same objects from one request to the next. Where nothing in the operation depends on the
# request's variables (no directive anywhere: ``@include``/``@skip`` choose fields by them,
# ``@defer``/``@stream`` change delivery; no fragment arguments), the sub-selection collected
# for an object type from a group of nodes is the same every time: it is collected once, as a
# ``_LastingGroup`` that keeps its executor plan. An archive's detail has twenty such objects,
# each executed once a request, whose collection and planning were a tenth of its CPU.


class _LastingGroup(dict):  # type: ignore[type-arg]
    """A grouped field set kept across requests, with its plan (``CICExecutionContext._plan``)."""

    __slots__ = ("plan",)

    def __init__(self, grouped: Any) -> None:
        super().__init__(grouped)
        self.plan: list[tuple[str, Any, Any, Any]] | None = None


# (return type, id of each node of the group) -> (the nodes, the collected fields). The entry
# holds the nodes, so no other node can take their ids while it lives.
_COLLECTED: LRUCache = LRUCache(maxsize=4096)
# id(operation node) -> (the node, whether its collection depends on nothing but the document)
_STATIC_OPERATIONS: LRUCache = LRUCache(maxsize=2048)


def _static(operation: Any, fragments: Any) -> bool:
    """Whether collecting the operation's fields depends only on its document: no directive on
    any selection or fragment, no fragment with variables of its own."""
    kept = _STATIC_OPERATIONS.get(id(operation))
    if kept is not None and kept[0] is operation:
        return kept[1]
    static = True
    pending = [operation.selection_set]
    for fragment in fragments.values():
        if fragment.variable_signatures or fragment.definition.directives:
            static = False
        pending.append(fragment.definition.selection_set)
    while static and pending:
        for selection in pending.pop().selections:
            if selection.directives:
                static = False
                break
            below = getattr(selection, "selection_set", None)
            if below is not None:
                pending.append(below)
    _STATIC_OPERATIONS[id(operation)] = (operation, static)
    return static


class CICExecutionContext(StrawberryGraphQLCoreExecutionContext):
    """graphql-core's executor with the plain leaves answered in ``execute_fields`` (see above)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Per request: the grouped field set of each selection (graphql-core keeps one per
        # selection and type for the whole request), with each field's plain-leaf function.
        self._plans: dict[int, tuple[Any, list[tuple[str, Any, Any]]]] = {}
        self._plain_info = _RequestOnly(self.context_value)
        self._static = _static(self.operation, self.fragments)

    def collect_subfields(self, return_type: GraphQLObjectType, field_details_list: Any) -> CollectedFields:
        """graphql-core's collection of a sub-selection, kept across requests (a ``_LastingGroup``)
        where the operation's collection depends only on its document (``_static``)."""
        if not self._static:
            return super().collect_subfields(return_type, field_details_list)
        key = (return_type, *[id(d.node) for d in field_details_list])
        kept = _COLLECTED.get(key)
        if kept is None:
            collected = super().collect_subfields(return_type, field_details_list)
            collected = CollectedFields(_LastingGroup(collected.grouped_field_set), collected.new_defer_usages, collected.forbidden_directive_instances)
            kept = _COLLECTED[key] = (tuple(d.node for d in field_details_list), collected)
        return kept[1]

    def _plan(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[tuple[str, Any, Any, Any]]:
        if type(grouped_field_set) is _LastingGroup:
            lasting = grouped_field_set.plan
            if lasting is None:
                lasting = grouped_field_set.plan = self._planned(parent_type, grouped_field_set)
            return lasting
        kept = self._plans.get(id(grouped_field_set))
        if kept is not None and kept[0] is grouped_field_set:
            return kept[1]
        plan = self._planned(parent_type, grouped_field_set)
        self._plans[id(grouped_field_set)] = (grouped_field_set, plan)
        return plan

    def _planned(self, parent_type: GraphQLObjectType, grouped_field_set: Any) -> list[tuple[str, Any, Any, Any]]:
        """Each field's response name, details, plain-leaf function and object path (or None)."""
        fields = parent_type.fields
        plan = []
        for response_name, details in grouped_field_set.items():
            node = details[0].node
            field = fields.get(node.name.value)
            entry = getattr(field, "_cic_object", None)
            nested = None
            if entry is not None and not (node.directives or (len(details) > 1 and _directed(details))):
                # graphql-core's own (memoized) collection of the sub-selection; a deferred
                # fragment in it (``@defer``), or any directive on the field (``@stream``), keeps the
                # field on the general path, which delivers those
                grouped, defers, *_ = self.collect_subfields(entry.object_type, details)
                if not defers:
                    nested = (entry, grouped)
            plan.append((response_name, details, getattr(field, "_cic_plain", None), nested))
        return plan

    def execute_fields(self, parent_type, source_value, path, grouped_field_set, position_context):  # type: ignore[override]
        # graphql-core's ``Executor.execute_fields`` with the plain-leaf branch added.
        if self.middleware_manager is not None and self.middleware_manager.middlewares:
            # A schema extension with a ``resolve`` hook must see every field: the general path.
            return super().execute_fields(parent_type, source_value, path, grouped_field_set, position_context)
        results: dict[str, Any] = {}
        is_awaitable = self.is_awaitable
        plain_info = self._plain_info
        awaitable_fields: list[str] = []
        try:
            for response_name, details, plain, nested in self._plan(parent_type, grouped_field_set):
                if plain is not None:
                    value = plain(source_value, plain_info)
                    if value is not _GENERAL:
                        results[response_name] = value
                        continue
                field_path = Path(path, response_name, parent_type.name)
                result = _GENERAL
                if nested is not None and position_context is None:
                    result = self._object(nested, source_value, details, field_path)
                if result is _GENERAL:
                    result = self.execute_field(parent_type, source_value, details, field_path, position_context)
                if result is not Undefined:
                    results[response_name] = result
                    if is_awaitable(result):
                        awaitable_fields.append(response_name)
        except Exception:
            if awaitable_fields:
                self.settle_in_background([results[field] for field in awaitable_fields])
            raise
        return _filled(results, awaitable_fields) if awaitable_fields else results

    # -- object fields (``_ObjectField``): graphql-core's ``execute_field`` and ``complete_value``
    # for an object or a list of objects, without the resolve info, the completion's dispatch on
    # the type, ``complete_object_value`` and the list's per-item ``complete_value``. Errors are
    # located and reported by graphql-core's own ``handle_field_error``, as on its path.

    def _object(self, nested: tuple[_ObjectField, Any], source: Any, details: Any, path: Path) -> Any:
        """The field's answer (or an awaitable of it), or ``_GENERAL`` when its read raised: the
        general path then calls the resolver with a full resolve info and reports what it raises."""
        entry = nested[0]
        try:
            value = entry.read(source, self._plain_info)
        except Exception:
            return _GENERAL
        if self.is_awaitable(value):
            return self._object_later(nested, details, path, value)
        try:
            completed = self._complete_object(nested, details, path, value)
        except Exception as raw_error:
            self.handle_field_error(raw_error, entry.field.type, details, path)
            return None
        if self.is_awaitable(completed):
            return self._settled(completed, entry.field.type, details, path)
        return completed

    async def _object_later(self, nested: tuple[_ObjectField, Any], details: Any, path: Path, value: Any) -> Any:
        try:
            resolved = await self.with_abort_signal(value)
            completed = self._complete_object(nested, details, path, resolved)
            if self.is_awaitable(completed):
                completed = await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, nested[0].field.type, details, path)
            return None
        return completed

    async def _settled(self, completed: Any, return_type: Any, details: Any, path: Path) -> Any:
        try:
            return await completed
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, details, path)
            return None

    def _complete_object(self, nested: tuple[_ObjectField, Any], details: Any, path: Path, value: Any) -> Any:
        """``complete_value`` for the field's type: its sub-selection executed on the object, or
        on each row of a list; anything unusual in a list (an awaitable row, a null row of a
        non-null item type, not a list) is completed by graphql-core itself."""
        entry, grouped = nested
        if isinstance(value, Exception):
            raise value
        if value is None or value is Undefined:
            if entry.non_null:
                raise TypeError(f"Cannot return null for non-nullable field {entry.label}.")
            return None
        if not entry.listed:
            return self.execute_fields(entry.object_type, value, path, grouped, None)
        if isinstance(value, (list, tuple)):
            is_awaitable, item_non_null = self.is_awaitable, entry.item_non_null
            for row in value:
                if (row is None and item_non_null) or (row is not None and is_awaitable(row)):
                    break
            else:
                return self._complete_rows(entry, grouped, details, path, value)
        info = self.build_resolve_info(entry.field, to_nodes(details), entry.parent_type, path)
        return self.complete_value(entry.field.type, details, info, path, value, None)

    def _complete_rows(self, entry: _ObjectField, grouped: Any, details: Any, path: Path, rows: Any) -> Any:
        """graphql-core's ``complete_iterable_value`` for rows that are objects or nulls."""
        object_type, item_type, is_awaitable = entry.object_type, entry.item_type, self.is_awaitable
        completed: list[Any] = []
        pending: list[int] = []
        try:
            for index, row in enumerate(rows):
                if row is None:
                    completed.append(None)
                    continue
                row_path = Path(path, index, None)
                try:
                    value = self.execute_fields(object_type, row, row_path, grouped, None)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, details, row_path)
                    value = None
                else:
                    if is_awaitable(value):
                        value = self._settled(value, item_type, details, row_path)
                        pending.append(index)
                completed.append(value)
        except Exception:
            if pending:
                self.settle_in_background([completed[index] for index in pending])
            raise
        return _filled(completed, pending) if pending else completed
