"""Schema-wide extensions: the field policy and error masking (transactions: ``resolvers.common``)."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from inspect import isawaitable
from typing import Any

from graphql import GraphQLError, GraphQLSchema, default_field_resolver
from strawberry.extensions import MaskErrors

from backend.auth.masking import MASKERS
from backend.auth.policies import FIELD_POLICIES, FieldPolicy, Visibility
from backend.errors import BadInput, PermissionDenied, Unauthenticated
from backend.logging import log


def apply_field_policies(schema: GraphQLSchema) -> None:
    """Wrap the resolver of every field the policy table (``backend.auth.policies.FIELD_POLICIES``)
    names, in the built schema, with ``policed_resolver`` (idempotent).

    The table stays the one declaration; resolvers never mask. The wrapper sits directly on the
    graphql-core field rather than being a Strawberry ``FieldExtension``: an extension sends its
    field through Strawberry's general path (arguments converted, an ``Info`` built, the chain
    reduced) for every row, which cost a 20-row search page about a tenth of its time
    (bench/graphql_vs_postgraphile.py); the fields no policy covers keep their fast path either way.
    """
    for key, policy in FIELD_POLICIES.items():
        type_name, field_name = key.split(".")
        owner = schema.get_type(type_name)
        field = owner.fields[field_name]  # type: ignore[union-attr]
        if not getattr(field.resolve, "_policy", None):
            field.resolve = policed_resolver(field.resolve or default_field_resolver, policy)


def policed_resolver(resolve: Callable[..., Any], policy: FieldPolicy) -> Callable[..., Any]:
    """``resolve`` under ``policy``: HIDDEN answers null without resolving, MASKED and REVEAL the
    masked value, FULL the value (by the caller's roles, or ``is_owner`` of the parent object)."""
    mask = MASKERS[policy.mask]

    async def masked_later(value: Awaitable[Any]) -> Any:
        resolved = await value
        return None if resolved is None else mask(resolved)

    def policed(source: Any, info: Any, **kwargs: Any) -> Any:
        principal = info.context.principal
        visibility = policy.visibility(principal, source) if principal is not None else Visibility.HIDDEN
        if visibility == Visibility.HIDDEN:
            return None
        value = resolve(source, info, **kwargs)
        if visibility == Visibility.FULL or value is None:
            return value
        if isawaitable(value):
            return masked_later(value)
        return mask(value)

    policed._policy = policy  # type: ignore[attr-defined]
    policed._inner = resolve  # type: ignore[attr-defined]  (schema.execution's plain leaves)
    return policed


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
