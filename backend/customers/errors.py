"""Error codes the customers domain answers with: archives, their lifecycle, transfers and extra-field definitions.

The schema publishes them, with the codes every domain shares (``backend.errors.COMMON_CODES``),
as the ``ArchiveErrorCode`` enum; tests/platform/test_error_codes.py fails when a code is raised here
that is not listed.
"""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "AGE_OUT_OF_RANGE",
        "AMOUNT_TOO_LARGE",
        "ARCHIVE_CLOSED",
        "CONSENT_REQUIRED",
        "DUPLICATE_ARCHIVE",
        "EDITED_BY_REVIEWER",
        "EXPIRY_CONFLICT",
        "HAS_VIOLATIONS",
        "ID_EXPIRED",
        "ID_TAKEN",
        "INVALID_AREA",
        "INVALID_BOOLEAN",
        "INVALID_BOUND",
        "INVALID_CHOICE",
        "INVALID_CHOICES",
        "INVALID_FORMAT",
        "INVALID_MANAGER",
        "INVALID_MOBILE",
        "INVALID_MONEY",
        "INVALID_NAME",
        "INVALID_NUMBER",
        "INVALID_PATTERN",
        "INVALID_PHONE",
        "INVALID_TRANSITION",
        "IN_FUTURE",
        "KIND_IN_USE",
        "MULTIPLE_SPOUSES",
        "NEGATIVE_AMOUNT",
        "NOT_A_REVIEWER",
        "NOT_OVERRIDABLE",
        "OPEN_VIOLATIONS",
        "OTHER_BANK",
        "OUT_OF_RANGE",
        "OVERDUE_EXCEEDS_AMOUNT",
        "PATTERN_MISMATCH",
        "REASON_REQUIRED",
        "REQUIRED",
        "SAME_AS_CUSTOMER",
        "SELF_VERIFICATION",
        "TOO_MANY",
        "TOO_SHORT",
        "UNDER_REVIEW",
        "UNKNOWN_ETHNICITY",
        "UNKNOWN_FIELD",
        "UNKNOWN_REGION",
        "UNKNOWN_TOWNSHIP",
        "UNKNOWN_VILLAGE",
        "VERSION_CONFLICT",
    }
)

# ArchivePayload.warnings: the save went through, but another archive of the bank looks alike.
WARNING_CODES = frozenset({"SAME_MOBILE", "SAME_NAME_AND_BIRTH_DATE"})
