"""Error codes the imports domain answers with: bulk imports: the file as a whole and each row (rows also fail with ArchiveErrorCode codes).

The schema publishes them, with the codes every domain shares (``backend.errors.COMMON_CODES``),
as the ``ImportErrorCode`` enum; tests/platform/test_error_codes.py fails when a code is raised here
that is not listed.
"""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "ALREADY_EXISTS",
        "DUPLICATE_COLUMN",
        "DUPLICATE_IN_FILE",
        "EMPTY_FILE",
        "FILE_TOO_LARGE",
        "ID_STORED_AS_NUMBER",
        "INVALID_CHOICE",
        "INVALID_FILE",
        "INVALID_MANAGER",
        "INVALID_NUMBER",
        "MISSING_COLUMNS",
        "REQUIRED",
        "TOO_MANY_ROWS",
        "UNKNOWN_MANAGER",
        "UNKNOWN_TOWNSHIP",
        "UNKNOWN_VILLAGE",
    }
)
