"""Masking functions named by the field policy."""

from __future__ import annotations

from decimal import Decimal


def mask_id_number(value: str) -> str:
    """Resident ID: keep the first 6 (region) and last 4 characters."""
    if len(value) <= 10:
        return "*" * len(value)
    return value[:6] + "*" * (len(value) - 10) + value[-4:]


def mask_phone(value: str) -> str:
    """Mobile: keep the first 3 and last 4 digits."""
    if len(value) <= 7:
        return "*" * len(value)
    return value[:3] + "*" * (len(value) - 7) + value[-4:]


def mask_name(value: str) -> str:
    """Chinese names keep the surname: 张三丰 -> 张**; Latin names keep the first letter."""
    if not value:
        return value
    return value[0] + "*" * max(1, len(value) - 1)


def mask_amount(value: int | Decimal | str) -> str:
    """Amounts are shown as an order of magnitude band only, e.g. 123456 -> "1xxxxx"."""
    digits = str(abs(int(Decimal(str(value)))))
    return digits[0] + "x" * (len(digits) - 1)


def mask_text(value: str) -> str:
    return value[:1] + "***" if value else value


def mask_code(value: str) -> str:
    """Document numbers (household register): keep the last 2 characters."""
    return "*" * max(2, len(value) - 2) + value[-2:] if len(value) > 4 else "*" * len(value)


def withhold(value: object) -> None:
    """A value derived from a protected one that its mask does not show (a birth date: the 6+4
    ID mask hides exactly the birth date), so its masked form is nothing at all."""
    return None


def as_shown_by_mask(value: object) -> object:
    """A value derived from a protected one that its mask already shows (gender: the 17th digit
    of the ID number is inside the 6+4 mask's last four)."""
    return value


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "name": mask_name,
    "amount": mask_amount,
    "text": mask_text,
    "code": mask_code,
    "withhold": withhold,
    "as_shown_by_mask": as_shown_by_mask,
}
