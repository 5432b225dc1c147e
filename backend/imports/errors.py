"""Error codes the imports domain answers with: bulk imports: the file as a whole and each row (rows also fail with ArchiveErrorCode codes).
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "ALREADY_EXISTS", "DUPLICATE_COLUMN", "DUPLICATE_IN_FILE", "EMPTY_FILE", "FILE_TOO_LARGE",
        "ID_STORED_AS_NUMBER", "INVALID_CHOICE", "INVALID_FILE", "INVALID_MANAGER", "INVALID_NUMBER",
        "MISSING_COLUMNS", "REQUIRED", "TOO_MANY_ROWS", "UNKNOWN_MANAGER", "UNKNOWN_TOWNSHIP", "UNKNOWN_VILLAGE"
    }
)
