"""``schema.common.from_attributes``: a Strawberry type built from a model by field name."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
import strawberry

from schema.common import from_attributes


@strawberry.type
class Sample:
    id: strawberry.ID
    name: str
    secret: strawberry.Private[str]


def test_fields_are_read_by_name_unless_given() -> None:
    row = SimpleNamespace(id=7, name="鼓楼支行", secret="x", other="not a field")
    sample = from_attributes(Sample, row, id=strawberry.ID(str(row.id)))
    assert (sample.id, sample.name, sample.secret) == ("7", "鼓楼支行", "x")


def test_a_given_value_that_is_no_field_is_refused() -> None:
    with pytest.raises(TypeError, match="naem"):
        from_attributes(Sample, SimpleNamespace(id=1, name="n", secret="s"), naem="typo")


def test_a_field_the_source_lacks_is_an_error_not_a_default() -> None:
    with pytest.raises(AttributeError):
        from_attributes(Sample, SimpleNamespace(id=1, name="n"))
