"""An archive's input as the plain dict the service validates (``resolvers.customers.archive_dict``):
the same as Strawberry's ``asdict`` with enums as values and nulls left out, for full and sparse
inputs built the way a request builds them (graphql-core's coercion, then Strawberry's)."""

from __future__ import annotations

from enum import Enum
from typing import Any

import strawberry
from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLList, GraphQLScalarType, coerce_input_value, get_nullable_type, is_non_null_type
from strawberry.types.arguments import convert_argument

from resolvers.customers import _plain, archive_dict
from schema.customers import ArchiveInput
from schema.schema import build_schema

SCALARS = {"String": "文本", "ID": "7", "Int": 2, "Float": 1.5, "Boolean": True, "Date": "2020-01-02", "DateTime": "2020-01-02T03:04:05+08:00"}


def _json(input_type: GraphQLInputObjectType, full: bool, seed: int) -> dict[str, Any]:
    """A JSON value of ``input_type``: every field (``full``) or the required ones and every other
    optional one null; enums take a value by ``seed``, lists two items."""

    def value(type_: Any, index: int) -> Any:
        nullable = get_nullable_type(type_)
        if isinstance(nullable, GraphQLList):
            return [value(nullable.of_type, index + i) for i in range(2)]
        if isinstance(nullable, GraphQLInputObjectType):
            return _json(nullable, full, seed + index)
        if isinstance(nullable, GraphQLEnumType):
            names = list(nullable.values)
            return names[(seed + index) % len(names)]
        assert isinstance(nullable, GraphQLScalarType)
        return SCALARS.get(nullable.name, "12.50")  # the decimal scalars (Money, Decimal...)

    out: dict[str, Any] = {}
    for i, (name, field) in enumerate(input_type.fields.items()):
        if full or is_non_null_type(field.type):
            out[name] = value(field.type, i)
        elif i % 2:
            out[name] = None
    return out


def _typed(value: Any) -> Any:
    """``value`` with each leaf's type beside it: a StrEnum member equals its string, and the
    service must get the string."""
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_typed(v) for v in value]
    return (type(value), value)


def _leaves(value: Any) -> list[Any]:
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value]


def test_an_archive_input_becomes_the_dict_strawberry_asdict_gives():
    schema = build_schema()
    graphql_type = schema._schema.type_map["ArchiveInput"]
    registry, config = schema.schema_converter.scalar_registry, schema.config
    compared = 0
    for full in (True, False):
        for seed in range(3):
            coerced = coerce_input_value(_json(graphql_type, full, seed), graphql_type)
            archive = convert_argument(coerced, ArchiveInput, registry, config)
            assert isinstance(archive, ArchiveInput)
            ours, theirs = archive_dict(archive), _plain(strawberry.asdict(archive))
            assert _typed(ours) == _typed(theirs), (full, seed)
            compared += 1
            # (both sides share ``_plain``'s enum branch: the service must get no enum member at all)
            assert not any(isinstance(leaf, Enum) for leaf in _leaves(ours)), (full, seed)
            if full:  # the full input reached the nested sections, lists and enums
                assert ours["address"] and len(ours["family_members"]) == 2 and type(ours["education"]) is str
    assert compared == 6
