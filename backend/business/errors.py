"""Error codes the business domain answers with: warehouse feed files refused as a whole.

(Rows refused inside a file are not errors of a request: they are quarantined with the codes
of ``backend.business.feed.REJECT_MESSAGES``.) The schema publishes these, with the codes every
domain shares, as ``WarehouseErrorCode``; tests/platform/test_error_codes.py keeps the list and
the code equal.
"""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "BANK_MISMATCH",
        "CHECKSUM_MISMATCH",
        "DATE_MISMATCH",
        "DATE_SUPERSEDED",
        "ENCODING_UNSUPPORTED",
        "HEADER_INVALID",
        "HEADER_MISSING",
        "SUBJECT_MISMATCH",
        "SUBJECT_UNKNOWN",
        "TRAILER_COUNT_MISMATCH",
        "TRAILER_MISSING",
        "VERSION_UNSUPPORTED",
    }
)
