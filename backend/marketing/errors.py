"""Error codes the marketing domain answers with (segment models, reminders, contacts), besides a condition's
(``backend.rules.errors.CONDITION_CODES``). The schema's error-code enum lists both;
tests/platform/test_error_codes.py keeps these equal to the codes raised."""

ERROR_CODES = frozenset(
    {"CONTACT_TIME", "CONTACT_ID_TAKEN", "EXPRESSION_SYNTAX", "EXPRESSION_UNSUPPORTED", "FIELD_NOT_VISIBLE", "INVALID_CONDITION",
     "INVALID_EXPRESSION", "MODEL_RETIRED", "REASON_REQUIRED", "REMINDER_CLOSED", "REQUIRED", "SNOOZE_DATE", "TOO_LONG"}
)
