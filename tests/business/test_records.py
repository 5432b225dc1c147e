"""The vectorized half of the import: rows typed for their table; ID numbers checked over columns."""

from datetime import date

import polars as pl

from backend.business import records
from backend.business.models import Subject


def test_snapshot_rows_are_typed_for_their_table():
    matched = pl.DataFrame(
        {
            "signup_no": ["S3", "S1", "S2", "S5", "S4"],
            "id_number": ["x"] * 5,
            "ecif_no": [None, "E1", None, None, None],
            "service": ["POS"] * 5,
            "signed_on": ["20200101"] * 5,
            "last_active_on": ["", "20261130", "", "", ""],
            "tx_count_30d": ["1", "12", "0", "3", "4"],
            "tx_amount_30d": ["1.5", "2", "0.05", "10.10", "3"],
            "bidx": [bytes([i]) * 2 for i in range(5)],
            "customer_id": [None] * 5,
        },
        schema_overrides={"bidx": pl.Binary, "customer_id": pl.Binary, "ecif_no": pl.String},
    )
    rows = records.snapshot_rows(matched, Subject.SERVICE, 7, date(2026, 11, 30))
    rows = rows.sort("signup_no")
    # Amounts in fen, integers as integers, dates as dates, an empty field as null, the blind
    # index as it was computed, the bank and the business date on every row.
    assert rows["tx_amount_30d"].to_list() == [200, 5, 150, 300, 1010]
    assert rows["tx_count_30d"].to_list() == [12, 0, 1, 4, 3]
    assert rows["last_active_on"].to_list() == [date(2026, 11, 30), None, None, None, None]
    assert rows["signed_on"].dtype == pl.Date and rows["id_bidx"].to_list()[0] == b"\x01\x01"
    assert set(rows["bank_id"]) == {7} and set(rows["business_date"]) == {date(2026, 11, 30)}


def test_id_numbers_are_checked_by_their_gb11643_check_character_over_the_column():
    import random

    from stdnum.cn import ric

    rng = random.Random(5)
    prefixes = [f"{rng.randrange(10**16, 10**17)}" for _ in range(300)]
    right = [p + ric.calc_check_digit(p + "?") for p in prefixes]
    wrong = [p + rng.choice([c for c in "0123456789X" if c != ric.calc_check_digit(p + "?")]) for p in prefixes]
    malformed = ["", right[0][:-1], right[0] + "1", right[0][:-1].replace(right[0][3], "A") + right[0][-1], right[1].lower() + " "]
    numbers = right + wrong + malformed + [n.replace("X", "x") for n in right if n.endswith("X")]
    checked = records.valid_ids(pl.Series("id_number", numbers)).to_list()
    assert checked == [n in right for n in numbers]
    assert any(n.endswith("X") for n in right)  # the check character X is among those accepted


def test_a_blind_index_matches_its_archive_by_all_of_its_bytes_and_each_person_is_indexed_once():
    """The join keys on the index's first 16 bytes; an index sharing them with an archive's but
    not the rest finds nothing. Each person's index is computed once per delivery."""
    import asyncio

    archive_a, archive_b = b"\x0a" * 16, b"\x0b" * 16
    index = {"11010519491231002X": b"\x01" * 32, "110105194912310037": b"\x02" * 16 + b"\x00" * 16}
    archives = pl.DataFrame(
        {"bidx": [b"\x01" * 32, b"\x02" * 16 + b"\xff" * 16], "ecif_no": [None, "E-1"], "customer_id": [archive_a, archive_b]},
        schema={"bidx": pl.Binary, "ecif_no": pl.String, "customer_id": pl.Binary},
    )
    asked: list[str] = []

    async def keys() -> pl.DataFrame:
        return archives

    def blind(ids: list[str]) -> list[bytes]:
        asked.extend(ids)
        return [index[i] for i in ids]

    matcher = records.Matcher(keys, blind)
    first, second = "11010519491231002X", "110105194912310037"
    rows = pl.DataFrame({"account_no": ["D1", "D2", "D3", "D4"], "ecif_no": ["", "", "", "E-1"], "id_number": [first, second, first, second]})
    matched = asyncio.run(matcher.match(rows))
    assert matched["customer_id"].to_list() == [archive_a, None, archive_a, archive_b]  # D4 by its ECIF number
    assert matched["bidx"].to_list() == [index[i] for i in rows["id_number"]]
    asyncio.run(matcher.match(rows.head(2)))
    assert sorted(asked) == sorted(index)  # once per person, for the whole delivery
