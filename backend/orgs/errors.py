"""Error codes the orgs domain answers with: org units and staff users.

The schema publishes them, with the codes every domain shares (``backend.errors.COMMON_CODES``),
as the ``OrgErrorCode`` enum; tests/platform/test_error_codes.py fails when a code is raised here
that is not listed.
"""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "CANNOT_CHANGE_SELF",
        "DUPLICATE",
        "INVALID_FORMAT",
        "INVALID_LENGTH",
        "INVALID_MOBILE",
        "INVALID_PARENT",
        "INVALID_STATUS_CHANGE",
        "ROLES_REQUIRED",
        "ROLE_NOT_ALLOWED_AT_LEVEL",
        "STALE_REQUEST",
        "WEAK_PASSWORD",
    }
)
