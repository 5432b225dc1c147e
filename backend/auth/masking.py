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


MASKERS = {
    "id_number": mask_id_number,
    "phone": mask_phone,
    "name": mask_name,
    "amount": mask_amount,
    "text": mask_text,
}
