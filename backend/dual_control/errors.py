"""Error codes the dual control domain answers with: pending changes under dual control.
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "ALREADY_DECIDED", "NOT_REQUESTER", "PENDING_CHANGE_EXISTS", "REASON_REQUIRED", "SAME_PERSON"
    }
)
