"""Schema-wide extensions: the transaction boundary, the field policy, error masking."""

from __future__ import annotations

import inspect
from collections.abc import AsyncIterator, Callable
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import MaskErrors, SchemaExtension

from backend.auth.masking import MASKERS
from backend.auth.policies import Visibility, policy_for
from backend.errors import BadInput, PermissionDenied, Unauthenticated
from backend.logging import log


class TransactionExtension(SchemaExtension):
    """Commits the request's primary session once, after execution, if nothing failed."""

    async def on_execute(self) -> AsyncIterator[None]:
        yield
        ctx = self.execution_context.context
        session = getattr(ctx, "_write_session", None)
        if session is None:
            return
        result = self.execution_context.result
        failed = bool(getattr(result, "errors", None))
        try:
            if failed:
                await session.rollback()
                session.info.pop("after_commit", None)
            else:
                await session.commit()
                for hook in session.info.pop("after_commit", []):
                    try:
                        await hook()
                    except Exception:  # the outbox relay sends what a hook could not
                        log.warning("after_commit_hook_failed", exc_info=True)
        finally:
            await session.close()


class FieldPolicyExtension(SchemaExtension):
    """Applies ``backend.auth.policies.FIELD_POLICIES`` to every resolved field."""

    def resolve(self, _next: Callable, root: Any, info: Any, *args: Any, **kwargs: Any) -> Any:
        policy = policy_for(info.parent_type.name, info.field_name)
        if policy is None:
            return _next(root, info, *args, **kwargs)
        principal = info.context.principal
        visibility = policy.visibility(principal, root) if principal is not None else Visibility.HIDDEN
        if visibility == Visibility.HIDDEN:
            return None
        value = _next(root, info, *args, **kwargs)
        if visibility == Visibility.FULL:
            return value
        mask = MASKERS[policy.mask]
        if inspect.isawaitable(value):

            async def masked() -> Any:
                resolved = await value
                return None if resolved is None else mask(resolved)

            return masked()
        return None if value is None else mask(value)


CLIENT_SAFE = (BadInput, PermissionDenied, Unauthenticated)


def _should_mask(error: GraphQLError) -> bool:
    original = error.original_error
    if original is None:  # syntax / validation errors speak about the query, not the server
        return False
    if isinstance(original, CLIENT_SAFE) or type(original).__name__ == "PermissionError":
        return False
    return not (error.extensions and error.extensions.get("code"))


class MaskUnexpectedErrors(MaskErrors):
    """Unexpected errors become "internal error" with the request id; the original is logged."""

    def __init__(self) -> None:
        super().__init__(should_mask_error=_should_mask)

    def _process_errors(self, errors: list[GraphQLError]) -> list[GraphQLError]:
        for error in errors:
            if error.original_error is None and not (error.extensions or {}).get("code"):
                # Syntax, validation and limit errors (depth, aliases, tokens).
                error.extensions = {**(error.extensions or {}), "code": "GRAPHQL_VALIDATION_FAILED"}
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
