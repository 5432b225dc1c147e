"""Errors a client can act on. Services raise them; resolvers turn them into payload errors."""

from __future__ import annotations

from dataclasses import dataclass


# Codes any mutation can answer with: the input guard (schema/inputs.py), the shared identifier
# and text checks (backend/identifiers.py, backend/inputs.py), ``not_found`` and ``INVALID`` (a
# constraint without a code of its own). Each domain lists its own in ``backend/<domain>/errors.py``.
COMMON_CODES = frozenset(
    {
        "CONTROL_CHARACTER",
        "DATE_OUT_OF_RANGE",
        "ID_INVALID_BIRTH_DATE",
        "ID_INVALID_CHECKSUM",
        "ID_INVALID_FORMAT",
        "ID_INVALID_LENGTH",
        "ID_UNKNOWN_REGION",
        "INVALID",
        "INVALID_CREDIT_CODE",
        "INVALID_DATE",
        "INVALID_ID",
        "NON_ASCII_CHARACTERS",
        "NOT_FOUND",
        "TOO_DEEP",
        "TOO_LONG",
        "TOO_MANY_ITEMS",
    }
)


@dataclass(frozen=True)
class FieldError:
    field: str | None  # input path, e.g. "phone" or "familyMembers[2].idNumber"
    code: str  # stable, English, SCREAMING_SNAKE
    message: str  # Chinese, for the UI
    message_en: str


class CodedError(ValueError):
    """A value that fails a check, with what a ``FieldError`` says of it (whoever catches it knows
    the field)."""

    def __init__(self, code: str, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.code = code
        self.message = message
        self.message_en = message_en


class DomainError(Exception):
    """One or more expected, user-correctable errors; nothing the service did is kept."""

    def __init__(self, *errors: FieldError) -> None:
        super().__init__("; ".join(f"{e.field}: {e.code}" for e in errors))
        self.errors = list(errors)


def field_error(field: str | None, code: str, message: str, message_en: str) -> DomainError:
    return DomainError(FieldError(field, code, message, message_en))


def not_found(what: str, field: str | None = "id") -> DomainError:
    return field_error(field, "NOT_FOUND", f"{what}不存在或无权访问", f"{what} not found")


class PermissionDenied(Exception):
    """The caller may not do this at all: a top-level GraphQL error with code FORBIDDEN (and,
    when it is about one argument, its ``field`` and a Chinese ``messageZh``)."""

    def __init__(self, message: str = "permission denied", *, field: str | None = None, message_zh: str | None = None) -> None:
        super().__init__(message)
        # graphql-core copies ``extensions`` onto the GraphQLError.
        self.extensions: dict[str, str] = {"code": "FORBIDDEN"}
        if field is not None:
            self.extensions["field"] = field
        if message_zh is not None:
            self.extensions["messageZh"] = message_zh


class Unauthenticated(Exception):
    """No valid bearer token: a top-level GraphQL error with code UNAUTHENTICATED."""

    extensions = {"code": "UNAUTHENTICATED"}


class BadInput(Exception):
    """A query argument that cannot be used: a top-level error with code BAD_USER_INPUT."""

    def __init__(self, field: str, message: str, *, reason: str | None = None, message_zh: str | None = None) -> None:
        super().__init__(f"{field}: {message}")
        self.extensions: dict[str, str] = {"code": "BAD_USER_INPUT", "field": field}
        if reason is not None:  # the stable code of what is wrong, e.g. CONTROL_CHARACTER
            self.extensions["reason"] = reason
        if message_zh is not None:
            self.extensions["messageZh"] = message_zh
