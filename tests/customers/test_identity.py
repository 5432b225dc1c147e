"""Resident ID parsing edge cases (the PAD app checks ID numbers with the same rules)."""

from __future__ import annotations

import pytest
from stdnum.cn import ric

from backend.customers.identity import IdentifierError, parse_resident_id


def _with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


@pytest.mark.parametrize(
    ("first17", "code"),
    [
        ("35999919900101001", "ID_UNKNOWN_REGION"),  # province 35 exists, county 9999 does not
        ("99010219900101001", "ID_UNKNOWN_REGION"),  # no province 99
        ("11011119800101001", "ID_UNKNOWN_REGION"),  # 房山区 110111 only from 1986
        ("35010219900230001", "ID_INVALID_BIRTH_DATE"),
    ],
)
def test_unknown_regions_and_bad_dates_are_identifier_errors(first17, code):
    with pytest.raises(IdentifierError) as caught:
        parse_resident_id(_with_check_digit(first17))
    assert caught.value.code == code


def test_a_region_code_valid_in_the_birth_year_is_accepted():
    parsed = parse_resident_id(_with_check_digit("11011119870101001"))
    assert (parsed.region_code, parsed.birth_date.year, parsed.gender) == ("110111", 1987, "MALE")
