"""schema/schema.graphql is what the code builds (clients generate their types from it)."""

from backend.cli import SCHEMA_FILE
from backend.config import Settings
from schema.schema import build_schema


def test_exported_sdl_is_up_to_date():
    expected = build_schema(Settings(env="development")).as_str() + "\n"
    assert SCHEMA_FILE.read_text() == expected, "schema/schema.graphql is stale: run `uv run cic schema export`"
