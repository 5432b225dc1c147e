"""Error codes the orgs domain answers with: org units and staff users.
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "CANNOT_CHANGE_SELF", "DUPLICATE", "INVALID_FORMAT", "INVALID_LENGTH", "INVALID_MOBILE",
        "INVALID_PARENT", "INVALID_STATUS_CHANGE", "NOT_LOCKED", "OUT_OF_SCOPE", "ROLES_REQUIRED",
        "ROLE_NOT_ALLOWED_AT_LEVEL", "STALE_REQUEST", "UNIT_CLOSED", "WEAK_PASSWORD"
    }
)
