"""Error codes the business domain answers with: warehouse feed files refused as a whole.
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "BANK_MISMATCH", "CHECKSUM_MISMATCH", "DATE_MISMATCH", "DATE_SUPERSEDED", "ENCODING_UNSUPPORTED",
        "HEADER_INVALID", "HEADER_MISSING", "SUBJECT_MISMATCH", "SUBJECT_UNKNOWN", "TRAILER_COUNT_MISMATCH",
        "TRAILER_MISSING", "VERSION_UNSUPPORTED"
    }
)
