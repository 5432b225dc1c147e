"""schema/schema.graphql is what the code builds (clients generate their types from it)."""

from backend.cli import SCHEMA_FILE
from backend.config import Settings
from schema.schema import build_schema


def test_exported_sdl_is_up_to_date():
    expected = build_schema(Settings(env="development")).as_str() + "\n"
    assert SCHEMA_FILE.read_text() == expected, "schema/schema.graphql is stale: run `uv run cic schema export`"


def test_every_policy_field_is_nullable():
    """The policy extension answers null for HIDDEN; a non-null field would fail the whole query."""
    from graphql import GraphQLNonNull

    from backend.auth.policies import FIELD_POLICIES

    schema = build_schema(Settings(env="development"))._schema
    for key in FIELD_POLICIES:
        type_name, field_name = key.split(".")
        graphql_type = schema.get_type(type_name)
        assert graphql_type is not None, f"policy names unknown type {type_name}"
        field = graphql_type.fields.get(field_name)
        assert field is not None, f"policy names unknown field {key}"
        assert not isinstance(field.type, GraphQLNonNull), f"{key} is under a field policy and must be nullable"
