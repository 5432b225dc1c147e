"""The input guard: every argument of every root field is checked before its resolver runs.

One ``InputGuard`` field extension sits on each Query and Mutation field that takes arguments
(``attach_input_guard``, at schema build). It walks the converted arguments and refuses, with a
typed error naming the camelCase path of the value:

* a string with a control character or a lone surrogate, or longer than ``MAX_TEXT``
  (``CONTROL_CHARACTER``, ``TOO_LONG``); JSON arguments are walked too, keys included;
* a list longer than ``MAX_ITEMS`` (``TOO_MANY_ITEMS``), JSON nested deeper than ``MAX_DEPTH``;
* a value a scalar refused while parsing it (``Refused``: Money sent as a JSON number, a date
  that is no date or lies outside 1900-2199).

A mutation answers with its payload's errors (nothing is written: the resolver never runs);
a query raises ``BAD_USER_INPUT`` with ``extensions.field``. A ``DomainError`` a query resolver
raises (e.g. the shared id parser's ``INVALID_ID``) becomes ``BAD_USER_INPUT`` the same way.

Paths follow what the services report: a mutation's are relative to its ``input`` argument
(and an archive's content relative to the archive, as ``validate_archive`` reports it), a
query's start at the argument name (``filter.namePrefix``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import dateutil.parser
import strawberry
from strawberry.extensions import FieldExtension
from strawberry.types.base import StrawberryList, StrawberryOptional
from strawberry.utils.str_converters import to_camel_case

from backend.errors import BadInput, DomainError, FieldError
from backend.inputs import MAX_DEPTH, MAX_ITEMS, date_problem, text_problem
from schema.common import UserError


class Refused:
    """What a scalar's parser returns for a value it cannot accept; the guard reports it."""

    __slots__ = ("code", "message", "message_en")

    def __init__(self, code: str, message: str, message_en: str) -> None:
        self.code, self.message, self.message_en = code, message, message_en

    def __repr__(self) -> str:
        return f"Refused({self.code})"


def _parse_date(value: Any, parse: Callable[[str], dt.date], what: tuple[str, str]) -> dt.date | Refused:
    invalid = Refused("INVALID_DATE", f"{what[0]}格式不正确（ISO 8601）", f"{what[1]} must be an ISO 8601 string")
    if not isinstance(value, str) or len(value) > 40:
        return invalid
    try:
        parsed = parse(value)
    except (ValueError, OverflowError):
        return invalid
    problem = date_problem(parsed)
    return Refused(*problem) if problem else parsed


# The built-in Date and DateTime scalars, with the same names, descriptions and output, whose
# parsers refuse instead of raising (so the refusal becomes a payload error with its path).
DATE_SCALAR = strawberry.scalar(
    name="Date",
    description="Date (isoformat)",
    serialize=lambda d: d.isoformat(),
    parse_value=lambda v: _parse_date(v, dt.date.fromisoformat, ("日期", "a date")),
)
DATETIME_SCALAR = strawberry.scalar(
    name="DateTime",
    description="Date with time (isoformat)",
    serialize=lambda d: d.isoformat(),
    parse_value=lambda v: _parse_date(v, dateutil.parser.isoparse, ("时间", "a date-time")),
)
SCALARS = {dt.date: DATE_SCALAR, dt.datetime: DATETIME_SCALAR}

# Input objects whose field is reported without its own name: an archive's content is
# validated (and its errors named) relative to the archive.
TRANSPARENT = {("CreateArchiveInput", "archive"), ("UpdateArchiveInput", "archive")}
# Input fields that carry a document, not a value a person types: their own length limit.
LONG_TEXT = {("UploadProcessInput", "bpmnXml"): 500_000}


def format_path(parts: Iterable[str | int]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def problems(arguments: dict[str, Any], *, relative_to: str | None = None) -> list[FieldError]:
    """Every refused value in the (converted) arguments, with its path."""
    found: list[FieldError] = []

    def walk(value: Any, path: tuple[str | int, ...], depth: int, limit: int | None = None) -> None:
        if value is None or isinstance(value, (bool, int, float, Enum)):
            return
        where = format_path(path) or None
        if isinstance(value, Refused):
            found.append(FieldError(where, value.code, value.message, value.message_en))
        elif isinstance(value, str):
            if problem := (text_problem(value, max_length=limit) if limit else text_problem(value)):
                found.append(FieldError(where, *problem))
        elif isinstance(value, (list, dict)):
            if len(value) > MAX_ITEMS:
                found.append(FieldError(where, "TOO_MANY_ITEMS", f"条目过多（最多{MAX_ITEMS}项）", f"at most {MAX_ITEMS} items"))
            elif depth > MAX_DEPTH:
                found.append(FieldError(where, "TOO_DEEP", "嵌套层级过深", f"nested more than {MAX_DEPTH} levels"))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, (*path, i), depth + 1)
            else:
                for key, item in value.items():
                    walk(key, path, depth + 1)
                    walk(item, (*path, str(key)), depth + 1)
        elif definition := getattr(value, "__strawberry_definition__", None):
            for f in definition.fields:
                name = f.graphql_name or to_camel_case(f.python_name)
                inner = path if (definition.name, name) in TRANSPARENT else (*path, name)
                walk(getattr(value, f.python_name, None), inner, depth, LONG_TEXT.get((definition.name, name)))
        # anything else (an Upload, UNSET) carries no text

    for name, value in arguments.items():
        graphql_name = to_camel_case(name)
        walk(value, () if graphql_name == relative_to else (graphql_name,), 0)
    return found


def _payload_factory(return_type: Any) -> Callable[[list[FieldError]], Any]:
    """How a mutation answers with errors: its payload with its domain's error list (a
    ``[<Domain>Error!]!`` field, e.g. ``[ArchiveError!]!``) filled."""
    if isinstance(return_type, StrawberryOptional):  # mutation fields are nullable (refused: null)
        return_type = return_type.of_type
    definition = return_type.__strawberry_definition__
    error_fields = [
        f.python_name
        for f in definition.fields
        if isinstance(f.type, StrawberryList)
        and isinstance(f.type.of_type, type)
        and issubclass(f.type.of_type, UserError)
        and f.base_resolver is None
    ]
    if not error_fields:
        raise TypeError(f"mutation payload {definition.name} has no [<Domain>Error!]! field for input errors")
    error_type = next(f.type.of_type for f in definition.fields if f.python_name == error_fields[0])
    # Fields without a default (e.g. ImportReport.batchId) are null in a refusal.
    without_default = [
        f.python_name
        for f in definition.fields
        if f.base_resolver is None and f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]

    def build(errors: list[FieldError]) -> Any:
        kwargs: dict[str, Any] = dict.fromkeys(without_default)
        kwargs[error_fields[0]] = error_type.of(errors)
        return return_type(**kwargs)

    return build


class InputGuard(FieldExtension):
    """Refuses hostile arguments before the resolver (see the module docstring)."""

    def __init__(self, payload: Callable[[list[FieldError]], Any] | None) -> None:
        super().__init__()
        self.payload = payload  # None: a query field

    def _refused(self, kwargs: dict[str, Any]) -> Any:
        found = problems(kwargs, relative_to="input" if self.payload is not None else None)
        if not found:
            return None
        if self.payload is not None:
            return self.payload(found)
        raise _bad_input(found[0])

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        if (refused := self._refused(kwargs)) is not None:
            return refused
        try:
            return next_(source, info, **kwargs)
        except DomainError as exc:
            if self.payload is not None:
                raise
            raise _bad_input(exc.errors[0]) from None

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        if (refused := self._refused(kwargs)) is not None:
            return refused
        try:
            return await next_(source, info, **kwargs)
        except DomainError as exc:
            if self.payload is not None:
                raise
            raise _bad_input(exc.errors[0]) from None


def _bad_input(error: FieldError) -> BadInput:
    return BadInput(error.field or "", error.message_en, reason=error.code, message_zh=error.message)


def attach_input_guard(query: type, mutation: type) -> None:
    """Put an ``InputGuard`` on every root field that takes arguments (idempotent); it runs
    after the permission check (innermost)."""
    for root, is_mutation in ((query, False), (mutation, True)):
        for field in root.__strawberry_definition__.fields:
            if not field.arguments or any(isinstance(e, InputGuard) for e in field.extensions):
                continue
            payload = _payload_factory(field.type) if is_mutation else None
            field.extensions.insert(0, InputGuard(payload))
