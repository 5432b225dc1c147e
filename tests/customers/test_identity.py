"""Resident ID parsing edge cases (the PAD app checks ID numbers with the same rules)."""

from __future__ import annotations

import pytest
from stdnum.cn import ric

from backend.identifiers import IdentifierError, parse_resident_id


def _with_check_digit(first17: str) -> str:
    return first17 + ric.calc_check_digit(first17 + "0")


@pytest.mark.parametrize(
    ("first17", "code"),
    [
        ("35999919900101001", "ID_UNKNOWN_REGION"),  # province 35 exists, county 9999 does not
        ("99010219900101001", "ID_UNKNOWN_REGION"),  # no province 99
        ("11010320110101001", "ID_UNKNOWN_REGION"),  # 崇文区 110103 abolished in 2010, before the birth
        ("35012019900101001", "ID_UNKNOWN_REGION"),  # 福州市区 350120 ended in 1983
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


@pytest.mark.parametrize(
    ("number", "region", "born"),
    [
        # 鼓楼区 350102 exists from 1983: the office that issued the number registered someone born in 1965.
        ("350102196503051148", "350102", 1965),
        (_with_check_digit("11011119800101001"), "110111", 1980),  # 房山区, from 1986
        (_with_check_digit("35012019800101001"), "350120", 1980),  # 福州市区, until 1983
        (_with_check_digit("11010320100101001"), "110103", 2010),  # 崇文区, until (and in) 2010
    ],
)
def test_a_region_code_created_after_the_birth_is_genuine_unless_abolished_before_it(number, region, born):
    parsed = parse_resident_id(number)
    assert (parsed.number, parsed.region_code, parsed.birth_date.year) == (number, region, born)


def test_full_width_digits_are_canonicalised_and_other_digits_refused():
    assert parse_resident_id("３５０１０２１９６５０３０５１１４８").number == "350102196503051148"
    assert parse_resident_id("35010219650305114８").number == "350102196503051148"
    for foreign in ("٣٥٠١٠٢١٩٦٥٠٣٠٥١١٤٨", "35010219650305114٨"):
        with pytest.raises(IdentifierError) as caught:
            parse_resident_id(foreign)
        assert caught.value.code == "NON_ASCII_CHARACTERS"
