"""Error codes the rules domain answers with: rule sets, rules and their publication.
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "BASELINE_CODE", "DUPLICATE", "EXPRESSION_INVALID", "EXPRESSION_NOT_BOOLEAN", "EXPRESSION_SYNTAX",
        "INVALID_CONDITION", "INVALID_EXPRESSION", "INVALID_FORMAT", "INVALID_IMAGE_KINDS", "INVALID_OPERATOR",
        "INVALID_PARAMS", "INVALID_PATTERN", "NOT_A_DRAFT", "OUT_OF_RANGE", "PRESENCE_ONLY",
        "PUBLISHED_IS_IMMUTABLE", "PUBLISH_PENDING", "REQUIRED", "SLOW_PATTERN", "UNKNOWN_BASELINE_RULE",
        "UNKNOWN_FIELD", "WEAKENS_BASELINE", "WRONG_TYPE"
    }
)

# What a condition (``backend.rules.compiler.condition_sql``) is refused with, in a rule or in
# another domain's condition (a segment model).
CONDITION_CODES = frozenset({"INVALID_CONDITION", "INVALID_OPERATOR", "PRESENCE_ONLY", "REQUIRED", "UNKNOWN_FIELD", "WRONG_TYPE"})
