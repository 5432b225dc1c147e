"""Error codes the auth domain answers with: reveals of protected fields.
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "NOT_REVEALABLE"
    }
)
