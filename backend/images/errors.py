"""Error codes the images domain answers with: archive images: upload, deletion and verification.
The schema's error-code enum lists them; tests/platform/test_error_codes.py keeps them equal to the codes raised."""

ERROR_CODES = frozenset(
    {
        "ACCURACY_OUT_OF_RANGE", "ALREADY_DELETED", "ARCHIVE_CLOSED", "CLIENT_UPLOAD_ID_REUSED",
        "DECOMPRESSION_BOMB", "EMPTY_FILE", "LATITUDE_OUT_OF_RANGE", "LOCATION_INCOMPLETE", "LOGO_TOO_SMALL",
        "LONGITUDE_OUT_OF_RANGE", "NOT_AN_IMAGE", "REASON_REQUIRED", "STORAGE_UNAVAILABLE",
        "TAKEN_AT_IN_FUTURE", "TAKEN_AT_TOO_OLD", "TOO_LARGE", "TOO_MANY_PIXELS", "TRUNCATED",
        "UNSUPPORTED_FORMAT"
    }
)
