"""A query text parsed and validated once, not once per request, and the request's errors masked,
without Strawberry's per-request schema extensions.

Strawberry offers these steps as schema extensions (``ParserCache``, ``ValidationCache``,
``AddValidationRules``, ``MaxTokensLimiter``, ``DisableIntrospection``, ``MaskErrors``). Each is
instantiated per request, and every request runs each extension's hooks as generator context
managers around its parsing, validation, execution and operation: for a search page that was
about a tenth of the request's time (bench/graphql_vs_postgraphile.py, docs/benchmarks.md), spent
to find a cached document and to mask nothing. ``schema.schema.CICSchema`` does the same work in
two places instead:

* **Documents**: when a request's execution context is created, the query text's document comes
  from an LRU cache of documents that parsed within the token limit and passed every validation
  rule (graphql-core's, the depth and alias limits, and no introspection outside development).
  A text that fails is cached as failing: its requests go through Strawberry's own parsing and
  validation with the same limit and rules, which report the failure as they always did.
* **Masking**: the finished result's errors go through ``schema.extensions.MaskUnexpectedErrors``,
  the same rules as before (unexpected errors become "internal error" with the request id, syntax
  and validation errors get their code, suggestions are dropped outside development).

tests/platform/test_graphql_guards.py checks the limits and the masking, and that a text once refused
is refused again, never run from the cache.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from graphql import ASTValidationRule, DocumentNode, GraphQLError, GraphQLSchema, parse, validate

CACHED_DOCUMENTS = 1000


class Documents:
    """The validated document of each query text, for one schema and one set of rules."""

    def __init__(self, schema: GraphQLSchema, rules: Sequence[type[ASTValidationRule]], max_tokens: int) -> None:
        self.schema = schema
        self.rules = tuple(rules)
        self.max_tokens = max_tokens
        self.valid = lru_cache(maxsize=CACHED_DOCUMENTS)(self._valid)

    def _valid(self, query: str) -> DocumentNode | None:
        """The document of ``query`` if it parses within the limit and passes every rule, else
        ``None`` (then the caller's general path parses and validates it again and reports why)."""
        try:
            document = parse(query, max_tokens=self.max_tokens)
        except GraphQLError:
            return None
        return None if validate(self.schema, document, self.rules) else document
