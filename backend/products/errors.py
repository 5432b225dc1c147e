"""Error codes of the product catalog (``backend.products.service``); tests/platform/test_error_codes.py
keeps the list equal to the codes raised."""

ERROR_CODES: frozenset[str] = frozenset(
    {
        "INVALID_CODE",
        "INVALID_MONEY",
        "AMOUNT_RANGE",
        "TERMS_REQUIRED",
        "RATE_RANGE",
        "REPAYMENT_REQUIRED",
        "CHANNEL_REQUIRED",
        "AGE_RANGE",
        "INVALID_REGION",
        "UNKNOWN_GRADE",
        "PROCESS_BANDS",
        "UNKNOWN_PROCESS",
        "VALIDITY",
        "SAMPLE_RATE",
        "NOT_ADMINISTERED",
    }
)
