"""Error codes the dual control domain answers with: pending changes under dual control.

The schema publishes them, with the codes every domain shares (``backend.errors.COMMON_CODES``),
as the ``PendingChangeErrorCode`` enum; tests/platform/test_error_codes.py fails when a code is raised here
that is not listed.
"""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "ALREADY_DECIDED",
        "NOT_REQUESTER",
        "PENDING_CHANGE_EXISTS",
        "REASON_REQUIRED",
        "SAME_PERSON",
    }
)
