"""Schema-wide extensions: the field policy and error masking (transactions: ``resolvers.common``)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from graphql import GraphQLError
from strawberry.utils.str_converters import to_camel_case
from strawberry.extensions import FieldExtension, MaskErrors

from backend.auth.masking import MASKERS
from backend.auth.policies import FIELD_POLICIES, FieldPolicy, Visibility
from backend.errors import BadInput, PermissionDenied, Unauthenticated
from backend.logging import log


class FieldPolicyExtension(FieldExtension):
    """Applies ``backend.auth.policies.FIELD_POLICIES`` to one field.

    ``attach_field_policies`` puts it on exactly the fields the table names when the schema is
    built: the table stays the one declaration, and the thousands of fields a list resolves that
    no policy covers keep Strawberry's fast path (a schema-wide ``resolve`` hook would wrap them
    all; measured at ~2 ms of a 20-row search).
    """

    def __init__(self, policy: FieldPolicy) -> None:
        super().__init__()
        self.policy = policy

    def _visibility(self, source: Any, info: Any) -> Visibility:
        principal = info.context.principal
        return self.policy.visibility(principal, source) if principal is not None else Visibility.HIDDEN

    def resolve(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        visibility = self._visibility(source, info)
        if visibility == Visibility.HIDDEN:
            return None
        value = next_(source, info, **kwargs)
        if visibility == Visibility.FULL or value is None:
            return value
        return MASKERS[self.policy.mask](value)

    async def resolve_async(self, next_: Callable[..., Any], source: Any, info: Any, **kwargs: Any) -> Any:
        visibility = self._visibility(source, info)
        if visibility == Visibility.HIDDEN:
            return None
        value = await next_(source, info, **kwargs)
        if visibility == Visibility.FULL or value is None:
            return value
        return MASKERS[self.policy.mask](value)


def attach_field_policies(types: Iterable[type]) -> None:
    """Put a ``FieldPolicyExtension`` on every field named in the policy table (idempotent)."""
    by_name = {t.__strawberry_definition__.name: t for t in types if hasattr(t, "__strawberry_definition__")}
    for key, policy in FIELD_POLICIES.items():
        type_name, field_name = key.split(".")
        definition = by_name[type_name].__strawberry_definition__
        field = next(f for f in definition.fields if f.name == field_name or f.python_name == field_name or _camel(f.python_name) == field_name)
        if not any(isinstance(e, FieldPolicyExtension) for e in field.extensions):
            field.extensions.append(FieldPolicyExtension(policy))


def _camel(name: str) -> str:
    """The SDL name Strawberry gives a Python field name (``deposit_avg_90d`` -> ``depositAvg90d``)."""
    return to_camel_case(name)


CLIENT_SAFE = (BadInput, PermissionDenied, Unauthenticated)


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:  # syntax / validation errors speak about the query, not the server
        return False
    if isinstance(original, GraphQLError) and error.path is None:
        return False  # a variable that does not fit its type (e.g. an unknown enum value)
    if isinstance(original, CLIENT_SAFE) or type(original).__name__ == "PermissionError":
        return False
    return not (error.extensions and error.extensions.get("code"))


SUGGESTION = re.compile(r"\s*Did you mean [^?]*\?")


class MaskUnexpectedErrors(MaskErrors):
    """Unexpected errors become "internal error" with the request id; the original is logged.

    With ``hide_suggestions`` (everywhere but development) validation messages lose graphql-core's
    "Did you mean ...?" hints: with introspection off they would still spell out the schema to
    anyone, even without a login."""

    def __init__(self, *, hide_suggestions: bool = False) -> None:
        super().__init__(should_mask_error=_should_mask)
        self.hide_suggestions = hide_suggestions

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        for error in errors:
            if (error.original_error is None or (isinstance(error.original_error, GraphQLError) and error.path is None)) and not (
                error.extensions or {}
            ).get("code"):
                # Syntax, validation and limit errors (depth, aliases, tokens).
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
            if self.hide_suggestions and "Did you mean" in error.message:
                error.message = SUGGESTION.sub("", error.message)
        return super()._process_errors(errors)

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        request_id = getattr(self.execution_context.context, "request_id", None)
        original = error.original_error
        log.error(
            "graphql_unexpected_error",
            path=error.path,
            error_type=type(original).__name__,
            exc_info=(type(original), original, original.__traceback__) if original else None,
        )
        return GraphQLError(
            message=f"Internal error; quote request id {request_id}",
            nodes=error.nodes,
            source=error.source,
            positions=error.positions,
            path=error.path,
            extensions={"code": "INTERNAL", "requestId": request_id},
        )
