"""Error codes of drawdowns (``backend.loans.service``); tests/platform/test_error_codes.py keeps
the list equal to the codes raised."""

ERROR_CODES: frozenset[str] = frozenset(
    {
        "QUOTA_NOT_ACTIVE",
        "QUOTA_EXPIRED",
        "DRAWDOWN_AMOUNT_INVALID",
        "AMOUNT_ABOVE_AVAILABLE",
        "DRAWDOWN_TERM_INVALID",
        "ACCOUNT_INVALID",
        "REQUEST_ID_TAKEN",
    }
)
