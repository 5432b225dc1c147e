"""Error codes the rating domain answers with: the card model's rules (``backend.rating.card``)
and the card administration's (``backend.rating.service``). tests/platform/test_error_codes.py
keeps the list equal to the codes raised."""

ERROR_CODES: frozenset[str] = frozenset(
    {
        # the card model
        "MISSING_BIN",
        "RANGES_EXPECTED",
        "RANGES_GAP_OR_OVERLAP",
        "RANGES_NOT_OPEN",
        "CATEGORIES_OVERLAP",
        "DUPLICATE_ITEM_CODE",
        "SCORE_ABOVE_MAX",
        "GRADES_NOT_DESCENDING",
        "DUPLICATE_GRADE",
        "INELIGIBLE_GRADE_RESERVED",
        "UNKNOWN_VETO",
        "UNKNOWN_VARIABLE",
        "KIND_MISMATCH",
        # a card of a scope
        "EXTRA_FIELD_IN_PROVINCE_CARD",
        "UNKNOWN_EXTRA_FIELD",
        "EXTRA_KIND_MISMATCH",
        # drafts, dry runs, publication
        "PUBLISHED_IS_IMMUTABLE",
        "PUBLISH_PENDING",
        "NOT_A_DRAFT",
        "OUT_OF_RANGE",
    }
)
