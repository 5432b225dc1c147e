"""Error codes the auth domain answers with: reveals of protected fields.

The schema publishes them, with the codes every domain shares (``backend.errors.COMMON_CODES``),
as the ``AuthErrorCode`` enum; tests/platform/test_error_codes.py fails when a code is raised here
that is not listed.
"""

from __future__ import annotations

ERROR_CODES = frozenset(
    {
        "NOT_REVEALABLE",
    }
)
